"""Client-rated vs transcript alliance: rescaling, pairing, agreement per therapist."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

import pytest

from alliancelens.measures import Registry
from alliancelens.measures.agreement import (
    AgreementReport,
    TranscriptAlliance,
    agreement_to_json,
    amount_statement,
    client_rating,
    compare,
    rescale,
    spearman,
)
from alliancelens.measures.definition import MeasureDefinition

from .measures_helpers import admin

WAI_ITEMS = (5.0, 5.0, 4.0, 4.0, 3.0, 3.0, 2.0, 2.0, 1.0, 1.0, 5.0, 4.0)


def _alliance(
    index: float, goal: float = 50.0, task: float = 50.0, bond: float = 50.0
) -> dict[str, Any]:
    """A minimal summary.alliance dict as the analyser writes it."""
    parts = {"goal": goal, "task": task, "bond": bond}
    return {"index": index, **{k: {"score": v, "evidence": []} for k, v in parts.items()}}


@pytest.fixture
def alliance_defs(registry: Registry) -> Mapping[str, MeasureDefinition]:
    """The shipped alliance measures (SRS, WAI-SR) by name."""
    return {d.name: d for d in registry if d.construct == "alliance"}


@pytest.mark.parametrize(
    ("value", "lowest", "highest", "expected"),
    [
        (36.9, 0, 40, 92.25),  # SRS total
        (5.0, 0, 10, 50.0),  # SRS item
        (48, 12, 60, 75.0),  # WAI-SR total
        (16, 4, 20, 75.0),  # WAI-SR subscale
        (12, 12, 60, 0.0),
    ],
)
def test_rescale(value: float, lowest: float, highest: float, expected: float) -> None:
    """Linear rescaling puts the lowest possible score at 0 and the highest at 100."""
    assert rescale(value, lowest, highest) == pytest.approx(expected)


def test_rescale_refuses_an_empty_range() -> None:
    """A range whose top is not above its bottom cannot be rescaled."""
    with pytest.raises(ValueError, match="above"):
        rescale(1, 5, 5)


@pytest.mark.parametrize(
    ("xs", "ys", "rho"),
    [
        ([1, 2, 3], [1, 2, 3], 1.0),
        ([1, 2, 3], [30, 20, 10], -1.0),
        ([1, 2, 3, 4], [1, 3, 2, 4], 0.8),  # 1 − 6·2 / (4·15)
        ([1, 1, 2], [1, 2, 3], 0.8660254),  # tied ranks 1.5, 1.5, 3: 1.5 / √(1.5·2)
    ],
)
def test_spearman(xs: list[float], ys: list[float], rho: float) -> None:
    """Spearman's rho with average ranks for ties matches the hand-computed value."""
    value, reason = spearman(xs, ys)
    assert (value, reason) == (pytest.approx(rho), None)


@pytest.mark.parametrize(
    ("xs", "ys", "reason"),
    [
        ([], [], "needs at least 3 pairs, has 0"),
        ([1, 2], [2, 1], "needs at least 3 pairs, has 2"),
        ([5, 5, 5], [1, 2, 3], "all client ratings are equal"),
        ([1, 2, 3], [7, 7, 7], "all transcript estimates are equal"),
    ],
)
def test_spearman_is_null_with_a_reason(xs: list[float], ys: list[float], reason: str) -> None:
    """Too few pairs, or no variation on one side, gives no correlation and says why."""
    value, why = spearman(xs, ys)
    assert value is None
    assert why is not None
    assert why.startswith(reason)


@pytest.mark.parametrize(
    ("n_pairs", "n_therapists", "expected"),
    [
        (1, 1, "1 session from 1 therapist: far too few to judge agreement."),
        (3, 1, "3 sessions from 1 therapist: far too few to judge agreement."),
        (12, 2, "12 sessions from 2 therapists: too few for more than a rough indication."),
        (40, 3, "40 sessions from 3 therapists: enough for a first look at this caseload only"),
    ],
)
def test_amount_statement(n_pairs: int, n_therapists: int, expected: str) -> None:
    """The plain-language caveat names sessions and therapists and how little that is."""
    assert amount_statement(n_pairs, n_therapists).startswith(expected)


@pytest.mark.parametrize(
    ("measure", "items", "raw_total", "total", "parts"),
    [
        ("srs", (9.5, 9.2, 8.8, 9.4), 36.9, 92.25, {"bond": 95.0, "goal": 92.0, "task": 88.0}),
        ("wai-sr", WAI_ITEMS, 39.0, 56.25, {"goal": 62.5, "task": 68.75, "bond": 37.5}),
    ],
)
def test_client_rating(  # noqa: PLR0917 - one parameter per table column
    alliance_defs: Mapping[str, MeasureDefinition],
    measure: str,
    items: tuple[float, ...],
    raw_total: float,
    total: float,
    parts: dict[str, float],
) -> None:
    """SRS items map Relationship→bond, Goals→goal, Approach→task; WAI-SR subscales rescale."""
    rating = client_rating(alliance_defs[measure], admin(measure, items, 0))
    assert rating.raw_total == pytest.approx(raw_total)
    assert rating.total == pytest.approx(total)
    assert {p: getattr(rating, p) for p in parts} == pytest.approx(parts)


def _three_sessions(alliance_defs: Mapping[str, MeasureDefinition]) -> AgreementReport:
    admins = [
        admin("srs", (9.0, 9.0, 9.0, 9.0), 0, session="s1"),  # 90
        admin("srs", (8.0, 8.0, 8.0, 8.0), 7, session="s2"),  # 80
        admin("srs", (10.0, 10.0, 10.0, 10.0), 14, session="s3"),  # 100
        admin("ors", (5.0, 5.0, 5.0, 5.0), 14, session="s3"),  # not an alliance measure
        admin("srs", (9.0, 9.0, 9.0, 9.0), 21, session="s9"),  # no transcript
        dataclasses.replace(admin("wai-sr", WAI_ITEMS, 0, session="s1"), completed_by="therapist"),
    ]
    transcripts = {
        "s1": ("Dr. A", _alliance(70.0)),  # −20
        "s2": ("Dr. A", _alliance(85.0)),  # +5
        "s3": ("Dr. A", _alliance(60.0)),  # −40
        "s4": ("Dr. B", _alliance(50.0)),  # no client form
        "s5": ("Dr. B", None),  # alliance not analysed
    }
    return compare(admins, transcripts, alliance_defs)


def test_compare_per_therapist(alliance_defs: Mapping[str, MeasureDefinition]) -> None:
    """Mean difference, mean absolute difference and rho match the hand computation."""
    report = _three_sessions(alliance_defs)
    (dr_a,) = report.therapists
    assert (dr_a.therapist, dr_a.measure, dr_a.n) == ("Dr. A", "srs", 3)
    assert dr_a.mean_difference == pytest.approx(-55 / 3)
    assert dr_a.mean_absolute_difference == pytest.approx(65 / 3)
    # client ranks 2, 1, 3; transcript ranks 2, 3, 1: Σd² = 8 → 1 − 6·8 / (3·8) = −1
    assert (dr_a.spearman, dr_a.spearman_reason) == (pytest.approx(-1.0), None)
    assert dr_a.statement == "3 sessions from 1 therapist: far too few to judge agreement."


def test_compare_accounts_for_everything_unpaired(
    alliance_defs: Mapping[str, MeasureDefinition],
) -> None:
    """Unpaired forms, transcripts without forms, not-analysed sessions and others' forms count."""
    report = _three_sessions(alliance_defs)
    assert [p.session for p in report.pairs] == ["s1", "s2", "s3"]
    assert report.unpaired_ratings == 1
    assert report.unpaired_sessions == ("s4",)
    assert report.not_analysed == ("s5",)
    assert report.not_client_completed == 1


def test_fewer_than_three_pairs_gives_no_correlation(
    alliance_defs: Mapping[str, MeasureDefinition],
) -> None:
    """Two pairs for a therapist: differences are reported, the correlation is null with reason."""
    admins = [admin("srs", (9.0,) * 4, 0, session="a"), admin("srs", (8.0,) * 4, 7, session="b")]
    transcripts = {"a": ("T", _alliance(80.0)), "b": ("T", _alliance(70.0))}
    (agreement,) = compare(admins, transcripts, alliance_defs).therapists
    assert agreement.mean_difference == pytest.approx(-10.0)
    assert agreement.spearman is None
    assert agreement.spearman_reason == "needs at least 3 pairs, has 2"


def test_no_pairs_says_so(alliance_defs: Mapping[str, MeasureDefinition]) -> None:
    """With no session on both sides there are no therapists and the statement says why."""
    report = compare([admin("srs", (9.0,) * 4, 0, session="x")], {}, alliance_defs)
    assert (report.pairs, report.therapists) == ((), ())
    assert "nothing to compare" in report.statement
    assert agreement_to_json(report)["therapists"] == []


def test_therapists_and_measures_are_kept_apart(
    alliance_defs: Mapping[str, MeasureDefinition],
) -> None:
    """Each therapist and each measure gets its own agreement row."""
    admins = [
        admin("srs", (9.0,) * 4, 0, session="a"),
        admin("wai-sr", WAI_ITEMS, 0, session="a"),
        admin("srs", (8.0,) * 4, 0, session="b"),
    ]
    transcripts = {"a": ("T1", _alliance(60.0)), "b": ("T2", _alliance(60.0))}
    report = compare(admins, transcripts, alliance_defs)
    rows = {(t.therapist, t.measure): t.mean_difference for t in report.therapists}
    assert rows == pytest.approx(
        {("T1", "srs"): -30.0, ("T1", "wai-sr"): 3.75, ("T2", "srs"): -20.0}
    )
    assert report.statement.startswith("3 sessions from 2 therapists")


def test_transcript_parts_and_json(alliance_defs: Mapping[str, MeasureDefinition]) -> None:
    """Part scores are read from the summary; JSON gives per-part transcript − client."""
    assert TranscriptAlliance.from_summary("T", {"index": 40}) == TranscriptAlliance("T", 40.0)
    admins = [admin("srs", (9.5, 9.2, 8.8, 9.4), 0, session="a")]
    report = compare(admins, {"a": ("T", _alliance(67.9, 68.8, 66.7, 68.2))}, alliance_defs)
    (pair,) = agreement_to_json(report)["pairs"]
    assert pair["difference"] == pytest.approx(-24.35)
    assert pair["part_differences"] == pytest.approx({"goal": -23.2, "task": -21.3, "bond": -26.8})
    assert "c1" not in json.dumps(agreement_to_json(report))  # client id is never copied
    assert pair["client"]["items"]["Relationship"] == 9.5
