"""Rupture episodes: kind transitions, voicing, and resolution that needs real re-engagement.

Readings are built by hand (text written for these tests), so each rule is pinned on its own.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from alliancelens.analysers.ruptures._episodes import (
    EpisodeRules,
    _cluster,
    find_clusters,
    reengages,
)
from alliancelens.analysers.ruptures._markers import ClientReading, Hit
from alliancelens.analysers.ruptures._taxonomy import RuptureKind
from alliancelens.analysers.ruptures._text import Prompt, features
from alliancelens.models.rupture_model import MarkerScores

SHORT = "Not much to say about it."
VOICED = (
    "To be honest I felt stupid last week when you read my answers back to me, and I have been "
    "dreading coming in here again ever since then."
)
ELABORATED = (
    "I went round to my sister's on Sunday and we actually talked about Mum for the first time, "
    "and I told her how tired I have been."
)
DENIAL = Hit("denial", "w1_brush_off", 2)
VAGUE = Hit("minimal_response", "w2_vague_to_invitation", 1)
COMPLAINT = Hit("complaint_about_therapist", "c1_you_dont", 2)
GUESS = Hit("complaint_about_therapist", "model_confrontation", 1)


def reading(
    position: int, text: str, *found: Hit, leaning: tuple[float, float] | None = None
) -> ClientReading:
    """A client reading at ``position``; ``leaning`` = model (withdrawal, confrontation).

    The model's context-checked support for runs is the same leaning (no veto).
    """
    scores = MarkerScores(leaning[0], leaning[1], ()) if leaning else None
    support = (
        (("minimal_response", leaning[0]), ("complaint_about_therapist", leaning[1]))
        if leaning
        else ()
    )
    feats = features(text)
    return ClientReading(
        2 * position + 1,
        "Client",
        position,
        feats,
        Prompt.OPEN,
        found,
        scores,
        support,
    )


def kinds(readings: list[ClientReading]) -> list[tuple[str, int | None]]:
    """(kind, resolution index) of every episode."""
    found = find_clusters(readings, EpisodeRules())
    return [(c.kind.value, c.resolution.index if c.resolution else None) for c in found]


def test_a_voiced_complaint_after_withdrawal_resolves_it() -> None:
    """A lone elaborated complaint right after a salient withdrawal is its resolution."""
    readings = [
        reading(0, SHORT, DENIAL),
        reading(1, SHORT, VAGUE),
        reading(2, VOICED, COMPLAINT),
        reading(3, ELABORATED),
    ]
    assert kinds(readings) == [("withdrawal", 5)]


def test_a_complaint_that_goes_on_opens_a_confrontation_episode() -> None:
    """When the next client turn complains again, withdrawal closes and confrontation opens."""
    readings = [
        reading(0, SHORT, DENIAL),
        reading(1, SHORT, VAGUE),
        reading(2, VOICED, COMPLAINT),
        reading(3, SHORT, Hit("complaint_about_progress", "c5_not_helping", 2)),
    ]
    assert kinds(readings) == [("withdrawal", None), ("confrontation", None)]


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (GUESS, ["withdrawal"]),  # a weak model guess does not show the complaint going on
        (
            Hit("complaint_about_therapist", "model_confrontation", 2),
            ["withdrawal", "confrontation"],
        ),
    ],
)
def test_only_a_confident_next_complaint_blocks_voicing(after: Hit, expected: list[str]) -> None:
    """A weak model hit after the voiced complaint still lets it resolve the withdrawal."""
    readings = [
        reading(0, SHORT, DENIAL),
        reading(1, SHORT, VAGUE),
        reading(2, VOICED, COMPLAINT),
        reading(3, SHORT, after),
    ]
    assert [kind for kind, _ in kinds(readings)] == expected


def test_voicing_needs_a_salient_withdrawal_before_it() -> None:
    """One weak withdrawal cue is no episode, so a complaint after it is a confrontation."""
    readings = [reading(0, SHORT, VAGUE), reading(1, VOICED, COMPLAINT), reading(2, SHORT, GUESS)]
    assert [k for k, _ in kinds(readings)] == ["confrontation"]


@pytest.mark.parametrize(
    ("kind", "leaning", "expected"),
    [
        (RuptureKind.CONFRONTATION, (0.1, 0.7), False),  # the complaint goes on at length
        (RuptureKind.CONFRONTATION, (0.1, 0.3), True),
        (RuptureKind.WITHDRAWAL, (0.1, 0.7), True),  # voicing after withdrawal may sound cross
        (RuptureKind.WITHDRAWAL, (0.8, 0.1), False),
    ],
)
def test_reengagement_is_not_the_same_rupture_going_on(
    kind: RuptureKind, leaning: tuple[float, float], expected: bool
) -> None:
    """A long reply the model reads as the episode's own kind of rupture is not re-engagement."""
    assert reengages(reading(0, ELABORATED, leaning=leaning), kind) is expected
    assert reengages(reading(0, ELABORATED), kind)  # without the model: the words decide


def test_a_long_complaint_does_not_resolve_a_confrontation() -> None:
    """A confrontation stays unresolved while the client's long replies still read as complaint."""
    readings = [
        reading(0, SHORT, COMPLAINT),
        reading(1, SHORT, Hit("rejecting_intervention", "c2_not_doing", 2)),
        reading(2, ELABORATED, leaning=(0.05, 0.8)),
        reading(3, SHORT),
    ]
    assert kinds(readings) == [("confrontation", None)]


@pytest.mark.parametrize(
    ("leanings", "expected"),
    [
        ([(0.72, 0.1), (0.75, 0.1), (0.1, 0.1)], [("withdrawal", None)]),  # two in a row
        ([(0.1, 0.75), (0.1, 0.71), (0.1, 0.1)], [("confrontation", None)]),
        ([(0.72, 0.1), (0.1, 0.1), (0.72, 0.1)], []),  # not consecutive
        ([(0.62, 0.1), (0.65, 0.1), (0.1, 0.1)], []),  # below run_support (0.7 since v5)
        ([(0.55, 0.1), (0.9, 0.1), (0.1, 0.1)], []),  # one turn below run_support
        ([(0.9, 0.1), (0.1, 0.1), (0.1, 0.1)], []),  # one turn is never a run
    ],
)
def test_a_run_of_model_leanings_is_an_episode(
    leanings: list[tuple[float, float]], expected: list[tuple[str, int | None]]
) -> None:
    """Consecutive turns leaning to one kind, each at run_support, form an episode."""
    readings = [reading(i, SHORT, leaning=lean) for i, lean in enumerate(leanings)]
    assert kinds(readings) == expected


def test_a_model_run_needs_one_turn_at_the_run_peak() -> None:
    """With ``run_peak`` above ``run_support`` (0.7 over 0.6), turns at 0.62/0.65 are no run."""
    leanings = [(0.62, 0.1), (0.65, 0.1)]
    readings = [reading(i, SHORT, leaning=lean) for i, lean in enumerate(leanings)]
    assert find_clusters(readings, EpisodeRules(run_support=0.6, run_peak=0.7)) == []
    assert len(find_clusters(readings, EpisodeRules(run_support=0.6, run_peak=0.6))) == 1


def test_a_model_run_does_not_start_in_an_episodes_answer_turn() -> None:
    """The client turn straight after an episode belongs to it: no model run starts there."""
    readings = [
        reading(0, SHORT, DENIAL, leaning=(0.9, 0.0)),
        reading(1, SHORT, VAGUE, leaning=(0.9, 0.0)),
        reading(2, SHORT, leaning=(0.1, 0.7)),
        reading(3, SHORT, leaning=(0.1, 0.7)),
        reading(4, SHORT, leaning=(0.1, 0.7)),
    ]
    found = find_clusters(readings, EpisodeRules())
    assert [(c.kind.value, c.first.position) for c in found] == [
        ("withdrawal", 0),
        ("confrontation", 3),
    ]


@pytest.mark.parametrize(
    ("after", "expected"),
    [((), 5), ((Hit("rejecting_intervention", "c2_not_doing", 2),), None)],
)
def test_a_resolution_needs_the_next_turn_free_of_markers(
    after: tuple[Hit, ...], expected: int | None
) -> None:
    """A re-engaging reply followed straight away by another marker is not a resolution."""
    readings = [
        reading(0, SHORT, COMPLAINT),
        reading(1, SHORT, Hit("complaint_about_progress", "c5_not_helping", 2)),
        reading(2, ELABORATED),
        reading(3, SHORT, *after),
    ]
    assert next(r for _, r in kinds(readings)) == expected


DEFERENTIAL = Hit("deferential_appeasing", "w5_apology_should", 2)
MIXED = Hit("complaint_about_activities", "model_confrontation", 2)


def test_a_complaint_after_a_repair_resolves_the_withdrawal() -> None:
    """Complaint after a repair = resolution."""
    readings = [
        reading(0, SHORT, DENIAL),
        reading(1, SHORT, VAGUE),
        replace(reading(2, VOICED, COMPLAINT), pushed=False),
        reading(3, ELABORATED),
    ]
    assert kinds(readings) == [("withdrawal", 5)]


def test_a_complaint_after_a_push_is_a_new_confrontation() -> None:
    """Complaint after a push = new confrontation."""
    readings = [
        reading(0, SHORT, DENIAL),
        reading(1, SHORT, VAGUE),
        replace(reading(2, VOICED, COMPLAINT), pushed=True),
        reading(3, ELABORATED),
    ]
    assert kinds(readings) == [("withdrawal", None), ("confrontation", 7)]


@pytest.mark.parametrize(
    ("pushed", "expected"),
    [
        (True, [("withdrawal", None), ("confrontation", 7)]),
        (False, [("withdrawal", 5)]),
    ],
)
def test_complaining_that_began_after_a_push_is_a_new_confrontation(
    pushed: bool, expected: list[tuple[str, int | None]]
) -> None:
    """A complaint going on from a pushed confrontation marker inside the withdrawal is new."""
    readings = [
        reading(0, SHORT, DENIAL),
        replace(reading(1, SHORT, DENIAL, MIXED), pushed=pushed),
        reading(2, VOICED, COMPLAINT),
        reading(3, ELABORATED),
    ]
    assert kinds(readings) == expected


def test_a_deferential_run_after_a_confrontation_is_a_new_withdrawal() -> None:
    """Deferential run after a confrontation = new withdrawal."""
    readings = [
        reading(0, VOICED, COMPLAINT),
        reading(1, SHORT, DEFERENTIAL),
        reading(2, SHORT, DENIAL),
        reading(3, ELABORATED),
    ]
    assert kinds(readings) == [("confrontation", None), ("withdrawal", 7)]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (GUESS, [("withdrawal", 7)]),  # one doubtful cue: the switch alone is not enough
        (COMPLAINT, [("confrontation", None), ("withdrawal", 7)]),
    ],
)
def test_a_kind_switch_needs_one_clear_marker_before_it(
    first: Hit, expected: list[tuple[str, int | None]]
) -> None:
    """The switch corroborates a clear marker short of salience, never a weak guess."""
    readings = [
        reading(0, VOICED, first),
        reading(1, SHORT, DEFERENTIAL),
        reading(2, SHORT, DENIAL),
        reading(3, ELABORATED),
    ]
    assert kinds(readings) == expected


def test_a_lone_clear_complaint_without_a_switch_is_no_episode() -> None:
    """Without a switch into withdrawal, one clear complaint stays short of salience."""
    readings = [reading(0, VOICED, COMPLAINT), reading(1, ELABORATED), reading(2, ELABORATED)]
    assert kinds(readings) == []


@pytest.mark.parametrize(
    ("neighbour", "expected"),
    [
        ((0.10, 0.60), ["confrontation"]),  # the next turn leans to confrontation: corroborated
        ((0.10, 0.40), []),  # below NEIGHBOUR_LEAN: one clear marker alone is not salient
        ((0.70, 0.60), []),  # leans more to withdrawal: no second reading of a confrontation
    ],
)
def test_one_clear_complaint_with_a_leaning_neighbour(
    neighbour: tuple[float, float], expected: list[str]
) -> None:
    """Version 11: an unmarked next-door turn the model leans to confrontation corroborates it."""
    readings = [
        reading(0, ELABORATED),
        reading(1, SHORT, COMPLAINT),
        reading(2, SHORT, leaning=neighbour),
    ]
    assert [kind for kind, _ in kinds(readings)] == expected


@pytest.mark.parametrize(
    ("after", "resolution"),
    [
        (GUESS, 5),  # one weak model guess next: the re-engagement holds (version 12)
        (Hit("minimal_response", "w2_vague_to_invitation", 2), None),  # a clear marker: a lull
    ],
)
def test_only_a_clear_marker_makes_a_re_engagement_a_lull(
    after: Hit, resolution: int | None
) -> None:
    """Version 12: a weak cue on the next client turn does not undo the client's re-engagement."""
    readings = [
        reading(0, SHORT, DENIAL),
        reading(1, SHORT, VAGUE),
        reading(2, ELABORATED),
        reading(3, SHORT, after),
    ]
    assert kinds(readings)[0] == ("withdrawal", resolution)


REPAIRED = Hit("complaint_about_therapist", "repair_followed", 2)


@pytest.mark.parametrize(
    ("found", "leaning", "owned", "expected"),
    [
        ((COMPLAINT,), None, True, ["confrontation"]),  # phrase cue + the therapist owns it
        ((COMPLAINT,), None, False, []),  # no owning turn: one clear marker is not salient
        ((REPAIRED,), (0.05, 0.70), True, ["confrontation"]),  # model at the marker threshold
        ((REPAIRED,), (0.05, 0.50), True, []),  # the repair made the marker: not counted twice
        ((GUESS,), (0.05, 0.70), True, []),  # a weak marker is not a clear one
    ],
)
def test_one_clear_complaint_the_therapist_owns(
    found: tuple[Hit, ...],
    leaning: tuple[float, float] | None,
    owned: bool,
    expected: list[str],
) -> None:
    """Version 13: the therapist owning a part right after one clear complaint corroborates it."""
    complaint = replace(reading(1, SHORT, *found, leaning=leaning), owned=owned)
    readings = [reading(0, ELABORATED), complaint, reading(2, ELABORATED)]
    assert [kind for kind, _ in kinds(readings)] == expected


REFUSAL = Hit("rejecting_intervention", "c2_bare_refusal", 1)
HALF_DENIAL = Hit("denial", "model_withdrawal", 1)


def test_a_doubtful_cue_of_the_other_kind_does_not_split_a_withdrawal() -> None:
    """One weak confrontation cue inside a run of clipped answers is absorbed (v16, qa13 4)."""
    readings = [
        reading(0, "Fine. I'll think about it.", Hit("denial", "w1_brush_off", 4)),
        reading(1, "I'd rather not.", REFUSAL),
        reading(2, "No."),
        reading(3, "Whatever.", VAGUE),
        reading(4, "Maybe.", VAGUE),
    ]
    (episode,) = find_clusters(readings, EpisodeRules())
    assert (episode.kind, episode.first.index, episode.last.index) == (
        RuptureKind.WITHDRAWAL,
        1,
        9,
    )


def test_a_doubtful_cue_of_the_other_kind_does_not_split_a_confrontation() -> None:
    """A half-read denial between complaints stays inside the confrontation (v16, qa13 4)."""
    readings = [
        reading(0, "You never hear a word I say.", COMPLAINT),
        reading(1, "And still you take his side.", COMPLAINT),
        reading(2, "There it is again. Everything is a symptom.", HALF_DENIAL),
        reading(3, "This is going nowhere. I might find someone else.", COMPLAINT),
    ]
    assert [
        (c.kind, c.first.index, c.last.index) for c in find_clusters(readings, EpisodeRules())
    ] == [(RuptureKind.CONFRONTATION, 1, 7)]


def test_two_doubtful_cues_of_the_other_kind_still_switch() -> None:
    """When the client goes on in the other kind, the switch is kept (no absorption)."""
    readings = [
        reading(0, "You never hear a word I say.", COMPLAINT),
        reading(1, "And still you take his side.", COMPLAINT),
        reading(2, "Dunno.", VAGUE),
        reading(3, "Whatever.", VAGUE),
    ]
    found = find_clusters(readings, EpisodeRules())
    assert [c.kind for c in found] == [RuptureKind.CONFRONTATION]
    assert _cluster_kinds(readings) == [RuptureKind.CONFRONTATION, RuptureKind.WITHDRAWAL]


def _cluster_kinds(readings: list[ClientReading]) -> list[RuptureKind]:
    """Kinds of every cluster before the salience rules (``_cluster``)."""
    return [c.kind for c in _cluster(readings, EpisodeRules().gap)]
