"""W4 topic shift named by the therapist (eleventh session; the gap v34 showed).

A client who moves away from a painful subject by telling a long, lighter story often shows no
marker in their own words; the therapist who notices says so in the next turn: "Though I notice
we got to touch rugby pretty quick there", "We seem to have moved away from your dad", "You
changed the subject just then". That naming marks the client turn before it as W4 avoidant
storytelling / topic shift (clinical reference §5.2; corpus README, W4). The wording is our own.
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._text import features
from alliancelens.domain import Role, Utterance

__all__ = ["NAMES_SHIFT", "shift_named"]

#: The therapist names a move away from the subject (a topic shift), in the present exchange.
NAMES_SHIFT = Phrase(
    r"\b(?:we|you)(?:'ve| have)? (?:got|gotten|moved|jumped|drifted|shifted|switched|slid|"
    r"steered|ended up) (?:on ?to|to|away|off|onto) [\w' ]{0,30}?\b(?:pretty |quite |really |very |"
    r"so )?(?:quick(?:ly)?|fast|sudden(?:ly)?)\b|"
    r"\b(?:we|you)(?:'ve| have)? (?:\w+ ){0,3}?(?:moved|drifted|shifted|steered|gone|got|slid|"
    r"jumped) (?:us )?(?:away|off) from\b|"
    r"\byou (?:changed|switched|shifted|moved) (?:the )?(?:subject|topic)\b|"
    r"\b(?:the|a) (?:subject|topic) (?:changed|shifted|switched)\b"
)


def shift_named(utterances: Sequence[Utterance], at: int) -> bool:
    """True when the therapist turn right after client turn ``at`` names a topic shift.

    Only the next utterance counts, and only when it is the therapist's: later turns may be
    about something else. A question asking the client to change the subject ("shall we move on
    to…?") is not this naming and is not matched by the pattern.
    """
    if at + 1 >= len(utterances) or utterances[at + 1].role is not Role.THERAPIST:
        return False
    return NAMES_SHIFT.search(features(utterances[at + 1].text).text) is not None
