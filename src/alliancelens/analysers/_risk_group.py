"""Version 20 (QA20 #6): what one client says *about* another's risk, for review.

Two readings that no single line carries on its own wording, both listed as *possible* (never a
flag; clinical-reference §10.3 rule 3: route uncertain readings to review):

* **"Me too" in a group** (``basis: "shared_disclosure"``): a non-therapist speaker endorses a
  disclosure another non-therapist speaker made in the last few utterances ("I feel that way too,
  Sam"). Joining someone's passive wish is a disclosure of one's own.
* **Identification after a third party's act** (``basis: "identification"``): the same speaker
  earlier told of someone else's overdose or attempt (set aside as about a third party) and now
  says they are "heading the same way".

Patterns run on text normalised by :func:`alliancelens.analysers._risk_text.normalise`; the
wording is our own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_rule import PASSIVE, SELF_HARM, SI
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Role, Utterance

__all__ = ["IDENTIFICATION", "ME_TOO", "SHARED_WINDOW", "group_entries"]

#: How many utterances back a "me too" may reach for the disclosure it joins (an engineering
#: default: the disclosure, a therapist turn, the discloser's reply, then the other member).
SHARED_WINDOW: Final = 4
#: Endorsing another speaker's feeling as one's own.
ME_TOO: Final = Phrase(
    r"\b(?:me too|same here|same for me|i (?:get|feel|know|have|had) (?:that|this|the same)"
    r"(?: \w+){0,2} too|i (?:feel|felt) (?:that|like that|the same)(?: way)?(?: as well| too)|"
    r"i've (?:felt|been) (?:that way|like that|there)(?: too| as well)?)\b"
)
#: Saying one is going the way of someone who harmed themselves.
IDENTIFICATION: Final = Phrase(
    r"\b(?:going|heading|headed|go|end(?:ing)? up) (?:the same way|down the same (?:road|path)|"
    r"that way too|like (?:him|her|them))\b|\b(?:i'll|i will|i might|i could) be next\b"
)
_KINDS: Final = frozenset({SI, PASSIVE, SELF_HARM})
_THIRD_PARTY: Final = "about a third party"


def group_entries(
    utterances: Sequence[Utterance],
    flags: dict[int, Flag],
    possible: Iterable[dict[str, Any]],
    set_aside: Iterable[dict[str, Any]],
) -> list[dict[str, Any]]:
    """*Possible* entries for "me too" endorsements and identification (module docstring)."""
    listed = {e["index"]: (e["kind"], e["severity"]) for e in possible}
    listed.update({i: (f.kind, f.severity) for i, f in flags.items()})
    third = {e["index"]: e["kind"] for e in set_aside if e.get("reason") == _THIRD_PARTY}
    entries: list[dict[str, Any]] = []
    for pos, u in enumerate(utterances):
        if u.role is Role.THERAPIST or u.index in listed:
            continue
        norm = normalise(u.text)
        entry = _shared(utterances, pos, norm, listed) or _identified(utterances, pos, norm, third)
        if entry is not None:
            entries.append(entry)
    return entries


def _shared(
    utterances: Sequence[Utterance], pos: int, norm: str, listed: dict[int, tuple[str, str]]
) -> dict[str, Any] | None:
    if not ME_TOO.search(norm):
        return None
    speaker = utterances[pos].speaker
    for before in reversed(utterances[max(0, pos - SHARED_WINDOW) : pos]):
        found = listed.get(before.index)
        if before.role is Role.THERAPIST or before.speaker == speaker or found is None:
            continue
        if found[0] in _KINDS:
            return _entry(
                utterances[pos],
                found[0],
                before.index,
                "shared_disclosure",
                f"joins another speaker's disclosure at utterance {before.index} as their own "
                "('me too'); listed for review",
            )
    return None


def _identified(
    utterances: Sequence[Utterance], pos: int, norm: str, third: dict[int, str]
) -> dict[str, Any] | None:
    if not IDENTIFICATION.search(norm):
        return None
    speaker = utterances[pos].speaker
    for before in reversed(utterances[:pos]):
        kind = third.get(before.index)
        if kind is not None and kind in _KINDS and before.speaker == speaker:
            return _entry(
                utterances[pos],
                kind,
                before.index,
                "identification",
                f"says they are going the way of the person whose act they told of at utterance "
                f"{before.index}; listed for review",
            )
    return None


def _entry(u: Utterance, kind: str, context: int, basis: str, reason: str) -> dict[str, Any]:
    return Flag(
        index=u.index,
        kind=kind,
        severity="low",
        reason=reason,
        basis=basis,
        context=[context],
        source="§10.3 rule 3 (route to review) [clinical-reference]",
    ).as_dict()
