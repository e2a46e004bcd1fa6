"""Trends: a change is called only when it is big enough and consistent (Mann-Kendall)."""

from __future__ import annotations

import dataclasses

import pytest

from alliancelens.insights import (
    Direction,
    SessionRecord,
    TrendConfig,
    client_trends,
    mann_kendall,
    therapist_trends,
    trend,
)

from .insights_helpers import caseload, ors, record, srs


def _points(*values: float) -> list[tuple[str, float]]:
    return [(f"s{i}", v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "statistic", "p_value"),
    [((1, 2, 3, 4, 5), 10, 2 / 120), ((5, 4, 3, 2), -6, 2 / 24), ((1, 1, 1, 1), 0, 1.0)],
)
def test_mann_kendall_exact_permutation(
    values: tuple[float, ...], statistic: int, p_value: float
) -> None:
    """S counts later-minus-earlier signs; p is the exact share of orderings as extreme."""
    found = mann_kendall(values)
    assert found[0] == statistic
    assert found[1] == pytest.approx(p_value)


def test_mann_kendall_monte_carlo_above_eight_is_seeded() -> None:
    """Above 8 values the p-value is a seeded Monte Carlo estimate: same input, same answer."""
    values = [float(v) for v in range(10)]
    first = mann_kendall(values, permutations=500, seed=1)
    assert first == mann_kendall(values, permutations=500, seed=1)
    assert first[1] < 0.01


@pytest.mark.parametrize(
    ("metric", "values", "direction"),
    [
        ("alliance.bond", (90, 85, 80, 70, 60), Direction.FALLING),
        ("alliance.bond", (60, 62, 64, 66, 68), Direction.NO_CLEAR_CHANGE),  # consistent, small
        ("alliance.bond", (60, 90, 55, 95, 58), Direction.NO_CLEAR_CHANGE),  # big swings, noise
        ("measure.ORS", (19, 22, 25, 27, 29), Direction.RISING),
        ("alliance.bond", (90, 70, 50, 30), Direction.NOT_ENOUGH_SESSIONS),
    ],
    ids=["falling", "too-small", "noisy", "measure-rising", "four-sessions"],
)
def test_trend_needs_size_and_consistency(
    metric: str, values: tuple[float, ...], direction: Direction
) -> None:
    """Rising/falling needs |last-2 minus first-2| ≥ min_delta AND Mann-Kendall p < 0.05."""
    assert trend("c1", metric, _points(*values)).direction is direction


def test_not_enough_sessions_has_no_numbers() -> None:
    """Below min_sessions no delta or p-value is reported, only the verdict."""
    found = trend("c1", "alliance.index", _points(1, 2, 3), TrendConfig())
    assert (found.delta, found.p_value, found.statistic) == (None, None, None)


def test_client_trends_cover_transcript_metrics_and_measures() -> None:
    """Client trends include alliance parts, rupture counts, skills indices and measure totals."""
    summary = {
        "alliance": {
            "index": 70,
            "goal": {"score": 60},
            "task": {"score": 70},
            "bond": {"score": 80},
        },
        "ruptures": [{"resolved": True}],
        "skills": {"indices": {"reflection_to_question": {"value": 0.5}}},
    }
    records = [record(f"s{i}", **summary) for i in range(2)]
    found = client_trends(caseload(*records, measures=[srs("s0", 1, 9.0), srs("s1", 2, 9.0)]))
    assert {t.metric for t in found} == {
        "alliance.index",
        "alliance.goal",
        "alliance.task",
        "alliance.bond",
        "ruptures.episodes",
        "ruptures.repaired",
        "skills.reflection_to_question",
        "measure.SRS",
    }


def test_a_caregivers_measure_series_is_its_own_trend() -> None:
    """The caregiver's ORS totals are trend "measure.ORS.caregiver", never mixed into "ORS"."""
    own = [ors(f"s{d}", d, 6.0 - 0.5 * d) for d in range(1, 6)]
    theirs = [dataclasses.replace(a, completed_by="caregiver", responses=(9.0,) * 4) for a in own]
    found = {t.metric: t.values for t in client_trends(caseload(measures=[*own, *theirs]))}
    assert found["measure.ORS"] == (22.0, 20.0, 18.0, 16.0, 14.0)
    assert found["measure.ORS.caregiver"] == (36.0,) * 5


def _named(session_id: str, therapist: str, index: int) -> SessionRecord:
    return dataclasses.replace(record(session_id, alliance={"index": index}), therapist=therapist)


def test_therapist_trends_group_sessions_by_therapist_label() -> None:
    """Per-therapist trends pool a named therapist's sessions across clients."""
    first = caseload(*[_named(f"a{i}", "Dr. Lee", 50 + i) for i in range(3)])
    second = caseload(*[_named(f"b{i}", "Dr. Lee", 60 + i) for i in range(2)])
    (found,) = therapist_trends([first, second])
    assert found.subject == "Dr. Lee"
    assert len(found.session_ids) == 5


@pytest.mark.parametrize("label", ["Therapist", "therapist", "Counsellor 2", "", "T"])
def test_therapist_trends_do_not_pool_role_labels(label: str) -> None:
    """Sessions labelled only by a role ('Therapist') are not pooled into one therapist."""
    found = therapist_trends([caseload(*[_named(f"a{i}", label, 50 + i) for i in range(5)])])
    assert found == []


def test_trend_delta_is_mean_of_last_k_minus_mean_of_first_k() -> None:
    """delta is mean(last k) − mean(first k), and the trend says which k it used."""
    found = trend(
        "c1", "alliance.bond", list(zip("abcde", [86.7, 31.6, 60, 60, 76.5], strict=True))
    )
    assert found.window == 2 and found.delta == round((60 + 76.5) / 2 - (86.7 + 31.6) / 2, 4)


def test_monte_carlo_p_value_is_never_reported_as_zero() -> None:
    """A steady ten-session fall keeps its permutation p-value above 0 (at least 1/(N+1))."""
    found = trend("client:1", "measure.ORS", _points(30, 28, 27, 25, 24, 22, 21, 19, 18, 16))
    assert found.p_value is not None
    assert 0 < found.p_value <= 2 / (TrendConfig().permutations + 1)


def test_an_alliance_part_with_no_evidence_is_left_out_of_its_trend() -> None:
    """A bond of neutral 50 with no evidence is not a value in the bond series (QA35 #2)."""
    heard = {"score": 71.0, "positive": 3.0, "negative": 0, "evidence": [{"index": 2}]}
    silent = {"score": 50.0, "positive": 0, "negative": 0, "evidence": []}
    records = [
        record("t1", alliance={"index": 60.0, "bond": heard}),
        record("t2", alliance={"index": 55.0, "bond": silent}),
        record("t3", alliance={"index": 58.0, "bond": heard}),
    ]
    found = {t.metric: t for t in client_trends(caseload(*records))}
    assert found["alliance.bond"].session_ids == ("t1", "t3")
    assert found["alliance.index"].session_ids == ("t1", "t2", "t3")
