"""Plain words and human numbers for clinician-facing pages (Jinja filters).

Scores arrive as floats (``4.0``, ``0.3333``) and reasons as codes (``not_available``,
``session_number``); pages show ``4``, ``0.33`` and ``session number``. Insight evidence that
names a measure form (``ORS #4``: no stored session) is labelled, never linked.

"Session N" on a page always means stored session N. A measure's own count of its forms (the
alert rules' "at session 6", the 6th administration) is shown as "form 6 (6th administration)".
"""

from __future__ import annotations

import re
from typing import Final

from jinja2 import Environment

from alliancelens.domain.clock import clock  # shared with the CLI (QA42 #9); re-exported

__all__ = [
    "EVIDENCE_SHOWN",
    "TRANSCRIPT_PART",
    "clock",
    "evidence_label",
    "form_wording",
    "install_filters",
    "number",
    "ordinal",
    "session_link",
    "transcript_part_of",
    "words",
]

#: Utterances per transcript part on the session page (QA40 #13: a 3,000-line session was one
#: 1.4 MB page). Part *k* holds the utterances whose index is in ``[(k-1)*N, k*N)``.
TRANSCRIPT_PART: Final = 500
#: Evidence links shown per list on the session page; the rest are counted (and every cited
#: line is marked "cited" in the transcript).
EVIDENCE_SHOWN: Final = 40
#: Decimals kept on a page (scores are estimates; more digits read as false precision).
_DECIMALS: Final = 2
_FORM = re.compile(r"(?P<measure>.*?)\s*#(?P<number>\d+)")
#: An alert rule's ordinal of the measure's form, worded "at session N" by the measure rules.
_AT_SESSION = re.compile(r"\bat session (\d+)\b")


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


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _form_words(number: str) -> str:
    return f"form {number} ({ordinal(int(number))} administration)"


def evidence_label(session_id: str) -> str:
    """How evidence names its source: ``session 3``, or ``ORS form 4 (4th administration)``."""
    if session_id.isdigit():
        return f"session {session_id}"
    form = _FORM.fullmatch(session_id)
    if form is None:
        return session_id
    measure = form["measure"]
    words = _form_words(form["number"])
    return f"{measure} {words}" if measure else words


def form_wording(reason: str) -> str:
    """A measure alert's "at session 6" (its 6th form) as "at form 6 (6th administration)"."""
    return _AT_SESSION.sub(lambda found: "at " + _form_words(found[1]), reason)


def transcript_part_of(index: int) -> int:
    """The transcript part (from 1) of the session page that shows utterance ``index``."""
    return max(0, int(index)) // TRANSCRIPT_PART + 1


def install_filters(env: Environment) -> None:
    """Register the filters above on ``env`` (``number``, ``words``, ``session_link``…).

    Also the globals ``transcript_part_of`` (utterance links reach the right transcript part)
    and ``evidence_shown`` (how many evidence links a list shows before counting the rest).
    """
    env.globals.update(transcript_part_of=transcript_part_of, evidence_shown=EVIDENCE_SHOWN)
    env.filters.update(
        number=number,
        words=words,
        session_link=session_link,
        evidence_label=evidence_label,
        form_wording=form_wording,
    )
