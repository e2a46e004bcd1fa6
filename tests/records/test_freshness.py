"""Whether a stored analysis is current: analyser versions against the installed ones."""

from __future__ import annotations

import pytest

from alliancelens.records.freshness import (
    AnalysisState,
    OutdatedRun,
    analysis_state,
    installed_versions,
    outdated_notice,
    outdated_runs,
)

INSTALLED = {"talk.statistics": 4, "risk.language": 9}


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        ((("talk.statistics", 4), ("risk.language", 9)), ()),
        ((("talk.statistics", 4), ("risk.language", 2)), (OutdatedRun("risk.language", 2, 9),)),
        ((("risk.language", 9),), (OutdatedRun("talk.statistics", None, 4),)),
        ((("talk.statistics", 5), ("risk.language", 9), ("gone.analyser", 1)), ()),
    ],
    ids=["current", "older-risk", "analyser-added-since", "newer-or-removed-ignored"],
)
def test_outdated_runs_compares_with_installed_versions(
    runs: tuple[tuple[str, int], ...], expected: tuple[OutdatedRun, ...]
) -> None:
    """Older or missing analysers are outdated; newer stored ones and uninstalled ones are not."""
    assert outdated_runs(runs, INSTALLED) == expected


def test_installed_versions_are_the_registered_analysers() -> None:
    """The installed versions include the risk screen with its integer version."""
    assert isinstance(installed_versions()["risk.language"], int)


@pytest.mark.parametrize(
    ("analysed", "outdated", "purged", "state"),
    [
        (False, False, False, AnalysisState.NOT_ANALYSED),
        (True, False, False, AnalysisState.CURRENT),
        (True, True, False, AnalysisState.OUTDATED),
        (True, True, True, AnalysisState.PURGED),
        (False, False, True, AnalysisState.PURGED),
    ],
)
def test_analysis_state(analysed: bool, outdated: bool, purged: bool, state: AnalysisState) -> None:
    """A purged session is 'purged' whatever it holds; otherwise analysed-and-older is outdated."""
    assert analysis_state(analysed=analysed, outdated=outdated, purged=purged) is state


def test_notice_names_versions_and_the_command() -> None:
    """The notice names stored and current versions and how to re-analyse the session."""
    text = outdated_notice(12, [OutdatedRun("risk.language", 3, 9)], purged=False)
    assert "older analyser (risk.language v3; current v9)" in text
    assert "`alliancelens sessions analyse 12`" in text


def test_notice_for_a_purged_session_says_it_cannot_be_reanalysed() -> None:
    """A purged session's notice names every older analyser and never offers re-analysis."""
    runs = [OutdatedRun("risk.language", 3, 9), OutdatedRun("talk.statistics", None, 4)]
    text = outdated_notice(5, runs, purged=True)
    assert (
        "older analysers (risk.language v3; current v9 / talk.statistics not run; current v4)"
        in text
    )
    assert "cannot be re-analysed" in text and "sessions analyse" not in text
