"""Measure sentences of a note: change below the reliable-change threshold, the SRS cut-off.

The measure rows are written for these tests (QA 20 item 13).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.measures import report_for_csv
from alliancelens.notes._measures import measure_scores

ROWS = """client,date,session,measure,items
kim,2026-10-01,kim-01,ORS,6.0 5.0 5.0 6.0
kim,2026-10-01,kim-01,SRS,9.5 9.5 9.5 9.5
kim,2026-10-08,kim-02,ORS,5.0 4.0 4.0 5.0
kim,2026-10-08,kim-02,SRS,9.0 9.0 8.0 9.5
kim,2026-10-15,kim-03,ORS,8.0 7.5 7.5 8.0
kim,2026-10-15,kim-03,SRS,9.5 9.5 9.0 9.5
"""


@pytest.fixture
def texts(tmp_path: Path) -> dict[str, list[str]]:
    """The measure sentences of each of the three sessions."""
    path = tmp_path / "forms.csv"
    path.write_text(ROWS, encoding="utf-8")
    report = report_for_csv(path, history=True)
    return {s: [x.text for x in measure_scores(report, s)] for s in ("kim-02", "kim-03")}


def test_a_fall_smaller_than_the_rci_is_no_reliable_change_not_unchanged(
    texts: dict[str, list[str]],
) -> None:
    """ORS 22 -> 18 (-4, under the RCI of 5) is "no reliable change (−4; …)", not "unchanged"."""
    (ors,) = [t for t in texts["kim-02"] if t.startswith("ORS")]
    assert "change since intake: no reliable change (\u22124; reliable change needs 5)" in ors
    assert "unchanged" not in ors


def test_a_reliable_gain_gives_its_size(texts: dict[str, list[str]]) -> None:
    """ORS 22 -> 31 (+9) reads "improved (+9)" or "recovered (+9)", with the raw change."""
    (ors,) = [t for t in texts["kim-03"] if t.startswith("ORS")]
    assert "(+9)" in ors and ("improved" in ors or "recovered" in ors)


@pytest.mark.parametrize(("session", "below"), [("kim-02", True), ("kim-03", False)])
def test_an_srs_total_below_36_says_so(
    session: str, below: bool, texts: dict[str, list[str]]
) -> None:
    """SRS 35.5 is "below the alliance cut-off of 36"; SRS 37.5 is not."""
    (srs,) = [t for t in texts[session] if t.startswith("SRS")]
    assert ("below the alliance cut-off of 36" in srs) is below
