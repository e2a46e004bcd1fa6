"""The one-walk fast paths of the batch rows give exactly what the plain walks gave (speed pass)."""

from __future__ import annotations

from collections import OrderedDict
from types import MappingProxyType
from typing import Any

import pytest

from alliancelens.batch._parts import _columns, rows_table
from alliancelens.batch._rows import (
    WITHHELD,
    _flatten_codes,
    _json,
    _withheld,
    _withheld_json,
)
from alliancelens.batch._spec import jsonable


class _Opaque:
    """Neither a JSON type nor a container: becomes its repr."""

    def __repr__(self) -> str:
        return "<opaque 'quoted words' here>"


#: Values of the shapes analysers emit, plus the awkward ones (synthetic words only).
VALUES: list[Any] = [
    None,
    3,
    0.25,
    True,
    "plain text with 'quotes'",
    {"behaviour": "reflection", "affirm": False, "confidence": {"behaviour": 0.7}},
    {"matched": "I feel stuck", "reason": "risk words (matched: 'feel stuck')", "score": 2},
    {"matched": "", "quote": None, "text": [], "excerpt": {}, "phrase": 0, "snippet": False},
    {"reasons": ["said 'never again'", "a 'quoted' bit", 4], "why": {"matched": "x"}},
    {"explanation": _Opaque(), "other": _Opaque(), "list": [_Opaque(), ("a", "b")]},
    {1: "one", "1": "string one", None: "none", False: "no", 2.5: "float"},
    {"set": {"b", "a", 3}, "frozen": frozenset({"why"}), "reason": {"'c'", "d"}},
    {"why": ("tuple 'with' quotes", {"matched": "nested"}), "n": [1, [2, {"text": "t"}]]},
    OrderedDict([("matched", "ordered"), ("reason", "an 'ordered' reason")]),
    MappingProxyType({"quote": "proxy", "inner": MappingProxyType({"why": "'p'"})}),
    [{"matched": "in a list"}, "x", None],
    ("tuple", "'quoted'"),
    {"matched": {"nested": "dict"}, "text": ["a"], "words_matched": ("b",)},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("reason", [False, True])
def test_withheld_json_equals_withheld_of_jsonable(value: Any, reason: bool) -> None:
    """One walk gives what ``_withheld(jsonable(v))`` gave: same keys, order, types, JSON text."""
    fast = _withheld_json(value, reason=reason)
    plain = _withheld(jsonable(value), reason=reason)
    assert fast == plain
    assert repr(fast) == repr(plain)  # key order and list/str types too
    assert _json(fast, {}) == _json(plain, {})


@pytest.mark.parametrize("value", [v for v in VALUES if isinstance(v, dict | OrderedDict)])
@pytest.mark.parametrize("scrub", [{}, {"Sam": "client-1", "x": "therapist-1"}])
def test_flatten_codes_withholds_as_flattening_withheld_codes_did(
    value: dict[Any, Any], scrub: dict[str, str]
) -> None:
    """Withholding while flattening gives the columns of flattening ``_withheld(codes)``."""
    fast: dict[str, Any] = {}
    plain: dict[str, Any] = {}
    _flatten_codes("codes", value, fast, scrub, withhold=True)
    _flatten_codes("codes", _withheld(value), plain, scrub, withhold=False)
    assert list(fast.items()) == list(plain.items())


def test_flatten_codes_withholds_quoting_keys_at_any_depth() -> None:
    """A quoting key's non-empty value is withheld, an empty one kept, at any depth."""
    out: dict[str, Any] = {}
    codes = {"risk": {"matched": "I give up", "quote": ""}, "why": "said 'I give up'"}
    _flatten_codes("codes", codes, out, {}, withhold=True)
    assert out == {
        "codes.risk.matched": WITHHELD,
        "codes.risk.quote": "",
        "codes.why": f"said {WITHHELD}",
    }


@pytest.mark.parametrize("scrub", [{"Sam": "client-1"}, {"Dr. (A|B)": "therapist-1", "Jo": "c"}])
def test_json_pseudonymises_labels_found_in_the_text(scrub: dict[str, str]) -> None:
    """A value naming a speaker label (even one with regex characters) is pseudonymised."""
    label = next(iter(scrub))
    assert _json({"speaker": label, "n": 1}, scrub) == (
        '{"n": 1, "speaker": "' + scrub[label] + '"}'
    )
    assert _json({"speaker": "nobody"}, scrub) == '{"speaker": "nobody"}'


def test_columns_fill_missing_values_with_none_in_first_seen_order() -> None:
    """Columns appear in order of first appearance; rows lacking one get None."""
    rows: list[dict[str, Any]] = [{"a": 1}, {"b": 2, "a": 3}, {}, {"c": 4}]
    assert _columns(rows) == {
        "a": [1, 3, None, None],
        "b": [None, 2, None, None],
        "c": [None] * 3 + [4],
    }
    assert rows_table(rows, ("c",)).column_names == ["c", "a", "b"]
