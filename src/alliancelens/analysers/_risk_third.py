"""Version 23 (QA31): third-party danger, and group follow-ups addressed to a member by name.

* **Third-party danger** (QA31 #4). A line set aside as *about a third party* that reports
  specific danger to or from that person - a plan, means, a date, an intent to kill or hurt - is
  moved out of ``set_aside`` into its own list, ``risk_screening.third_party_danger``, "for
  clinician review (safeguarding)". clinical-reference §10.3 puts a third-party report of danger
  in tier 3 (immediate): it is never grouped with idioms and never silent, and it is not a flag
  about the client (the client is not the person at risk).
* **A member named in a follow-up** (QA31 #6). In a group, "Ben, can you say more about that?"
  addresses Ben: Ben's next line continues *Ben's* flagged disclosure (``disclosure_thread``, same
  kind and severity) unless it denies, and an earlier flag by another member is not
  ``therapist_follow_up`` on the strength of that question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_screening import Outcome
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Role, Utterance

__all__ = ["DANGER", "SAFEGUARDING_LABEL", "named_follow_ups", "third_party_danger"]

#: Shown with every third-party danger entry.
SAFEGUARDING_LABEL: Final = "third-party danger - for clinician review (safeguarding)"
#: Specific, current danger: an intent or plan stated now, a threat, or means in hand. A past act
#: that is over ("took an overdose years ago, she's well now") stays set aside.
DANGER: Final = Phrase(
    r"\b(?:(?:he's|she's|they're|he is|she is|they are) (?:going to|gonna|planning to) (?:do "
    r"it|kill|end|hurt|jump|hang|stab|shoot)|(?:he|she|they) (?:was|were) going to "
    r"(?:do it|kill|end|hurt|jump|hang)|(?:thinking|talking) (?:of|about) (?:killing|ending|"
    r"hurting) (?:him|her|them)sel(?:f|ves)|(?:said|says|told \w+|threatened) (?:he'd|she'd|"
    r"they'd|he would|she would|they would|he'll|she'll|he will|she will|to) (?:kill|hurt|stab|"
    r"shoot)|(?:he|she|they)(?:'s| has|'ve| have) got (?:a |the |some |his |her )?(?:rope|noose|"
    r"pills|tablets|gun|knife|blade)|(?:pills|tablets) stash\w*|stash\w* (?:of )?(?:pills|"
    r"tablets))\b(?! (?:me|you|us)\b| safe| licen)"
)
_THIRD: Final = "third party"
_DENIES: Final = re.compile(r"^(?:no|nah|not really|never|nope)\b")


def third_party_danger(utterances: Sequence[Utterance], out: Outcome) -> list[dict[str, Any]]:
    """Move third-party set-asides that report specific danger into their own list."""
    text = {u.index: normalise(u.text) for u in utterances if u.role is not Role.THERAPIST}
    found: dict[int, dict[str, Any]] = {}
    for entry in out.set_aside:
        index = int(entry["index"])
        if _THIRD not in str(entry["reason"]) or index in out.flags or index not in text:
            continue
        match = DANGER.search(text[index])
        if match is None:
            continue
        found.setdefault(index, _entry(index, match.group()))
    noted = {int(e["index"]) for e in (*out.set_aside, *out.possible)}
    for index, norm in text.items():  # third-person danger no rule read (no set-aside entry)
        match = DANGER.search(norm)
        if (
            match is not None
            and index not in out.flags
            and index not in found
            and index not in noted
        ):
            found[index] = _entry(index, match.group())
    out.set_aside[:] = [e for e in out.set_aside if int(e["index"]) not in found]
    return [found[i] for i in sorted(found)]


def _entry(index: int, matched: str) -> dict[str, Any]:
    return {
        "index": index,
        "reason": "reports specific danger to or from someone else (a plan, means, a date or an "
        f"intent; matched: '{matched}'); not a flag about the client",
        "matched": matched,
        "tier": "§10.3 tier 3 (immediate): third-party report of danger",
        "review": SAFEGUARDING_LABEL,
    }


def named_follow_ups(utterances: Sequence[Utterance], out: Outcome) -> None:
    """Credit a therapist follow-up addressed by name to that member (module docstring)."""
    members = {
        u.speaker.strip().lower(): u.speaker for u in utterances if u.role is not Role.THERAPIST
    }
    if len(members) < 2:
        return
    for pos, u in enumerate(utterances):
        if u.role is not Role.THERAPIST:
            continue
        named = _addressed(normalise(u.text), members)
        if named is None:
            continue
        _uncredit(utterances, pos, named, out)
        answer = next(
            (w for w in utterances[pos + 1 : pos + 3] if w.role is not Role.THERAPIST), None
        )
        if answer is None or answer.speaker != named or answer.index in out.flags:
            continue
        own = _their_flag(utterances, pos, named, out)
        if own is not None and not _DENIES.search(normalise(answer.text)):
            out.flags[answer.index] = _thread_flag(answer, own, u.index)
            out.possible[:] = [e for e in out.possible if e["index"] != answer.index]
    merged = dict(sorted(out.flags.items()))
    out.flags.clear()
    out.flags.update(merged)


def _addressed(norm: str, members: dict[str, str]) -> str | None:
    """The member a therapist turn opens by naming ("Ben, ..."), if any."""
    match = re.match(r"^(?:and |so |ok(?:ay)?,? )?([a-z][\w'-]*)[,:]", norm)
    if match is None:
        return None
    return members.get(match.group(1))


def _uncredit(utterances: Sequence[Utterance], pos: int, named: str, out: Outcome) -> None:
    """Flags by other members just before a question addressed to ``named`` were not followed up."""
    for u in reversed(utterances[max(0, pos - 4) : pos]):
        if u.role is Role.THERAPIST:
            break
        flag = out.flags.get(u.index)
        if flag is not None and u.speaker != named:
            flag.follow_up = False


def _their_flag(utterances: Sequence[Utterance], pos: int, named: str, out: Outcome) -> Flag | None:
    for u in reversed(utterances[max(0, pos - 6) : pos]):
        if u.speaker == named and u.index in out.flags:
            return out.flags[u.index]
    return None


def _thread_flag(answer: Utterance, own: Flag, question: int) -> Flag:
    return Flag(
        index=answer.index,
        kind=own.kind,
        severity=own.severity,
        reason=f"continues their own disclosure at utterance {own.index}, answering the "
        f"therapist's follow-up addressed to them at {question}",
        basis="disclosure_thread",
        rule="group.named_follow_up",
        source="§10.3 rule 3 [clinical-reference]",
        context=[own.index, question],
    )
