"""Licensed item wording, imported by a clinic for a measure that ships label-only.

SRS, ORS and WAI-SR ship without item wording (clinical-reference.md §1.7 and §2.5). A clinic
that holds a licence covering software use writes the wording from its own licensed copy into a
``[wording]`` file and imports it (``alliancelens measures import-definition FILE``); only then
can those forms be shown electronically. The file format is in docs/measures/definitions.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from alliancelens.errors import DefinitionError
from alliancelens.measures._toml import Table
from alliancelens.measures.definition import Anchor, Item, MeasureDefinition

__all__ = ["ItemWording", "Wording", "apply_wording", "parse_wording"]


@dataclass(frozen=True, slots=True)
class ItemWording:
    """The licensed text of one item and, for analogue lines, its two end labels."""

    text: str
    left_anchor: str | None = None
    right_anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Wording:
    """Licensed wording for one measure, with the licence that covers it."""

    measure: str
    licensee: str
    licence_reference: str
    electronic_use: bool
    items: Mapping[str, ItemWording]
    anchors: tuple[Anchor, ...] = ()
    instructions: str | None = None
    origin: str = ""


def parse_wording(data: Mapping[str, Any], *, origin: str) -> Wording:
    """Build a :class:`Wording` from a parsed ``[wording]`` file."""
    root = Table(data, path="", origin=origin)
    root.integer("format")
    table = root.table("wording")
    items: dict[str, ItemWording] = {}
    for item in root.tables("items"):
        item_id = item.text("id")
        if item_id in items:
            raise item.error("id", f"item {item_id} appears twice")
        items[item_id] = ItemWording(
            item.text("text"), item.optional_text("left_anchor"), item.optional_text("right_anchor")
        )
        item.done()
    anchors = []
    for anchor in root.tables("anchors"):
        anchors.append(Anchor(anchor.number("value"), anchor.text("label")))
        anchor.done()
    wording = Wording(
        measure=table.text("measure"),
        licensee=table.text("licensee"),
        licence_reference=table.text("licence_reference"),
        electronic_use=table.flag("electronic_use"),
        items=items,
        anchors=tuple(anchors),
        instructions=table.optional_text("instructions"),
        origin=origin,
    )
    table.done()
    root.done()
    return wording


def apply_wording(defn: MeasureDefinition, wording: Wording) -> MeasureDefinition:
    """Return ``defn`` with the licensed wording filled in; refuse wording that does not fit."""
    expected, given = set(defn.item_ids), set(wording.items)
    if expected != given:
        missing, extra = sorted(expected - given), sorted(given - expected)
        raise DefinitionError(
            f"wording must give every item of {defn.short} exactly once "
            f"(missing: {missing or 'none'}; not in the measure: {extra or 'none'})",
            file=wording.origin,
            field="items",
        )
    for anchor in wording.anchors:
        if not defn.response.minimum <= anchor.value <= defn.response.maximum:
            raise DefinitionError(
                f"anchor value {anchor.value:g} is outside {defn.short}'s response range "
                f"{defn.response.minimum:g}–{defn.response.maximum:g}",
                file=wording.origin,
                field="anchors",
            )
    items = tuple(_worded(item, wording.items[item.id]) for item in defn.items)
    licence = replace(
        defn.licence,
        wording_included=True,
        electronic_use=wording.electronic_use,
        licensee=wording.licensee,
        licence_reference=wording.licence_reference,
    )
    response = replace(defn.response, anchors=wording.anchors or defn.response.anchors)
    return replace(
        defn,
        items=items,
        licence=licence,
        response=response,
        instructions=wording.instructions or defn.instructions,
    )


def _worded(item: Item, wording: ItemWording) -> Item:
    return replace(
        item,
        text=wording.text,
        left_anchor=wording.left_anchor,
        right_anchor=wording.right_anchor,
    )
