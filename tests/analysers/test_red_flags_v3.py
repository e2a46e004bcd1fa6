"""red_flags.therapist version 3: advice put as questions, prescriptions, subtle judgment."""

from __future__ import annotations

import pytest

from alliancelens.analysers.red_flags import TherapistRedFlags, red_flags_in
from alliancelens.testing import make_session

T, C = "therapist", "client"


def _kinds(*turns: tuple[str, str]) -> set[str]:
    items, _ = red_flags_in(make_session(*turns).utterances)
    return {i["kind"] for i in items if i["index"] == len(turns) - 1}


ADVICE = [
    (
        "My flatmate leaves the heating on all day.",
        "Have you considered just turning the thermostat down yourself?",
        {"unsolicited_advice"},
    ),
    (
        "I hate the night bus home.",
        "Couldn't you just get a taxi on Fridays?",
        {"unsolicited_advice"},
    ),
    (
        "My manager emails me at midnight.",
        "Isn't it time you switched your phone off after nine?",
        {"unsolicited_advice"},
    ),
    (
        "I'm struggling with the new job.",
        "If it was me, I'd ask for a mentor straight away.",
        {"unsolicited_advice"},
    ),
    (
        "I've been so tired lately.",
        "You might want to cut back on the late nights.",
        {"unsolicited_advice"},
    ),
    (
        "I can't focus at home.",
        "If you just worked from the library, everything would get easier.",
        {"unsolicited_advice"},
    ),
    ("I've been drinking more.", "Have you tried cutting down before?", set()),
    ("I want to quit smoking.", "Which of these would you consider trying first?", set()),
    (
        "I don't know what helps.",
        "I wonder whether you've thought about asking your sister.",
        set(),
    ),
    (
        "I'm going to start walking to work.",
        "Have you thought about walking with a friend?",
        set(),
    ),
    (
        "I'm not sure what I want.",
        "We could write down the goals you might want to set.",
        set(),
    ),
    (
        "I get so tense in the evenings.",
        "You might want to try a couple of these and see what fits for you.",
        set(),
    ),
]


@pytest.mark.parametrize(("client", "therapist", "expected"), ADVICE)
def test_advice_forms(client: str, therapist: str, expected: set[str]) -> None:
    """Suggestions put as questions and modal-free prescriptions are advice; open questions,
    questions about past attempts, softened wording and the client's own plan are not."""
    assert _kinds((C, client), (T, therapist)) == expected


def test_permission_still_covers_version_3_advice() -> None:
    """Permission asked in the turns before covers a modal-free suggestion too."""
    turns = [
        (T, "Can I share an idea about the evenings?"),
        (C, "Sure."),
        (T, "You might want to try a wind-down hour before bed."),
    ]
    assert _kinds(*turns) == set()


JUDGMENT = [
    (
        "I drove home after a few pints.",
        "Driving after a few pints isn't very responsible, is it?",
        {"judgmental_remark"},
    ),
    ("I didn't call her back.", "Of course you didn't.", {"judgmental_remark"}),
    (
        "I'm 40 and still renting.",
        "Most people your age manage to save a deposit somehow.",
        {"judgmental_remark"},
    ),
    (
        "I let her stay up till midnight again.",
        "You're teaching her that the rules don't count.",
        {"judgmental_remark"},
    ),
    (
        "I skipped my sister's wedding.",
        "What kind of brother misses his sister's wedding?",
        {"judgmental_remark"},
    ),
    (
        "I didn't do the reading.",
        "I'm a bit disappointed, given what we agreed.",
        {"judgmental_remark"},
    ),
    (
        "My mum is in hospital and I haven't visited.",
        "She is your mum, and what kind of daughter stays away?",
        {"judgmental_remark"},
    ),
    ("My brother crashed the car.", "You're not responsible for his choices.", set()),
    ("I'm so hard on myself.", "You're not very kind to yourself, are you?", set()),
    ("I want to be a better dad.", "What kind of dad do you want to be?", set()),
    ("Of course I did it.", "Of course you did, and it took courage.", set()),
    ("I start the course on Monday.", "Lots of people find the first weeks hard.", set()),
]


@pytest.mark.parametrize(("client", "therapist", "expected"), JUDGMENT)
def test_judgment_forms(client: str, therapist: str, expected: set[str]) -> None:
    """Negated virtues, sarcasm, comparisons and rhetorical moral questions are judgment;
    reassurance, self-kindness, values questions and validation are not."""
    assert _kinds((C, client), (T, therapist)) == expected


def test_version_is_current() -> None:
    """Outputs changed with the defence-against-a-complaint cue (QA qa30 #2): version 10."""
    assert TherapistRedFlags.version == 10
