"""Version 21 of ``risk.language``: QA25/QA24/QA22 corrections (docs/analysers/risk.md).

All text is synthetic and worded differently from the testers' items.
"""

from __future__ import annotations

import pytest
from risk_helpers import risk_readings

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers._risk_thread import weak_thread
from alliancelens.analysers._risk_types import Flag
from alliancelens.analysers.risk import screen_text

T, C = "therapist", "client"


_run = risk_readings


@pytest.mark.parametrize(
    ("text", "rule_id", "severity"),
    [
        ("some days i honestly wanna kms", "si.online_slang", "moderate"),
        ("I keep thinking I should just unalive myself.", "si.online_slang", "moderate"),
        ("I already wrote a note, it's in my drawer.", "si.note_written", "high"),
        ("there's a rope up in the loft, that's all", "si.means_acquired", "high"),
        ("I've been putting back my painkillers, not taking them.", "si.means_acquired", "high"),
        ("Friday I got all my tablets out on the bed.", "si.means_acquired", "high"),
        ("ordered some tubing for the car last week", "si.means_acquired", "high"),
        ("I've been checking how high the bridge over the bypass is", "si.height_research", "high"),
        ("went up and stood at the ledge for ages", "si.rehearsal", "high"),
        (
            "I sat in the garage in the car with the engine running and the doors closed.",
            "si.rehearsal",
            "high",
        ),
        ("I went back to the blades last night.", "sh.back_to_blade", "moderate"),
        ("did a quick scratch job on my wrists, no big deal", "sh.wrist_slang", "moderate"),
        (
            "the voices keep telling me to smother my daughter",
            "others.command_child",
            "high",
        ),
        (
            "I stopped my insulin a month ago and honestly, why bother.",
            "passive.stopped_treatment",
            "moderate",
        ),
    ],
)
def test_new_rules_match_own_wording(text: str, rule_id: str, severity: str) -> None:
    """Slang, a note, acquired or readied means, rehearsal and command voices are rule hits."""
    hits = {h.rule.id: h.severity for h in screen_text(text).hits}
    assert hits.get(rule_id) == severity


@pytest.mark.parametrize(
    "text",
    [
        "failed my driving test lol kms",
        "I ran 10 kms on Sunday.",
        "I was standing near the edge of the platform when the idea popped in.",
        "My gran always told me to hit the kids back if they hit me first.",
    ],
)
def test_new_rules_leave_ordinary_wording(text: str) -> None:
    """A bare 'kms' exclamation, distances, a passing edge and advice are not new-rule hits."""
    new = {"si.online_slang", "si.rehearsal", "others.command_child"}
    assert not new & {h.rule.id for h in screen_text(text).hits}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Fifteen years since I took an overdose, and I'm proud of how far I've come.",
            "past and resolved (history; still clinically relevant)",
        ),
        (
            "The consultant says I'm dying, a few months at most, so I want every day with my "
            "grandkids.",
            "medical prognosis, not a wish to die",
        ),
        ("If he leaves the gate open one more time I'll murder him.", "idiom or hyperbole"),
        (
            "I stopped my insulin when I moved onto the pump.",
            "treatment stopped with no sign of indifference to surviving",
        ),
    ],
)
def test_guards_set_aside(text: str, reason: str) -> None:
    """Anniversaries, prognoses, exasperation and a treatment change are set aside, not hits."""
    result = screen_text(text)
    assert not result.hits
    assert reason in {r for _, r, _ in result.set_aside}


def test_exasperation_meant_is_still_flagged() -> None:
    """'One more time ... I'll kill him' with a sign it was meant stays a threat."""
    text = "If he leaves the gate open one more time I'll kill him, and I'm not joking."
    assert any(h.rule.kind == "harm_to_others" for h in screen_text(text).hits)


def test_partner_reply_does_not_continue_other_partners_thread() -> None:
    """A disclosure thread carries over only to the same speaker's answers (couple session)."""
    out = _run(
        ("Ana", "I've been cutting my legs again."),
        (T, "Ben, what comes up for you hearing that?"),
        ("Ben", "Scared, honestly. I want to be there for her."),
    )
    assert 0 in out["flags"]
    assert 2 not in out["flags"] and 2 not in out["possible"]


def test_clear_safety_affirmation_is_not_possible() -> None:
    """'Yes, I am safe at the moment' to a safety question is not listed inside the thread."""
    out = _run(
        (C, "I burned my arm with a lighter on Friday."),
        (T, "Thank you. Are you safe at the moment?"),
        (C, "Yes, I am safe at the moment."),
    )
    assert 2 not in out["flags"] and 2 not in out["possible"]


def test_protective_factors_answer_is_not_possible() -> None:
    """Naming what keeps them going answers a protective question, not the disclosure."""
    out = _run(
        (C, "Some nights I wish I just wouldn't wake up."),
        (T, "What has been keeping you going through all this?"),
        (C, "My grandson, mainly. And the allotment."),
    )
    assert 2 not in out["flags"] and 2 not in out["possible"]


def test_check_in_is_not_a_follow_up() -> None:
    """A thanks-and-check-in statement after a disclosure does not make the goodbye a flag."""
    out = _run(
        (C, "I've been hurting myself with a compass most nights."),
        (T, "Thank you for telling me. We'll check in about the compass every week."),
        (C, "Thanks. Bye for now."),
    )
    assert 0 in out["flags"]
    assert 2 not in out["flags"]


def test_thread_from_possible_line_is_weak() -> None:
    """A thread flag continuing a line that was not flagged is dropped; one that was, kept."""
    follow = Flag(9, "self_harm", "moderate", "", "disclosure_thread", context=[7, 8])
    assert weak_thread(follow, {})
    assert not weak_thread(follow, {7: follow})


def test_evasive_answer_about_means_in_thread_is_high_flag() -> None:
    """Avoiding a means question inside a flagged ideation thread is a high flag."""
    out = _run(
        (T, "Have you had thoughts of killing yourself?"),
        (C, "I have been thinking about killing myself, yes."),
        (T, "Is there anything at home you could use?"),
        (C, "I'd rather not go into that."),
    )
    assert out["flags"][3]["kind"] == "suicidal_ideation"
    assert out["flags"][3]["severity"] == "high"


@pytest.mark.parametrize(
    ("answer", "admits"),
    [
        ("some nights they do, but i'd never go through with it", True),
        ("i still get them, i just wouldn't act", True),
        ("yeah, true. i'm not going to do anything", False),
        ("yes. i've made up my mind about when", True),
    ],
)
def test_opens_with_yes(answer: str, admits: bool) -> None:
    """An answer admitting the thoughts is not read as a denial; agreeing to a denial is."""
    assert bool(ctx.OPENS_WITH_YES.search(answer)) is admits


def test_protective_act_by_carer_is_not_listed() -> None:
    """Taking the blades out of someone's room is protective, never a possible reading."""
    out = _run(
        (T, "What did you do when you found out?"),
        (C, "I took all the blades out of her bathroom and slept on her floor."),
    )
    assert 1 not in out["flags"] and 1 not in out["possible"]


def test_statement_does_not_call_possible_lower_confidence() -> None:
    """The summary says 'below the flag line', not 'lower-confidence' (a score may be high)."""
    out = _run((T, "How was the week?"), (C, "I even wrote a goodbye text to my sister."))
    assert "lower-confidence" not in out["screening"]["statement"]


def test_relapse_to_blade_has_no_contradicting_set_aside() -> None:
    """'Went back to the blades' is a self-harm hit, not also set aside as a third party's."""
    result = screen_text("Sunday night I went back to the blades after months off.")
    assert {h.rule.id for h in result.hits} >= {"sh.back_to_blade"}
    assert not result.set_aside
