"""ruptures.detector on the shipped demo sessions (see demo/sessions/README.md)."""

from __future__ import annotations

from typing import Any

from alliancelens.analysers import AnalysisResult, create
from alliancelens.analysers.base import FindingSet
from alliancelens.ingest import read_file
from alliancelens.services import demo_files


def _demo(name: str) -> AnalysisResult:
    path = next(p for p in demo_files() if p.name == name)
    session = read_file(path).sessions[0]
    findings = FindingSet(tuple(create("ruptures.detector").analyse(session)))
    return AnalysisResult(session, findings, ())


def _demo_episodes(name: str) -> list[dict[str, Any]]:
    (summary,) = _demo(name).findings.of_kind("ruptures.summary")
    return list(summary.value)


def test_demo_intake_has_no_rupture() -> None:
    """alex-01 (a good intake) has no rupture episode."""
    assert _demo_episodes("alex-01-intake.txt") == []


def test_demo_resolved_withdrawal() -> None:
    """alex-02: one resolved withdrawal, about utterances 3-21, re-engaging at 21."""
    (episode,) = _demo_episodes("alex-02.vtt")
    assert episode["kind"] == "withdrawal" and episode["resolved"]
    assert 2 <= episode["start_index"] <= 5 and episode["resolution_index"] == 21
    assert {"minimal_response", "deferential_appeasing", "denial"} <= set(episode["markers"])
    assert episode["start"] is not None  # the VTT is timed


def test_demo_partly_resolved_confrontation() -> None:
    """alex-03: a confrontation from about 17 that is repaired, then later withdrawal."""
    first, *later = _demo_episodes("alex-03.json")
    assert first["kind"] == "confrontation" and 15 <= first["start_index"] <= 17
    assert first["resolved"] and "acknowledge_own_contribution" in first["resolution_strategies"]
    assert later and all(e["start_index"] > first["end_index"] for e in later)


def test_demo_mild_unresolved_withdrawal() -> None:
    """riley-07: withdrawal only, never resolved."""
    found = _demo_episodes("riley-07.srt")
    assert found
    assert all(e["kind"] == "withdrawal" and not e["resolved"] for e in found)
