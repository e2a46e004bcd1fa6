"""Form helpers (`web/_forms.py`): ISO days, UTC today, and the submitted text fields."""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.requests import Request

from alliancelens.web._forms import form_fields, parse_day, today


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-03-14", dt.date(2026, 3, 14)), ("14/03/2026", None), ("", None), ("2026-13-40", None)],
)
def test_parse_day_reads_iso_dates_only(text: str, expected: dt.date | None) -> None:
    """Only YYYY-MM-DD is a day; anything else is None for the route to name its field."""
    assert parse_day(text) == expected


def test_today_is_the_utc_date() -> None:
    """Today is the UTC date the use cases default to, not the server's local date."""
    assert today() == dt.datetime.now(dt.UTC).date()


@pytest.mark.anyio
@pytest.mark.parametrize(("strip", "expected"), [(True, "a b"), (False, "  a b \n")])
async def test_form_fields_strips_unless_told_not_to(strip: bool, expected: str) -> None:
    """Text fields are stripped by default; a journal entry may keep its own spacing."""
    body = b"note=++a+b+%0A&measure=phq-9"
    scope = {
        "type": "http",
        "method": "POST",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    fields = await form_fields(Request(scope, receive), strip=strip)
    assert fields["note"] == expected and fields["measure"] == "phq-9"
