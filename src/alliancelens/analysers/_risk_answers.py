"""What a client answer responds to, for :mod:`alliancelens.analysers.risk`.

``answer_context`` finds the therapist question (a screening topic, a follow-up of a flag just
before, a stand-alone safety question, or a reflection the answer endorses) that a client line
answers; the small helpers say whether a line only accepts a proposal, whether the next therapist
turn asks about risk and which therapist turn came before. Split out of ``risk`` unchanged
(2026-11-23). See docs/analysers/risk.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_thread as thr
from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_content import about_attendance
from alliancelens.analysers._risk_flags import (
    SENTENCE,
    Context,
    Flag,
    Reading,
    answer_kind,
    bare_negative,
    content,
    max_severity,
    normalise,
    topic,
)
from alliancelens.analysers._risk_relay import is_interpreter
from alliancelens.analysers._risk_rule import SI
from alliancelens.analysers._risk_types import Cuts
from alliancelens.domain import Role, Utterance
from alliancelens.models.risk_model import RiskScore

__all__ = [
    "accepts_proposal",
    "agrees",
    "answer_context",
    "asks_next",
    "attendance_aside",
    "rule_signal",
    "same_voice",
    "therapist_before",
]

_QUESTIONISH = re.compile(
    r"\?|\b(?:wonder(?:ing)? (?:if|whether)|i(?:'d| would) like to (?:ask|check)|i (?:want|need)"
    r" to (?:ask|check)|tell me (?:if|whether|about))\b"
)


def _last_sentence(text: str) -> str:
    """The last sentence of ``text``; "" for a turn of punctuation only ("...", "?"; QA36 #1)."""
    sentences = SENTENCE.findall(text)
    return sentences[-1].strip() if sentences else ""


def answer_context(
    utterances: Sequence[Utterance], pos: int, flags: dict[int, Flag]
) -> Context | None:
    """The risk question (or disclosure follow-up) this answer responds to, if any."""
    if pos == 0 or utterances[pos - 1].role is not Role.THERAPIST:
        return None
    question = utterances[pos - 1]
    text = normalise(question.text)
    answer = normalise(utterances[pos].text)
    last = _last_sentence(text)
    proposal = ctx.PROPOSAL.found_in(text) or ctx.JOINT_PROPOSAL.found_in(last)
    if (proposal and agrees(answer)) or (thr.PROTECTIVE_PROMPT.search(last)):
        # "Shall we make a plan?" - "Okay." is agreement, not disclosure; v11: safety
        # planning asks about protection ("Who could be with you tonight?" - "Maybe my
        # sister."), so the answer is flagged only by wording of its own
        return None
    before = utterances[pos - 2] if pos >= 2 else None
    thread = flags.get(before.index) if before is not None else None
    if thread is not None and before is not None and same_voice(before, utterances[pos]):
        found = _thread_context(text, last, thread, before, question)
        if found is not None:
            return found
    asked = topic(text)
    if asked is not None and (_QUESTIONISH.search(text) or thr.is_question(text)):
        return Context(asked[0], asked[1], [question.index], None)
    endorsed = _endorsed_reflection(text, answer)
    reflected = (
        Context(endorsed[0], endorsed[1], [question.index], None, reflection=True)
        if endorsed is not None
        else None
    )
    return _safety_context(question.index, text, last, answer) or reflected


def _thread_context(
    text: str, last: str, thread: Flag, before: Utterance, question: Utterance
) -> Context | None:
    """The context of an answer to a therapist turn that follows up the flag just before it."""
    asked = topic(text, thread=True)
    # v21 (QA22 #1): an echo of the disclosure's words in a check-in or thanks ("I'm glad you
    # told me. We'll check in about it every session.") does not follow it up
    echoes = bool(
        ctx.ANAPHORIC_QUESTION.search(last)
        or (content(text) & content(normalise(before.text)) and not _CHECK_IN.search(last))
    )
    if thread.basis == "disclosure_thread":
        echoes = False  # a chain of answers needs the question itself to be about risk
    if not (asked or ctx.FOLLOW_UP.search(text) or echoes):
        return None
    screening = topic(text)
    severity = max_severity(
        thread.severity, asked[1] if asked else "low", screening[1] if screening else "low"
    )
    safety = bool(ctx.SAFETY_QUESTION.search(last))
    presence = screening is not None
    indexes = [before.index, question.index]
    reasons = bool(ctx.REASONS_PROMPT.search(last))
    # v27 (QA43 #2): a screening question's kind, never weaker than the question asks about
    kind = answer_kind(thread.kind, screening[0] if screening else None)
    return Context(kind, severity, indexes, thread, safety, presence, reasons=reasons)


#: Version 21 (QA22 #1): a therapist's closing check-in or thanks, not a follow-up.
_CHECK_IN = re.compile(
    r"\b(?:we(?:'ll| will| can)|i(?:'ll| will)|let's) (?:check in|come back to (?:it|this|that)|"
    r"keep (?:an eye on|checking)|look at (?:it|this|that) again)\b|^(?:i'm|i am) (?:really )?"
    r"glad you (?:told|shared|said)|^thank you for (?:telling|sharing|saying)"
)


def same_voice(first: Utterance, second: Utterance) -> bool:
    """Whether two client turns are one voice (same speaker, or an interpreter relaying), v21."""
    return first.speaker == second.speaker or is_interpreter(first) or is_interpreter(second)


def _safety_context(index: int, text: str, last: str, answer: str) -> Context | None:
    """Version 18: a stand-alone safety or saved-means question, where a "no" discloses risk.

    "Are you safe tonight?" (in the last sentence) is a screening question even with no
    disclosure before it: ``high`` for "No." / "I can't promise that", ``moderate`` for a hedge.
    "The tablets you've been saving - did that happen?" is ``high`` (access to a stockpile).
    """
    if ctx.STOCKPILE_QUESTION.search(text):
        return Context(SI, "high", [index], None, safety=True)
    if ctx.STANDALONE_SAFETY.search(last) and (_QUESTIONISH.search(last) or thr.is_question(last)):
        severity = "high" if ctx.SAFETY_REFUSED.search(answer) else "moderate"
        return Context(SI, severity, [index], None, safety=True)
    return None


def _endorsed_reflection(therapist: str, answer: str) -> tuple[str, str] | None:
    """(kind, severity) of a therapist reflection naming the client's risk that the answer endorses.

    Version 11: "That sounds dangerous, and like you don't mind whether you live or die." -
    "Yes. That is it exactly." The reflection's sentence must name a screening topic, speak to the
    client ("you"/"your") and hold no negator outside the topic's own words; the answer must open
    with an endorsement and not deny (docs/analysers/risk.md, "Version 11").
    """
    if not ctx.ENDORSEMENT.search(answer) or bare_negative(answer) or ctx.thread_denial(answer):
        return None
    for sentence in SENTENCE.findall(therapist):
        for pattern, kind, severity in _SCREENING_TOPICS:
            match = pattern.search(sentence)
            if match is None or not _SECOND_PERSON.search(sentence):
                continue
            if _WANTS_TO_LIVE.fullmatch(match.group(0)):
                continue  # "there's still a lot you want to be here for" reflects a reason to live
            rest = sentence[: match.start()] + " " + sentence[match.end() :]
            if not ctx.REFLECTION_NEGATOR.search(rest):
                return kind, severity
    return None


#: The screening topics, each skipped when none of its words is in the sentence.
_SCREENING_TOPICS: Final = tuple((Phrase(p), kind, sev) for p, kind, sev in ctx.SCREENING_TOPICS)
#: The passive topic without its negator: asked ("Do you want to be here?") a "no" is risk, but
#: reflected and endorsed it is a reason for living (the fresh set v21 showed the difference).
_WANTS_TO_LIVE = re.compile(r"want(?:ing)? to be (?:here|alive)")
_SECOND_PERSON = re.compile(r"\b(?:you|your|yourself|you're|you've|you'd)\b")


def accepts_proposal(utterances: Sequence[Utterance], pos: int) -> bool:
    """Whether a client line only agrees to the therapist's proposal just before it."""
    prompt = normalise(therapist_before(utterances, pos))
    if not prompt or not agrees(normalise(utterances[pos].text)):
        return False
    last = _last_sentence(prompt)
    return bool(
        ctx.PROPOSAL.found_in(prompt) or ctx.JOINT_PROPOSAL.found_in(last) or thr.proposes(last)
    )


def agrees(answer: str) -> bool:
    """Whether a (normalised) answer only accepts a proposal ("Okay.", "Yes, that would help.")."""
    return bool(ctx.BARE_ACCEPTANCE.search(answer) or ctx.AGREEMENT.search(answer))


def rule_signal(reading: Reading) -> bool:
    """Whether the rules matched anything in the line (a hit, or a set-aside match not an idiom)."""
    return bool(reading.screen.hits) or any(
        kind != "idiom" for kind, _, _ in reading.screen.set_aside
    )


def asks_next(utterances: Sequence[Utterance], pos: int) -> int | None:
    """The index of the next utterance if it is a therapist turn that asks about risk."""
    after = utterances[pos + 1] if pos + 1 < len(utterances) else None
    if after is None or after.role is not Role.THERAPIST:
        return None
    text = normalise(after.text)
    return after.index if topic(text, thread=True) or ctx.RISK_FOLLOW_UP.found_in(text) else None


def therapist_before(utterances: Sequence[Utterance], pos: int) -> str:
    """The text of the therapist turn just before ``pos``, or '' if the turn before is not one."""
    before = utterances[pos - 1] if pos else None
    return before.text if before is not None and before.role is Role.THERAPIST else ""


#: Version 20: why a model reading of talk about attending therapy is set aside.
_ATTENDANCE_REASON: Final = (
    "model: reads as talk about coming to therapy ('here' is the sessions), not about living"
)


def attendance_aside(
    index: int, reading: Reading, score: RiskScore | None, cuts: Cuts
) -> dict[str, Any] | None:
    """The set-aside entry for a model reading of a line only about coming to therapy (v20).

    "After today I won't be coming here", "I don't see the point of coming here": with the
    attendance phrase removed the line holds no risk content and the rules matched nothing.
    """
    if score is None or score.p_risk < min(cuts.review, cuts.flag) or rule_signal(reading):
        return None
    if not about_attendance(reading.masked):
        return None
    return {"index": index, "kind": score.kind, "reason": _ATTENDANCE_REASON, "matched": None}
