"""ruptures.detector with the trained model: how model hits join the rules and where they may not.

Every dialogue here was written for these tests (none comes from a data set or corpus).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers.ruptures import RuptureDetector, RuptureKind
from alliancelens.analysers.ruptures._episodes import EpisodeRules, find_clusters
from alliancelens.analysers.ruptures._markers import ClientReading, Hit, _context, pair_markers
from alliancelens.analysers.ruptures._model_cues import (
    ModelThresholds,
    merge_strategies,
    model_hits,
    model_strategies,
    model_support,
)
from alliancelens.analysers.ruptures._taxonomy import STRATEGIES
from alliancelens.analysers.ruptures._text import Prompt, classify_prompt, features
from alliancelens.models.rupture_model import MarkerScores
from alliancelens.testing import Turn, make_session

T, C = "therapist", "client"
LIMITS = ModelThresholds(threshold=0.6, clear=0.85, strategy=0.75)
CLIPPED = MarkerScores(0.95, 0.0, (("minimal_response", 0.9), ("denial", 0.05)))


def scores(withdrawal: float, confrontation: float, *ranked: tuple[str, float]) -> MarkerScores:
    """Model output for one utterance, written by hand."""
    return MarkerScores(withdrawal, confrontation, ranked)


def hits(text: str, previous: str, out: MarkerScores, rules: set[str] | None = None) -> set[Any]:
    """(marker, strength) pairs the model adds to ``text`` said after ``previous``."""
    context = _context(features(text), classify_prompt(previous), previous)
    found = model_hits(out, features(text), context, rules or set(), LIMITS)
    return {(h.marker, h.strength) for h in found}


WITHDRAWN = scores(
    0.9, 0.05, ("denial", 0.6), ("minimal_response", 0.3), ("rejecting_intervention", 0.1)
)
ANGRY = scores(0.05, 0.9, ("complaint_about_therapist", 0.7), ("complaint_about_progress", 0.2))


def test_a_confident_model_hit_is_clear() -> None:
    """At probability ≥ clear the model proposes its top subtype with strength 2."""
    found = hits(
        "Honestly I'm over it, it was years ago.", "That sounds painful for you.", WITHDRAWN
    )
    assert found == {("denial", 2)}


def test_a_middling_model_hit_is_weak() -> None:
    """Between threshold and clear the hit is weak and needs a run to count."""
    middling = scores(0.7, 0.1, ("denial", 0.8), ("minimal_response", 0.1))
    assert hits("I'm over it.", "That sounds painful for you.", middling) == {("denial", 1)}


def test_below_threshold_the_model_adds_nothing() -> None:
    """A probability under the threshold proposes no marker."""
    unsure = scores(0.5, 0.1, ("denial", 0.9))
    assert hits("I'm over it.", "That sounds painful for you.", unsure) == set()


def test_model_minimal_response_is_always_weak() -> None:
    """Minimal response is a run phenomenon: even a confident model hit for it is weak."""
    assert hits("Stuff.", "What was that like?", CLIPPED) == {("minimal_response", 1)}


@pytest.mark.parametrize(
    ("previous", "reply"),
    [
        ("Mm-hmm.", "Stuff."),  # a back-channel is no move to react to
        ("So what happened when you got home and—", "Stuff."),  # the therapist was cut off
        ("What was that like?", "-and then stuff."),  # carrying on the client's own turn
        ("What was that like?", "Yeah."),  # plain confirmation
        ("It sounds like you were scared.", "Yeah."),  # plain confirmation of a reflection
        ("Did you manage the diary?", "Nope."),  # a complete answer to a yes/no question
        ("Shall we start with the diary?", "Okay."),  # assent to a proposal
    ],
)
def test_model_minimal_response_needs_an_invitation(previous: str, reply: str) -> None:
    """The model proposes a minimal response only where a short reply withholds something."""
    assert hits(reply, previous, CLIPPED) == set()


@pytest.mark.parametrize(
    ("previous", "reply"),
    [
        ("It sounds like you were scared.", "Stuff."),  # a reflection invites elaboration
        ("Is that any better since last week?", "idk"),  # hedged answer to a yes/no question
        ("How does that sound?", "Whatever, I guess."),  # hedged answer to a proposal
    ],
)
def test_model_minimal_response_after_reflections_and_hedged_answers(
    previous: str, reply: str
) -> None:
    """Since v5 a clipped reply to a reflection, or a hedged one to a closed question, counts."""
    assert hits(reply, previous, CLIPPED) == {("minimal_response", 1)}


def test_model_denial_needs_something_to_brush_off() -> None:
    """Denial needs a question about experience or a reflection before it."""
    assert hits("I'm over it.", "Shall we book next week?", WITHDRAWN) == set()


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("(laughs) They found a lump in the scan, classic me.", {("content_affect_split", 2)}),
        ("(laughs) The dog ate my sandwich at the picnic.", set()),
    ],
)
def test_model_content_affect_split_needs_distress(reply: str, expected: set[Any]) -> None:
    """Laughter counts as a split only over distressing content (congruent humour is not)."""
    split = scores(0.9, 0.0, ("content_affect_split", 0.9))
    assert hits(reply, "What happened at the hospital?", split) == expected


def test_a_second_likely_subtype_is_added() -> None:
    """A second subtype of the same kind at ≥ 0.35 is proposed too (one utterance, two markers)."""
    both = scores(0.05, 0.9, ("complaint_about_therapist", 0.5), ("complaint_about_progress", 0.4))
    found = hits("You've done nothing for me in months.", "How are things?", both)
    assert found == {("complaint_about_therapist", 2), ("complaint_about_progress", 2)}


@pytest.mark.parametrize(
    ("previous", "reply"),
    [
        ("How many hours did you sleep?", "About six."),
        ("Did you manage the diary?", "No, not this week."),
        ("Shall we start with the diary?", "Okay."),
        ("Can I share an idea?", "Sure, go on."),
    ],
)
def test_short_answers_to_closed_questions_veto_model_withdrawal(previous: str, reply: str) -> None:
    """A short unhedged answer to a factual, yes/no, proposal or permission question is complete."""
    assert classify_prompt(previous) in {
        Prompt.FACTUAL,
        Prompt.CLOSED,
        Prompt.PROPOSAL,
        Prompt.PERMISSION,
    }
    assert hits(reply, previous, scores(0.95, 0.0, ("minimal_response", 0.9))) == set()


def test_a_long_reply_is_never_a_model_minimal_response() -> None:
    """Twelve words or more is not a minimal response whatever the model says."""
    text = "I went to see my mum on Sunday and we talked for a long time about Dad."
    assert hits(text, "How was the weekend?", scores(0.9, 0.0, ("minimal_response", 0.9))) == set()


@pytest.mark.parametrize("text", ["Thank you. I feel lighter.", "That makes sense, good idea."])
def test_thanks_vetoes_model_confrontation(text: str) -> None:
    """Thanks or agreement moves towards the therapist: no model confrontation on it."""
    assert hits(text, "Could we try it differently?", ANGRY) == set()
    assert hits("You never listen.", "Could we try it differently?", ANGRY) != set()


def test_with_rule_cues_the_model_only_corroborates() -> None:
    """With a rule cue, the model strengthens the matching subtype (4 when clear), adds none."""
    previous = "It sounds like the week was hard for you."
    assert hits("Are you even listening?", previous, ANGRY, {"complaint_about_therapist"}) == {
        ("complaint_about_therapist", 4)
    }
    middling = scores(0.05, 0.7, ("complaint_about_therapist", 0.7))
    assert hits("Are you even listening?", previous, middling, {"complaint_about_therapist"}) == {
        ("complaint_about_therapist", 2)
    }
    assert hits("Are you even listening?", previous, ANGRY, {"complaint_about_parameters"}) == set()
    assert hits("Stuff.", "What was that like?", CLIPPED, {"minimal_response"}) == set()


def test_pair_markers_combine_rules_model_and_counter_evidence() -> None:
    """A single reply read with rules only, then with the model (tears still veto withdrawal)."""
    previous = "What was that like for you?"
    assert pair_markers(previous, "Whatever.") == {"minimal_response"}
    shrugged = "Nah, that stuff rolls off me these days."
    assert pair_markers(previous, shrugged) == set()
    assert pair_markers(previous, shrugged, WITHDRAWN, LIMITS) == {"denial"}
    assert pair_markers(previous, "(crying) " + shrugged, WITHDRAWN, LIMITS) == set()


def _reading(position: int, *found: Hit) -> ClientReading:
    text = "Some reply of ordinary length that says very little at all."
    return ClientReading(2 * position + 1, "Client", position, features(text), Prompt.OPEN, found)


@pytest.mark.parametrize(
    ("cue", "expected"),
    [("model_withdrawal", 0), ("w1_brush_off", 1)],
)
def test_model_only_episodes_need_a_clear_hit_or_a_longer_run(cue: str, expected: int) -> None:
    """Two utterances of weak hits (strength 3): an episode from phrase cues, not from the model."""
    first = _reading(0, Hit("denial", cue, 1), Hit("minimal_response", cue, 1))
    readings = [first, _reading(1, Hit("denial", cue, 1))]
    assert len(find_clusters(readings, EpisodeRules())) == expected


@pytest.mark.parametrize(
    ("strengths", "expected"),
    [((1, 1, 1), 1), ((2, 1), 1), ((1, 1), 0)],
)
def test_model_only_episode_rules(strengths: tuple[int, ...], expected: int) -> None:
    """Model hits alone: three weak marked utterances or a clear hit with another (strength 3)."""
    readings = [_reading(p, Hit("denial", "model_withdrawal", s)) for p, s in enumerate(strengths)]
    assert len(find_clusters(readings, EpisodeRules())) == expected


@pytest.mark.parametrize(
    ("previous", "reply", "out", "expected"),
    [
        # below the marker threshold, but support for a run of such turns
        ("How are things at home?", "Same as ever.", scores(0.5, 0.1, ("denial", 0.6)), 0.5),
        ("Mm-hmm.", "Same as ever.", scores(0.5, 0.1, ("denial", 0.6)), 0.0),  # back-channel
        ("It sounds lonely.", "Mm.", CLIPPED, 0.0),  # minimal response needs an invitation
    ],
)
def test_model_support_is_checked_against_the_context(
    previous: str, reply: str, out: MarkerScores, expected: float
) -> None:
    """Run support is the kind probability where the context allows its top subtype, else 0."""
    context = _context(features(reply), classify_prompt(previous), previous)
    (marker, withdrawal), _ = model_support(out, features(reply), context)
    assert withdrawal == expected and marker == out.markers[0][0]


@pytest.mark.parametrize(
    ("previous", "backchannel"),
    [("Mm-hmm.", True), ("Right.", True), ("It felt childish.", False)],
)
def test_a_short_reflection_is_not_a_backchannel(previous: str, backchannel: bool) -> None:
    """Only a short turn with at most one content word is a back-channel."""
    context = _context(features("Very."), classify_prompt(previous), previous)
    assert context.backchannel is backchannel


def test_model_strategies_and_merge_keep_r_order() -> None:
    """Strategies above the threshold join the rule strategies, in R-number order, once each."""
    probs = dict.fromkeys(STRATEGIES, 0.1) | {"validate_defensive_posture": 0.9}
    found = model_strategies(probs, LIMITS)
    assert found == ["validate_defensive_posture"]
    merged = merge_strategies(
        ["validate_defensive_posture", "clarify_misunderstanding"], found, STRATEGIES
    )
    assert merged == ["clarify_misunderstanding", "validate_defensive_posture"]


def _episodes(turns: list[Turn], **params: Any) -> list[dict[str, Any]]:
    found = RuptureDetector(**params).analyse(make_session(*turns))
    (summary,) = (f.value for f in found if f.kind == "ruptures.summary")
    return list(summary)


UNSEEN_CONFRONTATION: list[Turn] = [
    (T, "Let's look at what has shifted since the spring."),
    (C, "Shifted? Give over. Same mess, different week."),
    (T, "I hear that you're frustrated."),
    (C, "Do you, though? Cos it doesn't feel like it."),
    (T, "Can we try the review sheet together?"),
    (C, "Nothing has shifted. You keep asking the same questions every single week."),
]


def test_the_model_finds_confrontation_in_new_wording() -> None:
    """Complaints phrased outside the lexicon still make a confrontation episode."""
    found = _episodes(UNSEEN_CONFRONTATION)
    assert [e["kind"] for e in found] == ["confrontation"]
    assert any(m["cue"].startswith("model_") for m in found[0]["marker_evidence"])


def test_use_model_false_reads_rules_only() -> None:
    """With use_model=False no marker evidence carries a model cue."""
    cues = {
        m["cue"]
        for e in _episodes(UNSEEN_CONFRONTATION, use_model=False)
        for m in e["marker_evidence"]
    }
    assert not any(c.startswith("model_") for c in cues)


def test_a_warm_engaged_session_has_no_episode() -> None:
    """Engaged talk, short answers to closed questions and thanks make no episode."""
    turns: list[Turn] = [
        (T, "How many nights did you sleep through?"),
        (C, "Three."),
        (T, "That's more than last week. What helped?"),
        (C, "I stopped looking at my phone in bed, and I did the breathing when I woke up."),
        (T, "Shall we keep that going?"),
        (C, "Yes, definitely."),
        (T, "I wonder if the breathing could help in the mornings too."),
        (C, "Maybe. Mornings are different, it's more the dread about work. But I could try it."),
        (T, "Let's plan when."),
        (C, "Thank you. That's really helpful."),
    ]
    assert _episodes(turns) == []


def test_parameters_are_read_back() -> None:
    """The model parameters are stored as given (scikit-learn style) and in provenance."""
    detector = RuptureDetector(model_threshold=0.7, strategy_threshold=0.8, use_model=False)
    assert (detector.model_threshold, detector.strategy_threshold, detector.use_model) == (
        0.7,
        0.8,
        False,
    )
    assert RuptureDetector.version >= 23
    assert RuptureKind.CONFRONTATION.value == "confrontation"


LECTURE: list[Turn] = [
    (T, "How have the evenings been since we last met?"),
    (C, "Busy. Work ran late most days, so I mostly ate and went to bed."),
    (
        T,
        "Honestly, drinking that much every night is irresponsible. You need to pour it all "
        "away tonight and stop making excuses.",
    ),
    (C, "Whatever you think's best."),
    (T, "How many nights did you sleep through this week?"),
    (C, "Five."),
]


def test_a_confident_deferential_answer_after_a_lecture_starts_an_episode() -> None:
    """A rule cue the model confirms at ≥ clear is salient alone (v5); the factual answer is not."""
    (episode,) = _episodes(LECTURE)
    assert (episode["kind"], episode["start_index"], episode["end_index"]) == ("withdrawal", 3, 3)
    assert episode["marker_evidence"] == [
        {"index": 3, "marker": "deferential_appeasing", "cue": "w5_whatever_you", "strength": 4}
    ]
    assert _episodes(LECTURE, use_model=False) == []  # one rule cue alone is not salient


WITHDRAWN_THEN_VOICED: list[Turn] = [
    (T, "What was the week like for you?"),
    (C, "Fine."),
    (T, "What was the hardest part of it?"),
    (C, "Dunno. Nothing really."),
    (T, "How did it feel when your sister cancelled again?"),
    (C, "It's fine, honestly. Doesn't matter."),
    (T, "You've gone quiet since the homework last time. I wonder what that was like."),
    (
        C,
        "Well, to be honest, I felt stupid when you read my diary out loud last week, and "
        "I've been dreading coming back here ever since.",
    ),
    (T, "Thank you for telling me. I'm sorry, that wasn't okay of me."),
]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        (
            "It's alright. I think I just need to know that what I write stays between us.",
            [("withdrawal", 1, 7, 7)],
        ),
        (
            "Sorry does not fix it. You never listen to me anyway, and these sessions are a "
            "waste of my time.",
            [("withdrawal", 1, 5, None), ("confrontation", 7, 9, None)],
        ),
    ],
)
def test_a_complaint_voiced_on_re_engaging_resolves_the_withdrawal(
    last: str, expected: list[tuple[str, int, int, int | None]]
) -> None:
    """A lone held-back complaint resolves the withdrawal; complaining on is a kind switch."""
    found = _episodes([*WITHDRAWN_THEN_VOICED, (C, last)])
    assert [
        (e["kind"], e["start_index"], e["end_index"], e["resolution_index"]) for e in found
    ] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Yes, for sure. Today was really helpful. I feel less like I'm sinking.",
        "See you Thursday. Off for a long walk now.",
        "Right, bye then. Take care.",
    ],
)
def test_warm_endings_veto_model_confrontation(text: str) -> None:
    """Saying the session helped, relief and goodbyes are not confrontation (v16, qa13 5)."""
    assert hits(text, "I'm glad. Same time in two weeks, then.", ANGRY) == set()


def test_relief_vetoes_model_withdrawal() -> None:
    """Relief named is not withdrawal; a goodbye alone still may be (a closing run, v16)."""
    assert hits(
        "Okay. I feel a bit lighter, actually.", "How are you leaving today?", WITHDRAWN
    ) == (set())
    assert hits("Okay. See you next week.", "How are you leaving today?", WITHDRAWN) != set()
