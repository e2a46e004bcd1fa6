"""QA37/QA38/QA40 regressions in the insight rules: follow-up state, wording, numbering, intake.

Every transcript line and summary here is synthetic, written for these tests.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from alliancelens.insights import (
    FORMS_WITHHELD_RULE,
    InsightConfig,
    InsightKind,
    insights_for_caseload,
    measures_withheld,
    session_record,
    therapist_summary,
)
from alliancelens.testing import make_session

from .insights_helpers import caseload, ors, record, srs

CONFIG = InsightConfig()


def _risk(follow: bool | None) -> dict[str, Any]:
    flag: dict[str, Any] = {"index": 3, "kind": "passive_suicidal_ideation", "severity": "low"}
    if follow is not None:
        flag["therapist_follow_up"] = follow
    return {"risk": [flag], "risk_screening": {"flagged": 1}}


@pytest.mark.parametrize(
    ("follow", "said"),
    [
        (False, "not detected for utterance 3"),
        (True, "detected for utterance 3"),
        (None, None),
    ],
)
def test_risk_language_carries_the_flag_rows_follow_up(
    follow: bool | None, said: str | None
) -> None:
    """QA37 #3: the alert says what the flag row says about the therapist's follow-up."""
    (alert,) = insights_for_caseload(
        caseload(record(**_risk(follow))), CONFIG, rules=["risk_language"]
    )
    if said is None:
        assert "follow-up (the risk screen" not in alert.explanation
        return
    lead = "Therapist follow-up (the risk screen's reading of the next therapist turn): "
    assert f"{lead}{said}." in alert.explanation
    missed = alert.evidence[0].scores.get("follow_up_not_detected")
    assert (missed == 1.0) is (follow is False)
    assert ("at the next contact" in alert.suggestion) is (follow is False)


def _closing(question: str) -> dict[str, Any]:
    """A 10-turn session whose closing therapist turn (8) is ``question``; no cue found it."""
    turns = [("therapist" if i % 2 == 0 else "client", f"line {i}") for i in range(10)]
    turns[8] = ("therapist", question)
    session = make_session(*turns, session_id="s1")
    relational = {"feedback_elicitation": {"count": 0, "indexes": []}}
    return {"session": session, "summary": {"relational": relational}}


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("How was today compared to last time?", True),
        ("How was today for you, compared with last week?", True),
        ("How was the session compared with our last session?", True),
        ("How was today for you compared to last time?", True),
        ("How was the walk compared to last time?", False),
    ],
)
def test_feedback_rule_reads_a_comparison_with_last_time(question: str, asked: bool) -> None:
    """QA37 #8: "How was today compared to last time?" asks for feedback; cited as not, before."""
    built = _closing(question)
    found = insights_for_caseload(
        caseload(session_record(built["session"], built["summary"])),
        CONFIG,
        rules=["feedback_not_elicited", "feedback_elicited"],
    )
    assert [i.rule for i in found] == ["feedback_elicited" if asked else "feedback_not_elicited"]


def test_own_problems_title_states_the_fact() -> None:
    """QA37 #10: the title gives the share and turns, not "take up the session"."""
    flags = [{"index": 4, "kind": "therapist_own_problems", "share_of_therapist_words": 0.21}]
    (found,) = insights_for_caseload(
        caseload(record(red_flags=flags)), CONFIG, rules=["therapist_own_problems"]
    )
    assert found.title == "Therapist self-disclosure: 21% of therapist words (1 turn)"
    assert "take up" not in found.title


def test_fit_rule_labels_forms_apart_from_session_ids() -> None:
    """QA38 #15: the fit alert counts forms, says so, and never calls them sessions."""
    flat = [ors(f"s{i}", i + 1, 4.5) for i in range(6)]
    (found,) = insights_for_caseload(caseload(measures=flat), CONFIG, rules=["not_on_track_fit"])
    assert found.title.startswith("Not on track by the 4th–6th ORS form")
    assert "not stored session ids" in found.explanation
    assert "session(s)" not in found.explanation


@pytest.mark.parametrize(
    ("items", "fires"),
    [((7.5,) * 4, True), ((6.2, 6.3, 6.2, 6.3), True), ((6.2, 6.2, 6.2, 6.3), False)],
    ids=["30.0", "25.0", "24.9"],
)
def test_intake_outside_the_clinical_range_is_a_prompt(
    items: tuple[float, ...], fires: bool
) -> None:
    """QA38 #16: an ORS intake of 25.0 or more (adult, `< 25` clinical) prompts the §1.5 talk."""
    intake = dataclasses.replace(ors("s1", 1, 1.0), responses=items)
    load = caseload(measures=[intake, ors("s2", 8, 6.0)])
    found = insights_for_caseload(load, CONFIG, rules=["intake_above_cutoff"])
    assert bool(found) is fires
    if fires:
        (prompt,) = found
        assert prompt.kind is InsightKind.PROMPT and prompt.evidence[0].session_id == "s1"
        assert "§1.5" in prompt.explanation and "discuss ending" in prompt.explanation


def test_intake_prompt_is_quiet_on_a_partial_series() -> None:
    """A supervisor's partial series: its first visible form need not be the intake."""
    load = dataclasses.replace(caseload(measures=[ors("s1", 1, 7.5)]), partial_measures=True)
    assert insights_for_caseload(load, CONFIG, rules=["intake_above_cutoff"]) == []


def test_item_low_evidence_names_the_lowest_item() -> None:
    """QA40 #12: the SRS item rule's score is keyed "SRS lowest item", not read as a total."""
    load = caseload(measures=[srs("s1", 1, 9.6), srs("s2", 8, 8.5)])
    found = insights_for_caseload(load, CONFIG, rules=["measure_alerts"])
    (low,) = [i for i in found if "item low" in i.title]
    assert "SRS lowest item" in low.evidence[-1].scores and "SRS" not in low.evidence[-1].scores


def test_forms_withheld_notice_is_a_prompt_with_evidence() -> None:
    """The withheld-forms notice is a prompt row with its own rule id and the forms read."""
    notice = measures_withheld("client 3", 4, "Some forms are not shown.")
    assert notice.kind is InsightKind.PROMPT and notice.rule == FORMS_WITHHELD_RULE
    assert notice.evidence[0].scores == {"forms_shown": 4.0}


def test_therapist_summary_counts_sessions_and_clients_per_rule() -> None:
    """A pattern seen in two clients' sessions is one row with both counts; alerts come first."""
    ask = {"relational": {"feedback_elicitation": {"count": 1, "indexes": [18]}}}
    flagged = {**_risk(False), **ask}
    first = dataclasses.replace(caseload(record("1", **ask), record("2", **flagged)), client="A")
    second = dataclasses.replace(caseload(record("5", **ask)), client="B")
    found = [i for c in (first, second) for i in insights_for_caseload(c, CONFIG)]
    summary = therapist_summary("trainee-x", [first, second], found)
    rows = {p.rule: p for p in summary.patterns}
    assert rows["feedback_elicited"].sessions == (("A", "1"), ("A", "2"), ("B", "5"))
    assert rows["feedback_elicited"].clients == ("A", "B")
    assert summary.patterns[0].kind is InsightKind.ALERT
    assert summary.to_json()["session_count"] == 3


def test_an_intake_above_the_cutoff_gives_one_row_not_two() -> None:
    """A lone ORS intake above the cut-off: the prompt only, not also the measures' info alert."""
    load = caseload(measures=[dataclasses.replace(ors("s1", 1, 1.0), responses=(7.5,) * 4)])
    found = insights_for_caseload(load, CONFIG, rules=["intake_above_cutoff", "measure_alerts"])
    assert [i.rule for i in found] == ["intake_above_cutoff"]
