"""risk.language version 6: open disclosure threads, follow-up answers and their window."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from alliancelens import report
from alliancelens.analysers import _risk_thread as thr
from alliancelens.analysers._risk_flags import Cuts, Flag, screen_text
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers.risk import RiskLanguage, rule_reading, thread_turns
from alliancelens.domain import Role, Session
from alliancelens.models.risk_model import RiskScore
from alliancelens.testing import make_session

T, C = "therapist", "client"
SELF_HARM = "I cut my arms again last night."


def _listed(session: Session, **params: Any) -> tuple[dict[int, str], dict[int, str]]:
    """(flagged index -> basis, possible index -> basis)."""
    findings = {f.kind: f.value for f in RiskLanguage(**params).analyse(session)}
    flags = {int(i["index"]): i["basis"] for i in findings["risk.summary"]}
    possible = {int(p["index"]): p["basis"] for p in findings["risk_screening.summary"]["possible"]}
    return flags, possible


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        (
            "sometimes when people feel this flat they go to bed hoping they wont wake up is "
            "that something you notice",
            "yeah pretty much most nights honestly",
        ),
        ("Have you had any thoughts of ending your life?", "Not really... well, some nights."),
        ("Do you ever wish you could go to sleep and not wake up?", "i guess kinda yeah"),
    ],
)
@pytest.mark.parametrize("use_model", [False, True])
def test_hedged_yes_to_a_screening_question_is_flagged(
    question: str, answer: str, use_model: bool
) -> None:
    """A hedged yes to a screening question (with or without '?') is a flag, not just possible."""
    flags, _ = _listed(make_session((T, question), (C, answer)), use_model=use_model)
    assert flags.get(1) == "answer_to_screening"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("How many times this week?", "three maybe four, i've got a lump here look"),
        ("Did any of them need stitches?", "no they're not that deep, i cleaned them"),
        ("And where do you do it?", "in the bathroom mostly, with the door locked"),
        ("go on", "and then i sat on the floor for ages after"),
    ],
)
@pytest.mark.parametrize("use_model", [False, True])
def test_follow_up_answer_in_self_harm_thread_is_at_least_possible(
    question: str, answer: str, use_model: bool
) -> None:
    """A non-denial answer to a follow-up inside an open self-harm thread is flagged or possible."""
    session = make_session((C, SELF_HARM), (T, question), (C, answer))
    flags, possible = _listed(session, use_model=use_model)
    assert 2 in flags or 2 in possible


@pytest.mark.parametrize(
    "answer", ["No.", "No, not since Sunday.", "Nah, I haven't done it since.", "No. Not at all."]
)
@pytest.mark.parametrize("use_model", [False, True])
def test_denial_inside_a_thread_is_not_flagged(answer: str, use_model: bool) -> None:
    """A denial inside an open thread is neither flagged nor listed as possible."""
    session = make_session((C, SELF_HARM), (T, "Have you done it again this week?"), (C, answer))
    flags, possible = _listed(session, use_model=use_model)
    assert 2 not in flags
    assert 2 not in possible


def test_screening_question_itself_is_never_flagged() -> None:
    """Therapist screening and follow-up questions inside a thread are never flagged or listed."""
    session = make_session(
        (C, SELF_HARM),
        (T, "Have you had thoughts of killing yourself? Did you cut deep?"),
        (C, "yeah"),
        (T, "Are you thinking of hurting yourself tonight?"),
    )
    flags, possible = _listed(session)
    assert not {1, 3} & (set(flags) | set(possible))


def _filler(turns: int) -> list[tuple[str, str]]:
    return [pair for _ in range(turns) for pair in ((T, "Mm."), (C, "We watched a film."))]


@pytest.mark.parametrize(
    ("between", "open_"), [(0, True), (thr.THREAD_WINDOW - 1, True), (thr.THREAD_WINDOW, False)]
)
def test_thread_closes_after_the_documented_window(between: int, open_: bool) -> None:
    """A follow-up answer is possible within THREAD_WINDOW client turns of the opener, not after."""
    turns = [(C, SELF_HARM), *_filler(between), (T, "Where were you?"), (C, "in the bathroom")]
    flags, possible = _listed(make_session(*turns), use_model=False)
    last = len(turns) - 1
    assert (possible.get(last) == "thread_follow_up") is open_
    assert last not in flags


def test_topic_change_closes_the_thread() -> None:
    """A therapist turn that clearly changes the topic closes the thread."""
    session = make_session(
        (C, SELF_HARM),
        (T, "Thank you. Let's move on to your homework. What did you try?"),
        (C, "the breathing thing, twice"),
    )
    assert 2 not in _listed(session, use_model=False)[1]


def test_a_possible_model_reading_opens_only_a_weak_thread() -> None:
    """A thread opened by a *possible* entry informs the model but adds no rule entry."""
    tracker = thr.ThreadTracker()
    tracker.client(0, Flag(0, "self_harm", "moderate", "", "model"), strong=False)
    assert tracker.current is not None
    assert tracker.current.strong is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("is that something you notice", True),
        ("how many times this week", True),
        ("did any of them need stitches", True),
        ("That sounds really hard.", False),
        ("You've had a rough week.", False),
    ],
)
def test_questions_are_recognised_without_question_marks(text: str, expected: bool) -> None:
    """Speech-to-text questions are questions by their word order, not only by '?'."""
    assert thr.is_question(normalise(text)) is expected


@pytest.mark.parametrize("kind", sorted(thr.THREAD_OPENERS))
def test_thread_openers_are_flagged_with_their_kind(kind: str) -> None:
    """Each opener used for single labelled lines is a rule flag of its own kind."""
    utterances = thread_turns("okay", "How often?", kind)
    assert [u.role for u in utterances] == [Role.CLIENT, Role.THERAPIST, Role.CLIENT]
    reading = RiskLanguage(use_model=False).readings(utterances)[0]
    assert reading is not None
    assert reading.flag is not None
    assert reading.flag.kind == kind


def test_rule_reading_reports_a_follow_up_prompt_only_in_a_thread() -> None:
    """rule_reading's third value is true only for a follow-up prompt inside a thread."""
    assert rule_reading("three times", "How many times?", "self_harm")[2] is True
    assert rule_reading("three times", "How many times?")[2] is False


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("That was years ago, it's all behind me now.", True),
        ("My cousin did it, not me.", True),
        ("No, not since Sunday.", False),
        ("three maybe four", False),
    ],
)
def test_ends_thread(text: str, ends: bool) -> None:
    """Past-and-resolved or someone else's act ends a thread; a denial or detail does not."""
    assert thr.ends_thread(normalise(text), screen_text(text)) is ends


def _score(guard: str, p_guard_risk: float) -> RiskScore:
    return RiskScore(0.5, "self_harm", 1.0, "moderate", guard, 0.9, p_guard_risk, ())


@pytest.mark.parametrize(
    ("basis", "guard", "p_guard_risk", "listed"),
    [
        ("disclosure_thread", "negation", 0.1, True),
        ("answer_to_screening", "past_resolved", 0.1, True),
        ("answer_to_screening", "negation", 0.9, False),
        ("answer_to_screening", "idiom_or_hyperbole", 0.1, False),
        ("wording", "negation", 0.1, False),
    ],
)
def test_dialogue_only_flag_read_as_denial_goes_to_review(
    basis: str, guard: str, p_guard_risk: float, listed: bool
) -> None:
    """A flag without risk wording of its own that the model reads as a denial becomes possible."""
    flag = Flag(3, "self_harm", "moderate", "", basis)
    cuts = Cuts(0.9, 0.3, 0.4)
    assert thr.model_reads_denial(flag, _score(guard, p_guard_risk), cuts) is listed


def test_thread_entries_fit_the_report_schema() -> None:
    """Flags and possible entries with the version 6 basis validate against the report schema."""
    schema = report.load_schema()
    session = make_session(
        (C, SELF_HARM), (T, "Where were you?"), (C, "in the bathroom"), (T, "Mm."), (C, "yeah")
    )
    findings = {f.kind: f.value for f in RiskLanguage(use_model=False).analyse(session)}
    entry = Flag(2, "self_harm", "moderate", "r", "thread_follow_up", context=[0, 1]).as_dict()
    validator = jsonschema.Draft202012Validator({**schema, **schema["$defs"]["risk"]})
    validator.validate([*findings["risk.summary"], entry])
    screening = findings["risk_screening.summary"]
    assert [p["basis"] for p in screening["possible"]] == ["thread_follow_up"]
    jsonschema.Draft202012Validator({**schema, **schema["$defs"]["risk_screening"]}).validate(
        screening
    )


@pytest.mark.parametrize(
    ("turns", "gold", "expected"),
    [
        (  # a labelled disclosure opens the thread for the next client turns
            [(C, SELF_HARM), (T, "How often?"), (C, "Most nights."), (T, "Where?"), (C, "Arms.")],
            {0: ("self_harm", "moderate")},
            {0: None, 2: "self_harm", 4: "self_harm"},
        ),
        (  # a clear change of topic closes it
            [(C, SELF_HARM), (T, "Let's move on to your homework."), (C, "Okay.")],
            {0: ("self_harm", "moderate")},
            {0: None, 2: None},
        ),
        (  # open for THREAD_WINDOW client turns only
            [(C, SELF_HARM), (C, "a"), (C, "b"), (C, "c"), (C, "d")],
            {0: ("self_harm", "moderate")},
            {0: None, 1: "self_harm", 2: "self_harm", 3: "self_harm", 4: None},
        ),
        (  # unlabelled risk wording opens nothing: the labels decide, not the rules
            [(C, SELF_HARM), (T, "How often?"), (C, "Most nights.")],
            {},
            {0: None, 2: None},
        ),
    ],
)
def test_gold_threads_follow_the_labels_like_the_tracker(
    turns: list[tuple[str, str]], gold: dict[int, tuple[str, str]], expected: dict[int, str | None]
) -> None:
    """gold_threads opens threads at labelled risk turns and closes them as a session does."""
    session = make_session(*turns)
    assert thr.gold_threads(session.utterances, gold) == expected


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("I'll send you a link for the light box. Does that sound like a plan?", False),
        ("Shall we put the walk in the diary for Tuesday?", False),
        ("How does that sound?", False),
        ("Does that sound like a plan you've made before, to end your life?", True),
        ("Can you tell me more about those thoughts?", True),
        ("What stopped you?", True),
    ],
)
def test_a_plan_proposal_is_not_a_follow_up(prompt: str, expected: bool) -> None:
    """Version 10: proposing a task asks for agreement, not more about the disclosure."""
    assert thr.follow_up_prompt(normalise(prompt)) is expected
