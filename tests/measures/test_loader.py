"""Definition files: the shipped ones load, and every invalid field is refused by name."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from alliancelens.errors import DefinitionError
from alliancelens.measures import Registry
from alliancelens.measures.definition import Side
from alliancelens.measures.loader import normalise_name, parse_definition, read_toml

from .measures_helpers import base, toy

SHIPPED = {
    # name: (items, response min, max, total min, max, higher_is_better, wording shipped)
    "srs": (4, 0.0, 10.0, 0.0, 40.0, True, False),
    "ors": (4, 0.0, 10.0, 0.0, 40.0, True, False),
    "wai-sr": (12, 1.0, 5.0, 12.0, 60.0, True, False),
    "phq-9": (9, 0.0, 3.0, 0.0, 27.0, False, True),
    "gad-7": (7, 0.0, 3.0, 0.0, 21.0, False, True),
}


def test_shipped_measures_are_exactly_the_five_of_issue_5(registry: Registry) -> None:
    """SRS, ORS, WAI-SR, PHQ-9 and GAD-7 ship, nothing else."""
    assert set(registry.names()) == set(SHIPPED)


@pytest.mark.parametrize(("name", "expected"), sorted(SHIPPED.items()))
def test_shipped_definition_shape(registry: Registry, name: str, expected: tuple[Any, ...]) -> None:
    """Item count, response range, total range, direction and wording match the reference."""
    defn = registry.get(name)
    shape = (
        len(defn.items),
        defn.response.minimum,
        defn.response.maximum,
        defn.total_min,
        defn.total_max,
        defn.higher_is_better,
        defn.licence.wording_included,
    )
    assert shape == expected


@pytest.mark.parametrize("name", ["srs", "ors", "wai-sr"])
def test_licensed_measures_ship_label_only(registry: Registry, name: str) -> None:
    """SRS, ORS and WAI-SR ship no item text and cannot be administered electronically."""
    defn = registry.get(name)
    assert all(item.text is None for item in defn.items)
    assert not defn.administrable
    assert not defn.licence.electronic_use


@pytest.mark.parametrize("name", ["phq-9", "gad-7"])
def test_public_measures_ship_full_wording(registry: Registry, name: str) -> None:
    """PHQ-9 and GAD-7 ship every item's wording and anchors and may be administered."""
    defn = registry.get(name)
    assert all(item.text for item in defn.items)
    assert defn.response.anchors[0].label == "Not at all"
    assert defn.administrable


@pytest.mark.parametrize(
    ("name", "cutoff", "population", "value", "concern", "tag"),
    [
        ("srs", "alliance", "adult", 36.0, Side.BELOW, "V"),  # ref §1.5
        ("srs", "alliance", "adolescent", 36.0, Side.BELOW, "V"),  # 13+; "any" population
        ("ors", "clinical", "adult", 25.0, Side.BELOW, "V"),  # ref §1.5
        ("ors", "clinical", "adolescent", 28.0, Side.BELOW, "S"),  # ref §1.5, [S]
    ],
)
def test_shipped_cutoffs_match_the_reference(  # noqa: PLR0917 - one parameter per table column
    registry: Registry,
    name: str,
    cutoff: str,
    population: str,
    value: float,
    concern: Side,
    tag: str,
) -> None:
    """Cut-off values, boundary side and verification tag follow clinical-reference.md §1.5."""
    found = registry.get(name).cutoff(cutoff, population)
    assert found is not None
    assert (found.value, found.concern, found.tag) == (value, concern, tag)
    assert "docs/measures/" in found.source and "clinical-reference" not in found.source


@pytest.mark.parametrize(
    ("name", "cutoff", "population"),
    [
        ("ors", "clinical", "child"),  # CORS cut-off 32 belongs to another measure
        ("wai-sr", "clinical", "adult"),  # no WAI-SR cut-off exists (ref §2.2)
        ("phq-9", "clinical", "adult"),  # not in the reference: not invented
        ("gad-7", "clinical", "adult"),
    ],
)
def test_no_cutoff_is_invented(registry: Registry, name: str, cutoff: str, population: str) -> None:
    """Measures and populations without a verified cut-off have none."""
    assert registry.get(name).cutoff(cutoff, population) is None


def test_wai_sr_subscale_key(registry: Registry) -> None:
    """WAI-SR Goal 4,6,8,11; Task 1,2,10,12; Bond 3,5,7,9 (clinical-reference.md §2.2)."""
    subscales = {s.name: s.items for s in registry.get("wai-sr").subscales}
    assert subscales == {
        "goal": ("4", "6", "8", "11"),
        "task": ("1", "2", "10", "12"),
        "bond": ("3", "5", "7", "9"),
    }


def test_every_shipped_value_is_cited(registry: Registry) -> None:
    """Every cut-off, reliable-change value and rule has a tag and a source, and none is [U]."""
    for defn in registry:
        cited = [*defn.cutoffs, *defn.reliable_change, *defn.flags]
        cited += [r for r in (defn.drop, defn.expected_response) if r is not None]
        for rule in cited:
            assert rule.tag in {"V", "S", "product"}
            assert rule.source


@pytest.mark.parametrize(
    ("name", "key"),
    [("PHQ-9", "phq9"), ("wai_sr", "waisr"), (" S R S ", "srs"), ("GAD-7", "gad7")],
)
def test_normalise_name(name: str, key: str) -> None:
    """Names match ignoring case, spaces, dashes and underscores."""
    assert normalise_name(name) == key


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """Set (or delete, for value ...) a dotted path such as ``items.0.label`` in ``data``."""
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is ...:
        del node[int(last) if last.isdigit() else last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


CUTOFF = {
    "name": "clinical",
    "value": 6,
    "concern": "below",
    "population": "adult",
    "tag": "V",
    "source": "s",
}
FLAG = {
    "kind": "low",
    "severity": "info",
    "target": "total",
    "when": "below",
    "threshold": 2,
    "reason": "low {value}",
    "tag": "S",
    "source": "s",
}

INVALID = [
    # (mutation path, value, field named in the error, words in the problem)
    ("measure.name", "Bad Name", "measure.name", "lower case"),
    ("measure.title", "", "measure.title", "non-empty string"),
    ("measure.title", 3, "measure.title", "non-empty string"),
    ("measure.higher_is_better", "yes", "measure.higher_is_better", "true or false"),
    ("measure.aliases", ["ok", ""], "measure.aliases", "non-empty strings"),
    ("measure.aliases", ["--"], "measure.aliases", "empty after removing"),
    ("measure.colour", "red", "measure.colour", "not a known key"),
    ("measure", ..., "measure", "is required"),
    ("measure", "text", "measure", "must be a table"),
    ("licence.wording_included", 1, "licence.wording_included", "true or false"),
    ("response.kind", "slider", "response.kind", "one of continuous, ordinal"),
    ("response.max", 0, "response.max", "greater than min"),
    ("response.min", True, "response.min", "must be a number"),
    ("response.min", math.nan, "response.min", "finite"),
    ("response.decimals", 4, "response.decimals", "between 0 and 3"),
    ("response.decimals", 1.5, "response.decimals", "whole number"),
    ("response.decimals", 1, "response.decimals", "0 for an ordinal"),
    ("response.anchors", "x", "response.anchors", "array of tables"),
    ("scoring.max_missing", 3, "scoring.max_missing", "between 0 and 2"),
    ("scoring.round_to", -1, "scoring.round_to", "must not be negative"),
    ("items", [], "items", "at least one"),
    ("items.1.id", "1", "items", "appears twice"),
    ("items.0.text", "Wording", "items[0].text", "wording_included is false"),
    ("format", "1", "format", "whole number"),
]


@pytest.mark.parametrize(("path", "value", "field", "words"), INVALID)
def test_invalid_core_fields_are_refused_by_name(
    path: str, value: Any, field: str, words: str
) -> None:
    """Each invalid field raises DefinitionError naming the file and the field."""
    data = _set(base(), path, value)
    with pytest.raises(DefinitionError) as caught:
        parse_definition(data, origin="bad.toml")
    assert caught.value.file == "bad.toml"
    assert caught.value.field == field
    assert words in caught.value.problem


RULES_INVALID = [
    # (extra tables, field, words)
    ({"subscales": [{"name": "a", "label": "A", "items": ["9"]}]}, "subscales[0].items", "unknown"),
    (
        {"subscales": [{"name": "a", "label": "A", "items": ["1"]}] * 2},
        "subscales",
        "appears twice",
    ),
    (
        {"severity": {"tag": "S", "source": "s", "bands": [{"label": "a", "from": 1}]}},
        "severity.bands",
        "start at the lowest total",
    ),
    (
        {
            "severity": {
                "tag": "S",
                "source": "s",
                "bands": [{"label": "a", "from": 0}, {"label": "b", "from": 0}],
            }
        },
        "severity.bands",
        "rise strictly",
    ),
    (
        {
            "severity": {
                "tag": "S",
                "source": "s",
                "bands": [{"label": "a", "from": 0}, {"label": "b", "from": 13}],
            }
        },
        "severity.bands",
        "at or below the highest total",
    ),
    ({"cutoffs": [{**CUTOFF, "tag": "U"}]}, "cutoffs[0].tag", "tagged U"),
    ({"cutoffs": [{**CUTOFF, "tag": "X"}]}, "cutoffs[0].tag", "must be one of"),
    ({"cutoffs": [{**CUTOFF, "concern": "under"}]}, "cutoffs[0].concern", "must be one of"),
    ({"cutoffs": [CUTOFF, CUTOFF]}, "cutoffs", "appears twice"),
    (
        {
            "reliable_change": [
                {"population": "adult", "method": "points", "points": 0, "tag": "V", "source": "s"}
            ]
        },
        "reliable_change[0].points",
        "greater than 0",
    ),
    (
        {
            "reliable_change": [
                {
                    "population": "adult",
                    "method": "jacobson_truax",
                    "sd": 0,
                    "reliability": 0.8,
                    "reliability_kind": "alpha",
                    "tag": "V",
                    "source": "s",
                }
            ]
        },
        "reliable_change[0].sd",
        "greater than 0",
    ),
    (
        {
            "reliable_change": [
                {
                    "population": "adult",
                    "method": "jacobson_truax",
                    "sd": 2,
                    "reliability": 1,
                    "reliability_kind": "alpha",
                    "tag": "V",
                    "source": "s",
                }
            ]
        },
        "reliable_change[0].reliability",
        "below 1",
    ),
    (
        {
            "reliable_change": [
                {
                    "population": "adult",
                    "method": "jacobson_truax",
                    "sd": 2,
                    "reliability": 0.5,
                    "reliability_kind": "split-half",
                    "tag": "V",
                    "source": "s",
                }
            ]
        },
        "reliable_change[0].reliability_kind",
        "one of",
    ),
    (
        {
            "reliable_change": [
                {"population": "adult", "method": "points", "points": 2, "tag": "V", "source": "s"}
            ]
            * 2
        },
        "reliable_change",
        "appears twice",
    ),
    ({"flags": [{**FLAG, "kind": "Low"}]}, "flags[0].kind", "underscores"),
    ({"flags": [{**FLAG, "severity": "high"}]}, "flags[0].severity", "one of"),
    ({"flags": [{**FLAG, "target": "7"}]}, "flags[0].target", "item id"),
    ({"flags": [{**FLAG, "cutoff": "clinical"}]}, "flags[0].threshold", "either"),
    (
        {"flags": [{k: v for k, v in FLAG.items() if k != "threshold"}]},
        "flags[0].threshold",
        "either",
    ),
    (
        {"flags": [{**{k: v for k, v in FLAG.items() if k != "threshold"}, "cutoff": "nope"}]},
        "flags[0].cutoff",
        "no cut-off named",
    ),
    ({"flags": [{k: v for k, v in FLAG.items() if k != "when"}]}, "flags[0].when", "required"),
    ({"flags": [{**FLAG, "reason": "{client} is low"}]}, "flags[0].reason", "unknown placeholder"),
    ({"drop": {"points": 0, "tag": "V", "source": "s"}}, "drop.points", "greater than 0"),
    (
        {
            "expected_response": {
                "target": 20,
                "rate": 0.5,
                "tolerance": 1,
                "first_check_session": 3,
                "tag": "product",
                "source": "s",
            }
        },
        "expected_response.target",
        "between 0 and 12",
    ),
    (
        {
            "expected_response": {
                "target": 6,
                "rate": 0,
                "tolerance": 1,
                "first_check_session": 3,
                "tag": "product",
                "source": "s",
            }
        },
        "expected_response.rate",
        "greater than 0",
    ),
    (
        {
            "expected_response": {
                "target": 6,
                "rate": 0.5,
                "tolerance": -1,
                "first_check_session": 3,
                "tag": "product",
                "source": "s",
            }
        },
        "expected_response.tolerance",
        "not be negative",
    ),
    (
        {
            "expected_response": {
                "target": 6,
                "rate": 0.5,
                "tolerance": 1,
                "first_check_session": 1,
                "tag": "product",
                "source": "s",
            }
        },
        "expected_response.first_check_session",
        "2 or more",
    ),
    (
        {"drop": {"points": 2, "populations": [], "tag": "local", "source": "s"}},
        "drop.populations",
        "at least one population",
    ),
]


@pytest.mark.parametrize(("tables", "field", "words"), RULES_INVALID)
def test_invalid_rules_are_refused_by_name(tables: dict[str, Any], field: str, words: str) -> None:
    """Invalid subscales, bands, cut-offs, reliable change, flags, drop and curve are refused."""
    with pytest.raises(DefinitionError) as caught:
        toy(**tables)
    assert caught.value.field == field
    assert words in caught.value.problem


def test_full_definition_with_every_table_loads() -> None:
    """A definition using every optional table loads with the values given."""
    defn = toy(
        subscales=[{"name": "a", "label": "A", "items": ["1", "2"]}],
        severity={
            "tag": "S",
            "source": "s",
            "bands": [{"label": "low", "from": 0}, {"label": "high", "from": 6}],
        },
        cutoffs=[CUTOFF],
        reliable_change=[
            {
                "population": "adult",
                "method": "jacobson_truax",
                "sd": 2,
                "reliability": 0.75,
                "reliability_kind": "alpha",
                "tag": "local",
                "source": "clinic",
            }
        ],
        flags=[
            FLAG,
            {
                **{k: v for k, v in FLAG.items() if k not in {"threshold", "when"}},
                "cutoff": "clinical",
            },
        ],
        drop={"points": 2, "tag": "V", "source": "s"},
        expected_response={
            "target": 8,
            "rate": 0.4,
            "tolerance": 2,
            "first_check_session": 2,
            "tag": "product",
            "source": "s",
        },
    )
    assert [b.label for b in defn.severity] == ["low", "high"]
    assert defn.flags[1].when is Side.BELOW  # taken from the cut-off's concern side
    assert defn.reliable_change[0].reliability == 0.75
    assert defn.drop is not None and defn.drop.points == 2
    assert defn.expected_response is not None and defn.expected_response.target == 8


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format = 1\n[measure\n", "not valid TOML"),
        ("[measure]\nname = 'x'\n", "format must be 1"),
        ("format = 2\n", "format must be 1"),
    ],
)
def test_read_toml_refuses_bad_files(tmp_path: Path, text: str, words: str) -> None:
    """Syntax errors and a missing or wrong format version are DefinitionErrors."""
    path = tmp_path / "x.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match=words):
        read_toml(path)


def test_read_toml_refuses_a_missing_file(tmp_path: Path) -> None:
    """An unreadable file is a DefinitionError naming it."""
    with pytest.raises(DefinitionError, match="cannot read"):
        read_toml(tmp_path / "absent.toml")


def test_misspelt_required_key_is_named() -> None:
    """A missing required key names a present unknown key that looks like its misspelling."""
    change = {
        "population": "adult",
        "method": "jacobson_truax",
        "sd": 5.0,
        "reliability": 0.8,
        "reliabilty_kind": "alpha",
        "tag": "local",
        "source": "s",
    }
    with pytest.raises(DefinitionError) as caught:
        toy(reliable_change=[change])
    assert caught.value.field == "reliable_change[0].reliability_kind"
    assert "'reliabilty_kind'" in caught.value.problem and "misspelling" in caught.value.problem
