"""Terminal rendering of ruptures and the alliance estimate, including "not analysed"."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, RenderableType

from alliancelens.analysers.alliance import BordinAlliance
from alliancelens.analysers.base import Analyser
from alliancelens.analysers.pipeline import AnalysisResult, Pipeline
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.cli._render_alliance import render_alliance, render_ruptures
from alliancelens.testing import make_session

DIALOGUE = [
    ("therapist", "How have things been since we last spoke?"),
    ("client", "Alright."),
    ("therapist", "What's been on your mind this week?"),
    ("client", "Not much."),
    ("therapist", "What's it like being here today?"),
    ("client", "Dunno."),
]


def text_of(renderable: RenderableType) -> str:
    """Plain text of a rich renderable at a generous width."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def run(*analysers: Analyser, turns: list[tuple[str, str]] = DIALOGUE) -> AnalysisResult:
    """Run the given analysers on a dialogue."""
    return Pipeline(list(analysers)).run(make_session(*turns))


def test_episode_table() -> None:
    """Episodes show kind, span, marker codes and whether the client re-engaged."""
    shown = text_of(render_ruptures(run(RuptureDetector(), BordinAlliance())))
    assert "withdrawal" in shown and "1–5" in shown
    assert "W2 minimal response" in shown and "no" in shown


def test_no_episode_is_said_plainly() -> None:
    """A session without episodes says so, without calling it a better session."""
    shown = text_of(render_ruptures(run(RuptureDetector(), turns=DIALOGUE[:2])))
    assert "no rupture episode detected" in shown


def test_alliance_table() -> None:
    """Sub-scores are listed with their strongest evidence and the perspective caption."""
    shown = text_of(render_alliance(run(RuptureDetector(), BordinAlliance())))
    assert "Alliance estimate (Bordin): index" in shown
    assert "bond" in shown and "#1: rupture:minimal response" in shown
    assert "not the client's own rating" in shown


def test_not_analysed_when_missing() -> None:
    """Analysers that did not run show as not analysed, never as no ruptures or a score."""
    result = run()
    assert "Ruptures: not analysed (not in the pipeline)" in text_of(render_ruptures(result))
    assert "Alliance: not analysed (not in the pipeline)" in text_of(render_alliance(result))


def test_not_analysed_when_skipped() -> None:
    """The alliance is skipped when ruptures failed, and says why."""

    class Broken(RuptureDetector):
        def _analyse(self, session, upstream):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

    shown = text_of(render_alliance(run(Broken(), BordinAlliance())))
    assert "Alliance: not analysed (skipped" in shown


def test_alliance_table_says_what_the_index_means_and_how_accurate_it_is() -> None:
    """The alliance table says 50 = no evidence, the measured accuracy and where the method is."""
    shown = " ".join(text_of(render_alliance(run(RuptureDetector(), BordinAlliance()))).split())
    assert "50 = no evidence either way" in shown
    assert "Spearman 0.12" in shown and "docs/analysers/alliance.md" in shown


def test_session_without_a_client_has_no_estimate_not_a_failure() -> None:
    """A therapist-only session reads "no estimate … no therapist–client pair", never failed."""
    turns = [("therapist", "Welcome, everyone."), ("therapist", "Let's begin with the agenda.")]
    shown = text_of(render_alliance(run(RuptureDetector(), BordinAlliance(), turns=turns)))
    assert "no therapist–client pair" in shown and "not analysed" not in shown


@pytest.mark.parametrize(
    ("first", "clock", "not_shown"),
    [(4380.0, "(1:13:05)", "73:05"), (3630.0, "(1:00:35)", "60:35"), (17.0, "(0:22)", "00:22")],
)
def test_episode_times_read_as_the_dashboard_clock(
    first: float, clock: str, not_shown: str
) -> None:
    """Rupture starts read m:ss, h:mm:ss from the first hour, never minutes of 60+ (QA42 #9)."""
    timed = [
        (who, text, first + 5 * n, first + 5 * n + 4) for n, (who, text) in enumerate(DIALOGUE)
    ]
    shown = text_of(render_ruptures(run(RuptureDetector(), turns=timed)))
    assert f"1–5 {clock}" in shown
    assert not_shown not in shown
