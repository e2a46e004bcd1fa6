"""Alert rules over series: each fires exactly when its rule holds, with numbers and a citation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from alliancelens.errors import MeasureError
from alliancelens.measures import (
    Alert,
    AlertConfig,
    AlertKind,
    ExpectedResponseParams,
    Registry,
    alert_history,
    alerts_at,
    build_trajectory,
    parse_alert_kinds,
)
from alliancelens.measures.definition import MeasureDefinition

from .measures_helpers import admin, toy


def _srs(total: float) -> tuple[float, ...]:
    """Four SRS items adding up to ``total``, all ≥ 9 when total ≥ 36 (no item flag)."""
    base = round(total / 4, 1)
    return (base, base, base, round(total - 3 * base, 1))


def _alerts(
    registry: Registry,
    measure: str,
    series: Sequence[tuple[float | None, ...]],
    config: AlertConfig | None = None,
    population: str = "adult",
) -> list[Alert]:
    defn = registry.get(measure)
    admins = [admin(measure, r, 7 * i, population=population) for i, r in enumerate(series)]
    return list(alerts_at(defn, build_trajectory(defn, admins), config))


def _kinds(alerts: list[Alert]) -> list[str]:
    return sorted(a.kind for a in alerts)


SRS_SERIES = [
    # (SRS totals, alert kinds at the latest session) — cut-off 36 (<), drop ≥ 1 point
    ([38.0], []),
    ([38.0, 37.0], ["alliance_drop"]),  # −1.0: exactly the drop rule
    ([38.0, 37.1], []),  # −0.9
    ([38.0, 39.5], []),
    ([36.0], []),  # 36 is not below 36
    ([36.4, 35.6], ["alliance_below_cutoff"]),  # −0.8 is no drop
    ([35.0, 35.0, 35.0], ["alliance_below_cutoff"]),
    ([35.0, 35.0, 35.0, 35.0], ["alliance_below_cutoff", "fit_check"]),  # 4th session, 3 low
    ([37.0, 35.0, 35.0, 35.0], ["alliance_below_cutoff", "fit_check"]),
    ([35.0, 37.0, 35.0, 35.0], ["alliance_below_cutoff"]),  # window not all low
]


@pytest.mark.parametrize(("totals", "kinds"), SRS_SERIES)
def test_srs_series_rules(registry: Registry, totals: list[float], kinds: list[str]) -> None:
    """Below cut-off, drop and fit-check rules on SRS totals (item flags left out)."""
    config = AlertConfig(disabled=frozenset({"alliance_item_low"}))
    alerts = _alerts(registry, "srs", [_srs(t) for t in totals], config)
    assert _kinds(alerts) == sorted(kinds)


def test_srs_drop_reason_has_both_scores_and_dates(registry: Registry) -> None:
    """The drop alert quotes previous and current totals, dates, change and the rule."""
    alerts = _alerts(registry, "srs", [_srs(38.0), _srs(36.5)])
    (drop,) = [a for a in alerts if a.kind == AlertKind.ALLIANCE_DROP]
    assert "38.0 on 2026-09-07 to 36.5 on 2026-09-14 (-1.5)" in drop.reason
    assert drop.evidence.scores == (38.0, 36.5)
    assert drop.evidence.threshold == 1.0
    assert "OpenFIT alert rules" in drop.rule


def test_fit_check_window_is_configurable(registry: Registry) -> None:
    """With after=6, window=2, a low alliance prompts a fit check only from session 6."""
    config = AlertConfig(fit_check_after_sessions=6, fit_check_window=2)
    five = _alerts(registry, "srs", [_srs(35.0)] * 5, config)
    six = _alerts(registry, "srs", [_srs(35.0)] * 6, config)
    assert AlertKind.FIT_CHECK not in _kinds(five)
    (fit,) = [a for a in six if a.kind == AlertKind.FIT_CHECK]
    assert "last 2 sessions (35.0, 35.0) after 6 sessions" in fit.reason


ORS_SERIES = [
    # (ORS totals, population, alert kinds at the latest session)
    ([17.2, 18.0, 16.9, 16.5], "adult", ["not_on_track"]),  # boundary 17.61
    ([17.2, 18.0, 16.9], "adult", []),  # boundary 16.48 → on track
    ([20.0, 15.0], "adult", ["reliable_deterioration"]),  # −5.0, too early for the curve
    ([20.0, 15.1], "adult", []),
    ([20.0, 22.0, 25.0, 26.0], "adult", []),  # only 2 of the last 3 non-clinical
    ([20.0, 25.0, 26.0, 27.0], "adult", ["discuss_ending"]),  # last 3 ≥ 25
    ([26.0, 27.0, 27.0], "adult", []),  # needs an earlier administration than the window
    ([26.0, 27.0, 27.0, 28.0], "adult", ["discuss_ending"]),
    ([20.0, 25.0, 26.0, 27.0], "adolescent", []),  # adolescent cut-off 28
    ([20.0, 25.0, 26.0, 27.0], "child", []),  # no cut-off for children: no prompt
    # discuss_ending never while the scores fall (qa18 #5): below intake, or down in the window
    ([31.0, 30.4, 29.6, 28.2], "adult", []),
    ([24.0, 33.0, 30.5, 27.5], "adult", []),
    ([24.0, 27.5, 27.5, 27.5], "adult", ["discuss_ending"]),  # level, not worse: still prompted
]


def _ors(total: float) -> tuple[float, ...]:
    base = round(total / 4, 1)
    return (base, base, base, round(total - 3 * base, 1))


@pytest.mark.parametrize(("totals", "population", "kinds"), ORS_SERIES)
def test_ors_series_rules(
    registry: Registry, totals: list[float], population: str, kinds: list[str]
) -> None:
    """Not on track, reliable deterioration and discuss-ending rules on ORS totals."""
    alerts = _alerts(registry, "ors", [_ors(t) for t in totals], population=population)
    assert _kinds(alerts) == sorted(kinds)


def test_not_on_track_reason_and_evidence(registry: Registry) -> None:
    """The not-on-track alert quotes actual, expected and boundary and cites the parameters."""
    alerts = _alerts(registry, "ors", [_ors(t) for t in [17.2, 18.0, 16.9, 16.5]])
    (alert,) = alerts
    assert "ORS 16.5 at the 4th administration is below the expected 22.61" in alert.reason
    assert "boundary 17.61" in alert.reason
    assert alert.evidence.threshold == 17.61
    assert alert.rule.startswith("AllianceLens default (docs/measures/expected-response.md)")


def test_deterioration_reason(registry: Registry) -> None:
    """The deterioration alert gives intake, current, change and the reliable-change value."""
    (alert,) = _alerts(registry, "ors", [_ors(20.0), _ors(14.0)])
    assert "from 20.0 at intake to 14.0 (-6.0)" in alert.reason
    assert "at least 5 points" in alert.reason
    assert alert.evidence.scores == (20.0, 14.0)


def test_deterioration_evidence_dates_each_score(registry: Registry) -> None:
    """Deterioration evidence pairs the intake score with the intake date, not today's."""
    alerts = _alerts(registry, "ors", [_ors(20.0), _ors(18.0), _ors(14.0)])
    (alert,) = [a for a in alerts if a.kind == "reliable_deterioration"]
    assert alert.evidence.dates == (dt.date(2026, 9, 7), dt.date(2026, 9, 21))


def test_not_on_track_numbers_always_have_two_decimals() -> None:
    """Expected and boundary are printed with two decimals even when whole (12.00, 7.00)."""
    curve = {"target": 12, "rate": 2.0, "tolerance": 5, "first_check_session": 2}
    defn = toy(expected_response={**curve, "tag": "product", "source": "s"})
    admins = [admin("toy", (0.0, 0.0, 0.0), 0), admin("toy", (0.0, 0.0, 0.0), 7)]
    reason = alerts_at(defn, build_trajectory(defn, admins))[0].reason
    assert "expected 12.00" in reason and "boundary 7.00" in reason


@pytest.mark.parametrize("typed", ["ALLIANCE_DROP", "alliance-drop", " alliance_drop "])
def test_disabled_kinds_are_matched_ignoring_case_and_dashes(
    registry: Registry, typed: str
) -> None:
    """``--disable`` kinds match ignoring case and ``-``/``_``."""
    assert parse_alert_kinds([typed], registry) == {"alliance_drop"}


def test_unknown_disabled_kind_is_refused_listing_valid_kinds(registry: Registry) -> None:
    """An unknown alert kind is refused; the message lists the valid kinds."""
    with pytest.raises(MeasureError, match=r"valid kinds: .*alliance_drop.*safety_item"):
        parse_alert_kinds(["not_a_kind"], registry)


def test_phq9_item9_becomes_an_urgent_alert(registry: Registry) -> None:
    """A flag of the latest form becomes an alert with the flag's reason and citation."""
    alerts = _alerts(registry, "phq-9", [(0,) * 9, (1, 1, 1, 1, 1, 1, 1, 1, 1)])
    (alert,) = alerts
    assert (alert.kind, alert.severity, alert.date) == (
        "safety_item",
        "urgent",
        dt.date(2026, 9, 14),
    )
    assert "docs/measures/phq-9.md" in alert.rule and "[S]" not in alert.rule


def _symptom_with_drop() -> MeasureDefinition:
    return toy(
        measure={
            "name": "toy",
            "title": "Toy",
            "short": "TOY",
            "version": "1",
            "construct": "symptom",
            "higher_is_better": False,
            "respondent": "client",
            "period": "p",
        },
        drop={"points": 2, "tag": "local", "source": "clinic"},
    )


@pytest.mark.parametrize(
    ("totals", "kinds"),
    [
        ([(1, 1, 1), (2, 2, 1)], ["score_worsened"]),  # 3 → 5: worse by 2
        ([(1, 1, 1), (2, 1, 1)], []),  # worse by 1
        ([(2, 2, 1), (1, 1, 1)], []),  # better
    ],
)
def test_drop_rule_on_a_lower_is_better_measure(
    totals: list[tuple[float, ...]], kinds: list[str]
) -> None:
    """For a symptom measure a rise is a change for the worse (kind score_worsened)."""
    defn = _symptom_with_drop()
    admins = [admin("toy", r, i) for i, r in enumerate(totals)]
    assert _kinds(list(alerts_at(defn, build_trajectory(defn, admins)))) == kinds


def test_not_on_track_for_lower_is_better_says_above() -> None:
    """The reason says 'above the expected' for a symptom measure."""
    defn = _symptom_with_drop()
    params = ExpectedResponseParams(0.0, 1.0, 0.0, 2, "local", "clinic fit")
    admins = [admin("toy", (4, 4, 4), 0), admin("toy", (4, 4, 4), 7)]
    (alert,) = alerts_at(defn, build_trajectory(defn, admins, params=params))
    assert "above the expected" in alert.reason
    assert alert.rule == "clinic fit"


def test_history_evaluates_every_session(registry: Registry) -> None:
    """alert_history returns the alerts of each session in order; alerts_at(index) one session."""
    defn = registry.get("ors")
    admins = [admin("ors", _ors(t), 7 * i) for i, t in enumerate([20.0, 14.0, 20.0, 14.0])]
    trajectory = build_trajectory(defn, admins)
    history = alert_history(defn, trajectory)
    assert [(a.kind, a.date.day) for a in history] == [
        ("reliable_deterioration", 14),
        ("not_on_track", 28),
        ("reliable_deterioration", 28),
    ]
    assert alerts_at(defn, trajectory, index=0) == ()
    assert alerts_at(defn, trajectory, index=-3) == alerts_at(defn, trajectory, index=1)


def test_empty_trajectory_has_no_alerts(registry: Registry) -> None:
    """No administrations, no alerts."""
    defn = registry.get("srs")
    assert alerts_at(defn, build_trajectory(defn, [])) == ()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"fit_check_window": 0}, "at least 1"),
        ({"discuss_ending_window": 0}, "at least 1"),
        ({"fit_check_after_sessions": 2, "fit_check_window": 3}, "at least fit_check_window"),
    ],
)
def test_alert_config_validation(kwargs: dict[str, int], words: str) -> None:
    """Impossible windows are refused when the config is built."""
    with pytest.raises(ValueError, match=words):
        AlertConfig(**kwargs)  # type: ignore[arg-type]


def test_alert_config_defaults() -> None:
    """Defaults: fit check from session 4 over 3 sessions; discuss ending over 3 sessions."""
    config = AlertConfig()
    assert (config.fit_check_after_sessions, config.fit_check_window) == (4, 3)
    assert config.discuss_ending_window == 3
    assert config.disabled == frozenset()


@pytest.mark.parametrize("typed", ["safety_item", "SAFETY-ITEM"])
def test_safety_prompt_cannot_be_disabled_by_name(registry: Registry, typed: str) -> None:
    """Asking to turn off the PHQ-9 item-9 prompt is refused, saying why."""
    with pytest.raises(MeasureError, match=r"cannot be turned off.*§0.2 rule 4"):
        parse_alert_kinds([typed], registry)


def test_safety_prompt_cannot_be_disabled_in_config() -> None:
    """The library path refuses it too, so no report can silently lack the prompt."""
    with pytest.raises(MeasureError, match="safety_item cannot be turned off"):
        AlertConfig(disabled=frozenset({"safety_item", "fit_check"}))


@pytest.mark.parametrize(
    ("population", "kinds"),
    [
        ("adult", ["alliance_drop", "alliance_item_low"]),
        ("adolescent", ["alliance_drop", "alliance_item_low"]),
        ("child", []),  # §1.5: the drop and item rules are for 13+ only
        ("caregiver", []),
    ],
)
def test_srs_drop_and_item_rules_only_for_13_plus(
    registry: Registry, population: str, kinds: list[str]
) -> None:
    """A fall from 38.8 to 33.2 raises the SRS 13+ rules only for adult/adolescent ratings."""
    series = [(9.7, 9.7, 9.7, 9.7), (8.3, 8.3, 8.3, 8.3)]
    alerts = _alerts(registry, "srs", series, population=population)
    assert _kinds([a for a in alerts if a.kind != "alliance_below_cutoff"]) == kinds


def test_drop_is_not_judged_across_a_change_of_population(registry: Registry) -> None:
    """An adolescent form followed by an adult one is no 'drop' (two different scales)."""
    defn = registry.get("srs")
    admins = [
        admin("srs", (9.8, 9.8, 9.8, 9.8), 0, population="adolescent"),
        admin("srs", (9.4, 9.4, 9.4, 9.4), 7, population="adult"),
    ]
    assert alerts_at(defn, build_trajectory(defn, admins)) == ()


@pytest.mark.parametrize(
    ("total", "population", "fires"),
    [
        (30.0, "adult", True),
        (25.0, "adult", True),  # 25.0 is not below 25: outside the clinical range
        (24.9, "adult", False),
        (27.0, "adolescent", False),  # adolescent cut-off 28
        (29.0, "adolescent", True),
        (35.0, "child", False),  # no clinical cut-off for a child: not evaluated, never a prompt
    ],
)
def test_an_intake_outside_the_clinical_range_prompts_a_conversation(
    registry: Registry, total: float, population: str, fires: bool
) -> None:
    """An ORS intake outside the clinical range is an info prompt to discuss it (QA38 #16)."""
    alerts = _alerts(registry, "ors", [_ors(total)], population=population)
    found = [a for a in alerts if a.kind == AlertKind.INTAKE_OUTSIDE_CLINICAL_RANGE]
    assert bool(found) == fires
    if fires:
        (alert,) = found
        assert alert.severity == "info" and "not a judgement" in alert.reason
        assert "BON-Cutoff" in alert.rule and alert.evidence.scores == (total,)


def test_the_intake_prompt_is_for_the_intake_only(registry: Registry) -> None:
    """Later forms do not repeat it; --history shows it at the intake."""
    defn = registry.get("ors")
    admins = [admin("ors", _ors(t), 7 * i) for i, t in enumerate([30.0, 30.0, 30.0])]
    trajectory = build_trajectory(defn, admins)
    assert "intake_outside_clinical_range" not in _kinds(list(alerts_at(defn, trajectory)))
    history = alert_history(defn, trajectory)
    assert [a.date for a in history if a.kind == "intake_outside_clinical_range"] == [
        admins[0].date
    ]
