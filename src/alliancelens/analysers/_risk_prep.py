"""Version 23 (QA31 #9, #10): preparation, goodbyes and method research without rule words.

* **Giving possessions away "to remember me by"** is a preparatory act (C-SSRS Q6,
  clinical-reference §10.1): a flag, ``suicidal_ideation``, ``high``.
* **A goodbye with a time or an apology for everything** ("I won't be needing this group after
  Saturday", "don't worry if I'm not there, I've made my peace with everything", "tell my mum
  I'm sorry, for everything") is a flag, ``suicidal_ideation``, ``moderate``; ``high`` when the
  same speaker spoke of having everything ready in the last few turns (a goodbye with
  preparation is tier 3, §10.3). Version 22 kept every finality statement *possible*; a bare
  "you won't have to worry about me" still is.
* **Everything ready** after "I'm done" is *possible* (a trip can be ready too), so the
  clinician asks.
* **Reading about methods** in an online community ("a server where people post their
  methods") is method research: a flag, ``suicidal_ideation``, ``high``; the same speaker's
  answer to the follow-up, if the screen listed it as *possible*, continues that disclosure.

Patterns run on normalised text; the wording is our own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_rule import SI
from alliancelens.analysers._risk_screening import Outcome
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Role, Utterance

__all__ = ["GOODBYE", "METHODS", "REMEMBER_ME", "apply_preparation"]

REMEMBER_ME: Final = Phrase(
    r"\b(?:something|things?) to remember me by\b|\bso (?:they|she|he|you) (?:can|will) "
    r"remember me\b"
)
GOODBYE: Final = re.compile(
    r"\b(?:won't|will not|shan't) be needing (?:this|these|that|the|any|my) \w+ (?:after|from|past|"
    r"beyond) \w+|\btell (?:my|her|him|them) \w+ i'm sorry\b[^\n]{0,20}\bfor everything\b"
)
#: Having made peace with everything, said with not being there: read together in the line.
_PEACE: Final = Phrase(
    r"\b(?:made|making) (?:my )?peace with (?:everything|it all|the world|everyone)\b"
)
_ABSENT: Final = Phrase(
    r"\b(?:if i'm not (?:there|here|around|at \w+)|don't worry (?:about me|if)|won't be "
    r"(?:there|here|around))\b"
)
_READY: Final = Phrase(r"\b(?:got|have|had) everything (?:ready|sorted|in place|planned)\b")
_DONE: Final = Phrase(r"\b(?:i'm done|i am done|i've had enough|that's it for me)\b")
METHODS: Final = Phrase(
    r"\b(?:server|forum|site|subreddit|group chat|discord|thread|page)s?\b[^.?!]{0,40}\b(?:post"
    r"(?:s|ing|ed)? (?:their|about|the) methods|share (?:their )?methods|methods)\b[^.?!]{0,40}"
    r"\b(?:reading|read|looking|look|every night|scroll\w*)\b|\b(?:reading|read|looking at|"
    r"scroll\w* through) (?:about )?(?:suicide )?methods\b"
)
_DENIES: Final = re.compile(r"^(?:no|nah|nope|not really|never|nothing)\b")


def apply_preparation(utterances: Sequence[Utterance], out: Outcome) -> None:
    """Add the version 23 preparation, goodbye and method-research readings to ``out``."""
    ready: dict[str, int] = {}
    for pos, u in enumerate(utterances):
        if u.role is Role.THERAPIST:
            continue
        norm = normalise(u.text)
        if u.index in out.flags:
            _raise_goodbye(out.flags[u.index], norm, ready.get(u.speaker))
            if _READY.search(norm):
                ready[u.speaker] = u.index
            continue
        if REMEMBER_ME.search(norm):
            _flag(
                out,
                u.index,
                "high",
                "gives possessions away for others to remember them by "
                "(a preparatory act, C-SSRS Q6)",
                REMEMBER_ME.search(norm),
            )
        elif METHODS.search(norm):
            _flag(
                out,
                u.index,
                "high",
                "reads about suicide methods (method research)",
                METHODS.search(norm),
            )
            _continue_thread(utterances, pos, out)
        elif _is_goodbye(norm):
            earlier = ready.get(u.speaker)
            near = earlier is not None and u.index - earlier <= 6
            severity = "high" if near else "moderate"
            why = f"; with everything ready at utterance {earlier}" if near else ""
            match = GOODBYE.search(norm) or _PEACE.search(norm)
            _flag(out, u.index, severity, f"says goodbye with finality{why}", match)
        elif _READY.search(norm) and _DONE.search(norm):
            ready[u.speaker] = u.index
            if not any(e["index"] == u.index for e in out.possible):
                out.possible.append(_entry(u.index, _READY.search(norm)))
        elif _READY.search(norm):
            ready[u.speaker] = u.index


def _is_goodbye(norm: str) -> bool:
    return GOODBYE.search(norm) is not None or (
        _PEACE.search(norm) is not None and _ABSENT.search(norm) is not None
    )


def _raise_goodbye(flag: Flag, norm: str, earlier: int | None) -> None:
    """A flagged goodbye soon after the speaker had everything ready is ``high`` (tier 3)."""
    near = earlier is not None and flag.index - earlier <= 6
    if near and _is_goodbye(norm) and flag.severity != "high":
        flag.severity = "high"
        flag.reason = f"{flag.reason}; a goodbye with everything ready at utterance {earlier}"


def _flag(
    out: Outcome, index: int, severity: str, reason: str, match: re.Match[str] | None
) -> None:
    words = match.group() if match else ""
    score = next((e.get("model_probability") for e in out.possible if e["index"] == index), None)
    out.possible[:] = [e for e in out.possible if e["index"] != index]
    out.flags[index] = Flag(
        index=index,
        kind=SI,
        severity=severity,
        reason=f"{reason} (matched: '{words}')",
        basis="wording",
        matched=words,
        rule="v23.preparation",
        source="§10.1 [Posner2011] C-SSRS Q6; §10.3 tier 3 [clinical-reference]",
        probability=score,
    )
    merged = dict(sorted(out.flags.items()))
    out.flags.clear()
    out.flags.update(merged)


def _entry(index: int, match: re.Match[str] | None) -> dict[str, object]:
    words = match.group() if match else ""
    return Flag(
        index=index,
        kind=SI,
        severity="low",
        reason=f"says they are done and have everything ready (matched: '{words}'); ask what "
        "is ready; listed for review",
        basis="finality",
        matched=words,
        rule="warning.finality",
        source="§10.3 tier 1 (post-session review) [clinical-reference]",
    ).as_dict()


def _continue_thread(utterances: Sequence[Utterance], pos: int, out: Outcome) -> None:
    """The speaker's answer to the therapist's follow-up, if listed as *possible*, is a flag."""
    u = utterances[pos]
    after = utterances[pos + 1 : pos + 3]
    if len(after) < 2 or after[0].role is not Role.THERAPIST or after[1].speaker != u.speaker:
        return
    answer = after[1]
    listed = any(e["index"] == answer.index for e in out.possible)
    if not listed or _DENIES.search(normalise(answer.text)):
        return
    _flag(out, answer.index, "high", f"continues the method research at utterance {u.index}", None)
    out.flags[answer.index].basis = "disclosure_thread"
    out.flags[answer.index].context = [u.index, after[0].index]
