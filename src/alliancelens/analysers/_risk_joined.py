"""Version 22: two readings that rest on the session around a line, not on its own risk words.

* **A joined disclosure** (QA25 leftover, ``basis: "joined_disclosure"``, a *flag*). In a session
  with more than one non-therapist speaker, a line that says in the first person and the present
  tense that the thoughts or acts go on now ("It still crosses my mind most nights", "I still think
  about it every day") shortly after a *flagged* suicidal, passive or self-harm disclosure is a
  disclosure of the speaker's own: it takes the kind of the nearest such disclosure and the lower
  severity of a joined statement (never ``high``: the joining line names no plan or means; a
  passive wish stays ``low``). Only persistence or frequency ("still", "most days", "every
  night", "all the time", "lately") makes it explicit: a plain "me too", "same" or "I get that
  feeling too" stays *possible* (:mod:`._risk_group`, version 20). Negated lines ("it never
  crosses my mind now") are not read.
* **Finality** (QA25 leftover, ``basis: "finality"``, *possible*). Saying that one will soon need
  nothing from anyone, that others will not have to worry about or see one again, or that this
  is the last time they will see one, can be a goodbye (C-SSRS Q6 counts preparation; a
  goodbye with letters is already a rule flag). With no risk words of its own it is only routed
  to post-session review (clinical-reference §10.3 tier 1, rule 3): *possible*,
  ``suicidal_ideation``, ``low`` (version 20: no words to rate), never a flag.

Patterns run on text normalised by :func:`alliancelens.analysers._risk_text.normalise`; the
wording is our own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_flags import followed_up
from alliancelens.analysers._risk_group import SHARED_WINDOW
from alliancelens.analysers._risk_rule import PASSIVE, SELF_HARM, SI
from alliancelens.analysers._risk_screening import Outcome
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Role, Utterance

__all__ = [
    "FINALITY",
    "JOINED",
    "ONGOING",
    "add_session_readings",
    "finality_entries",
    "joined_flags",
]

#: A first-person, present-tense statement about "it" / "that" / "those thoughts".
JOINED: Final = re.compile(
    r"\b(?:it (?:still |also )?(?:crosses|comes into|goes through|pops into) my (?:mind|head)|"
    r"(?:it's|it is|they're|they are) (?:still |also )?(?:on my mind|in my head|there)|"
    r"i (?:still |also )?(?:think about|think of|get|have|feel|want|do) (?:it|that|this|those|"
    r"them|the same|like that|that way)|i(?:'m| am) (?:still |also )?(?:thinking about|doing|"
    r"having|getting|feeling) (?:it|that|this|those|them|the same|like that|that way))\b"
)
#: Persistence or frequency now: what makes the joining explicit (not "too" alone).
ONGOING: Final = Phrase(
    r"\b(?:still|every (?:day|night|morning|evening|week)|most (?:days|nights|mornings|evenings)|"
    r"all the time|(?:a lot|loads) (?:lately|at the moment|these days)|lately|these days|at the "
    r"moment|right now)\b"
)
_NEGATED: Final = re.compile(r"\b(?:not|never|no longer|any ?more|nobody|no one)\b|n't\b")
#: Finality: needing nothing from anyone soon, not being seen or worried about again.
FINALITY: Final = Phrase(
    r"\bi (?:won't|will not|shan't|will never|wouldn't) (?:be )?need(?:ing)? (?:anything|"
    r"anyone|anybody|any help|help) (?:from (?:anyone|anybody|you|any of you)|ever again|"
    r"again)|\b(?:you|they|nobody|no one|anyone) (?:won't|will not|shan't|will never) (?:have to "
    r"|need to )?(?:worry about|deal with|see|hear from|put up with) me (?:any ?more|again|much "
    r"longer|for (?:much )?longer)|\b(?:this|today) (?:is|will be) the last time (?:you|anyone|"
    r"you'll|you will)(?: \w+)? (?:see|hear from) me\b"
)
_KINDS: Final = frozenset({SI, PASSIVE, SELF_HARM})
#: The lower severity of a joined statement, by kind (README severity table: active ideation and
#: current self-harm ``moderate``, passive wishes ``low``).
_JOINED_SEVERITY: Final = {SI: "moderate", SELF_HARM: "moderate", PASSIVE: "low"}
_SOURCE: Final = "§10.3 rule 3 (route to review) [clinical-reference]"


def add_session_readings(utterances: Sequence[Utterance], out: Outcome) -> None:
    """Add joined-disclosure flags (replacing their *possible* entries) and finality entries."""
    joined = joined_flags(utterances, out.flags)
    if joined:
        for entry in out.possible:
            if entry["index"] in joined:
                joined[entry["index"]].probability = entry.get("model_probability")
        out.possible[:] = [e for e in out.possible if e["index"] not in joined]
        merged = {**out.flags, **joined}
        out.flags.clear()
        out.flags.update(sorted(merged.items()))
    out.possible.extend(finality_entries(utterances, out.flags, out.possible))


def joined_flags(utterances: Sequence[Utterance], flags: dict[int, Flag]) -> dict[int, Flag]:
    """Flags for first-person, present-tense lines that join a flagged disclosure (docstring)."""
    speakers = {u.speaker for u in utterances if u.role is not Role.THERAPIST}
    if len(speakers) < 2:
        return {}
    found: dict[int, Flag] = {}
    for pos, u in enumerate(utterances):
        if u.role is Role.THERAPIST or u.index in flags:
            continue
        norm = normalise(u.text)
        joined = JOINED.search(norm)
        if joined is None or not ONGOING.search(norm) or _NEGATED.search(norm):
            continue
        before = _nearest_disclosure(utterances, pos, flags)
        if before is not None:
            found[u.index] = _joined_flag(u, before, joined.group())
            found[u.index].follow_up = followed_up(utterances, pos)
    return found


def _nearest_disclosure(
    utterances: Sequence[Utterance], pos: int, flags: dict[int, Flag]
) -> Flag | None:
    """The nearest flagged disclosure in the window, if another speaker made one there."""
    window = utterances[max(0, pos - SHARED_WINDOW) : pos]
    speaker = utterances[pos].speaker
    disclosed = [
        (u, flags[u.index])
        for u in window
        if u.role is not Role.THERAPIST and u.index in flags and flags[u.index].kind in _KINDS
    ]
    if not any(u.speaker != speaker for u, _ in disclosed):
        return None
    return disclosed[-1][1]


def _joined_flag(u: Utterance, before: Flag, matched: str) -> Flag:
    cap = _JOINED_SEVERITY[before.kind]
    severity = cap if _order(before.severity) > _order(cap) else before.severity
    return Flag(
        index=u.index,
        kind=before.kind,
        severity=severity,
        reason=f"says in the first person that it goes on now (matched: '{matched}'), after the "
        f"disclosure at utterance {before.index}; a joined statement names no plan or means",
        basis="joined_disclosure",
        matched=matched,
        rule="group.joined_disclosure",
        source=_SOURCE,
        context=[before.index],
    )


def _order(severity: str) -> int:
    return ("low", "moderate", "high").index(severity)


def finality_entries(
    utterances: Sequence[Utterance], flags: dict[int, Flag], possible: Iterable[dict[str, Any]]
) -> list[dict[str, Any]]:
    """*Possible* entries for finality statements not already flagged or listed (docstring)."""
    listed = {int(e["index"]) for e in possible} | set(flags)
    entries: list[dict[str, Any]] = []
    for u in utterances:
        if u.role is Role.THERAPIST or u.index in listed:
            continue
        match = FINALITY.search(normalise(u.text))
        if match is None:
            continue
        entries.append(
            Flag(
                index=u.index,
                kind=SI,
                severity="low",
                reason=f"speaks with finality of needing nothing or not being seen again "
                f"(matched: '{match.group()}'), which can be a goodbye; listed for review",
                basis="finality",
                matched=match.group(),
                rule="warning.finality",
                source="§10.3 tier 1 (post-session review) [clinical-reference]",
            ).as_dict()
        )
    return entries
