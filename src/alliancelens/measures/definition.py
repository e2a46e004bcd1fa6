"""What a measure *is*, as data: items, response range, subscales, cut-offs, rules and licence.

Definitions are loaded from TOML files (:mod:`alliancelens.measures.loader`); nothing here reads
files. Every clinical number carries ``tag`` and ``source``: the verification tag of
clinical-reference.md §0.1 (``V`` or ``S``; ``U`` values are refused at load time) or ``local``
for a clinic's own value, or ``product`` for an AllianceLens default that is not a clinical claim.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

__all__ = [
    "ANY_POPULATION",
    "TAGS",
    "Anchor",
    "Cutoff",
    "DropRule",
    "ExpectedResponseParams",
    "FlagRule",
    "Item",
    "Licence",
    "MeasureDefinition",
    "Prorating",
    "ReliableChange",
    "ResponseScale",
    "SeverityBand",
    "Side",
    "Subscale",
]

_P = TypeVar("_P")

#: Allowed verification tags (clinical-reference.md §0.1; ``U`` is deliberately absent).
TAGS = frozenset({"V", "S", "local", "product"})

#: Population that a cut-off or reliable-change value applies to when it is not age-specific.
ANY_POPULATION = "any"


class Side(StrEnum):
    """Which side of a threshold a rule is about (the boundary convention is explicit data)."""

    BELOW = "below"
    AT_OR_BELOW = "at_or_below"
    ABOVE = "above"
    AT_OR_ABOVE = "at_or_above"

    def holds(self, value: float, threshold: float) -> bool:
        """Whether ``value`` lies on this side of ``threshold``."""
        if self is Side.BELOW:
            return value < threshold
        if self is Side.AT_OR_BELOW:
            return value <= threshold
        if self is Side.ABOVE:
            return value > threshold
        return value >= threshold

    @property
    def words(self) -> str:
        """Plain-language phrase, e.g. ``below`` or ``at or above``."""
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Anchor:
    """The label of one response value (ordinal scales), e.g. ``0 = Not at all``."""

    value: float
    label: str


@dataclass(frozen=True, slots=True)
class ResponseScale:
    """Allowed item responses: ``minimum``–``maximum`` in steps of ``10**-decimals``."""

    kind: str  # "continuous" (visual analogue line) or "ordinal"
    minimum: float
    maximum: float
    decimals: int
    anchors: tuple[Anchor, ...] = ()
    source: str = ""

    @property
    def step(self) -> float:
        """Smallest allowed difference between two responses."""
        return 10.0**-self.decimals


@dataclass(frozen=True, slots=True)
class Item:
    """One item: a stable ``id`` (its number), a short label and, when licensed, its wording."""

    id: str
    label: str
    text: str | None = None
    left_anchor: str | None = None
    right_anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Subscale:
    """A named group of items whose responses are summed (e.g. WAI-SR ``goal``)."""

    name: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SeverityBand:
    """A severity band that starts at ``lower`` (inclusive) and runs to the next band's start."""

    label: str
    lower: float


@dataclass(frozen=True, slots=True)
class Cutoff:
    """A named cut-off. ``concern`` is the side that counts as the clinical or concern range."""

    name: str
    value: float
    concern: Side
    population: str
    tag: str
    source: str
    note: str = ""

    def in_concern_range(self, score: float) -> bool:
        """Whether ``score`` lies in the clinical (or alliance-concern) range."""
        return self.concern.holds(score, self.value)


@dataclass(frozen=True, slots=True)
class ReliableChange:
    """How large a change must be to count as reliable, for one population.

    ``method`` is ``points`` (a published raw-score value: reliable when |change| ≥ ``points``)
    or ``jacobson_truax`` (computed from ``sd`` and ``reliability``; reliable when |RC| > 1.96).
    """

    population: str
    method: str
    tag: str
    source: str
    points: float | None = None
    sd: float | None = None
    reliability: float | None = None
    reliability_kind: str | None = None


@dataclass(frozen=True, slots=True)
class FlagRule:
    """A rule over one administration (the total or items) that raises a flag for review.

    ``target`` is ``total``, ``each_item`` or one item id. The threshold is ``threshold`` or
    the value of the cut-off named ``cutoff``. ``reason`` may use ``{value}``, ``{threshold}``,
    ``{item}``, ``{label}``, ``{measure}`` and ``{side}``.
    """

    kind: str
    severity: str
    target: str
    when: Side
    reason: str
    tag: str
    source: str
    threshold: float | None = None
    cutoff: str | None = None
    populations: tuple[str, ...] = (ANY_POPULATION,)

    def applies_to(self, population: str) -> bool:
        """Whether the rule holds for ``population`` (elsewhere: not available, never borrowed)."""
        return ANY_POPULATION in self.populations or population in self.populations


@dataclass(frozen=True, slots=True)
class DropRule:
    """Alert when the total falls by at least ``points`` since the previous administration.

    ``populations`` are those the rule's source covers (``any``: all); for others the rule is
    *not available* (e.g. the SRS drop rule is for age 13+, clinical-reference.md §1.5).
    """

    points: float
    tag: str
    source: str
    populations: tuple[str, ...] = (ANY_POPULATION,)

    def applies_to(self, population: str) -> bool:
        """Whether the rule holds for ``population``."""
        return ANY_POPULATION in self.populations or population in self.populations


@dataclass(frozen=True, slots=True)
class Prorating:
    """Missing-item rule. ``max_missing`` 0 means refuse any form with a missing item.

    Prorated totals are mean(answered) × number of items, rounded to ``round_to`` decimals.
    """

    max_missing: int
    rule: str
    source: str
    round_to: int = 0


@dataclass(frozen=True, slots=True)
class ExpectedResponseParams:
    """Parameters of AllianceLens's intake-anchored expected-response curve (expected.py).

    Expected score at session ``s`` (1 = intake): the intake score moved toward ``target`` by
    the fraction ``min(rate · ln s, 1)`` of the distance. ``tolerance`` is how far behind the
    expected score a client may be and still count as on track; checks start at
    ``first_check_session``. ``populations`` are the populations the parameters hold for
    (``any``: all); for others the curve is *not available* rather than borrowed.
    """

    target: float
    rate: float
    tolerance: float
    first_check_session: int
    tag: str
    source: str
    populations: tuple[str, ...] = (ANY_POPULATION,)

    def applies_to(self, population: str) -> bool:
        """Whether the parameters hold for ``population``."""
        return ANY_POPULATION in self.populations or population in self.populations


@dataclass(frozen=True, slots=True)
class Licence:
    """Whether item wording ships or was imported, and whether electronic use is allowed."""

    wording_included: bool
    electronic_use: bool
    copyright: str
    note: str
    source: str
    licensee: str | None = None
    licence_reference: str | None = None


@dataclass(frozen=True, slots=True)
class MeasureDefinition:
    """A complete instrument definition, as loaded from a definition file."""

    name: str
    title: str
    short: str
    version: str
    construct: str  # "alliance", "outcome", "symptom" or a clinic's own word
    higher_is_better: bool
    respondent: str
    period: str
    aliases: tuple[str, ...]
    licence: Licence
    response: ResponseScale
    prorating: Prorating
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...] = ()
    severity: tuple[SeverityBand, ...] = ()
    severity_source: str = ""
    severity_tag: str = ""  # verification tag of the bands (clinical-reference.md §0.1)
    cutoffs: tuple[Cutoff, ...] = ()
    reliable_change: tuple[ReliableChange, ...] = ()
    flags: tuple[FlagRule, ...] = ()
    drop: DropRule | None = None
    expected_response: ExpectedResponseParams | None = None
    instructions: str | None = None
    report_means: bool = False
    origin: str = ""

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Item ids in form order."""
        return tuple(item.id for item in self.items)

    @property
    def total_min(self) -> float:
        """Lowest possible total."""
        return self.response.minimum * len(self.items)

    @property
    def total_max(self) -> float:
        """Highest possible total."""
        return self.response.maximum * len(self.items)

    @property
    def administrable(self) -> bool:
        """Whether the form may be shown to clients electronically (wording and licence present)."""
        has_text = all(item.text for item in self.items)
        return self.licence.wording_included and self.licence.electronic_use and has_text

    def item(self, item_id: str) -> Item:
        """The item with ``item_id`` (KeyError when there is none)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def cutoff(self, name: str, population: str) -> Cutoff | None:
        """The cut-off ``name`` for ``population``, else its ``any``-population value, else None."""
        return _for_population(
            [c for c in self.cutoffs if c.name == name], population, lambda c: c.population
        )

    def reliable_change_for(self, population: str) -> ReliableChange | None:
        """The reliable-change rule for ``population`` (or ``any``), else None."""
        return _for_population(list(self.reliable_change), population, lambda r: r.population)


def _for_population(
    candidates: Sequence[_P], population: str, key: Callable[[_P], str]
) -> _P | None:
    exact = [c for c in candidates if key(c) == population]
    general = [c for c in candidates if key(c) == ANY_POPULATION]
    found = exact or general
    return found[0] if found else None
