"""The rule registry: every rule documented with its source, rules selectable, alerts first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancelens.insights import RULES, InsightKind, insights_for_caseload

from .insights_helpers import caseload, episode, record

DOC = Path(__file__).parents[2] / "docs" / "insights.md"


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_has_a_docs_section_with_its_source(rule: str) -> None:
    """docs/insights.md has a ``### `rule` `` section with a **Source** line for each rule."""
    text = DOC.read_text("utf-8")
    section = re.search(rf"^### `{rule}`\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    assert section, f"docs/insights.md has no section for {rule}"
    assert "**Source**" in section.group(1)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_every_rule_function_names_its_source(rule: str) -> None:
    """Each rule function has a docstring naming where the rule comes from."""
    doc = RULES[rule].__doc__ or ""
    assert re.search(r"3RS|MITI|PCOMS|Bordin|§", doc), rule


def test_alerts_come_before_strengths() -> None:
    """Insights are ordered alert, prompt, growth area, strength."""
    ruptures = [episode(resolved=True), episode(resolved=False, start=10)]
    found = insights_for_caseload(caseload(record(ruptures=ruptures)))
    assert [i.kind for i in found] == [InsightKind.ALERT, InsightKind.PROMPT, InsightKind.STRENGTH]


def test_rules_can_be_chosen_by_id() -> None:
    """Passing ``rules`` runs only those rules."""
    ruptures = [episode(resolved=True), episode(resolved=False, start=10)]
    found = insights_for_caseload(caseload(record(ruptures=ruptures)), rules=["repaired_rupture"])
    assert [i.rule for i in found] == ["repaired_rupture"]


def test_a_rule_seen_in_several_sessions_is_one_entry_listing_them() -> None:
    """The same unresolved-rupture insight in three sessions is one entry with three sessions."""
    records = [record(str(n), ruptures=[episode(resolved=False, start=5)]) for n in (9, 10, 11)]
    found = insights_for_caseload(caseload(*records), rules=["unresolved_rupture"])
    assert len(found) == 1
    assert found[0].session_ids == ("9", "10", "11")
    assert "Seen in 3 sessions: 9, 10, 11." in found[0].explanation


def test_two_episodes_of_one_session_stay_two_entries() -> None:
    """Grouping joins sessions, never two findings about one session."""
    ruptures = [episode(resolved=False, start=2), episode(resolved=False, start=11)]
    found = insights_for_caseload(caseload(record("e1", ruptures=ruptures)))
    assert [i.session_ids for i in found if i.rule == "unresolved_rupture"] == [("e1",), ("e1",)]


def test_differing_facts_are_kept_per_session_in_a_group() -> None:
    """When the wording differs per session, each session's text stays, named by its session."""
    first = record("7", ruptures=[episode(resolved=False, start=2)])
    second = record("8", ruptures=[episode(resolved=False, start=9)])
    (found,) = insights_for_caseload(caseload(first, second), rules=["unresolved_rupture"])
    assert "Session 7: " in found.explanation and "Session 8: " in found.explanation
    assert "at utterance 2" in found.explanation and "at utterance 9" in found.explanation


@pytest.mark.parametrize("grouped", ["same text", "differing text"])
def test_file_sessions_named_by_their_id_header_are_named_by_position(grouped: str) -> None:
    """A file session whose ``# id:`` is a name reads "session 2 of 3" in insight text."""
    starts = (5, 5, 5) if grouped == "same text" else (2, 9, 5)
    names = ("Jordan Quill", "Jordan Quill again", "Jordan Quill last")
    records = [
        record(name, ruptures=[episode(resolved=False, start=start)])
        for name, start in zip(names, starts, strict=True)
    ]
    (found,) = insights_for_caseload(caseload(*records), rules=["unresolved_rupture"])
    assert "Jordan" not in found.explanation and "Quill" not in found.explanation
    assert "session 1 of 3, session 2 of 3, session 3 of 3" in found.explanation
    if grouped == "differing text":
        assert "Session 2 of 3: " in found.explanation
