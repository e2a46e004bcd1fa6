"""Version 23 of ``risk.language``: QA31 corrections (docs/analysers/risk.md, "Version 23").

All text is synthetic and worded differently from the tester's items.
"""

from __future__ import annotations

import jsonschema
import pytest
from risk_helpers import risk_items, risk_readings

from alliancelens import report
from alliancelens.analysers.risk import RiskLanguage

T, C = "therapist", "client"


def test_version_is_23() -> None:
    """The output changed in version 23 (QA31), so the analyser's version says so."""
    assert RiskLanguage.version >= 23


@pytest.mark.parametrize(
    "turns",
    [
        (
            (T, "Can we talk about the overdose a fortnight back?"),
            (C, "It wasn't an accident, whatever my sister says. I wanted to not wake up."),
        ),
        (
            (T, "How have you been since we last met?"),
            (C, "Rough. I took an overdose on Sunday and nobody knows."),
        ),
        ((T, "How has the month been?"), (C, "Not great. My most recent attempt was in June.")),
        (
            (T, "What happened in March?"),
            (C, "I tried to kill myself in March, and I've still got the rest of the pills."),
        ),
    ],
)
def test_recent_attempt_is_high_suicidal_ideation(turns: tuple[tuple[str, str], ...]) -> None:
    """An own attempt or overdose with a recent time marker is SI high, never a passive wish."""
    flag = risk_readings(*turns)["flags"][1]
    assert (flag["kind"], flag["severity"]) == ("suicidal_ideation", "high")


def test_intent_of_a_recent_attempt_keeps_it_high() -> None:
    """The answer saying what the recent overdose was for stays SI high, not passive low."""
    flags = risk_readings(
        (T, "Tell me about the overdose in October."),
        (C, "People say it was a mistake. I knew what I was doing."),
        (T, "What were you hoping for?"),
        (C, "To go to sleep and not wake up again."),
    )["flags"]
    assert flags[1]["severity"] == flags[3]["severity"] == "high"
    assert flags[3]["kind"] == "suicidal_ideation"


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("My cousin took an overdose last month. She's back home now.", False),
        ("We had a lad in on Friday who'd overdosed on his meds.", False),
        ("I overdosed on chocolate last week, honestly, I felt sick.", False),
    ],
)
def test_someone_elses_or_idiomatic_overdose_is_not_a_flag(text: str, listed: bool) -> None:
    """A friend's or patient's overdose, or an 'overdose' of chocolate, is not the client's act."""
    assert (1 in risk_readings((T, "How was work?"), (C, text))["flags"]) is listed


def test_resolved_attempt_in_youth_is_set_aside_as_history() -> None:
    """An attempt at an age long past that the speaker calls over is history, not a flag."""
    out = risk_readings(
        (T, "Anything in your past I should know?"),
        (C, "I took an overdose at sixteen. I'm forty-five now and that's behind me."),
    )
    assert 1 not in out["flags"]
    assert any("past and resolved" in e["reason"] for e in out["aside"])


def test_past_attempt_with_thoughts_returning_is_moderate() -> None:
    """A past attempt long ago with the same thoughts returning now is SI moderate (§10.1)."""
    flag = risk_readings(
        (T, "How are things?"),
        (C, "I tried once before, a long while back. These days those thoughts are coming back."),
    )["flags"][1]
    assert (flag["kind"], flag["severity"]) == ("suicidal_ideation", "moderate")


def test_extended_suicide_gives_one_entry_per_kind() -> None:
    """Dying and taking the baby too is SI high and harm to others high on the same utterance."""
    items = risk_items(
        (T, "How are you finding the nights?"),
        (C, "Sometimes I think the baby and me would be better off dead. I'd take him with me."),
    )
    kinds = {(i["kind"], i["severity"]) for i in items if i["index"] == 1}
    assert kinds == {("suicidal_ideation", "high"), ("harm_to_others", "high")}


def test_extended_suicide_counts_the_utterance_once() -> None:
    """Two kinds on one utterance are one flagged utterance in the screening summary."""
    screening = risk_readings(
        (T, "How is it at home?"),
        (C, "I want to end it and bring my daughter with me so she isn't alone."),
    )["screening"]
    assert screening["flagged"] == 1


def test_taking_a_child_on_an_errand_is_not_flagged() -> None:
    """'Take him with me' to the shops, with no death wording, is not extended suicide."""
    assert not risk_items((T, "What will you do Saturday?"), (C, "Take him with me to the market."))


@pytest.mark.parametrize(
    "question", ["Have you got a plan?", "Have you made any plan to kill yourself?"]
)
def test_partial_denial_is_moderate_ideation(question: str) -> None:
    """'Not a plan, I still think about it' endorses the thoughts: SI moderate, not a denial."""
    out = risk_readings((T, question), (C, "Not a plan. I still think about it most evenings."))
    assert (out["flags"][1]["kind"], out["flags"][1]["severity"]) == (
        "suicidal_ideation",
        "moderate",
    )
    assert not any(e["reason"].startswith("denial") for e in out["aside"])


def test_negated_plan_does_not_raise_a_thread_answer_to_high() -> None:
    """'No plan' inside a disclosure thread keeps the answer moderate (no plan named)."""
    flags = risk_readings(
        (T, "Have you had thoughts of suicide?"),
        (C, "Now and then."),
        (T, "Have you got a plan?"),
        (C, "No plan. I just think about it when it's quiet."),
    )["flags"]
    assert flags[3]["severity"] == "moderate"


def test_third_party_danger_is_listed_for_safeguarding() -> None:
    """A friend's specific plan is listed as third-party danger, not set aside, not a flag."""
    out = risk_readings(
        (T, "What's on your mind?"),
        (C, "My flatmate says she's going to jump off the car park on Friday. I'm scared."),
    )
    screening = out["screening"]
    assert not out["flags"]
    assert [e["index"] for e in screening["third_party_danger"]] == [1]
    assert "safeguarding" in screening["third_party_danger"][0]["review"]
    assert not any(e["index"] == 1 for e in out["aside"])
    assert screening["statement"].startswith("1 utterance(s) report danger")


def test_past_third_party_act_stays_set_aside() -> None:
    """A relative's overdose years ago, now well, is not third-party danger."""
    screening = risk_readings(
        (T, "How's the family?"),
        (C, "My uncle took an overdose years ago. He's doing really well now."),
    )["screening"]
    assert screening["third_party_danger"] == []


def test_third_party_danger_fits_the_report_schema() -> None:
    """The third-party list is valid under the analysis schema's risk_screening definition."""
    screening = risk_readings(
        (T, "Go on."), (C, "My brother has got a gun and he said he'd shoot himself tonight.")
    )["screening"]
    schema = report.load_schema()
    jsonschema.Draft202012Validator({**schema, **schema["$defs"]["risk_screening"]}).validate(
        screening
    )
    assert screening["third_party_danger"]


@pytest.mark.parametrize(
    "turns",
    [
        (
            (T, "What happened online?"),
            (C, "I commented kms on his photo haha"),
            (T, "Were you serious?"),
            (C, "dunno. sort of meant it"),
        ),
    ],
)
def test_meant_it_makes_the_joke_a_disclosure(turns: tuple[tuple[str, str], ...]) -> None:
    """'Sort of meant it' after the speaker's own 'kms' is a flag; the shorthand is possible."""
    out = risk_readings(*turns)
    assert out["flags"][3]["kind"] == "suicidal_ideation"
    assert 1 in out["possible"]


def test_named_group_follow_up_continues_that_members_thread() -> None:
    """'Sam, tell us more' then Sam's 'Pretty much daily' continues Sam's own flagged line."""
    out = risk_readings(
        (T, "Anyone want to start?"),
        ("Jo", "Honestly I'd rather not wake up some mornings."),
        ("Sam", "I feel that too, every day."),
        (T, "Sam, could you tell us more?"),
        ("Sam", "Pretty much daily."),
    )
    assert out["flags"][4]["basis"] == "disclosure_thread"
    assert out["flags"][4]["context_indexes"][0] == 2
    assert out["flags"][1]["therapist_follow_up"] is False


def test_non_denial_to_safety_question_keeps_a_high_thread_high() -> None:
    """'Not sure' to 'are you safe?' after the speaker's own high disclosure stays high."""
    flags = risk_readings(
        (T, "How are you today?"),
        (C, "I've counted out the tablets and put them by the bed."),
        (T, "Are you safe right now?"),
        (C, "Not sure."),
    )["flags"]
    assert flags[3]["severity"] == "high"


@pytest.mark.parametrize(
    ("text", "kind", "severity"),
    [
        (
            "I was leaning over the crib last night with a blanket in my hands.",
            "harm_to_others",
            "high",
        ),
        ("The voices keep telling me to hurt the man upstairs.", "harm_to_others", "high"),
        (
            "I've been drinking alone by the river at night. If it takes me, so be it.",
            "passive_suicidal_ideation",
            "moderate",
        ),
    ],
)
def test_severity_follows_the_act(text: str, kind: str, severity: str) -> None:
    """Approach with means and command voices are high; a passive wish with risky acts moderate."""
    out = risk_readings((T, "How have things been?"), (C, text))
    flag = out["flags"][1]
    assert (flag["kind"], flag["severity"]) == (kind, severity)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly I was so knackered I could have died.",
        "and she's like I want to die lol, so dramatic",
    ],
)
def test_tiredness_and_reported_joking_are_set_aside(text: str) -> None:
    """Tiredness hyperbole and someone else's joking words are not the client's wish."""
    assert 1 not in risk_readings((T, "How was the week?"), (C, text))["flags"]


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("I've been handing my tools to my nephew, something to remember me by.", "high"),
        ("I found a forum where people share methods and I read it for hours.", "high"),
        ("If I'm not at group, don't worry. I've made peace with it all.", "moderate"),
    ],
)
def test_preparation_goodbye_and_method_research_are_flags(text: str, severity: str) -> None:
    """Giving things away, reading methods and a goodbye are SI flags (C-SSRS Q6, §10.3)."""
    flag = risk_readings((T, "How are things?"), (C, text))["flags"][1]
    assert (flag["kind"], flag["severity"]) == ("suicidal_ideation", severity)


def test_goodbye_after_everything_ready_is_high() -> None:
    """A goodbye with a date after the same speaker had 'everything ready' is high (tier 3)."""
    out = risk_readings(
        (T, "How's the week?"),
        (C, "I've had enough. I've got everything sorted for Sunday."),
        (T, "Sorted how?"),
        (C, "I won't be needing these sessions after Sunday."),
    )
    assert 1 in out["possible"]
    assert out["flags"][3]["severity"] == "high"


@pytest.mark.parametrize(
    "text",
    [
        "I've been using on my own at night. If I go under, I go under.",
        "Honestly I don't see the point of carrying on.",
    ],
)
def test_worded_passive_readings_are_flags(text: str) -> None:
    """Risky behaviour with indifference, or no point in going on, is flagged, not only possible."""
    flags = risk_readings((T, "How are you?"), (C, text))["flags"]
    assert flags[1]["kind"] == "passive_suicidal_ideation"
