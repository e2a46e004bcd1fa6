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
