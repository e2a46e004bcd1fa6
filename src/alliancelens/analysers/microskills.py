"""Therapist micro-skills (MITI 4.2.1 behaviour counts) and client talk (MISC), per utterance.

Two analysers (documented in ``docs/analysers/microskills.md``):

* ``microskills.codes`` codes every therapist utterance (``behaviour`` with its subtype:
  ``question``, ``reflection`` or ``input``; plus rule-based MITI flags ``affirm``,
  ``seeking_collaboration``, ``emphasising_autonomy``, ``confront`` and ``persuade``) and every
  client utterance (``client_talk``), each model label with a calibrated ``confidence``. The
  model is shipped in the package and loaded once, on first use (:mod:`alliancelens.models`).
* ``microskills.summary`` turns the codes into session counts and MITI 4.2.1 summary indices,
  each labelled against the MITI "fair"/"good" thresholds, with a plain-language reading.

Both are *estimates* of human MITI/MISC coding, not the instruments (clinical reference §0.2).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from alliancelens.analysers._mi_like import mi_like
from alliancelens.analysers._pinned import check_digest, params_with_digest
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import Finding, Role, Session
from alliancelens.models import Turn, load_coder, miti_flags, model_digest
from alliancelens.models.miti_thresholds import (
    MITI_PERCENT_COMPLEX_FAIR,
    MITI_PERCENT_COMPLEX_GOOD,
    MITI_REFLECTION_TO_QUESTION_FAIR,
    MITI_REFLECTION_TO_QUESTION_GOOD,
    band,
)

__all__ = [
    "MITI_PERCENT_COMPLEX_FAIR",
    "MITI_PERCENT_COMPLEX_GOOD",
    "MITI_REFLECTION_TO_QUESTION_FAIR",
    "MITI_REFLECTION_TO_QUESTION_GOOD",
    "MicroskillCodes",
    "MicroskillSummary",
]

#: How far each session index can be trusted: Spearman's rho between the index computed from this
#: coder's codes and from the human codes, over AnnoMI transcripts the coder never saw (grouped
#: 5-fold cross-validation, `alliancelens evaluate microskills`, measured 2026-11-22 for the
#: shipped model; docs/models/microskills.md, "Session indices"). Update when the model changes.
SESSION_AGREEMENT = {
    "reflection_to_question": 0.80,
    "percent_complex_reflections": 0.18,
    "percent_open_questions": 0.35,
    "change_talk_share": 0.52,
}
#: Below this rho the clinician reading calls the index a rough indication. Our default, not a
#: published value: under 0.5 a session value says little about how a human coder would score it.
WEAK_AGREEMENT = 0.5
#: Fewest coded utterances in an index's denominator for it to be compared with the MITI bands.
#: Our default, not from MITI (whose thresholds assume about 20 minutes of human-coded talk):
#: below five, one utterance moves the value by 20 points or more (one "reflection" out of one
#: would read as "100% complex — good"), so the value is shown without a band.
MIN_BAND_DENOMINATOR = 5
THRESHOLD_SOURCE = (
    "MITI 4.2.1 (Moyers, Manuel & Ernst 2014/2015) competency thresholds, as reproduced in "
    "PMC9461167 Table 3"
)
CAVEAT = (
    "Automated estimates of MITI 4.2.1 / MISC coding, not the instruments. The MITI "
    "thresholds were set for human coding of about 20-minute segments."
)
#: Finding kinds of the risk screen (risk.language) this summary reads when they are present.
RISK_FLAGS = "risk.summary"
RISK_SCREENING = "risk_screening.summary"
RISK_NOT_COUNTED_WHY = (
    "client lines the risk screen flagged or listed as possible are for clinician review and "
    "are never counted as change or sustain talk"
)
RISK_NOT_READ_WHY = (
    "the risk screen did not run before this summary, so risk lines could not be left out of "
    "change and sustain talk"
)
_FLAGS = ("affirm", "seeking_collaboration", "emphasising_autonomy", "confront", "persuade")
_ADHERENT = ("affirm", "seeking_collaboration", "emphasising_autonomy")
_NON_ADHERENT = ("confront", "persuade")


@register
class MicroskillCodes(Analyser):
    """Per-utterance therapist micro-skill codes and client change/sustain talk."""

    name = "microskills.codes"
    # 2: MITI flag rules rewritten (MIBot dev half); model digest in the params
    # 3: Persuade not on owning or shared-decision turns; Seek on "what would be most useful
    #    to focus on" (QA qa21 items 2 and 9)
    # 4: Persuade not on reflections of feeling, invited summaries, "I'd rather hear" or "tell me
    #    if I push"; Persuade on arguing for the task ("the core of this approach", "it gets
    #    easier with practice") (QA qa22 item 6)
    version = 4
    requires = frozenset({"roles"})
    produces = frozenset({"microskills.code"})
    description = (
        "Therapist behaviour (reflection/question/input/other with subtypes), MITI flags and "
        "client change/neutral/sustain talk per utterance, with calibrated confidences."
    )

    def __init__(self, *, model_dir: str | None = None, model_digest: str | None = None) -> None:
        """``model_digest``: the SHA-256 the model files must have (None: whatever is installed).

        :meth:`get_params` always reports the digest of the files actually used, so provenance
        and batch ``--resume`` change whenever the model does; a batch worker rebuilt from those
        parameters refuses model files that differ from the ones the run started with.
        """
        self.model_dir = model_dir
        self.model_digest = model_digest

    def _folder(self) -> Path | None:
        return Path(self.model_dir) if self.model_dir else None

    def get_params(self) -> Mapping[str, Any]:
        """``model_dir`` and ``model_digest`` (the installed files' digest unless one was given)."""
        return params_with_digest(super().get_params(), lambda: model_digest(self._folder()))

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream
        utterances = session.utterances
        if not any(u.role in (Role.THERAPIST, Role.CLIENT) for u in utterances):
            return
        check_digest(self.model_digest, lambda: model_digest(self._folder()), "micro-skill")
        coder = load_coder(self._folder())
        codes = coder.code([Turn(u.role.value, u.text) for u in utterances])
        therapist_said: list[str] = []
        client_said = ""
        for u, coded in zip(utterances, codes, strict=True):
            if coded is not None:
                value: dict[str, Any] = dict(coded.labels)
                if u.role is Role.THERAPIST:
                    flags = miti_flags(
                        u.text,
                        advice=coded.labels.get("input") == "advice",
                        previous_therapist=therapist_said,
                        previous_client=client_said,
                    )
                    value |= flags.as_dict()
                value["confidence"] = dict(coded.confidence)
                yield self.utterance_finding("microskills.code", value, utterance_index=u.index)
            if u.role is Role.THERAPIST:
                therapist_said = [*therapist_said[-1:], u.text]
            elif u.role is Role.CLIENT:
                client_said = u.text


@register
class MicroskillSummary(Analyser):
    """Session counts and MITI 4.2.1 summary indices from the per-utterance codes."""

    name = "microskills.summary"
    # 2: agreement_with_human_coding per index; weak indices read as rough
    # 3: no MITI band on fewer than MIN_BAND_DENOMINATOR coded utterances (band_withheld)
    # 4: client lines the risk screen flagged or listed as possible are never counted as change
    #    or sustain talk (counts, change_talk_share, reading); ``risk_not_counted`` (QA40 #2)
    # 5: ``mi_like`` (bool): the session is MI-like (analysers/_mi_like.py, the note's test), so
    #    trends read change talk from MI-like sessions only (QA43 #11); nothing else changes
    version = 5
    requires = frozenset({"microskills.code"})
    #: Read when present, so the default pipeline runs this summary after risk.language.
    uses = frozenset({RISK_FLAGS, RISK_SCREENING})
    produces = frozenset({"skills.summary"})
    description = (
        "Counts per code, reflection-to-question ratio, % complex reflections, % open "
        "questions, MI-adherent/non-adherent counts and client change-talk share, labelled "
        "against the MITI 4.2.1 fair/good thresholds."
    )

    def __init__(self) -> None:
        """No parameters: the MITI thresholds are named constants with their source."""

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        codes = {f.utterance_index: f.value for f in upstream.of_kind("microskills.code")}
        risky = risk_indexes(upstream)
        left_out = sorted(
            i
            for i, value in codes.items()
            if i is not None and risky is not None and i in risky and "client_talk" in value
        )
        counts = _counts(v for i, v in codes.items() if i not in left_out)
        counts["client_utterances"] += len(left_out)
        counts["risk_not_counted"] = len(left_out)
        indices = _indices(counts)
        notable = sorted(
            i
            for i, value in codes.items()
            if i is not None and any(value.get(flag) for flag in _FLAGS)
        )
        value = {
            "counts": dict(counts),
            "indices": indices,
            "thresholds_source": THRESHOLD_SOURCE,
            "reading": _reading(counts, indices, risk_read=risky is not None),
            "caveat": CAVEAT,
            # change/sustain talk means something only against a target behaviour (QA43 #11)
            "mi_like": mi_like(session.utterances),
            "risk_not_counted": {
                "indexes": left_out,
                "risk_screen_read": risky is not None,
                "why": RISK_NOT_COUNTED_WHY if risky is not None else RISK_NOT_READ_WHY,
            },
        }
        scores = {k: v["value"] for k, v in indices.items() if v["value"] is not None}
        yield self.session_finding(
            "skills.summary", value, utterance_indexes=notable, scores=scores
        )


def risk_indexes(upstream: FindingSet) -> set[int] | None:
    """Client utterances the risk screen flagged or listed as *possible*; None if it did not run.

    Such a line is for clinician review, never the client's talk about change (QA40 #2).
    """
    flags = upstream.of_kind(RISK_FLAGS)
    if not flags:
        return None
    items: list[Any] = []
    for finding in flags:
        items.extend(finding.value if isinstance(finding.value, list) else [])
    for finding in upstream.of_kind(RISK_SCREENING):
        if isinstance(finding.value, Mapping):
            items.extend(finding.value.get("possible") or [])
    return {
        int(item["index"])
        for item in items
        if isinstance(item, Mapping) and isinstance(item.get("index"), int)
    }


def _counts(codes: Iterable[dict[str, Any]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    keys = [
        "therapist_utterances",
        "client_utterances",
        "reflection",
        "simple_reflection",
        "complex_reflection",
        "question",
        "open_question",
        "closed_question",
        "therapist_input",
        "information",
        "advice",
        "negotiation",
        "options",
        "other",
        "change",
        "neutral",
        "sustain",
        "mi_adherent",
        "mi_non_adherent",
    ]
    counts.update(dict.fromkeys(keys, 0))
    for value in codes:
        if "behaviour" in value:
            counts["therapist_utterances"] += 1
            counts[value["behaviour"]] += 1
            if "reflection" in value:
                counts[f"{value['reflection']}_reflection"] += 1
            if "question" in value:
                counts[f"{value['question']}_question"] += 1
            if "input" in value:
                counts[value["input"]] += 1
            for flag in _FLAGS:
                counts[flag] += bool(value.get(flag))
            counts["mi_adherent"] += sum(bool(value.get(f)) for f in _ADHERENT)
            counts["mi_non_adherent"] += sum(bool(value.get(f)) for f in _NON_ADHERENT)
        if "client_talk" in value:
            counts["client_utterances"] += 1
            counts[value["client_talk"]] += 1
    return counts


def _index(
    numerator: int,
    denominator: int,
    fair: float | None = None,
    good: float | None = None,
    *,
    basis: int | None = None,
) -> dict[str, Any]:
    """``basis``: the coded utterances the value rests on (default: the denominator)."""
    value = round(numerator / denominator, 4) if denominator else None
    entry: dict[str, Any] = {
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "fair": fair,
        "good": good,
        "band": band(value, fair, good),
    }
    coded = denominator if basis is None else basis
    if entry["band"] is not None and coded < MIN_BAND_DENOMINATOR:
        entry["band"] = None
        entry["band_withheld"] = (
            f"only {coded} coded; a MITI band needs at least {MIN_BAND_DENOMINATOR}"
        )
    return entry


def _indices(counts: Counter[str]) -> dict[str, dict[str, Any]]:
    reflections, questions = counts["reflection"], counts["question"]
    coded_reflections = counts["simple_reflection"] + counts["complex_reflection"]
    coded_questions = counts["open_question"] + counts["closed_question"]
    indices = {
        "reflection_to_question": _index(
            reflections,
            questions,
            MITI_REFLECTION_TO_QUESTION_FAIR,
            MITI_REFLECTION_TO_QUESTION_GOOD,
            basis=reflections + questions,
        ),
        "percent_complex_reflections": _index(
            counts["complex_reflection"],
            coded_reflections,
            MITI_PERCENT_COMPLEX_FAIR,
            MITI_PERCENT_COMPLEX_GOOD,
        ),
        "percent_open_questions": _index(counts["open_question"], coded_questions),
        "mi_adherent": _count_index(counts["mi_adherent"]),
        "mi_non_adherent": _count_index(counts["mi_non_adherent"]),
        "change_talk_share": _index(counts["change"], counts["change"] + counts["sustain"]),
    }
    for name, entry in indices.items():
        if name in SESSION_AGREEMENT:
            entry["agreement_with_human_coding"] = SESSION_AGREEMENT[name]
    return indices


def _count_index(count: int) -> dict[str, Any]:
    return {"value": count, "fair": None, "good": None, "band": None}


def _against(index: dict[str, Any], fair: str, good: str) -> str:
    band = index["band"]
    if band is None:
        return f"too few coded to compare with the MITI thresholds ({index['band_withheld']})"
    if band == "good":
        return f"at or above the MITI 'good' threshold ({good})"
    if band == "fair":
        return f"above the MITI 'fair' threshold ({fair}), below 'good' ({good})"
    return f"below the MITI 'fair' threshold ({fair})"


def _reading(
    counts: Counter[str], indices: dict[str, dict[str, Any]], *, risk_read: bool = True
) -> list[str]:
    """Short plain-language sentences for a clinician."""
    if not counts["therapist_utterances"] and not counts["client_utterances"]:
        return ["No therapist or client utterances were coded."]
    lines: list[str] = []
    rq = indices["reflection_to_question"]
    if rq["value"] is None:
        lines.append("No questions were coded, so the reflection-to-question ratio is undefined.")
    else:
        ratio, where = rq["value"], _against(rq, "1 : 1", "2 : 1")
        if ratio >= 1:
            lines.append(f"Reflections outnumber questions {ratio:.1f} : 1 — {where}.")
        else:
            lines.append(
                f"Questions outnumber reflections ({ratio:.2f} reflections per question) — {where}."
            )
    cr = indices["percent_complex_reflections"]
    if cr["value"] is None:
        lines.append("No reflections were coded, so % complex reflections is undefined.")
    else:
        where = _against(cr, "40%", "50%")
        lines.append(
            f"{cr['value']:.0%} of reflections are complex — {where}"
            f"{_rough('percent_complex_reflections')}."
        )
    oq = indices["percent_open_questions"]
    if oq["value"] is not None:
        lines.append(
            f"{oq['value']:.0%} of questions are open (MITI 4.2.1 sets no threshold for this)"
            f"{_rough('percent_open_questions')}."
        )
    lines.append(
        f"{counts['mi_adherent']} MI-adherent behaviour(s) (affirm, seeking collaboration, "
        f"emphasising autonomy) and {counts['mi_non_adherent']} MI-non-adherent (confront, "
        "persuade without permission)."
    )
    ct = indices["change_talk_share"]
    if ct["value"] is not None:
        lines.append(
            f"Change talk is {ct['value']:.0%} of the client's change-or-sustain talk "
            f"({ct['numerator']} change, {counts['sustain']} sustain)"
            f"{_rough('change_talk_share')}."
        )
    if counts["risk_not_counted"]:
        lines.append(
            f"{counts['risk_not_counted']} client utterance(s) in the risk screen (flagged or "
            "possible, for clinician review) are not counted as change or sustain talk."
        )
    elif not risk_read and counts["client_utterances"]:
        lines.append(
            "The risk screen did not run before this summary: client lines with risk language "
            "could not be left out of change and sustain talk."
        )
    return lines


def _rough(index: str) -> str:
    """A qualifier for an index whose session value agrees weakly with human coding."""
    rho = SESSION_AGREEMENT.get(index)
    if rho is None or rho >= WEAK_AGREEMENT:
        return ""
    return (
        f"; a rough indication only: on unseen transcripts this session value agrees weakly "
        f"with human coding (Spearman {rho:.2f})"
    )
