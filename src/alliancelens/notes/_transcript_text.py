"""Text pieces shared by a note's transcript sentences: quotes, index lists, analyser names.

Split out of :mod:`alliancelens.notes._transcript` (which re-exports them) so that the process
sentences (:mod:`alliancelens.notes._transcript_process`) can use them too.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ALLIANCE",
    "MAX_LISTED",
    "QUOTE_WORDS",
    "RED_FLAGS",
    "RELATIONAL",
    "RISK",
    "RUPTURES",
    "SKILLS",
    "TALK",
    "indexes",
    "quote",
    "span",
]

#: Longest quote, in words, before it is cut with an ellipsis (keeps a note readable).
QUOTE_WORDS = 30
RISK = "risk.language"
RUPTURES = "ruptures.detector"
ALLIANCE = "alliance.bordin"
SKILLS = "microskills.codes"
TALK = "talk.statistics"
RELATIONAL = "relational.markers"
RED_FLAGS = "red_flags.therapist"


def quote(text: str) -> str:
    """The utterance text, cut to :data:`QUOTE_WORDS` words with an ellipsis."""
    words = text.split()
    if len(words) <= QUOTE_WORDS:
        return " ".join(words)
    return " ".join(words[:QUOTE_WORDS]) + " …"


#: Most utterance indexes a sentence lists before saying how many there are in all (QA40 #13:
#: on a 3,000-utterance transcript one "Complex reflections" sentence ran to 9,000 characters).
#: AllianceLens default, for readability; the sentence's evidence (``--json``) keeps every index.
MAX_LISTED = 12


def indexes(values: Iterable[int], *, limit: int | None = MAX_LISTED) -> str:
    """``"3, 5, 8"``: utterance indexes for a sentence, the first ``limit`` of a long list.

    ``"2, 4, … (40 in all; the JSON note lists every one)"`` past ``limit``.
    """
    found = [str(i) for i in values]
    if limit is None or len(found) <= limit:
        return ", ".join(found)
    return f"{', '.join(found[:limit])}, … ({len(found)} in all; the JSON note lists every one)"


def span(start: int, end: int, *, brackets: bool = False) -> str:
    """``"at utterance 4"`` / ``"from utterance 4 to 9"`` (``brackets``: ``"utterances 4–9"``)."""
    if brackets:
        return f"utterance {start}" if start == end else f"utterances {start}–{end}"
    return f"at utterance {start}" if start == end else f"from utterance {start} to {end}"
