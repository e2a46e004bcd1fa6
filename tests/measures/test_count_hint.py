"""A wrong item count offers NA for a blank item only where the measure prorates (QA43 #7)."""

from __future__ import annotations

import pytest

from alliancelens.errors import ItemCountError
from alliancelens.measures import load_registry, parse_responses

from .measures_helpers import toy


@pytest.mark.parametrize("measure", ["srs", "phq-9"])
def test_no_na_hint_for_a_measure_that_is_not_prorated(measure: str) -> None:
    """SRS/PHQ-9 refuse a blank item (AL504), so the count hint never suggests NA."""
    defn = load_registry().get(measure)
    with pytest.raises(ItemCountError) as caught:
        parse_responses(defn, ["1", "1", "1"])
    hint = caught.value.hint or ""
    assert "NA" not in hint and "is not prorated" in hint


def test_na_hint_for_a_prorated_measure() -> None:
    """A measure that prorates one blank item keeps the NA hint."""
    defn = toy(scoring={"max_missing": 1, "missing_rule": "r", "source": "s", "round_to": 1})
    with pytest.raises(ItemCountError) as caught:
        parse_responses(defn, ["1", "1"])
    assert "use NA for an item left blank" in (caught.value.hint or "")
