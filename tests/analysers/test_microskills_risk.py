"""microskills.summary leaves risk-screen client lines out of change and sustain talk (QA40 #2)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from alliancelens.analysers import FindingSet, Pipeline
from alliancelens.analysers.base import Analyser
from alliancelens.analysers.microskills import MicroskillCodes, MicroskillSummary
from alliancelens.analysers.registry import _dependency_order, available
from alliancelens.domain import Finding, Session
from alliancelens.testing import make_session


class _FakeRisk(Analyser):
    """Emits a risk.summary flag and risk_screening possible items at fixed indexes."""

    name = "test.fake_risk"
    version = 1
    produces = frozenset({"risk.summary", "risk_screening.summary"})

    def __init__(self, *, flagged: tuple[int, ...] = (), possible: tuple[int, ...] = ()) -> None:
        self.flagged = flagged
        self.possible = possible

    def _analyse(self, session: Session, upstream: FindingSet) -> list[Finding]:
        del session, upstream
        return [
            self.session_finding("risk.summary", [{"index": i} for i in self.flagged]),
            self.session_finding(
                "risk_screening.summary", {"possible": [{"index": i} for i in self.possible]}
            ),
        ]


def _client(talk: str) -> dict[str, Any]:
    return {"client_talk": talk, "confidence": {"client_talk": 0.9}}


def _upstream(talks: list[str], risk: _FakeRisk | None) -> FindingSet:
    codes = MicroskillCodes()
    found = [
        codes.utterance_finding("microskills.code", _client(t), utterance_index=i)
        for i, t in enumerate(talks)
    ]
    if risk is not None:
        found.extend(risk.analyse(make_session(*[("client", "x")] * len(talks))))
    return FindingSet(tuple(found))


def _summary(talks: list[str], risk: _FakeRisk | None) -> dict[str, Any]:
    session = make_session(*[("client", "x")] * len(talks))
    (finding,) = MicroskillSummary().analyse(session, upstream=_upstream(talks, risk))
    value: dict[str, Any] = finding.value
    return value


@pytest.mark.parametrize(
    ("risk", "change", "sustain", "left_out"),
    [
        (_FakeRisk(flagged=(1,)), 1, 1, [1]),
        (_FakeRisk(possible=(0,)), 1, 1, [0]),
        (_FakeRisk(flagged=(1,), possible=(2,)), 1, 0, [1, 2]),
        (_FakeRisk(), 2, 1, []),
    ],
    ids=["flag", "possible", "both", "none"],
)
def test_risk_lines_are_not_change_or_sustain_talk(
    risk: _FakeRisk, change: int, sustain: int, left_out: list[int]
) -> None:
    """A flagged or possible risk line counts in neither change/sustain counts nor C/(C+S)."""
    value = _summary(["change", "change", "sustain", "neutral"], risk)
    counts, share = value["counts"], value["indices"]["change_talk_share"]
    assert (counts["change"], counts["sustain"]) == (change, sustain)
    assert (share["numerator"], share["denominator"]) == (change, change + sustain)
    assert counts["client_utterances"] == 4
    assert counts["risk_not_counted"] == len(left_out)
    assert value["risk_not_counted"]["indexes"] == left_out
    assert value["risk_not_counted"]["risk_screen_read"] is True


def test_reading_never_calls_a_risk_line_change_talk() -> None:
    """The reading counts only non-risk change talk and says risk lines were left out."""
    reading = _summary(["change", "sustain"], _FakeRisk(flagged=(0,)))["reading"]
    assert "Change talk is 0% of the client's change-or-sustain talk (0 change, 1 sustain)" in (
        " ".join(reading)
    )
    assert any("1 client utterance(s) in the risk screen" in line for line in reading)


def test_without_the_risk_screen_the_summary_says_lines_could_not_be_left_out() -> None:
    """No risk.summary upstream: everything is counted and the summary says why."""
    value = _summary(["change", "sustain"], None)
    assert value["counts"]["change"] == 1
    assert value["risk_not_counted"] == {
        "indexes": [],
        "risk_screen_read": False,
        "why": value["risk_not_counted"]["why"],
    }
    assert any("risk screen did not run" in line for line in value["reading"])


def test_default_pipeline_runs_the_summary_after_the_risk_screen() -> None:
    """microskills.summary is ordered after risk.language, which it uses but does not require."""
    names = list(available())
    assert names.index("microskills.summary") > names.index("risk.language")


class _Early(Analyser):
    name = "test.early"
    version = 1
    uses: ClassVar[frozenset[str]] = frozenset({"test.late_kind"})
    produces = frozenset({"test.early_kind"})

    def _analyse(self, session: Session, upstream: FindingSet) -> list[Finding]:
        return []


class _Late(Analyser):
    name = "test.late"
    version = 1
    produces = frozenset({"test.late_kind"})

    def _analyse(self, session: Session, upstream: FindingSet) -> list[Finding]:
        return []


class _Cycle(Analyser):
    name = "test.cycle"
    version = 1
    uses: ClassVar[frozenset[str]] = frozenset({"test.early_kind"})
    produces = frozenset({"test.late_kind"})

    def _analyse(self, session: Session, upstream: FindingSet) -> list[Finding]:
        return []


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        ([_Early, _Late], ["test.late", "test.early"]),
        ([_Late, _Early], ["test.late", "test.early"]),
        ([_Early, _Cycle], ["test.early", "test.cycle"]),
    ],
    ids=["waits", "already-after", "cycle-falls-back"],
)
def test_uses_orders_after_producers_without_blocking(
    classes: list[type[Analyser]], expected: list[str]
) -> None:
    """An analyser waits for producers of kinds it uses; a cycle of uses still orders everyone."""
    assert [c.name for c in _dependency_order(classes)] == expected


def test_summary_runs_without_the_risk_screen_in_a_pipeline() -> None:
    """Without risk.language in the pipeline, microskills.summary still builds and runs."""
    session = make_session(
        ("therapist", "What would you like to change?"), ("client", "I want to stop.")
    )
    result = Pipeline([MicroskillCodes(), MicroskillSummary()]).run(session)
    run = result.run_of("microskills.summary")
    assert run is not None
    assert run.status.value == "ok"
