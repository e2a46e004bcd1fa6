"""Plain words and human numbers for clinician-facing pages (Jinja filters).

Scores arrive as floats (``4.0``, ``0.3333``) and reasons as codes (``not_available``,
``session_number``); pages show ``4``, ``0.33`` and ``session number``. Insight evidence that
names a measure form (``ORS #4``: no stored session) is labelled, never linked.
"""

from __future__ import annotations

import re
from typing import Final

from jinja2 import Environment

__all__ = ["evidence_label", "install_filters", "number", "session_link", "words"]

#: Decimals kept on a page (scores are estimates; more digits read as false precision).
_DECIMALS: Final = 2
_FORM = re.compile(r"(?P<measure>.*?)\s*#(?P<number>\d+)")


def number(value: object) -> str:
    """``value`` rounded to two decimals without trailing zeros (``4.0`` → ``4``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    rounded = round(float(value), _DECIMALS)
    if rounded == int(rounded) and abs(rounded) < 1e15:
        return str(int(rounded))
    return f"{rounded:.{_DECIMALS}f}".rstrip("0").rstrip(".")


def words(code: object) -> str:
    """A code as plain words (``not_available`` → ``not available``)."""
    return str(getattr(code, "value", code)).replace("_", " ")


def session_link(session_id: str) -> str | None:
    """The stored session's id when evidence names one (all digits), else ``None``."""
    return session_id if session_id.isdigit() else None


def evidence_label(session_id: str) -> str:
    """How evidence names its source: ``session 3``, or ``ORS form, session 4`` for a form."""
    if session_id.isdigit():
        return f"session {session_id}"
    form = _FORM.fullmatch(session_id)
    if form is None:
        return session_id
    measure = form["measure"]
    return (
        f"{measure} form, session {form['number']}"
        if measure
        else (f"form, session {form['number']}")
    )


def install_filters(env: Environment) -> None:
    """Register the filters above on ``env`` (``number``, ``words``, ``session_link``…)."""
    env.filters.update(
        number=number, words=words, session_link=session_link, evidence_label=evidence_label
    )
