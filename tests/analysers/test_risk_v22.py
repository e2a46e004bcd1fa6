"""Version 22 of ``risk.language``: QA29 and QA25 corrections (docs/analysers/risk.md).

All text is synthetic and worded differently from the testers' items.
"""

from __future__ import annotations

import jsonschema
import pytest
from risk_helpers import risk_readings

from alliancelens import report
from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._risk_content import escalates, own_words_high
from alliancelens.analysers._risk_flags import masked
from alliancelens.analysers._risk_joined import FINALITY, JOINED, ONGOING
from alliancelens.analysers._risk_text import normalise

T, C = "therapist", "client"
_FALSE_CLAIM = "the question asked about"


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("Late at night mostly. I haven't got a plan.", False),
        ("I wouldn't know where to start, there's no method.", False),
        ("It's there but I didn't make any plan.", False),
        ("I've worked out a plan for Friday.", True),
        ("I keep the tablets in my bag.", True),
        ("I can't stop thinking about the tablets in the drawer.", True),
    ],
)
def test_contracted_negator_scopes_the_escalator(text: str, high: bool) -> None:
    """A contracted negator a few words before a plan or method word keeps it from being high."""
    assert own_words_high(masked(text)) is high


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("On Sunday I got my safety plan out of the drawer.", False),
        ("My crisis plan says to ring my brother, so I did.", False),
        ("We went over the care plan with the nurse.", False),
        ("I made a plan for how I'd do it.", True),
    ],
)
def test_a_plan_for_staying_safe_is_not_an_escalator(text: str, high: bool) -> None:
    """A safety, crisis or care plan is coping; a plan of one's own to die still escalates."""
    norm = masked(text)
    assert own_words_high(norm) is high
    assert escalates(lex.SEVERITY_ESCALATORS[lex.SI], norm) is high


def test_negated_plan_in_a_thread_answer_stays_moderate() -> None:
    """An answer admitting the thoughts and denying a plan is not raised to high by 'plan'."""
    out = risk_readings(
        (T, "How has the week been?"),
        (C, "Honestly I've wished I could go to sleep and stay asleep."),
        (T, "I'm sorry it's been that heavy. Do you have thoughts of killing yourself?"),
        (C, "Now and then, in the evenings. I haven't made a plan though."),
        (T, "Thank you for being honest with me."),
    )
    entry = {**out["possible"], **out["flags"]}[3]
    assert entry["severity"] == "moderate"
    assert _FALSE_CLAIM not in entry["reason"]


def test_safety_plan_answer_is_not_high_and_follow_up_is_seen() -> None:
    """Using a safety plan is coping: not high, no plan claim, and 'what helped' is a follow-up."""
    out = risk_readings(
        (T, "Before, you told me about thoughts of not waking up. How has this week been?"),
        (C, "Up and down. I went through my safety plan on Sunday night."),
        (T, "You went through the plan on a hard night. What got you through?"),
        (C, "Texting my cousin."),
    )
    entries = {**out["possible"], **out["flags"]}
    assert 1 in entries
    assert entries[1]["severity"] != "high"
    assert _FALSE_CLAIM not in entries[1]["reason"]
    assert entries[1]["therapist_follow_up"] is True


def test_no_reason_claims_the_question_asked_about_a_plan() -> None:
    """When the client's own words raise an answer to high, the reason says so, not the question."""
    out = risk_readings(
        (T, "Are you having any thoughts of ending your life?"),
        (C, "Some days. There's a rope in the shed."),
    )
    reasons = [f["reason"] for f in out["flags"].values()]
    assert reasons
    assert all(_FALSE_CLAIM not in reason for reason in reasons)


@pytest.mark.parametrize(
    "turn",
    [
        "What got you through it?",
        "How did you manage on Sunday?",
        "Did going through your safety plan help at all?",
        "What has helped, even a little?",
    ],
)
def test_coping_questions_count_as_follow_up(turn: str) -> None:
    """Asking about coping or the safety plan explores the disclosure (therapist_follow_up)."""
    assert ctx.EXPLORES.search(normalise(turn))


def _group(*lines: tuple[str, str]) -> dict[str, object]:
    return risk_readings((T, "Who would like to go first this evening?"), *lines)


def test_first_person_persistent_echo_in_a_group_is_a_joined_flag() -> None:
    """'I still think about that most nights' after another member's flag is a flag, moderate."""
    out = _group(
        ("Dana", "Most nights I think about killing myself."),
        ("Lee", "Dana, thank you for trusting us with that."),
        ("Max", "I still think about that most nights, honestly."),
    )
    flags = out["flags"]
    assert isinstance(flags, dict)
    flag = flags[3]
    assert flag["basis"] == "joined_disclosure"
    assert flag["kind"] == "suicidal_ideation"
    assert flag["severity"] == "moderate"
    assert flag["context_indexes"] == [1]


def test_joined_and_finality_entries_fit_the_report_schema() -> None:
    """A joined flag and a finality entry validate against the report schema."""
    schema = report.load_schema()
    out = _group(
        ("Dana", "Most nights I think about killing myself."),
        ("Max", "I still think about that most nights."),
        ("Lee", "After today you won't have to worry about me again."),
    )
    flags, possible = out["flags"], out["possible"]
    assert isinstance(flags, dict) and isinstance(possible, dict)
    assert flags[2]["basis"] == "joined_disclosure"
    assert possible[3]["basis"] == "finality"
    jsonschema.Draft202012Validator({**schema, **schema["$defs"]["risk"]}).validate(
        list(flags.values())
    )
    jsonschema.Draft202012Validator({**schema, **schema["$defs"]["risk_screening"]}).validate(
        out["screening"]
    )


def test_joined_flag_takes_the_lower_severity_of_a_passive_wish() -> None:
    """Joining a passive wish is passive and low, whatever the model reads."""
    out = _group(
        ("Rae", "Some mornings I'd rather just not wake up at all."),
        ("Jo", "It still crosses my mind every morning too."),
    )
    flags = out["flags"]
    assert isinstance(flags, dict)
    assert flags[2]["basis"] == "joined_disclosure"
    assert (flags[2]["kind"], flags[2]["severity"]) == ("passive_suicidal_ideation", "low")


@pytest.mark.parametrize(
    "echo",
    ["Me too.", "Same here, Rae.", "I get that feeling too.", "It never crosses my mind now."],
)
def test_plain_me_too_or_negated_echo_is_not_a_joined_flag(echo: str) -> None:
    """A plain 'me too' stays possible at most; a negated echo is not read as joining."""
    out = _group(("Rae", "Some mornings I'd rather just not wake up at all."), ("Jo", echo))
    flags = out["flags"]
    assert isinstance(flags, dict)
    assert 2 not in flags or flags[2]["basis"] != "joined_disclosure"


def test_joined_reading_needs_another_speaker() -> None:
    """In a one-client session the joined reading never applies (the thread rules decide)."""
    out = risk_readings(
        (C, "Most nights I think about killing myself."),
        (T, "Thank you for telling me."),
        (C, "I still think about it every night."),
    )
    flags = out["flags"]
    assert all(f["basis"] != "joined_disclosure" for f in flags.values())


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("I'm still having those most days.", True),
        ("They're still there every evening.", True),
        ("I get that too.", False),
        ("I used to think about it every day.", False),
    ],
)
def test_joined_wording(text: str, joined: bool) -> None:
    """Only a present-tense first-person line with persistence or frequency reads as joined."""
    norm = normalise(text)
    assert bool(JOINED.search(norm) and ONGOING.search(norm)) is joined


@pytest.mark.parametrize(
    "line",
    [
        "From the end of the month you won't have to worry about me any more.",
        "Today is the last time you'll see me.",
        "Honestly, I won't need anything from anybody again.",
    ],
)
def test_finality_is_listed_as_possible(line: str) -> None:
    """A statement of finality is a possible reading for review, never a flag."""
    out = risk_readings((T, "Shall we fix a time for next month?"), (C, line))
    assert 1 not in out["flags"]
    assert out["possible"][1]["basis"] == "finality"
    assert out["possible"][1]["severity"] == "low"


@pytest.mark.parametrize(
    "line",
    [
        "After next week I'll see my mum in Leeds.",
        "I won't need anything from the shop, thanks.",
        "I won't need any more sessions after this, I feel ready.",
        "He won't need anything from anyone, he's loaded.",
    ],
)
def test_ordinary_endings_are_not_finality(line: str) -> None:
    """Plans, errands, ending therapy and third parties are not read as finality."""
    assert not FINALITY.search(normalise(line))
