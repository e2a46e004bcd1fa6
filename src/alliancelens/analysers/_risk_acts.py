"""Version 23 (QA31): readings that rest on what an act was, when it was, and what is denied.

Run once per session after the per-utterance decisions (:mod:`alliancelens.analysers.risk`):

* **A recent attempt** (QA31 #1, #5). A line that describes a suicide attempt or overdose - its
  own words, or an answer to a therapist question that names the overdose or attempt and says
  what the act was ("it was not an accident", "I knew how much I was taking") - with a recent
  time marker ("last week", "in the summer", a named month) in the line or the question, is
  ``suicidal_ideation``, ``high``: any suicidal behaviour in the past 3 months is high
  (clinical-reference §10.1 [Posner2011]). A wish "not to wake up" that answers for such an act
  is the act's intent, never a passive wish. A remote marker ("years ago", "at fifteen") stops
  it.
* **A past attempt with thoughts returning now** (QA31 #5, #19): ``suicidal_ideation``,
  ``moderate`` (current ideation plus behaviour more than 3 months ago, §10.1).
* **A resolved attempt long ago** ("at fifteen ... I'm thirty-eight now and it's not something I
  think about") is set aside as past and resolved (QA31 #12); "OD'd on coffee" as an idiom.
* **Extended suicide** (QA31 #2): taking a child with one in dying, or "we'd both be better off
  gone, me and the baby", is ``suicidal_ideation`` ``high`` *and* ``harm_to_others`` ``high`` (the
  child; safeguarding). The report's ``risk`` list allows one entry per kind for the same
  utterance (schema: ``index`` is not unique), so the safe reading is two entries.
* **A partial denial** (QA31 #3, #11): "No plan. I just think about it a lot" in answer to a
  plan question denies the plan and endorses the thoughts: ``suicidal_ideation``, ``moderate``
  (no plan named, so never raised to high by the word "plan").
* **Meant it** (QA31 #9): "kinda meant it" answering "what did you mean?" after the speaker's own
  joking or shorthand risk words ("kms") makes those words a disclosure: a flag, ``moderate``.

Patterns run on normalised text; the wording is our own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_prep import apply_preparation
from alliancelens.analysers._risk_rule import OTHERS, PASSIVE, SI
from alliancelens.analysers._risk_screening import Outcome
from alliancelens.analysers._risk_severity import apply_severity, promote_possible
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_third import named_follow_ups, third_party_danger
from alliancelens.analysers._risk_types import Flag
from alliancelens.domain import Role, Utterance

__all__ = ["EXTENDED", "PARTIAL_DENIAL", "RECENT", "REMOTE", "apply_acts", "session_pass"]

_MONTHS: Final = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
#: The speaker's own attempt or overdose named in the line (first person: a friend's or a
#: patient's overdose is not the speaker's act).
ATTEMPT: Final = Phrase(
    r"\bi (?:\w+ ){0,2}(?:took|taken|had|did) (?:an |a |the |that )?(?:\w+ )?overdose\b|"
    r"\bi (?:overdosed|od'd)\b|\bmy (?:last |first |second |latest |suicide |most recent )?"
    r"(?:attempt|overdose)\b(?! at)|\bi (?:tr(?:y|ied)|attempted) (?:to (?:kill|end|take)|"
    r"suicide)"
)
#: A therapist question that names the act.
PROMPT_ATTEMPT: Final = Phrase(r"\b(?:overdose|od|attempt|tried to (?:kill|end|take))\b")
#: What the act was: deliberate, or meant to end life.
ACT_INTENT: Final = Phrase(
    r"\b(?:(?:wasn't|was not|it's not|isn't|wasn't really)(?: really)?(?: an)? accident|"
    r"it wasn't really|knew (?:exactly )?(?:how much|how many|what) i was (?:taking|doing)|"
    r"wanted (?:to )?(?:not wake up|to not wake up|to die|it to (?:work|be the end))|"
    r"meant (?:it|to do it)|(?:still )?(?:got|have) the (?:rest|gear|tablets|pills))"
)
#: Within about the last three months (§10.1: behaviour in the past 3 months is high).
RECENT: Final = Phrase(
    r"\b(?:last (?:week|night|month|weekend|summer|spring|autumn|winter)|yesterday|"
    r"(?:this|the other) (?:week|month|weekend|morning|day)|(?:a )?(?:few|couple of|two|three|"
    r"\d+) (?:days|weeks) (?:ago|back)|(?:a )?fortnight (?:ago|back)|days ago|weeks ago|"
    r"recently|(?:in|over) the summer|"
    rf"in (?:{_MONTHS})\b|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
)
#: Long ago: years, childhood or an age.
REMOTE: Final = Phrase(
    r"\b(?:years ago|decades? ago|(?:a )?long time ago|(?:when|since) i was (?:a |younger|"
    r"\w+teen|\d+)|as a (?:teenager|kid|child)|at (?:thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|\d{1,2})\b(?! (?:pills|tablets|o'clock))|back in "
    r"(?:19|20)\d\d|in my (?:teens|twenties))"
)
_RESOLVED: Final = re.compile(
    r"\b(?:not something i think about|don't think about it|never think about it|behind me|"
    r"i'm (?:\w+-?\w* )?now and|a different person now|long over)\b"
)
#: Thoughts returning now after a past attempt.
_RETURNING: Final = re.compile(
    r"\b(?:creeping back|coming back|come back|back again|started again|returning|the same "
    r"thoughts|those thoughts)\b"
)
_PAST_TRY: Final = Phrase(
    r"\bi (?:did |have |once )?(?:tr(?:y|ied)|attempt(?:ed)?)(?: it)? (?:once|twice|before)\b"
)
_IDIOM_OD: Final = Phrase(
    r"\b(?:overdos(?:e|ed|ing)|od'd|od) on (?:coffee|caffeine|sugar|chocolate|cake|sweets|"
    r"energy drinks|red bull|netflix|tv|telly|sun|revision|work)\b"
)
#: Taking a child along in dying (extended suicide).
EXTENDED: Final = Phrase(
    r"\b(?:take|taking|took|bring|bringing) (?:her|him|them|the (?:baby|kids|children|little "
    r"one)|my (?:baby|son|daughter|kids|children|boy|girl)) with me\b(?! (?:to|on|for|when|"
    r"shopping|next))|\bme and (?:the|my) (?:baby|kids|children|son|daughter|little one)\b|"
    r"\b(?:the|my) (?:baby|kids|children|son|daughter|little one) and me\b"
)
_DEATH: Final = re.compile(
    r"\b(?:better off (?:gone|dead|not here)|gone|dead|die|dying|not (?:be )?here|end it|"
    r"not wake)\b"
)
_CHILD: Final = Phrase(r"\b(?:baby|kids|children|son|daughter|little one|her|him)\b")
#: "No plan. I just think about it": the plan denied, the thoughts endorsed.
PARTIAL_DENIAL: Final = Phrase(
    r"^(?:no|nah|not really)?[,. ]*(?:no|not a|not any|there's no|i (?:don't|haven't) (?:have|"
    r"got) a(?:ny)?) plans?\b[^?]{0,30}?\b(?:i (?:just |still |do |only )?(?:think about it|think "
    r"about (?:dying|ending it|killing myself|not being here)|want (?:to|it))|(?:it's|they're) "
    r"(?:always |still )?(?:on my mind|there))"
)
_PLAN_QUESTION: Final = re.compile(
    r"\b(?:have|got|made|thought of|thought about) (?:a |any )?(?:plans?|way|method)\b(?:(?: to|"
    r" for) (?:end|kill|hurt|take|die|do it)[^?]*)?\?|\b(?:end your life|kill yourself|suicid)"
)
_MEANT: Final = Phrase(
    r"^(?:idk|i don't know|dunno|yeah|yes|maybe|honestly)?[.,! ]*(?:i )?(?:kinda |kind of |sort "
    r"of |sorta |actually |partly |half |a bit |think i )?meant it\b"
)
_MEANING_Q: Final = Phrase(r"\b(?:mean|meant|serious|joking|joke)\b")
_KMS: Final = Phrase(r"\b(?:kms|kys myself|unalive myself)\b")


def session_pass(
    utterances: Sequence[Utterance], out: Outcome
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every version 23 session reading, in order; (second-kind flags, third-party danger).

    Named group follow-ups first (they make flags the later readings see), then acts, the
    preparation readings, worded *possible* readings, severity, and third-party danger last
    (it takes only lines left unflagged).
    """
    named_follow_ups(utterances, out)
    second_kinds = apply_acts(utterances, out)
    apply_preparation(utterances, out)
    promote_possible(utterances, out)
    apply_severity(utterances, out)
    return second_kinds, third_party_danger(utterances, out)


def apply_acts(utterances: Sequence[Utterance], out: Outcome) -> list[dict[str, Any]]:
    """Apply the version 23 readings to ``out`` in place; return extra (second-kind) flags."""
    extra: list[dict[str, Any]] = []
    recent: dict[str, int] = {}  # speaker -> index of their recent-attempt flag
    for pos, u in enumerate(utterances):
        if u.role is Role.THERAPIST:
            continue
        norm = normalise(u.text)
        prompt = _prompt(utterances, pos)
        flag = out.flags.get(u.index)
        if _set_aside_remote(u, norm, flag, out):
            continue
        if _recent_attempt(norm, prompt, flag) or _intent_of(u, norm, flag, recent):
            _put(out, u.index, SI, "high", _attempt_reason(norm, prompt, recent.get(u.speaker)))
            recent[u.speaker] = u.index
        elif _returning(norm, flag):
            reason = "a past attempt with the same thoughts returning now (§10.1: moderate)"
            _put(out, u.index, SI, "moderate", reason)
        if EXTENDED.search(norm) and _DEATH.search(norm) and _CHILD.search(norm):
            extra.append(_extended(out, u.index, EXTENDED.search(norm)))
        if PARTIAL_DENIAL.search(norm) and _PLAN_QUESTION.search(prompt):
            _partial_denial(out, u.index)
        if _KMS.search(norm) and not _listed(out, u.index):
            out.possible.append(_shorthand(u.index))
        if _MEANT.search(norm) and _MEANING_Q.search(prompt):
            _meant_it(utterances, pos, out)
    return extra


def _prompt(utterances: Sequence[Utterance], pos: int) -> str:
    """The therapist turn(s) just before ``pos`` (up to the speaker's previous turn)."""
    parts: list[str] = []
    for u in reversed(utterances[max(0, pos - 2) : pos]):
        if u.role is not Role.THERAPIST:
            break
        parts.append(normalise(u.text))
    return " ".join(reversed(parts))


def _recent_attempt(norm: str, prompt: str, flag: Flag | None) -> bool:
    if REMOTE.search(norm) or _negated_attempt(norm):
        return False
    own = ATTEMPT.search(norm) is not None and not _IDIOM_OD.search(norm)
    asked = PROMPT_ATTEMPT.search(prompt) is not None and (
        ACT_INTENT.search(norm) is not None or (flag is not None and flag.kind in (SI, PASSIVE))
    )
    return (own or asked) and RECENT.search(f"{prompt} {norm}") is not None


def _intent_of(u: Utterance, norm: str, flag: Flag | None, recent: dict[str, int]) -> bool:
    """A line by the same speaker, soon after their recent-attempt flag, saying what it was."""
    at = recent.get(u.speaker)
    if at is None or u.index - at > 4:
        return False
    return ACT_INTENT.search(norm) is not None or (flag is not None and flag.kind in (SI, PASSIVE))


def _negated_attempt(norm: str) -> bool:
    return (
        re.search(
            r"\b(?:never|not once|haven't ever)\b[^.?!]{0,20}(?:attempt|overdos|tr(?:y|ied))", norm
        )
        is not None
    )


def _returning(norm: str, flag: Flag | None) -> bool:
    past = _PAST_TRY.search(norm) is not None or (
        flag is not None
        and flag.rule in ("si.attempt", "si.overdose")
        and REMOTE.search(norm) is not None
    )
    return (
        past
        and _RETURNING.search(norm) is not None
        and re.search(r"\b(?:lately|recently|these days|now|again|at the moment)\b", norm)
        is not None
    )


def _set_aside_remote(u: Utterance, norm: str, flag: Flag | None, out: Outcome) -> bool:
    """A resolved attempt long ago, or an overdose idiom, set aside instead of flagged."""
    if flag is None or flag.rule not in ("si.attempt", "si.overdose"):
        return False
    if _IDIOM_OD.search(norm):
        reason = "idiom or hyperbole (an 'overdose' of something harmless)"
    elif REMOTE.search(norm) and _RESOLVED.search(norm) and not _RETURNING.search(norm):
        reason = "past and resolved (history; still clinically relevant)"
    else:
        return False
    del out.flags[u.index]
    out.set_aside.append(
        {"index": u.index, "kind": flag.kind, "reason": reason, "matched": flag.matched}
    )
    return True


def _attempt_reason(norm: str, prompt: str, earlier: int | None) -> str:
    when = RECENT.search(f"{prompt} {norm}")
    if when is None and earlier is not None:
        return f"says what the recent attempt at utterance {earlier} was for (§10.1: high)"
    said = when.group() if when else "recently"
    return (
        f"describes a recent suicide attempt or overdose ('{said}'; §10.1: behaviour in the "
        "past 3 months is high)"
    )


def _put(out: Outcome, index: int, kind: str, severity: str, reason: str) -> None:
    """Make or rewrite the flag at ``index`` (keeping its model score and context)."""
    old = out.flags.get(index)
    probability = old.probability if old else _possible_score(out, index)
    out.possible[:] = [e for e in out.possible if e["index"] != index]
    out.set_aside[:] = [
        e for e in out.set_aside if not (e["index"] == index and e["reason"].startswith("denial"))
    ]
    out.flags[index] = Flag(
        index=index,
        kind=kind,
        severity=severity,
        reason=reason,
        basis="wording" if old is None or old.basis == "model" else old.basis,
        matched=old.matched if old else None,
        rule="v23.act",
        source="§10.1 [Posner2011] (C-SSRS behaviour and its timing) [clinical-reference]",
        context=old.context if old else [],
        follow_up=old.follow_up if old else None,
        probability=probability,
    )
    merged = dict(sorted(out.flags.items()))
    out.flags.clear()
    out.flags.update(merged)


def _possible_score(out: Outcome, index: int) -> float | None:
    for entry in out.possible:
        if entry["index"] == index:
            value = entry.get("model_probability")
            return float(value) if value is not None else None
    return None


def _extended(out: Outcome, index: int, match: re.Match[str] | None) -> dict[str, Any]:
    words = match.group() if match else ""
    _put(
        out,
        index,
        SI,
        "high",
        f"speaks of dying and taking a child with them ('{words}'): extended suicide",
    )
    out.flags[index].matched = words
    second = Flag(
        index=index,
        kind=OTHERS,
        severity="high",
        reason=f"the child would be harmed too ('{words}'); safeguarding, same day",
        basis="wording",
        matched=words,
        rule="v23.extended_suicide",
        source="§10.3 tier 3 (immediate) [clinical-reference]",
        follow_up=out.flags[index].follow_up,
        probability=out.flags[index].probability,
    )
    return second.as_dict()


def _partial_denial(out: Outcome, index: int) -> None:
    old = out.flags.get(index)
    reason = "denies a plan but says the thoughts go on: a partial denial is not a denial"
    if old is None or old.severity == "high" or old.kind != SI:
        _put(out, index, SI, "moderate", reason)
        out.flags[index].basis = "answer_to_screening" if old is None else old.basis


def _meant_it(utterances: Sequence[Utterance], pos: int, out: Outcome) -> None:
    """The speaker says their earlier risk words (joking, shorthand) were meant."""
    u = utterances[pos]
    for earlier in reversed(utterances[max(0, pos - 4) : pos]):
        if earlier.speaker != u.speaker:
            continue
        kind = _risk_kind_at(earlier, out)
        if kind is not None:
            reason = f"says the risk words at utterance {earlier.index} were meant"
            _put(out, u.index, kind, "moderate", reason)
            out.flags[u.index].basis = "disclosure_thread"
            out.flags[u.index].context = [earlier.index]
        return


def _risk_kind_at(u: Utterance, out: Outcome) -> str | None:
    if u.index in out.flags:
        return out.flags[u.index].kind
    for entry in (*out.possible, *out.set_aside):
        if entry["index"] == u.index and entry["kind"] in (SI, PASSIVE, OTHERS, "self_harm"):
            return str(entry["kind"])
    return None


def _listed(out: Outcome, index: int) -> bool:
    return index in out.flags or any(e["index"] == index for e in out.possible)


def _shorthand(index: int) -> dict[str, Any]:
    """A *possible* entry for internet shorthand ("kms"): the words to ask about."""
    return Flag(
        index=index,
        kind=SI,
        severity="low",
        reason="internet shorthand for 'kill myself' ('kms'); listed for review",
        basis="wording",
        matched="kms",
        rule="v23.shorthand",
        source="§10.3 tier 1 (post-session review) [clinical-reference]",
    ).as_dict()
