"""Version 23 (QA31 #7, #8, #13, #14): statement severity from the act, and two idiom guards.

* **An answer inside a high disclosure stays high** (QA31 #7): an answer that does not deny
  ("Dunno." to "are you safe right now?") given by the speaker who made a ``high`` disclosure in
  the last few turns keeps that severity: the open thread is what it answers for.
* **Approach with means toward a person** ("stood over the cot with the pillow") and **command
  voices** ("they're telling me to hurt ...") make a harm-to-others flag ``high`` (C-SSRS
  behaviour; command hallucinations to harm are an acute risk factor, clinical-reference §10.1).
* **A passive wish alongside risky behaviour** ("if it gets me, it gets me" while drinking alone;
  taking off the alarm pendant) is ``moderate``, as the README severity table and risk.md say.
* **Idioms** set aside: "so tired I could die" (tiredness hyperbole) and reported speech with a
  joking marker ("he's like I want to die lmao": someone else's words).

Patterns run on normalised text; the wording is our own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_rule import OTHERS, PASSIVE, SI
from alliancelens.analysers._risk_screening import Outcome
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Role, Utterance

__all__ = [
    "APPROACH",
    "COMMAND",
    "INDIFFERENT",
    "NO_POINT",
    "RISKY",
    "apply_severity",
    "promote_possible",
]

#: Standing over a person (a baby in a cot, someone asleep) with something to harm them.
APPROACH: Final = Phrase(
    r"\b(?:stood|standing|stand|leaned|leaning|went|sat|sitting) (?:over|by|next to|beside) "
    r"(?:the|her|his|their|my) (?:cot|crib|bed|bassinet|moses basket|pram|baby)\b[^.?!]{0,50}"
    r"\b(?:pillow|knife|blade|cord|hands? (?:round|over|on)|blanket)\b"
)
#: Command voices to harm someone (getting louder, or simply telling the speaker to).
COMMAND: Final = Phrase(
    r"\b(?:voices?|they)(?:'re| are| keep| kept| were| is)? (?:telling|tell|told|ordering|order"
    r"|saying) (?:me )?(?:to|i should|i have to|i've got to) (?:hurt|kill|harm|attack|stab|"
    r"strangle|punch|get)\b"
)
#: Risky behaviour or neglect of care alongside a passive wish.
RISKY: Final = Phrase(
    r"\b(?:drinking|using|on my own|alone|nobody around|no one around|stopped (?:wearing|taking|"
    r"using|bothering|going)|haven't bothered|not bothered with|skipp\w*|insulin|pendant|"
    r"alarm|dialysis|driving|speeding)\b"
)
#: Indifference to dying as the result of that behaviour.
INDIFFERENT: Final = Phrase(
    r"\bif i go (?:over|under),? i go (?:over|under)\b|\bif it (?:gets|kills|takes) me\b|"
    r"\bwhatever happens,? happens\b|\bthat's fine by me\b|\bso be it\b"
)
#: A plain passive wish the rules did not word ("don't see the point of tomorrow").
NO_POINT: Final = Phrase(
    r"\b(?:don't|do not|can't|cannot) see the point (?:of|in) (?:tomorrow|going on|carrying on|"
    r"living|waking up|being here|any of it|anything any ?more)\b"
)
_RISKY_RULES: Final = frozenset({"passive.risky_indifference", "passive.let_it_take_me"})
_TIRED: Final = Phrase(
    r"\b(?:so|that|too|really) (?:tired|exhausted|knackered|shattered|embarrassed|bored|hungry"
    r")\b[^.?!]{0,15}\bcould (?:have )?(?:die|died|drop dead|just die)\b"
)
_REPORTED: Final = re.compile(
    r"\b(?:he's|she's|they're|he was|she was|they were|he goes|she goes|he's all|she's all) "
    r"like,? i (?:want to|wanna|just want to) die\b"
)
_JOKE: Final = re.compile(r"\b(?:lol|lmao|haha\w*|jk|rofl)\b")
_DENIES: Final = re.compile(
    r"^(?:no|nah|nope|not really|never|i'm safe|i am safe|yes,? i'm safe)\b"
)
_ANSWERS: Final = frozenset({"answer_to_screening", "disclosure_thread", "thread_follow_up"})
_ORDER: Final = ("low", "moderate", "high")


def apply_severity(utterances: Sequence[Utterance], out: Outcome) -> None:
    """Raise or set aside flags in ``out`` in place (module docstring)."""
    position = {u.index: pos for pos, u in enumerate(utterances)}
    for index, flag in list(out.flags.items()):
        u = utterances[position[index]]
        norm = normalise(u.text)
        if flag.kind == PASSIVE and (_TIRED.search(norm) or _reported(norm)):
            reason = "idiom or hyperbole" if _TIRED.search(norm) else "about a third party"
            out.set_aside.append(
                {"index": index, "kind": flag.kind, "reason": reason, "matched": flag.matched}
            )
            del out.flags[index]
            continue
        if flag.kind == OTHERS and (APPROACH.search(norm) or COMMAND.search(norm)):
            what = "an approach with means" if APPROACH.search(norm) else "command voices to harm"
            _raise(flag, "high", f"{what} (§10.1: behaviour or an acute factor)")
        elif flag.kind == PASSIVE and flag.rule in _RISKY_RULES and RISKY.search(norm):
            _raise(flag, "moderate", "a passive wish alongside risky behaviour is moderate")
        elif flag.basis in _ANSWERS and not _DENIES.search(norm):
            earlier = _high_before(utterances, position[index], out)
            if earlier is not None:
                _raise(flag, "high", f"keeps the high severity of the disclosure at {earlier}")


def promote_possible(utterances: Sequence[Utterance], out: Outcome) -> None:
    """*Possible* passive readings that word risky behaviour with indifference, or no point."""
    text = {u.index: normalise(u.text) for u in utterances if u.role is not Role.THERAPIST}
    for index, norm in text.items():
        act = APPROACH.search(norm) or COMMAND.search(norm)
        if act is not None and index not in out.flags:
            out.flags[index] = Flag(
                index=index,
                kind=OTHERS,
                severity="high",
                reason=f"describes command voices to harm or an approach with means toward "
                f"someone (matched: '{act.group()}')",
                basis="wording",
                matched=act.group(),
                rule="v23.others_act",
                source="§10.1 [Posner2011] (behaviour; acute factors) [clinical-reference]",
            )
    listed = set(out.flags)
    keep = []
    for entry in out.possible:
        index = int(entry["index"])
        norm = text.get(index, "")
        risky = RISKY.search(norm) and INDIFFERENT.search(norm)
        if index in listed:
            continue
        if entry.get("kind") != PASSIVE or not (risky or NO_POINT.search(norm)):
            keep.append(entry)
            continue
        match = INDIFFERENT.search(norm) if risky else NO_POINT.search(norm)
        words = match.group() if match else ""
        why = "indifference to dying alongside risky behaviour" if risky else "sees no point in "
        out.flags[index] = Flag(
            index=index,
            kind=PASSIVE,
            severity="moderate" if risky else "low",
            reason=f"{why}{'' if risky else 'going on'} (matched: '{words}')",
            basis="wording",
            matched=words,
            rule="v23.passive",
            source="§10.1 [Posner2011] C-SSRS Q1; README severity table",
            probability=entry.get("model_probability"),
        )
    out.possible[:] = keep
    merged = dict(sorted(out.flags.items()))
    out.flags.clear()
    out.flags.update(merged)


def _reported(norm: str) -> bool:
    return _REPORTED.search(norm) is not None and _JOKE.search(norm) is not None


def _raise(flag: Flag, severity: str, why: str) -> None:
    if _ORDER.index(severity) > _ORDER.index(flag.severity):
        flag.severity = severity
        flag.reason = f"{flag.reason}; {why}"


def _high_before(utterances: Sequence[Utterance], pos: int, out: Outcome) -> int | None:
    """The same speaker's ``high`` SI/passive disclosure in the last four turns, if any."""
    speaker = utterances[pos].speaker
    for u in reversed(utterances[max(0, pos - 4) : pos]):
        if u.role is Role.THERAPIST or u.speaker != speaker:
            continue
        flag = out.flags.get(u.index)
        if flag is not None and flag.severity == "high" and flag.kind in (SI, PASSIVE):
            return u.index
    return None
