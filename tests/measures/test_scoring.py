"""Scoring: hand-computed totals, subscales, bands and flags; refusals name the item and range."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancelens.errors import (
    ItemCountError,
    ItemRangeError,
    MissingItemsError,
    UnknownPopulationError,
)
from alliancelens.measures import Registry, parse_responses, score_responses
from alliancelens.measures.scoring import allowed_range, cutoff_positions, fmt, score_administration

from .measures_helpers import admin, toy

TOTALS = [
    # (measure, responses, hand-computed total)
    ("srs", [8.5, 9.2, 7.0, 9.0], 33.7),
    ("srs", [10.0, 10.0, 10.0, 10.0], 40.0),
    ("srs", [0.0, 0.0, 0.0, 0.0], 0.0),
    ("srs", [0.1, 0.2, 0.3, 0.4], 1.0),  # float sums are rounded to the 0.1 step
    ("ors", [4.1, 4.6, 4.2, 4.3], 17.2),
    ("ors", [7.1, 7.5, 7.2, 7.2], 29.0),
    ("wai-sr", [4, 5, 3, 4, 5, 4, 3, 4, 5, 4, 3, 4], 48.0),
    ("phq-9", [1, 2, 1, 1, 0, 0, 1, 0, 1], 7.0),
    ("phq-9", [3] * 9, 27.0),
    ("gad-7", [2, 2, 2, 1, 1, 2, 1], 11.0),
]


@pytest.mark.parametrize(("measure", "responses", "total"), TOTALS)
def test_total_is_the_sum_of_items(
    registry: Registry, measure: str, responses: list[float], total: float
) -> None:
    """Totals are item sums at the measure's precision (clinical-reference.md §1.4, §2.2)."""
    assert score_responses(registry.get(measure), responses).total == total


def test_wai_sr_subscales_and_means(registry: Registry) -> None:
    """WAI-SR subscale sums follow the key; item means are reported too (§2.2)."""
    #         items: 1  2  3  4  5  6  7  8  9 10 11 12
    responses = [4, 5, 3, 4, 5, 4, 3, 4, 5, 4, 3, 4]
    score = score_responses(registry.get("wai-sr"), responses)
    # goal 4,6,8,11 = 4+4+4+3; task 1,2,10,12 = 4+5+4+4; bond 3,5,7,9 = 3+5+3+5
    assert dict(score.subscales) == {"goal": 15.0, "task": 17.0, "bond": 16.0}
    assert score.means is not None
    assert dict(score.means) == {"total": 4.0, "goal": 3.75, "task": 4.25, "bond": 4.0}


BANDS = [
    # (measure, total, band) at every boundary of Kroenke2001 / Spitzer2006
    ("phq-9", 0, "minimal"),
    ("phq-9", 4, "minimal"),
    ("phq-9", 5, "mild"),
    ("phq-9", 9, "mild"),
    ("phq-9", 10, "moderate"),
    ("phq-9", 14, "moderate"),
    ("phq-9", 15, "moderately severe"),
    ("phq-9", 19, "moderately severe"),
    ("phq-9", 20, "severe"),
    ("phq-9", 27, "severe"),
    ("gad-7", 4, "minimal"),
    ("gad-7", 5, "mild"),
    ("gad-7", 10, "moderate"),
    ("gad-7", 14, "moderate"),
    ("gad-7", 15, "severe"),
    ("gad-7", 21, "severe"),
]


def _spread(total: int, n: int) -> list[float]:
    """``n`` responses of 0–3 that add up to ``total``."""
    return [float(min(3, max(0, total - 3 * i))) for i in range(n)]


@pytest.mark.parametrize(("measure", "total", "band"), BANDS)
def test_severity_bands(registry: Registry, measure: str, total: int, band: str) -> None:
    """Severity is the band whose lower bound the total has reached."""
    defn = registry.get(measure)
    score = score_responses(defn, _spread(total, len(defn.items)))
    assert (score.total, score.severity) == (total, band)


@pytest.mark.parametrize("measure", ["srs", "ors", "wai-sr"])
def test_measures_without_bands_have_no_severity(registry: Registry, measure: str) -> None:
    """Severity is None when the definition has no bands."""
    defn = registry.get(measure)
    assert score_responses(defn, [defn.response.maximum] * len(defn.items)).severity is None


FLAGS = [
    # (measure, responses, expected flag kinds) — hand-checked against each rule
    ("srs", [9.0, 9.0, 9.0, 9.0], []),  # 36.0 is not below 36; no item below 9
    ("srs", [9.0, 9.0, 9.0, 8.9], ["alliance_below_cutoff", "alliance_item_low"]),  # 35.9
    ("srs", [10.0, 10.0, 10.0, 8.9], ["alliance_item_low"]),  # 38.9, one item low
    ("srs", [8.0, 10.0, 10.0, 10.0], ["alliance_item_low"]),
    ("ors", [1.0, 1.0, 1.0, 1.0], []),  # outcome measures carry no single-form flags
    ("phq-9", [0] * 9, []),
    ("phq-9", [0] * 8 + [1], ["safety_item"]),  # item 9 > 0
    ("phq-9", [3] * 8 + [0], []),  # a high total alone is not a safety flag
    ("gad-7", [3] * 7, []),
]


@pytest.mark.parametrize(("measure", "responses", "kinds"), FLAGS)
def test_flags(registry: Registry, measure: str, responses: list[float], kinds: list[str]) -> None:
    """Flags fire exactly when their rule holds."""
    score = score_responses(registry.get(measure), responses)
    assert [f.kind for f in score.flags] == kinds


def test_flag_reasons_carry_the_numbers(registry: Registry) -> None:
    """Reasons name the total, the threshold and each low item with its value."""
    score = score_responses(registry.get("srs"), [8.5, 9.2, 7.0, 9.0])
    below, items = score.flags
    assert "33.7" in below.reason and "36" in below.reason
    assert (below.value, below.threshold, below.severity) == (33.7, 36.0, "warning")
    assert "Relationship 8.5" in items.reason and "Approach or Method 7.0" in items.reason
    assert (items.items, items.value, items.threshold) == (("1", "3"), 7.0, 9.0)


def test_phq9_item9_flag_is_urgent_and_names_the_answer(registry: Registry) -> None:
    """Item 9 answered 2 raises an urgent review prompt that quotes the answer."""
    (flag,) = score_responses(registry.get("phq-9"), [0] * 8 + [2]).flags
    assert flag.severity == "urgent"
    assert "answered 2" in flag.reason
    assert "not a risk score" in flag.reason


REFUSED = [
    # (measure, raw responses, error, words in the message)
    ("srs", ["8", "9", "7", "10.5"], ItemRangeError, "item 4 (Overall) is outside 0.0–10.0"),
    ("srs", ["8", "9", "-0.1", "9"], ItemRangeError, "item 3 (Approach or Method) is outside"),
    ("srs", ["8.25", "9", "7", "9"], ItemRangeError, "item 1 (Relationship) is finer than"),
    ("srs", ["8", "nine", "7", "9"], ItemRangeError, "item 2 (Goals and Topics) is not a number"),
    (
        "srs",
        ["8", "nan", "7", "9"],
        ItemRangeError,
        "item 2 (Goals and Topics) is not a finite number",
    ),
    ("srs", ["8", "9", "7"], ItemCountError, "has 4 items but 3"),
    ("ors", ["8", "NA", "7", "9"], MissingItemsError, "item 2 (Interpersonally) missing"),
    (
        "phq-9",
        ["1"] * 8 + ["4"],
        ItemRangeError,
        "item 9 (Thoughts of death or self-harm) is outside 0–3",
    ),
    ("phq-9", ["1"] * 8 + ["0.5"], ItemRangeError, "is finer than"),
    ("phq-9", ["1"] * 8 + ["?"], MissingItemsError, "PHQ-9 is not prorated"),
    ("gad-7", ["1"] * 8, ItemCountError, "has 7 items but 8"),
    ("wai-sr", ["0"] + ["3"] * 11, ItemRangeError, "item 1 (Clarity about how change can happen)"),
    ("wai-sr", ["-"] + ["3"] * 11, MissingItemsError, "WAI-SR is not prorated"),
]


@pytest.mark.parametrize(("measure", "raw", "error", "words"), REFUSED)
def test_bad_input_is_refused_naming_the_item(
    registry: Registry, measure: str, raw: list[str], error: type[Exception], words: str
) -> None:
    """Out-of-range, too-precise, non-numeric, missing or miscounted responses are refused."""
    defn = registry.get(measure)
    with pytest.raises(error) as caught:
        score_responses(defn, parse_responses(defn, raw))
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("measure", "words"),
    [
        ("srs", "allowed: 0.0 to 10.0 in steps of 0.1"),
        ("phq-9", "allowed: whole numbers from 0 to 3"),
        ("wai-sr", "allowed: whole numbers from 1 to 5"),
    ],
)
def test_range_errors_state_the_allowed_range(registry: Registry, measure: str, words: str) -> None:
    """The hint says which values are allowed."""
    defn = registry.get(measure)
    assert f"allowed: {allowed_range(defn)}" == words
    with pytest.raises(ItemRangeError) as caught:
        parse_responses(defn, ["99"] * len(defn.items))
    assert words in str(caught.value)


@pytest.mark.parametrize("token", ["NA", "na", "n/a", "-", "?", "", "missing"])
def test_missing_tokens(registry: Registry, token: str) -> None:
    """All documented missing-value tokens read as a blank item."""
    assert parse_responses(registry.get("srs"), ["1", token, "1", "1"])[1] is None


PRORATED = [
    # (responses, total, prorated items): mean of answered × 3, rounded to round_to decimals
    ([2, None, 4], 9.0, ("2",)),  # (2+4)/2 × 3 = 9
    ([1, 2, None], 4.5, ("3",)),  # 1.5 × 3 = 4.5
    ([1, 1, 1], 3.0, ()),
]


@pytest.mark.parametrize(("responses", "total", "prorated"), PRORATED)
def test_prorating_rule_from_the_definition(
    responses: list[float | None], total: float, prorated: tuple[str, ...]
) -> None:
    """A definition allowing one missing item prorates it: mean of answered items × item count."""
    defn = toy(scoring={"max_missing": 1, "missing_rule": "r", "source": "s", "round_to": 1})
    score = score_responses(defn, responses)
    assert (score.total, score.prorated_items) == (total, prorated)


def test_prorating_limit_and_empty_subscale_are_refused() -> None:
    """More missing items than allowed, or a subscale with every item missing, is refused."""
    defn = toy(
        scoring={"max_missing": 2, "missing_rule": "r", "source": "s"},
        subscales=[{"name": "a", "label": "A", "items": ["1", "2"]}],
    )
    with pytest.raises(MissingItemsError, match="every item of a subscale"):
        score_responses(defn, [None, None, 3])
    strict = toy(scoring={"max_missing": 1, "missing_rule": "r", "source": "s"})
    with pytest.raises(MissingItemsError, match="at most 1 item"):
        score_responses(strict, [None, None, 3])


def test_flag_on_a_population_without_the_cutoff_is_skipped() -> None:
    """A cut-off flag is not evaluated for a population the cut-off does not cover."""
    defn = toy(
        cutoffs=[
            {
                "name": "c",
                "value": 6,
                "concern": "below",
                "population": "adult",
                "tag": "V",
                "source": "s",
            }
        ],
        flags=[
            {
                "kind": "low",
                "severity": "info",
                "target": "total",
                "cutoff": "c",
                "reason": "x",
                "tag": "V",
                "source": "s",
            },
            {
                "kind": "item_high",
                "severity": "info",
                "target": "2",
                "when": "at_or_above",
                "threshold": 3,
                "reason": "{item} {label} {measure} {side} {value}",
                "tag": "V",
                "source": "s",
            },
        ],
    )
    assert [f.kind for f in score_responses(defn, [1, 1, 1]).flags] == ["low"]
    child = score_responses(defn, [1, 3, 1], population="child")
    assert [f.kind for f in child.flags] == ["item_high"]
    assert child.flags[0].reason == "2 Two 3 TOY at or above 3"


def test_score_administration_uses_its_population(registry: Registry) -> None:
    """score_administration scores the responses with the administration's population."""
    result = score_administration(registry.get("srs"), admin("srs", (9.0, 9.0, 9.0, 8.0), 0))
    assert result.total == 35.0


@pytest.mark.parametrize(("value", "text"), [(35.0, "35"), (35.5, "35.5"), (0.25, "0.25")])
def test_fmt(value: float, text: str) -> None:
    """Numbers print without trailing zeros."""
    assert fmt(value) == text


@pytest.mark.parametrize("measure", ["srs", "ors", "wai-sr", "phq-9", "gad-7"])
@given(data=st.data())
def test_valid_responses_always_score_in_range(
    registry: Registry, measure: str, data: st.DataObject
) -> None:
    """Any valid set of responses scores within the total range, subscales within theirs."""
    defn = registry.get(measure)
    scale = defn.response
    unit = 10**scale.decimals
    steps = st.integers(int(scale.minimum * unit), int(scale.maximum * unit))
    responses = [data.draw(steps) / unit for _ in defn.items]
    score = score_responses(defn, responses)
    assert defn.total_min <= score.total <= defn.total_max
    for sub in defn.subscales:
        n = len(sub.items)
        assert scale.minimum * n <= score.subscales[sub.name] <= scale.maximum * n


@pytest.mark.parametrize("measure", ["srs", "ors", "wai-sr", "phq-9", "gad-7"])
@given(
    bad=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True).filter(
            lambda v: not (-1e6 < v < 1e6) or math.isnan(v)
        ),
        st.floats(min_value=10.01, max_value=1e6),
        st.floats(max_value=-0.01, min_value=-1e6),
    ),
    position=st.integers(0, 6),
)
def test_out_of_range_responses_are_refused(
    registry: Registry, measure: str, bad: float, position: int
) -> None:
    """Any response outside the range (or NaN/inf) is refused with the item named."""
    defn = registry.get(measure)
    responses: list[float | None] = [defn.response.minimum] * len(defn.items)
    position %= len(defn.items)
    responses[position] = bad
    item = defn.items[position]
    with pytest.raises(ItemRangeError) as caught:
        score_responses(defn, responses)
    assert f"item {item.id} ({item.label})" in str(caught.value)


def test_flag_reason_shows_the_total_with_one_decimal(registry: Registry) -> None:
    """An SRS total in a flag reason keeps one decimal (``1.0``, not ``1``; §1.4)."""
    score = score_responses(registry.get("srs"), [0.1, 0.2, 0.3, 0.4])
    reason = next(f.reason for f in score.flags if f.kind == "alliance_below_cutoff")
    assert reason.startswith("SRS total 1.0 is below")


@pytest.mark.parametrize(
    ("population", "value", "inside"),
    [("adult", 25.0, True), ("adolescent", 28.0, True), ("child", None, None)],
)
def test_cutoff_positions_place_a_single_form(
    registry: Registry, population: str, value: float | None, inside: bool | None
) -> None:
    """A single ORS total is placed against the population's clinical cut-off, if there is one."""
    (position,) = cutoff_positions(registry.get("ors"), 24.9, population)
    assert position.name == "clinical" and position.in_concern_range is inside
    assert (position.cutoff.value if position.cutoff else None) == value


@pytest.mark.parametrize(
    ("population", "cutoff_flag"),
    [("adult", True), ("adolescent", True), ("child", False), ("caregiver", False)],
)
def test_srs_alliance_cutoff_only_for_age_13_to_adult(
    registry: Registry, population: str, cutoff_flag: bool
) -> None:
    """The SRS 36 cut-off applies to adults and adolescents only: no CSRS/caregiver cut-off."""
    srs = registry.get("srs")
    score = score_responses(srs, [8, 8, 8, 8], population=population)
    assert ("alliance_below_cutoff" in [f.kind for f in score.flags]) is cutoff_flag
    assert (srs.cutoff("alliance", population) is not None) is cutoff_flag


@pytest.mark.parametrize("population", ["Adult", " ADULT ", "adult"])
def test_score_responses_matches_population_ignoring_case(
    registry: Registry, population: str
) -> None:
    """score_responses applies the adult cut-off whatever the case or spaces of the name."""
    score = score_responses(registry.get("srs"), [8, 8, 8, 8], population=population)
    assert "alliance_below_cutoff" in [f.kind for f in score.flags]


def test_score_responses_refuses_an_unknown_population(registry: Registry) -> None:
    """An unknown population is refused, never scored without cut-offs."""
    with pytest.raises(UnknownPopulationError, match="population"):
        score_responses(registry.get("srs"), [8, 8, 8, 8], population="kid")


@pytest.mark.parametrize(
    ("measure", "responses"), [("srs", ["5", "5", "5", "5"]), ("phq-9", "123456789")]
)
def test_text_responses_are_refused_with_a_measure_error(
    registry: Registry, measure: str, responses: list[str]
) -> None:
    """Strings instead of numbers raise ItemRangeError pointing to parse_responses."""
    with pytest.raises(ItemRangeError, match="parse_responses"):
        score_responses(registry.get(measure), responses)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("population", "flags", "not_available"),
    [
        ("adult", ["alliance_below_cutoff", "alliance_item_low"], []),
        ("adolescent", ["alliance_below_cutoff", "alliance_item_low"], []),
        ("child", [], ["alliance_item_low", "alliance_drop"]),
        ("caregiver", [], ["alliance_item_low", "alliance_drop"]),
    ],
)
def test_srs_13_plus_rules_are_not_available_for_child_or_caregiver(
    registry: Registry, population: str, flags: list[str], not_available: list[str]
) -> None:
    """Items of 7.5 flag only 13+ ratings; for others the rules are listed as not available."""
    result = score_responses(registry.get("srs"), [7.5, 7.5, 7.5, 7.5], population=population)
    assert sorted(f.kind for f in result.flags) == flags
    assert list(result.not_available) == not_available


def test_a_rule_limited_to_some_populations_is_read_from_the_definition() -> None:
    """A definition's flag with populations = [...] fires only for those populations."""
    rule = {
        "kind": "low_item",
        "severity": "info",
        "target": "each_item",
        "when": "below",
        "threshold": 1,
        "reason": "{label}",
        "tag": "local",
        "source": "clinic",
        "populations": ["Adult"],
    }
    defn = toy(flags=[rule])
    assert [f.kind for f in score_responses(defn, [0, 2, 2]).flags] == ["low_item"]
    assert score_responses(defn, [0, 2, 2], population="child").flags == ()


@pytest.mark.parametrize("cell", ["5550142", "19.75", "-3", "20260411", "inf"])
def test_a_refused_response_is_never_repeated_in_the_message(registry: Registry, cell: str) -> None:
    """A misaligned cell (a phone number, a date) is refused naming the item, not its value."""
    with pytest.raises(ItemRangeError) as caught:
        parse_responses(registry.get("ors"), ["5", "5", cell, "5"])
    assert "item 3 (Socially)" in str(caught.value) and cell not in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["9,5", "9", "9", "9"], (9.5, 9.0, 9.0, 9.0)),
        (["9.5", " 8,0 ", "9", "9"], (9.5, 8.0, 9.0, 9.0)),
        (["\uff19", "9", "9", "9"], (9.0, 9.0, 9.0, 9.0)),  # a full-width 9 (documented)
    ],
)
def test_decimal_commas_read_as_points(
    registry: Registry, raw: list[str], expected: tuple[float, ...]
) -> None:
    """One decimal comma (9,5) is 9.5 on every path, as the dashboard reads it (QA38 #8)."""
    assert parse_responses(registry.get("srs"), raw) == expected


@pytest.mark.parametrize("token", ["9,5,1", "9.5,1", "1,2.5"])
def test_other_commas_are_refused_with_a_hint(registry: Registry, token: str) -> None:
    """A comma that is not one decimal comma is "not a number", saying commas do not separate."""
    with pytest.raises(ItemRangeError) as caught:
        parse_responses(registry.get("srs"), [token, "9", "9", "9"])
    assert "is not a number" in str(caught.value)
    assert "commas do not separate responses" in str(caught.value)


def test_a_blank_safety_item_is_named_in_the_refusal(registry: Registry) -> None:
    """A PHQ-9 with item 9 blank says that no answer to the urgent item is recorded (QA38 #16)."""
    defn = registry.get("phq-9")
    with pytest.raises(MissingItemsError) as caught:
        score_responses(defn, parse_responses(defn, ["1"] * 8 + ["NA"]))
    hint = caught.value.hint or ""
    assert "item 9 (Thoughts of death or self-harm) carries an urgent prompt" in hint
    assert "for clinician review" in hint
    with pytest.raises(MissingItemsError) as other:
        score_responses(defn, parse_responses(defn, ["NA"] + ["1"] * 8))
    assert "urgent" not in (other.value.hint or "")
