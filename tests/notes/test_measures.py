"""Measure sentences of a note: change below the reliable-change threshold, the SRS cut-off,
and the rater of each form (a caregiver's ORS next to the child's own).

The measure rows are written for these tests (QA 20 item 13, QA 32 items 1 and 11).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.measures import report_for_csv
from alliancelens.notes._measures import measure_alerts, measure_scores
from alliancelens.notes.model import Sentence
from alliancelens.notes.render import evidence_label

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
    """ORS 22 -> 18 (-4, under the RCI of 5) is "no reliable change (-4.0; …)", not "unchanged"."""
    (ors,) = [t for t in texts["kim-02"] if t.startswith("ORS")]
    assert "change since intake: no reliable change (-4.0; reliable change needs 5.0)" in ors
    assert "unchanged" not in ors


def test_a_reliable_gain_gives_its_size(texts: dict[str, list[str]]) -> None:
    """ORS 22 -> 31 (+9) reads "recovered (+9.0)": the raw change, at the ORS's one decimal."""
    (ors,) = [t for t in texts["kim-03"] if t.startswith("ORS")]
    assert "recovered (+9.0)" in ors


@pytest.mark.parametrize(
    ("session", "position"),
    [
        (
            "kim-02",
            "ORS total 18.0, completed by the client on 2026-10-08, in the clinical range "
            "(below the cut-off of 25);",
        ),
        (
            "kim-03",
            "ORS total 31.0, completed by the client on 2026-10-15, not in the clinical "
            "range (cut-off 25);",
        ),
    ],
)
def test_an_ors_total_says_where_it_lies_against_the_cutoff(
    session: str, position: str, texts: dict[str, list[str]]
) -> None:
    """QA38 #10: the ORS sentence places the total against the clinical cut-off, as SRS does."""
    (ors,) = [t for t in texts[session] if t.startswith("ORS")]
    assert ors.startswith(position)


def test_change_uses_an_ascii_minus_like_the_alert_lines(texts: dict[str, list[str]]) -> None:
    """QA38 #10: a fall reads "-4.0" (the alert lines' minus), never a Unicode minus sign."""
    (ors,) = [t for t in texts["kim-02"] if t.startswith("ORS")]
    assert "\u2212" not in ors and "(-4.0;" in ors


@pytest.mark.parametrize(("session", "below"), [("kim-02", True), ("kim-03", False)])
def test_an_srs_total_below_36_says_so(
    session: str, below: bool, texts: dict[str, list[str]]
) -> None:
    """SRS 35.5 is "below the alliance cut-off of 36"; SRS 37.5 is not."""
    (srs,) = [t for t in texts[session] if t.startswith("SRS")]
    assert ("below the alliance cut-off of 36" in srs) is below


TWO_RATERS = """client,date,session,measure,items,population,completed_by
pia,2026-10-05,pia-01,ORS,5.0 5.0 5.0 5.0,child,client
pia,2026-10-05,pia-01,ORS,4.0 4.0 4.0 4.0,caregiver,caregiver
pia,2026-10-05,pia-01,SRS,9.0 9.0 9.0 9.0,child,client
pia,2026-10-05,pia-01,PHQ-9,1 1 1 1 1 1 1 1 0,adolescent,client
pia,2026-10-12,pia-02,ORS,6.0 6.0 6.0 6.0,child,client
pia,2026-10-12,pia-02,ORS,1.5 1.5 1.5 1.5,caregiver,caregiver
"""


@pytest.fixture
def rated(tmp_path: Path) -> dict[str, list[Sentence]]:
    """The measure sentences of each session of a child with a caregiver's forms."""
    path = tmp_path / "raters.csv"
    path.write_text(TWO_RATERS, encoding="utf-8")
    report = report_for_csv(path, history=True)
    return {s: measure_scores(report, s) for s in ("pia-01", "pia-02")}


def test_each_form_is_labelled_by_who_completed_it_client_first(
    rated: dict[str, list[Sentence]],
) -> None:
    """The child's own forms come first; the caregiver's ORS says so and is never client-rated."""
    texts = [s.text for s in rated["pia-01"]]
    assert texts[:3] == [
        "ORS total 20.0, completed by the client on 2026-10-05.",
        "PHQ-9 total 8 (mild range), completed by the client on 2026-10-05.",
        "SRS total 36.0, completed by the client on 2026-10-05.",
    ]
    assert texts[3] == "ORS total 16.0, completed by the caregiver on 2026-10-05."
    assert not any("client-rated" in t for t in texts)


def test_measure_evidence_carries_completed_by(rated: dict[str, list[Sentence]]) -> None:
    """Each measure evidence item names its rater, and the caregiver's label says so."""
    evidence = [s.evidence[0] for s in rated["pia-02"]]
    assert [e.details["completed_by"] for e in evidence] == ["client", "caregiver"]
    assert evidence_label(evidence[1:]) == "ORS (completed by caregiver) 2026-10-12"
    assert evidence_label(evidence[:1]) == "ORS 2026-10-12"


SPLIT = """client,date,session,measure,items,population,completed_by
gil,2026-10-05,gil-01,ORS,6.0 6.0 6.0 6.0,adult,client
gil,2026-10-12,gil-02,ORS,3.5 3.5 3.5 3.5,adult,client
gil,2026-10-12,gil-02p,ORS,5.0 5.0 5.0 5.0,caregiver,caregiver
"""


def test_an_alert_is_quoted_only_at_its_own_raters_form(tmp_path: Path) -> None:
    """The client's alert of a date is not quoted in a note of the caregiver's form that day."""
    path = tmp_path / "split.csv"
    path.write_text(SPLIT, encoding="utf-8")
    report = report_for_csv(path, history=True)
    own = measure_alerts(report, "gil-02")
    assert "reliable_deterioration" in {s.evidence[0].details["alert"] for s in own}
    assert {s.evidence[0].details["completed_by"] for s in own} == {"client"}
    assert measure_alerts(report, "gil-02p") == []
