"""Which utterances are spoken *in role*: role-plays, rehearsals and chair work.

In an assertiveness rehearsal the therapist may play the client's boss ("(as boss) I can't
rearrange the rota for one person.") and the client argues back in role ("No, that's not fair.").
Those lines are addressed to the character, not to the therapist: they are not rupture markers,
not judgmental remarks and not alliance evidence (QA28 #3). The same holds for empty-chair work,
where the client speaks to an absent person.

Two ways a turn is recognised as in role (wording our own; no corpus text):

* **Tagged turns.** A therapist turn opening with a stage note such as ``(as boss)``,
  ``[as your mother]`` or ``(in role)``; the client turn answering it is in role too.
* **Announced enactments.** A therapist turn proposing one ("Would it be alright if I play your
  boss?", "Let's try a role-play", "Pretend I'm your sister", "the empty chair") opens a span. The
  client's reply to the proposal ("Yes, let's do that.") is *not* in role; everything after the
  next therapist turn is, until a therapist turn steps out ("Let's pause there. How was that for
  you?", "out of role") or :data:`MAX_SPAN` utterances have passed.

Used by :mod:`alliancelens.analysers.ruptures`, :mod:`alliancelens.analysers.alliance` and the
red-flag rules; documented on their pages ("Role-play").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from alliancelens.domain import Role, Utterance

__all__ = [
    "MAX_SPAN",
    "forget_last",
    "in_role_indexes",
    "opens_roleplay",
    "steps_out",
    "tagged_in_role",
]

#: Longest announced role-play without a step-out turn, in utterances (an engineering default:
#: rehearsals in our synthetic sessions run 6-20 turns; an unclosed span must not swallow the
#: rest of a session).
MAX_SPAN: Final = 24

_TAG: Final = re.compile(
    r"^\s*[(\[]\s*(?:as (?:the |your |my |his |her )?[\w' -]{1,30}|in role|in character|"
    r"playing (?:the |your )?[\w' -]{1,30})\s*[)\]]",
    re.IGNORECASE,
)
#: People a therapist plays in a rehearsal (with "be": "I'll be your boss").
_ROLE_NOUNS: Final = (
    r"boss|manager|supervisor|mum|mom|mother|dad|father|parent|partner|husband|wife|"
    r"boyfriend|girlfriend|ex|sister|brother|son|daughter|friend|teacher|colleague|coworker|"
    r"co-worker|landlord|neighbour|neighbor|doctor|interviewer|customer|client|abuser|bully"
)
_OPENS: Final = re.compile(
    r"\brole[- ]?play|"
    r"\blet's (?:rehearse|practise|practice) (?:it|that|what you(?:'d| would) say)\b|"
    r"\b(?:i'll|i will|i could|i can|let me|shall i|can i|could i|may i|if i) "
    r"(?:play|pretend to be|take the part of|act as) (?:your|the|him|her|them|a|an)\b|"
    rf"\b(?:i'll|i will|i could|i can|let me|shall i|can i|could i|may i|if i) be (?:your|the) "
    rf"(?:{_ROLE_NOUNS})\b|"
    r"\bpretend (?:that )?i'm\b|\bimagine (?:that )?i'm (?:your|the)\b|"
    r"\bempty chair\b|\b(?:swap|switch|reverse) roles\b|\byou (?:be|play) (?:me|your|the)\b|"
    r"\bspeak to (?:him|her|them) as if\b|\bas if (?:he|she|they) (?:were|was|are) (?:sitting )?"
    r"(?:here|in (?:that|this|the) chair)\b",
    re.IGNORECASE,
)
#: A client declining a proposed role-play: the span never opens (the refusal itself may be a
#: rupture marker and must stay visible).
_DECLINES: Final = re.compile(
    r"^\W*(?:oh,? )?(?:no\b|nah\b|not really\b|i'd rather not\b|i would rather not\b|"
    r"i don't (?:want|think)\b|please don't\b|do we have to\b)|"
    r"\b(?:rather not|don't want to|i'm not (?:doing|talking|going to|comfortable))\b",
    re.IGNORECASE,
)
#: A therapist taking a role-play back or putting it off ("Okay, no role play.", "Let's put the
#: role-play aside", "we'll leave the role-play until..."): not an announcement.
_NEGATED: Final = re.compile(
    r"\b(?:no|not|without|skip|instead of|rather than|leave|drop|park|put|set|save)"
    r"(?: (?:the|that|this|our|a|any))?(?: [\w'-]+)? role[- ]?play|"
    r"role[- ]?play,? (?:aside|for now|until|another time|for later|next (?:week|time))",
    re.IGNORECASE,
)
_STEPS_OUT: Final = re.compile(
    r"\b(?:let's |let us |we'll |we can )?(?:pause|stop|break) (?:there|here|it there|the role)\b|"
    r"\band pause\b|\bout of (?:the )?(?:role|character)\b|\bstep(?:ping)? (?:out|back out)\b|"
    r"\bdrop the role\b|\bback to (?:being )?(?:me|myself|us)\b|"
    r"\bhow (?:was|did) (?:that|it) (?:go|feel|for you)\b|\bhow was that\b",
    re.IGNORECASE,
)


def _plain(text: str) -> str:
    """Typographic apostrophes as straight ones, so one pattern reads both."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def tagged_in_role(text: str) -> bool:
    """Whether a turn opens with a stage note saying it is spoken in role ("(as boss) ...")."""
    return _TAG.search(_plain(text)) is not None


def opens_roleplay(text: str) -> bool:
    """Whether a therapist turn proposes or starts a role-play, rehearsal or chair work."""
    plain = _plain(text)
    return _OPENS.search(plain) is not None and _NEGATED.search(plain) is None


def steps_out(text: str) -> bool:
    """Whether a therapist turn steps out of a role-play ("Let's pause there. How was that?")."""
    return _STEPS_OUT.search(_plain(text)) is not None


class _Memo:
    """The last session's answer: several analysers ask about the same utterance tuple.

    Keyed on the identity of an (immutable) tuple of frozen utterances and holding a reference
    to it, so the key cannot be reused by another object while it is remembered. One entry
    only: memory stays bounded, and one (tuple, answer) pair is replaced in one assignment.
    """

    last: tuple[tuple[Utterance, ...], frozenset[int]] | None = None


def forget_last() -> None:
    """Drop the remembered answer (called when a session's analysis starts)."""
    _Memo.last = None


def in_role_indexes(utterances: Sequence[Utterance]) -> frozenset[int]:
    """Indexes (``Utterance.index``) of the turns spoken in role (module docstring)."""
    if not isinstance(utterances, tuple):
        return _in_role_indexes(utterances)
    last = _Memo.last
    if last is not None and last[0] is utterances:
        return last[1]
    found = _in_role_indexes(utterances)
    _Memo.last = (utterances, found)
    return found


def _in_role_indexes(utterances: Sequence[Utterance]) -> frozenset[int]:
    inside: set[int] = set()
    span_open: int | None = None  # position of the announcing therapist turn
    started = False  # a therapist turn after the announcement has begun the enactment
    last_therapist_tagged = False
    for pos, u in enumerate(utterances):
        if u.role is Role.THERAPIST:
            tagged = tagged_in_role(u.text)
            last_therapist_tagged = tagged
            if span_open is not None and (steps_out(u.text) or pos - span_open > MAX_SPAN):
                span_open, started = None, False
            if tagged:
                inside.add(u.index)
                if span_open is not None:
                    started = True
                continue
            if span_open is not None and started is False and pos > span_open:
                started = True
                inside.add(u.index)
                continue
            if span_open is not None and started:
                inside.add(u.index)
                continue
            if opens_roleplay(u.text):
                span_open, started = pos, False
            continue
        if span_open is not None and not started and _DECLINES.search(_plain(u.text)):
            span_open = None
        if last_therapist_tagged or (span_open is not None and started):
            inside.add(u.index)
    return frozenset(inside)
