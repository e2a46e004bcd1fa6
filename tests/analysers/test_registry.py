"""The analyser registry: dependency order, lookups and errors."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from alliancelens.analysers import available, create
from alliancelens.analysers.base import SESSION_CAPABILITIES, Analyser, FindingSet
from alliancelens.analysers.registry import _dependency_order
from alliancelens.domain import Finding, Session
from alliancelens.errors import UsageError


def _make(name: str, requires: set[str], produces: set[str]) -> type[Analyser]:
    def _analyse(self: Analyser, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        return ()

    return type(
        name,
        (Analyser,),
        {
            "name": f"test.{name}",
            "version": 1,
            "requires": frozenset(requires),
            "produces": frozenset(produces),
            "_analyse": _analyse,
        },
    )


A = _make("a", {"roles"}, {"a.summary"})
B = _make("b", {"a.summary"}, {"b.summary"})
C = _make("c", {"roles"}, {"c.summary"})
ORPHAN = _make("orphan", {"nobody.summary"}, {"o.summary"})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ([B, A, C], [A, B, C]),
        ([C, B, A], [C, A, B]),
        ([ORPHAN, A], [A, ORPHAN]),
    ],
)
def test_dependency_order_is_stable_and_puts_producers_first(given, expected) -> None:
    """Producers come before consumers; otherwise the given order holds; orphans go last."""
    assert _dependency_order(given) == expected


def test_available_is_in_a_runnable_order() -> None:
    """Every built-in analyser's requirements are produced by one listed before it."""
    known = set(SESSION_CAPABILITIES)
    for cls in available().values():
        assert cls.requires <= known, cls.name
        known |= cls.produces
    assert next(iter(available())) == "talk.statistics"


def test_unknown_analyser_names_the_known_ones() -> None:
    """create() with an unknown name raises a UsageError listing the known analysers."""
    with pytest.raises(UsageError, match=r"talk\.statistics"):
        create("no.such")
