"""Scoring as pure functions: item responses in, total, subscales, severity and flags out.

Validation refuses, never coerces: a response outside the range, or finer than the measure's
step (ORS/SRS: 0.1, i.e. millimetres on the 10 cm line, clinical-reference.md §1.4), is an
:class:`~alliancelens.errors.ItemRangeError` naming the item and the allowed range. Missing items
follow the definition's prorating rule or are refused with :class:`MissingItemsError`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from alliancelens.domain import MeasureAdministration
from alliancelens.errors import ItemCountError, ItemRangeError, MissingItemsError
from alliancelens.measures.definition import Cutoff, FlagRule, Item, MeasureDefinition
from alliancelens.measures.entry import checked_population

__all__ = [
    "MISSING_TOKENS",
    "CutoffPosition",
    "Flag",
    "Score",
    "allowed_range",
    "check_responses",
    "cutoff_positions",
    "decimal_point",
    "direction_note",
    "fmt",
    "fmt_score",
    "item_name",
    "parse_responses",
    "rules_not_available",
    "score_administration",
    "score_responses",
    "severity_band",
]

#: Tokens read as "item left blank" (case-insensitive).
MISSING_TOKENS = frozenset({"", "na", "n/a", "-", "?", "missing"})
#: A decimal comma as typed on many keyboards (``9,5``): read as ``9.5`` on every entry path
#: (CLI, CSV, FHIR and dashboard alike; docs/measures/README.md, "Entry rules").
DECIMAL_COMMA = re.compile(r"([+-]?\d+),(\d+)")
#: Said when a response holds commas that are not one decimal comma (``3.2,4.1``).
_COMMA_HINT = (
    "commas do not separate responses: use spaces, or semicolons in a CSV items cell; "
    "a single decimal comma such as 9,5 reads as 9.5"
)

_MEAN_DECIMALS = 2
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


@dataclass(frozen=True, slots=True)
class Flag:
    """A rule over one administration that fired: a prompt for clinician review, with numbers."""

    kind: str
    severity: str
    reason: str
    value: float
    threshold: float
    items: tuple[str, ...]
    tag: str
    source: str


@dataclass(frozen=True, slots=True)
class Score:
    """The scored form.

    ``subscales`` are sums; ``means`` (item means) only when the measure reports them (WAI-SR,
    clinical-reference.md §2.2). ``prorated_items`` lists items whose missing responses were
    prorated.
    """

    measure: str
    total: float
    subscales: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    severity: str | None = None
    flags: tuple[Flag, ...] = ()
    prorated_items: tuple[str, ...] = ()
    means: Mapping[str, float] | None = None
    not_available: tuple[str, ...] = ()  # rule kinds with no value for this population


@dataclass(frozen=True, slots=True)
class CutoffPosition:
    """Where a total lies against one of the measure's cut-offs for a population.

    ``cutoff`` is None when the measure has cut-offs named ``name`` but none for the population
    (e.g. ORS ``clinical`` for ``child``: clinical-reference.md §1.5).
    """

    name: str
    population: str
    cutoff: Cutoff | None
    in_concern_range: bool | None


def cutoff_positions(
    defn: MeasureDefinition, total: float, population: str
) -> tuple[CutoffPosition, ...]:
    """The total against each named cut-off of ``defn`` for ``population`` (reference points)."""
    population = checked_population(population, defn)
    positions = []
    for name in sorted({c.name for c in defn.cutoffs}):
        cutoff = defn.cutoff(name, population)
        inside = None if cutoff is None else cutoff.in_concern_range(total)
        positions.append(CutoffPosition(name, population, cutoff, inside))
    return tuple(positions)


def fmt(value: float) -> str:
    """A number as people write it: ``35``, ``35.5``, ``0.25`` (at most two decimals)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def fmt_score(defn: MeasureDefinition, value: float) -> str:
    """A score with the measure's own precision: ``32.6`` (SRS), ``17`` (PHQ-9)."""
    return f"{value:.{defn.response.decimals}f}"


def direction_note(defn: MeasureDefinition) -> str:
    """``"higher = worse"`` for a lower-is-better measure (PHQ-9, GAD-7), else ``""``.

    Shown next to a change that carries no category word (no reliable-change value, or no
    reliable change): on PHQ-9 a "+5" means worse, on the ORS better (QA38 #12).
    """
    return "" if defn.higher_is_better else "higher = worse"


def _total_text(defn: MeasureDefinition, total: float) -> str:
    """A total with the measure's precision, or the prorating precision when that is finer."""
    return f"{total:.{max(defn.response.decimals, defn.prorating.round_to)}f}"


def item_name(item: Item) -> str:
    """How messages name an item: ``item 2 (Goals and Topics)``."""
    return f"item {item.id} ({item.label})"


def allowed_range(defn: MeasureDefinition) -> str:
    """The allowed responses in words, e.g. ``0.0 to 10.0 in steps of 0.1``."""
    scale = defn.response
    if scale.decimals == 0:
        return f"whole numbers from {scale.minimum:.0f} to {scale.maximum:.0f}"
    low, high = f"{scale.minimum:.{scale.decimals}f}", f"{scale.maximum:.{scale.decimals}f}"
    return f"{low} to {high} in steps of {scale.step:.{scale.decimals}f}"


def parse_responses(defn: MeasureDefinition, raw: Sequence[str]) -> tuple[float | None, ...]:
    """Turn typed-in responses into numbers (``NA``, ``-``, ``?`` or empty: missing), then check.

    A decimal comma (``9,5``) reads as ``9.5``; any other comma is refused with a hint that
    commas do not separate responses. Digits of any script (full-width ``９``) read as digits.
    """
    commas = any("," in token for token in raw)
    _check_count(defn, len(raw), hint=_COMMA_HINT if commas else None)
    values: list[float | None] = []
    for item, token in zip(defn.items, raw, strict=True):
        text = decimal_point(token.strip())
        if text.lower() in MISSING_TOKENS:
            values.append(None)
            continue
        try:
            values.append(float(text))
        except ValueError:
            hint = f"allowed: {allowed_range(defn)}"
            raise ItemRangeError(
                f"{defn.short} {item_name(item)} is not a number",
                hint=f"{hint}; {_COMMA_HINT}" if "," in text else hint,
            ) from None
    return check_responses(defn, values)


def decimal_point(text: str) -> str:
    """``9,5`` (one decimal comma) as ``9.5``; anything else unchanged."""
    return DECIMAL_COMMA.sub(r"\1.\2", text) if DECIMAL_COMMA.fullmatch(text) else text


def check_responses(
    defn: MeasureDefinition, responses: Sequence[float | None]
) -> tuple[float | None, ...]:
    """Refuse a wrong item count, or any response outside the range or finer than the step."""
    if isinstance(responses, str | bytes):
        raise ItemRangeError(
            f"{defn.short} responses were given as one piece of text, not one number per item",
            hint="pass a list of numbers, or parse typed-in text with parse_responses",
        )
    _check_count(defn, len(responses))
    return tuple(
        None if value is None else _check_value(defn, item, value)
        for item, value in zip(defn.items, responses, strict=True)
    )


def _check_count(defn: MeasureDefinition, count: int, *, hint: str | None = None) -> None:
    if count != len(defn.items):
        given = "1 response was given" if count == 1 else f"{count} responses were given"
        raise ItemCountError(
            f"{defn.short} has {len(defn.items)} items but {given}", hint=hint or _count_hint(defn)
        )


def _count_hint(defn: MeasureDefinition) -> str:
    """What to give: NA for a blank item only where the measure prorates one (QA43 #7).

    A measure that is not prorated refuses a form with a blank item (``AL504``), so offering
    NA there sent the user from one refusal to the next.
    """
    if defn.prorating.max_missing > 0:
        return "give one response per item in form order; use NA for an item left blank"
    return (
        f"give one response per item in form order ({defn.short} is not prorated: every item "
        "needs an answer)"
    )


def _check_value(defn: MeasureDefinition, item: Item, value: float) -> float:
    scale = defn.response
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ItemRangeError(
            f"{defn.short} {item_name(item)} is not a number ({type(value).__name__})",
            hint=f"allowed: {allowed_range(defn)}; parse typed-in text with parse_responses",
        )
    # the message never repeats the refused value: a misaligned cell may hold a client's
    # number, phone number or a date (docs/measures/README.md, privacy)
    where = f"{defn.short} {item_name(item)}"
    if not math.isfinite(value):
        raise ItemRangeError(
            f"{where} is not a finite number", hint=f"allowed: {allowed_range(defn)}"
        )
    if not scale.minimum <= value <= scale.maximum:
        raise ItemRangeError(
            f"{where} is outside {_bounds(defn)}", hint=f"allowed: {allowed_range(defn)}"
        )
    scaled = value * 10**scale.decimals
    if abs(scaled - round(scaled)) > 1e-6:
        raise ItemRangeError(
            f"{where} is finer than the form allows", hint=f"allowed: {allowed_range(defn)}"
        )
    return float(round(value, scale.decimals))


def _bounds(defn: MeasureDefinition) -> str:
    """``0.0–10.0`` (with the scale's decimals)."""
    scale = defn.response
    return f"{scale.minimum:.{scale.decimals}f}–{scale.maximum:.{scale.decimals}f}"


def score_administration(defn: MeasureDefinition, admin: MeasureAdministration) -> Score:
    """Score one administration (cut-offs for its population)."""
    return score_responses(defn, admin.responses, population=admin.population)


def score_responses(
    defn: MeasureDefinition, responses: Sequence[float | None], *, population: str = "adult"
) -> Score:
    """Check and score one form: total, subscale sums, severity band and flags.

    ``population`` is matched ignoring case and spaces; an unknown one is refused
    (:class:`~alliancelens.errors.UnknownPopulationError`), as on every other entry path.
    """
    population = checked_population(population, defn)
    values = dict(zip(defn.item_ids, check_responses(defn, responses), strict=True))
    missing = [defn.item(i) for i, v in values.items() if v is None]
    if len(missing) > defn.prorating.max_missing:
        raise _missing_error(defn, missing)
    total = _sum(defn, list(values.values()))
    subscales = {s.name: _sum(defn, [values[i] for i in s.items]) for s in defn.subscales}
    return Score(
        measure=defn.name,
        total=total,
        subscales=MappingProxyType(subscales),
        severity=severity_band(defn, total),
        flags=tuple(_flags(defn, values, total, population)),
        prorated_items=tuple(item.id for item in missing),
        means=_means(defn, total, subscales) if defn.report_means else None,
        not_available=rules_not_available(defn, population),
    )


def rules_not_available(defn: MeasureDefinition, population: str) -> tuple[str, ...]:
    """Flag and drop rules of ``defn`` whose source does not cover ``population``.

    E.g. the SRS item rule and drop rule for a ``child`` or ``caregiver`` rating
    (clinical-reference.md §1.5: both are for 13+): shown as "not available for this population".
    """
    kinds = [rule.kind for rule in defn.flags if not rule.applies_to(population)]
    if defn.drop is not None and not defn.drop.applies_to(population):
        kinds.append("alliance_drop" if defn.construct == "alliance" else "score_worsened")
    return tuple(dict.fromkeys(kinds))


def _missing_error(defn: MeasureDefinition, missing: list[Item]) -> MissingItemsError:
    names = ", ".join(item_name(item) for item in missing)
    allowed = defn.prorating.max_missing
    policy = (
        f"{defn.short} is not prorated"
        if allowed == 0
        else f"{defn.short} is prorated only when at most {allowed} item(s) are missing"
    )
    hint = "enter every item, or leave this form out"
    safety = [
        item
        for item in missing
        if any(rule.severity == "urgent" and rule.target == item.id for rule in defn.flags)
    ]
    if safety:  # a blank safety item is not a 0: say so (QA38 #16)
        hint += (
            f"; {', '.join(item_name(item) for item in safety)} carries an urgent prompt and "
            "was left blank, so no answer to it is recorded: follow it up with the client "
            "(for clinician review)"
        )
    return MissingItemsError(
        f"{defn.short} {names} missing; {policy}: {defn.prorating.rule}", hint=hint
    )


def _sum(defn: MeasureDefinition, values: list[float | None]) -> float:
    answered = [v for v in values if v is not None]
    if len(answered) == len(values):
        return round(math.fsum(answered), defn.response.decimals)
    if not answered:
        raise MissingItemsError(
            f"{defn.short}: every item of a subscale is missing, so it cannot be prorated"
        )
    prorated = math.fsum(answered) / len(answered) * len(values)
    return round(prorated, defn.prorating.round_to)


def _means(
    defn: MeasureDefinition, total: float, subscales: Mapping[str, float]
) -> Mapping[str, float]:
    means = {"total": round(total / len(defn.items), _MEAN_DECIMALS)}
    for sub in defn.subscales:
        means[sub.name] = round(subscales[sub.name] / len(sub.items), _MEAN_DECIMALS)
    return MappingProxyType(means)


def severity_band(defn: MeasureDefinition, total: float) -> str | None:
    """Label of the severity band ``total`` falls in, or None when the measure has no bands."""
    label = None
    for band in defn.severity:
        if total >= band.lower:
            label = band.label
    return label


def _flags(
    defn: MeasureDefinition, values: Mapping[str, float | None], total: float, population: str
) -> list[Flag]:
    flags = []
    for rule in defn.flags:
        if not rule.applies_to(population):
            continue
        threshold = _threshold(defn, rule, population)
        if threshold is None:
            continue
        hits = _hits(rule, values, total, threshold)
        if hits:
            flags.append(_flag(defn, rule, hits, threshold))
    return flags


def _threshold(defn: MeasureDefinition, rule: FlagRule, population: str) -> float | None:
    if rule.cutoff is None:
        return rule.threshold
    cutoff = defn.cutoff(rule.cutoff, population)
    return cutoff.value if cutoff else None


def _hits(
    rule: FlagRule, values: Mapping[str, float | None], total: float, threshold: float
) -> list[tuple[str | None, float]]:
    if rule.target == "total":
        candidates: list[tuple[str | None, float | None]] = [(None, total)]
    elif rule.target == "each_item":
        candidates = list(values.items())
    else:
        candidates = [(rule.target, values[rule.target])]
    return [(i, v) for i, v in candidates if v is not None and rule.when.holds(v, threshold)]


def _flag(
    defn: MeasureDefinition,
    rule: FlagRule,
    hits: list[tuple[str | None, float]],
    threshold: float,
) -> Flag:
    items = tuple(i for i, _ in hits if i is not None)
    value = (
        min(v for _, v in hits) if rule.when.value.endswith("below") else max(v for _, v in hits)
    )
    labels = ", ".join(
        f"{defn.item(i).label} {fmt_score(defn, v)}" for i, v in hits if i is not None
    )
    words = {
        # the measure's precision (SRS/ORS totals: one decimal, clinical-reference.md §1.4)
        "value": fmt_score(defn, value) if rule.target != "total" else _total_text(defn, value),
        "threshold": fmt(threshold),
        "item": ", ".join(items),
        "label": labels,
        "measure": defn.short,
        "side": rule.when.words,
    }
    reason = _PLACEHOLDER.sub(lambda m: words.get(m.group(1), m.group(0)), rule.reason)
    return Flag(rule.kind, rule.severity, reason, value, threshold, items, rule.tag, rule.source)
