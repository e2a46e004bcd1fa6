"""Version 20 episode rules about single client turns (QA qa28 items 1, 2 and 6).

* :func:`bridged` — one clear marker of the other kind between clear markers of the running
  kind does not split a sustained episode;
* :func:`voiced_on_invitation` — an elaborated answer to an R4 invitation that voices the
  rupture (W7/C1) is re-engagement, not a new marker;
* :func:`lone_clear_markers` — clear confrontation cues that no episode holds keep their
  utterance code.

Documented in ``docs/analysers/ruptures.md`` (Method step 5, Output, Version 20).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._markers import ClientReading
from alliancelens.analysers.ruptures._model_cues import MODEL_CUES
from alliancelens.analysers.ruptures._resolution import (
    MIN_FIRST_PERSON,
    MIN_WORDS_ELABORATED,
    TherapistMoves,
)
from alliancelens.analysers.ruptures._taxonomy import RuptureKind

__all__ = ["bridged", "lone_clear_markers", "voiced_on_invitation"]


#: Markers a client voices about the relationship when invited to (version 20): self-doubt in
#: front of the therapist (W7) and what the therapist did (C1).
_VOICED = frozenset({"self_criticism_or_hopelessness", "complaint_about_therapist"})


def voiced_on_invitation(
    readings: Sequence[ClientReading], gap: int, moves: TherapistMoves | None
) -> list[ClientReading]:
    """Readings with the cues dropped from answers to an invitation that voice the rupture.

    Version 20 (QA qa28 #6): asked "what is it like for you, sitting here with me?" (R4) during
    a rupture, the client who says at length how the therapist seems to them ("it feels like
    you're going to judge me… I hate that I care what you think") is the withdrawal-to-
    assertion step of Safran & Muran's resolution model (clinical-reference §5.6 [V:
    CAFT-website]), not a new W7 or C1 marker. Applies to an elaborated first-person answer
    (``MIN_WORDS_ELABORATED``, ``MIN_FIRST_PERSON``) to an R4 turn whose only markers are W7/C1
    of at most clear strength, when the client's last marked turn within ``gap`` turns before is
    of the same kind (a complaint after withdrawal is left to ``_resolve_by_voicing``); the
    resolution rules then read it as re-engagement.
    """
    if moves is None or not moves.invitations:
        return list(readings)
    result = list(readings)
    for at, reading in enumerate(readings):
        feats = reading.features
        if (
            reading.hits
            and reading.prompt_index in moves.invitations
            and all(h.marker in _VOICED and h.strength <= 2 for h in reading.hits)
            and feats.words >= MIN_WORDS_ELABORATED
            and feats.first_person >= MIN_FIRST_PERSON
            and _same_kind_before(readings[max(0, at - gap) : at], reading)
        ):
            result[at] = replace(reading, hits=())
    return result


def _same_kind_before(before: Sequence[ClientReading], reading: ClientReading) -> bool:
    """True when the client's last marked turn in ``before`` is of the kind ``reading`` holds.

    A complaint voiced after a withdrawal is left to ``_resolve_by_voicing`` (version 6).
    """
    marked = [r for r in before if r.hits]
    return bool(marked) and bool(marked[-1].kinds() & reading.kinds())


def bridged(
    reading: ClientReading,
    running: Sequence[ClientReading],
    kind: RuptureKind,
    later: Sequence[ClientReading],
    gap: int,
) -> bool:
    """True for one clear marker of the other kind between clear markers of the running kind.

    Version 20 (QA qa28 #1): "we've been at this ten weeks" (C5), "what's the point" (W7),
    "these tasks feel pointless" (C3) is one sustained confrontation, not three single-marker
    clusters that all fall short of salience. The running cluster must already hold a clear
    marker (strength 2) of its kind, this turn carries no marker of the running kind, and the
    client's next marked turn, within ``gap`` turns, carries a clear marker of the running kind
    again (and more of it than of the other kind). An elaborated complaint inside a withdrawal
    is left to the voicing rule (version 6). The turn between holds one clear marker
    (strength 2), not a corroborated one: "Whatever you think." read by phrase and model (4)
    is a switch. The turn's other-kind cues are dropped as in version 16 (episodes hold markers of
    one kind; 3RS codes the segment's dominant rupture, clinical-reference §5.5).
    """
    other = _other(kind)
    if reading.strength(kind) or reading.strength(other) > 2:
        return False  # one clear marker, not a corroborated one (strength 4) or several
    if max(m.strength(kind) for m in running) < 2 or _voices(reading, kind):
        return False
    following = later[0] if later else None
    if following is None or following.position - reading.position > gap:
        return False
    return following.strength(kind) >= 2 and following.strength(kind) > following.strength(other)


def _voices(reading: ClientReading, running: RuptureKind) -> bool:
    """An elaborated first-person complaint inside a withdrawal: the client voicing it (v6)."""
    feats = reading.features
    return (
        running is RuptureKind.WITHDRAWAL
        and feats.words >= MIN_WORDS_ELABORATED
        and feats.first_person >= MIN_FIRST_PERSON
    )


def _other(kind: RuptureKind) -> RuptureKind:
    return RuptureKind.CONFRONTATION if kind is RuptureKind.WITHDRAWAL else RuptureKind.WITHDRAWAL


def lone_clear_markers(
    readings: Sequence[ClientReading],
    spans: Sequence[tuple[int, int]],
    position: dict[int, int],
) -> list[ClientReading]:
    """Client turns with a clear confrontation phrase cue that no episode holds (version 20).

    3RS rates a segment with one clear marker of moderate clarity 3 (clinical-reference §5.5
    [S: 3RS-2022-code]); the detector still needs corroboration before it calls a single turn
    an episode, but the turn keeps its marker code (``rupture_episode: false``) so a clear
    complaint about progress is never invisible (QA qa28 #2). Turns inside an episode's span
    are left to it (their cues were dropped or absorbed on purpose).
    """
    inside = {at for first, last in spans for at in range(first, last + 1)}
    return [r for r in readings if position[r.index] not in inside and _clear_confrontation(r)]


def _clear_confrontation(reading: ClientReading) -> bool:
    """True when a phrase cue (not the model alone) reads a clear confrontation marker.

    Version 22 (QA qa30 #7): not on a reply to another client of a couple or family (it
    answers no therapist turn), and a C1 complaint about the therapist must address them ("you")
    — "her manager was out of order" answering a Socratic question is about someone else.
    """
    if reading.prompt_index is None:
        return False
    addressed = _ADDRESSED.search(reading.features.text) is not None
    return any(
        h.kind is RuptureKind.CONFRONTATION
        and h.strength >= 2
        and h.cue not in MODEL_CUES
        and (addressed or h.marker != "complaint_about_therapist")
        for h in reading.hits
    )


_ADDRESSED = Phrase(r"\b(you|your|you're|you've|yourself|this therapy|these sessions|in here)\b")
