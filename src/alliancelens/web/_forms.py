"""Reading the dashboard's HTML forms: the fields as text, dates typed into them, and errors.

One place for what every form route did on its own: today's date is the UTC date the use cases
default to (never the server's local date), and a typed day is ISO ``YYYY-MM-DD``. Each route
keeps its own message, which names its field.

An error is tied to the control it is about (:class:`FieldError`): the page's error summary links
to the control, which gets ``aria-invalid`` and ``aria-describedby`` pointing at the message.
Messages that start with the field's label (``Date: …``) find their control through the page's
label-to-id map (:func:`field_errors`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from starlette.requests import Request

from alliancelens.measures import MeasureDefinition
from alliancelens.measures.scoring import item_name

__all__ = [
    "FieldError",
    "field_errors",
    "form_fields",
    "invalid_fields",
    "item_error",
    "parse_day",
    "today",
]


@dataclass(frozen=True, slots=True)
class FieldError:
    """One error message and the id of the control it is about (None: the whole form)."""

    text: str
    field: str | None = None

    @property
    def id(self) -> str | None:
        """The id of the message's element (the control's ``aria-describedby`` target)."""
        return f"error-{self.field}" if self.field else None


def field_errors(
    errors: Iterable[FieldError | str], fields: Mapping[str, str] | None = None
) -> list[FieldError]:
    """``errors`` tied to controls: a plain message by its ``Label:`` prefix in ``fields``."""
    found = []
    for error in errors:
        if isinstance(error, FieldError):
            found.append(error)
            continue
        label = error.split(":", 1)[0].strip() if ":" in error else ""
        found.append(FieldError(error, (fields or {}).get(label)))
    return found


def invalid_fields(errors: Iterable[FieldError]) -> dict[str, str]:
    """Control id → the id of its first error message (for ``aria-describedby``)."""
    ids: dict[str, str] = {}
    for error in errors:
        if error.field and error.id and error.field not in ids:
            ids[error.field] = error.id
    return ids


def item_error(defn: MeasureDefinition, message: str, *, prefix: str = "item_") -> FieldError:
    """A measure's message tied to the item it names (``… item 3 (Sleep) …``), if it names one."""
    for item in defn.items:
        if f"{item_name(item)} " in f"{message} ":
            return FieldError(message, f"{prefix}{item.id}")
    return FieldError(message)


async def form_fields(request: Request, *, strip: bool = True) -> dict[str, str]:
    """The submitted text fields (uploads left out), each stripped unless ``strip`` is false."""
    form = await request.form()
    return {k: v.strip() if strip else v for k, v in form.items() if isinstance(v, str)}


def today() -> dt.date:
    """The current date in UTC, as the use cases' default date."""
    return dt.datetime.now(dt.UTC).date()


def parse_day(text: str) -> dt.date | None:
    """The ISO date typed (``YYYY-MM-DD``), or None when it is not one."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
