"""Turn raw transcripts into validated :class:`~alliancelens.domain.Session` objects."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from alliancelens.domain import ROLES_GUESSED, Role, Session, Speaker, Utterance
from alliancelens.errors import EmptyFileError, ParseError, SpeakerError, TimestampOrderError
from alliancelens.ingest.base import RawTranscript, RawTurn
from alliancelens.ingest.roles import RoleResolution, resolve_roles

__all__ = ["ROLES_GUESSED_WARNING", "assemble"]

#: How to fix roles. Speakers are named by number (their order of first turn) or by label; the
#: client option is spelt ``--client`` here, and :func:`~alliancelens.ingest.read_bytes` respells
#: it for commands whose option differs (``import --client-speaker``, QA27 item 9).
_ROLE_HINT = (
    "pass --therapist N or --client N (N: the speaker's number in order of first turn, or its "
    "label as written), or label turns 'Therapist:' and 'Client:'"
)
#: Every warning about guessed roles contains this phrase (batch runs count them by it).
ROLES_GUESSED_WARNING = "speaker role(s) guessed"
#: Speaker labels that are numbered placeholders, safe to show (``SPEAKER_00``, ``Speaker 2``);
#: any other label may be a person's name, so warnings name speakers by position instead.
_PLACEHOLDER = re.compile(r"^(?:speaker|spk|voice|person|unknown|s)[\s_-]*\d+$", re.IGNORECASE)


def assemble(
    raw: RawTranscript,
    *,
    session_id: str,
    label: str = "session 1 of 1",
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    metadata: dict[str, str] | None = None,
    speaker_hint: str = "check that every turn starts with its speaker label, e.g. 'Client: ...'",
) -> tuple[Session, list[str], tuple[str, ...]]:
    """Validate ``raw`` and build a session.

    Returns the session, warnings for the user, and the override names that matched no speaker.
    Warnings name the session by ``label`` (its position in the file, e.g. ``session 2 of 3 in
    FILE``), never by ``session_id``: an ``# id:`` header often holds the client's name and the
    date (QA27 item 5). Speakers are named by position too, unless their label is a numbered
    placeholder such as ``SPEAKER_00``. ``speaker_hint`` is the reader's advice for a session
    with one speaker, in its format's terms (a CSV's ``interlocutor`` column, QA36 item 3).
    """
    turns = [t for t in raw.turns if t.text.strip()]
    if not turns:
        raise EmptyFileError(
            "no utterances found", hint="each turn needs a speaker label and some text"
        )
    labels = {t.speaker for t in turns}
    if len(labels) < 2:
        raise SpeakerError(
            "only one speaker found; a session needs a therapist and at least one client",
            line=turns[0].line,
            hint=speaker_hint,
        )
    _check_times(turns)
    resolution = resolve_roles(turns, stated=raw.roles, therapists=therapists, clients=clients)
    warnings: list[str] = []
    name = label
    if resolution.guessed:
        warnings.append(f"{name}: " + _guess_warning(turns, resolution))
    warnings.extend(f"{name}: {w}" for w in raw.warnings)
    warnings.extend(_role_warnings(name, resolution))
    indexes = _indexes(turns)
    utterances = tuple(
        Utterance(
            index=index,
            speaker=turn.speaker,
            role=resolution.roles[turn.speaker],
            text=turn.text.strip(),
            start=turn.start,
            end=turn.end,
        )
        for index, turn in zip(indexes, turns, strict=True)
    )
    seen: dict[str, Speaker] = {}
    for turn in turns:
        seen.setdefault(turn.speaker, Speaker(turn.speaker, resolution.roles[turn.speaker]))
    session = Session(
        id=session_id,
        utterances=utterances,
        speakers=tuple(seen.values()),
        date=raw.date,
        modality=raw.modality,
        notes=raw.notes,
        # risk.language screens the speaker taken as therapist too when roles were guessed
        metadata={**(metadata or {}), **({ROLES_GUESSED: "yes"} if resolution.guessed else {})},
    )
    return session, warnings, resolution.unmatched_overrides


def _guess_warning(turns: Sequence[RawTurn], resolution: RoleResolution) -> str:
    """Which speaker was taken as therapist, on what evidence, how sure, how to override."""
    guess = resolution.guess
    if guess is None:  # not reached: guessed roles come with the guess
        return f"{len(resolution.guessed)} {ROLES_GUESSED_WARNING}; " + _ROLE_HINT
    therapist = guess.therapist
    order = list(dict.fromkeys(t.speaker for t in turns))
    who = f"speaker {order.index(therapist) + 1} of {len(order)} in order of first turn"
    if _PLACEHOLDER.match(therapist):
        who = f"{therapist} ({who})"
    others = [score for label, score in guess.scores.items() if label != therapist]
    if not others:
        evidence = "is the only speaker without a role word"
    elif guess.tied:
        evidence = (
            "spoke first among speakers who ask and reflect equally (score "
            f"{guess.scores[therapist]:.2f}): NO evidence either way"
        )
    else:
        evidence = (
            f"asks and reflects most (score {guess.scores[therapist]:.2f} against "
            f"{max(others):.2f})"
        )
    if guess.self_risk:
        strength = (
            "WEAK evidence: this speaker says, of themselves, things such as a wish to die or to "
            "harm themselves, as clients do; check it before relying on any result"
        )
    elif guess.weak:
        strength = "WEAK evidence, check it before relying on any result"
    else:
        strength = "clear evidence"
    return (
        f"{len(resolution.guessed)} {ROLES_GUESSED_WARNING}: therapist = {who}, who "
        f"{evidence} ({strength}); the others are clients; " + _ROLE_HINT
    )


def _role_warnings(name: str, resolution: RoleResolution) -> list[str]:
    """No therapist; no client (nothing screened for risk); several speakers made clients."""
    roles = set(resolution.roles.values())
    warnings: list[str] = []
    if Role.THERAPIST not in roles:
        warnings.append(f"{name}: no therapist identified; " + _ROLE_HINT)
    others = sum(role is Role.OTHER for role in resolution.roles.values())
    if Role.CLIENT not in roles and others:
        # risk.language screens every non-therapist speaker (an interpreter's "she says ..." as
        # the client's own words), so saying nothing was screened would be false
        warnings.append(
            f"{name}: no client identified; only the turns of {others} other speaker(s) (such "
            "as an interpreter) were screened for risk; pass --client N for each client"
        )
    elif Role.CLIENT not in roles:
        warnings.append(
            f"{name}: no client identified, so no utterance was screened for risk (risk is not "
            "screened, which is not the same as no risk); pass --client N for each client"
        )
    if len(resolution.defaulted) >= 2 and not resolution.therapist_named:
        # QA 22 item 12: not after --therapist (the user chose the therapists), and the advice
        # says how to confirm the clients as well as how to name a co-therapist
        warnings.append(
            f"{name}: {len(resolution.defaulted)} speakers have no role word and were not named "
            "with --therapist/--client; they are treated as clients, so everything they said is "
            "screened for risk; if they are the clients, pass --client N for each (or the "
            "therapist's --therapist N; N: the speaker's number in order of first turn, or its "
            "label) to silence this warning; if one is a co-therapist, name them with "
            "--therapist N"
        )
    return warnings


def _indexes(turns: list[RawTurn]) -> list[int]:
    if all(t.index is not None for t in turns):
        given = [t.index for t in turns if t.index is not None]
        for previous, turn in itertools.pairwise(turns):
            if (
                turn.index is not None
                and previous.index is not None
                and turn.index <= previous.index
            ):
                raise ParseError(
                    f"utterance index {turn.index} does not follow {previous.index}",
                    line=turn.line,
                    hint="utterance indexes must be unique and increasing",
                )
        return given
    return list(range(len(turns)))


def _check_times(turns: list[RawTurn]) -> None:
    previous: RawTurn | None = None
    for turn in turns:
        if turn.start is not None and turn.end is not None and turn.end < turn.start:
            raise TimestampOrderError(
                f"utterance ends ({turn.end:g} s) before it starts ({turn.start:g} s)",
                line=turn.line,
                hint="fix the time stamps of this turn",
            )
        if turn.start is not None:
            if previous is not None and previous.start is not None and turn.start < previous.start:
                raise TimestampOrderError(
                    f"time stamp goes backwards ({turn.start:g} s after {previous.start:g} s)",
                    line=turn.line,
                    hint="turns must be in time order; fix or remove the time stamp",
                )
            previous = turn
