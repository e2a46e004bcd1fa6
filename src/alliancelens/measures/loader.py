"""Read and validate measure definition files (TOML, format 1). See docs/measures/definitions.md.

A file holds either a full definition (a ``[measure]`` table) or licensed item wording for a
measure that ships label-only (a ``[wording]`` table, see :mod:`alliancelens.measures.wording`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from alliancelens.errors import DefinitionError
from alliancelens.measures._toml import Table
from alliancelens.measures.definition import (
    ANY_POPULATION,
    TAGS,
    Anchor,
    Cutoff,
    DropRule,
    ExpectedResponseParams,
    FlagRule,
    Item,
    Licence,
    MeasureDefinition,
    Prorating,
    ReliableChange,
    ResponseScale,
    SeverityBand,
    Side,
    Subscale,
)

__all__ = ["FORMAT", "normalise_name", "parse_definition", "read_toml"]

#: The definition file format this code reads.
FORMAT = 1

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = frozenset({"value", "threshold", "item", "label", "measure", "side"})
SEVERITIES = ("info", "warning", "urgent")
KINDS = ("continuous", "ordinal")
RC_METHODS = ("points", "jacobson_truax")
RELIABILITY_KINDS = ("test-retest", "alpha")


def normalise_name(name: str) -> str:
    """Lookup key of a measure name or alias: lower case without spaces, dashes or underscores."""
    return re.sub(r"[\s_\-]", "", name.lower())


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning read and syntax errors into :class:`DefinitionError`."""
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except OSError as exc:
        raise DefinitionError(f"cannot read the file ({exc.strerror})", file=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise DefinitionError(f"not valid TOML ({exc})", file=path) from exc
    version = data.get("format")
    if version != FORMAT:
        raise DefinitionError(
            f"format must be {FORMAT}", file=path, field="format", hint="add `format = 1`"
        )
    return data


def parse_definition(data: Mapping[str, Any], *, origin: str) -> MeasureDefinition:
    """Build a :class:`MeasureDefinition` from a parsed definition file, validating every field."""
    root = Table(data, path="", origin=origin)
    root.integer("format")
    measure = root.table("measure")
    licence = _licence(root.table("licence"))
    response = _response(root.table("response"))
    items = _items(root.tables("items"), licence, root)
    prorating = _prorating(root.table("scoring"), len(items))
    draft = MeasureDefinition(
        name=_name(measure, "name"),
        title=measure.text("title"),
        short=measure.text("short"),
        version=measure.text("version"),
        construct=measure.text("construct"),
        higher_is_better=measure.flag("higher_is_better"),
        respondent=measure.text("respondent"),
        period=measure.text("period"),
        aliases=tuple(_alias(measure, a) for a in measure.texts("aliases", [])),
        licence=licence,
        response=response,
        prorating=prorating,
        items=items,
        instructions=measure.optional_text("instructions"),
        report_means=measure.flag("report_means", default=False),
        origin=origin,
    )
    measure.done()
    defn = _with_rules(root, draft)
    root.done()
    return defn


def _with_rules(root: Table, draft: MeasureDefinition) -> MeasureDefinition:
    subscales = tuple(_subscale(t, draft) for t in root.tables("subscales"))
    _unique(root, "subscales", [s.name for s in subscales])
    severity_table = root.optional_table("severity")
    severity, severity_source, severity_tag = _severity(severity_table, draft)
    cutoffs = tuple(_cutoff(t) for t in root.tables("cutoffs"))
    changes = tuple(_reliable_change(t) for t in root.tables("reliable_change"))
    _unique(root, "cutoffs", [f"{c.name}/{c.population}" for c in cutoffs])
    _unique(root, "reliable_change", [r.population for r in changes])
    with_cutoffs = replace(draft, cutoffs=cutoffs)
    flags = tuple(_flag(t, with_cutoffs) for t in root.tables("flags"))
    drop_table = root.optional_table("drop")
    expected_table = root.optional_table("expected_response")
    return replace(
        with_cutoffs,
        subscales=subscales,
        severity=severity,
        severity_source=severity_source,
        severity_tag=severity_tag,
        reliable_change=changes,
        flags=flags,
        drop=_drop(drop_table) if drop_table else None,
        expected_response=_expected(expected_table, draft) if expected_table else None,
    )


def _name(table: Table, key: str) -> str:
    value = table.text(key)
    if not _NAME.match(value):
        raise table.error(key, "must be lower case letters, digits and dashes, e.g. `phq-9`")
    return value


def _alias(table: Table, value: str) -> str:
    if not normalise_name(value):
        raise table.error("aliases", "must not be empty after removing spaces and dashes")
    return value


def _unique(table: Table, key: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise table.error(key, f"{value!r} appears twice")
        seen.add(value)


def _tag(table: Table) -> tuple[str, str]:
    tag = table.text("tag")
    if tag == "U":
        raise table.error(
            "tag",
            "values tagged U are not verified and must not be used; "
            "see docs/measures/definitions.md",
            hint="confirm the value, then tag it V, S or local",
        )
    if tag not in TAGS:
        raise table.error("tag", f"must be one of {', '.join(sorted(TAGS))}")
    return tag, table.text("source")


def _side(table: Table, key: str) -> Side:
    value = table.text(key)
    try:
        return Side(value)
    except ValueError:
        raise table.error(key, f"must be one of {', '.join(s.value for s in Side)}") from None


def _choice(table: Table, key: str, choices: tuple[str, ...]) -> str:
    value = table.text(key)
    if value not in choices:
        raise table.error(key, f"must be one of {', '.join(choices)}")
    return value


def _licence(table: Table) -> Licence:
    licence = Licence(
        wording_included=table.flag("wording_included"),
        electronic_use=table.flag("electronic_use"),
        copyright=table.text("copyright"),
        note=table.text("note"),
        source=table.text("source"),
        licensee=table.optional_text("licensee"),
        licence_reference=table.optional_text("licence_reference"),
    )
    table.done()
    return licence


def _response(table: Table) -> ResponseScale:
    kind = _choice(table, "kind", KINDS)
    minimum, maximum = table.number("min"), table.number("max")
    decimals = table.integer("decimals")
    if maximum <= minimum:
        raise table.error("max", "must be greater than min")
    if not 0 <= decimals <= 3:
        raise table.error("decimals", "must be between 0 and 3")
    if kind == "ordinal" and decimals != 0:
        raise table.error("decimals", "must be 0 for an ordinal scale")
    anchors = tuple(_anchor(t) for t in table.tables("anchors"))
    scale = ResponseScale(kind, minimum, maximum, decimals, anchors, table.text("source"))
    table.done()
    return scale


def _anchor(table: Table) -> Anchor:
    anchor = Anchor(table.number("value"), table.text("label"))
    table.done()
    return anchor


def _items(tables: list[Table], licence: Licence, root: Table) -> tuple[Item, ...]:
    if not tables:
        raise root.error("items", "a measure needs at least one [[items]] entry")
    items = tuple(_item(t, licence) for t in tables)
    _unique(root, "items", [i.id for i in items])
    return items


def _item(table: Table, licence: Licence) -> Item:
    item = Item(
        id=table.text("id"),
        label=table.text("label"),
        text=table.optional_text("text"),
        left_anchor=table.optional_text("left_anchor"),
        right_anchor=table.optional_text("right_anchor"),
    )
    if item.text and not licence.wording_included:
        raise table.error(
            "text",
            "item wording is given but licence.wording_included is false",
            hint="ship label-only definitions, or declare the licence that covers the wording",
        )
    table.done()
    return item


def _prorating(table: Table, n_items: int) -> Prorating:
    prorating = Prorating(
        max_missing=table.integer("max_missing"),
        rule=table.text("missing_rule"),
        source=table.text("source"),
        round_to=table.integer("round_to", 0),
    )
    if not 0 <= prorating.max_missing < n_items:
        raise table.error("max_missing", f"must be between 0 and {n_items - 1}")
    if prorating.round_to < 0:
        raise table.error("round_to", "must not be negative")
    table.done()
    return prorating


def _subscale(table: Table, defn: MeasureDefinition) -> Subscale:
    subscale = Subscale(_name(table, "name"), table.text("label"), table.texts("items"))
    unknown = [i for i in subscale.items if i not in defn.item_ids]
    if unknown or not subscale.items:
        raise table.error("items", f"must list item ids of this measure (unknown: {unknown})")
    table.done()
    return subscale


def _severity(
    table: Table | None, defn: MeasureDefinition
) -> tuple[tuple[SeverityBand, ...], str, str]:
    if table is None:
        return (), "", ""
    bands = tuple(_band(t) for t in table.tables("bands"))
    lowers = [b.lower for b in bands]
    if not bands or lowers[0] != defn.total_min or lowers != sorted(set(lowers)):
        raise table.error(
            "bands", f"must start at the lowest total ({defn.total_min:g}) and rise strictly"
        )
    if lowers[-1] > defn.total_max:
        raise table.error("bands", f"must start at or below the highest total ({defn.total_max:g})")
    source = table.text("source")
    tag, _ = _tag(table)
    table.done()
    return bands, source, tag


def _band(table: Table) -> SeverityBand:
    band = SeverityBand(table.text("label"), table.number("from"))
    table.done()
    return band


def _cutoff(table: Table) -> Cutoff:
    name, value, concern = _name(table, "name"), table.number("value"), _side(table, "concern")
    population = table.text("population")
    tag, source = _tag(table)
    note = table.optional_text("note") or ""
    cutoff = Cutoff(name, value, concern, population, tag, source, note)
    table.done()
    return cutoff


def _reliable_change(table: Table) -> ReliableChange:
    population = table.text("population")
    method = _choice(table, "method", RC_METHODS)
    tag, source = _tag(table)
    if method == "points":
        points = table.number("points")
        if points <= 0:
            raise table.error("points", "must be greater than 0")
        table.done()
        return ReliableChange(population, method, tag, source, points=points)
    sd, reliability = table.number("sd"), table.number("reliability")
    kind = _choice(table, "reliability_kind", RELIABILITY_KINDS)
    if sd <= 0:
        raise table.error("sd", "must be greater than 0")
    if not 0 <= reliability < 1:
        raise table.error("reliability", "must be at least 0 and below 1")
    table.done()
    return ReliableChange(population, method, tag, source, None, sd, reliability, kind)


def _flag(table: Table, defn: MeasureDefinition) -> FlagRule:
    kind, severity = _name_like(table, "kind"), _choice(table, "severity", SEVERITIES)
    target = table.text("target")
    if target not in {"total", "each_item", *defn.item_ids}:
        raise table.error("target", "must be total, each_item or an item id of this measure")
    cutoff_name = table.optional_text("cutoff")
    threshold = table.optional_number("threshold")
    when = _side(table, "when") if "when" in table.data else None
    if (cutoff_name is None) == (threshold is None):
        raise table.error("threshold", "give either threshold (with when) or cutoff")
    if cutoff_name is not None:
        cutoffs = [c for c in defn.cutoffs if c.name == cutoff_name]
        if not cutoffs:
            raise table.error("cutoff", f"no cut-off named {cutoff_name!r} in this definition")
        when = when or cutoffs[0].concern
    if when is None:
        raise table.error("when", "is required with threshold")
    reason = _template(table, "reason")
    populations = _populations(table)
    tag, source = _tag(table)
    table.done()
    return FlagRule(
        kind, severity, target, when, reason, tag, source, threshold, cutoff_name, populations
    )


def _name_like(table: Table, key: str) -> str:
    value = table.text(key)
    if not re.match(r"^[a-z][a-z0-9_]*$", value):
        raise table.error(key, "must be lower case letters, digits and underscores")
    return value


def _template(table: Table, key: str) -> str:
    text = table.text(key)
    unknown = sorted(set(_PLACEHOLDER.findall(text)) - PLACEHOLDERS)
    if unknown:
        raise table.error(
            key, f"unknown placeholder {{{unknown[0]}}}", hint=f"use {sorted(PLACEHOLDERS)}"
        )
    return text


def _drop(table: Table) -> DropRule:
    points = table.number("points")
    if points <= 0:
        raise table.error("points", "must be greater than 0")
    populations = _populations(table)
    tag, source = _tag(table)
    table.done()
    return DropRule(points, tag, source, populations)


def _populations(table: Table) -> tuple[str, ...]:
    """The optional ``populations`` list a rule holds for (default ``any``)."""
    populations = tuple(p.lower() for p in table.texts("populations", [ANY_POPULATION]))
    if not populations:
        raise table.error("populations", 'must name at least one population (or "any")')
    return populations


def _expected(table: Table, defn: MeasureDefinition) -> ExpectedResponseParams:
    target, rate = table.number("target"), table.number("rate")
    tolerance = table.number("tolerance")
    first = table.integer("first_check_session")
    if not defn.total_min <= target <= defn.total_max:
        raise table.error("target", f"must lie between {defn.total_min:g} and {defn.total_max:g}")
    if rate <= 0:
        raise table.error("rate", "must be greater than 0")
    if tolerance < 0:
        raise table.error("tolerance", "must not be negative")
    if first < 2:
        raise table.error("first_check_session", "must be 2 or more (session 1 is the intake)")
    populations = _populations(table)
    tag, source = _tag(table)
    table.done()
    return ExpectedResponseParams(target, rate, tolerance, first, tag, source, populations)
