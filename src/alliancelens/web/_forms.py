"""Reading the dashboard's HTML forms: the fields as text, and dates typed into them.

One place for what every form route did on its own: today's date is the UTC date the use cases
default to (never the server's local date), and a typed day is ISO ``YYYY-MM-DD``. Each route
keeps its own message, which names its field.
"""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request

__all__ = ["form_fields", "parse_day", "today"]


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
