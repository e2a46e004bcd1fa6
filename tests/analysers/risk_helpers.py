"""Shared test helper: run ``risk.language`` on a made-up dialogue and index what it reports."""

from __future__ import annotations

from typing import Any

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.testing import make_session


def risk_readings(*turns: tuple[str, str]) -> dict[str, Any]:
    """Flags and *possible* readings by utterance index, the set-aside list and the summary."""
    findings = RiskLanguage().analyse(make_session(*turns), upstream=FindingSet())
    values = {f.kind: f.value for f in findings}
    screening = values["risk_screening.summary"]
    return {
        "flags": {item["index"]: item for item in values["risk.summary"]},
        "possible": {item["index"]: item for item in screening["possible"]},
        "aside": screening["set_aside"],
        "screening": screening,
    }


def risk_items(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    """The raw ``risk.summary`` list (version 23: one entry per kind for the same utterance)."""
    findings = RiskLanguage().analyse(make_session(*turns), upstream=FindingSet())
    return list(next(f.value for f in findings if f.kind == "risk.summary"))
