"""Terminal insights and trends in clinicians' words: labels, percentages, one row per client."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from alliancelens.cli import _render_skills
from alliancelens.cli._render_insights import (
    evidence_text,
    metric_label,
    render_trends,
)
from alliancelens.insights import Direction, InsightEvidence, Trend


def _printed(clients: list[Trend], therapists: list[Trend]) -> str:
    out = io.StringIO()
    render_trends(Console(file=out, width=200), clients, therapists)
    return out.getvalue()


def _trend(subject: str, metric: str, ids: tuple[str, ...], values: tuple[float, ...]) -> Trend:
    return Trend(subject, metric, ids, values, Direction.NOT_ENOUGH_SESSIONS)


@pytest.mark.parametrize("key", sorted(_render_skills._INDEX_LABELS))
def test_skill_labels_are_the_session_reports(key: str) -> None:
    """Each micro-skills index trend is labelled as in the session report's table."""
    assert metric_label(f"skills.{key}") == _render_skills._INDEX_LABELS[key]


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        ("measure.WAI-SR", "WAI-SR total"),
        ("measure.CORS.caregiver", "CORS total (completed by caregiver)"),
        ("alliance.bond", "Alliance: bond"),
    ],
)
def test_measure_and_alliance_labels_are_plain(metric: str, label: str) -> None:
    """Measure totals name the rater when not the client; alliance parts read as words."""
    assert metric_label(metric) == label


def test_shares_print_as_percentages_and_keys_never_show() -> None:
    """A 0–1 share reads 40%, 75%; no dotted key and no four-decimal ratio is printed."""
    printed = _printed(
        [_trend("pat", "skills.percent_open_questions", ("a", "b"), (0.4, 0.75))], []
    )
    assert "Open questions" in printed and "40%, 75%" in printed
    assert "skills." not in printed and "0.75" not in printed


def test_a_therapist_series_of_one_clients_sessions_is_not_repeated() -> None:
    """The therapist's rows are left out when they cover only the one client's sessions."""
    client = _trend("client 4", "alliance.index", ("7", "8", "9"), (61.0, 64.0, 70.0))
    same = _trend("Dr. Q", "alliance.index", ("8", "9"), (64.0, 70.0))
    printed = _printed([client], [same])
    assert "Dr. Q" not in printed and printed.count("Alliance index") == 1


def test_a_therapist_series_across_clients_is_kept() -> None:
    """A therapist's series spanning two clients' sessions is shown under the therapist."""
    one = _trend("ana", "alliance.index", ("a1",), (61.0,))
    two = _trend("ben", "alliance.index", ("b1",), (55.0,))
    both = _trend("Dr. Q", "alliance.index", ("a1", "b1"), (61.0, 55.0))
    assert "Dr. Q" in _printed([one, two], [both])


def test_each_client_is_named_once_for_its_rows() -> None:
    """A client's name heads its block of rows, not every row."""
    rows = [
        _trend("client 9", "alliance.index", ("1", "2"), (50.0, 52.0)),
        _trend("client 9", "ruptures.episodes", ("1", "2"), (1.0, 0.0)),
    ]
    assert _printed(rows, []).count("client 9") == 1


@pytest.mark.parametrize(
    ("evidence", "shown"),
    [
        (
            InsightEvidence("12", (3,), {"feedback_elicitation_at_end": 0.0}),
            "session 12: utt 3: feedback asked for near the end 0",
        ),
        (InsightEvidence("ORS #2", scores={"ORS": 15.0}), "ORS form 2: ORS 15.0"),
        (InsightEvidence("14", scores={"analysed": 0.0}), "session 14: not analysed"),
        (InsightEvidence("mira-02", (1, 5)), "mira-02: utt 1, 5"),
    ],
)
def test_evidence_reads_in_words(evidence: InsightEvidence, shown: str) -> None:
    """Evidence names sessions and forms and uses words for the internal score keys."""
    assert evidence_text(evidence) == shown


def test_trends_fit_80_columns_and_say_how_many_sessions_are_needed() -> None:
    """At 80 columns no header is cut and a short series says "needs 5 sessions (has 3)"."""
    rows = [
        _trend("client 12", "skills.mi_non_adherent", ("1", "2", "3"), (1.0, 0.0, 2.0)),
        _trend("client 12", "measure.ORS.caregiver", ("1", "2", "3"), (21.5, 24.0, 26.5)),
    ]
    out = io.StringIO()
    render_trends(Console(file=out, width=80), rows, [])
    printed = out.getvalue()
    assert max(len(line) for line in printed.splitlines()) <= 80
    assert "…" not in printed and "clien\n" not in printed
    assert printed.count("needs 5 sessions (has 3)") == 2
    assert "not enough sessions" not in printed
