"""The model-reading gate of :mod:`alliancelens.analysers.risk`: when a model score is a flag.

``model_flag`` turns a model score into a flag, a *possible* entry or a set-aside entry;
``bare_answer`` says when a short answer's reading comes from the question (version 7). Split out
of :mod:`alliancelens.analysers._risk_flags` unchanged (2026-11-23), which re-exports every name.
See docs/analysers/risk.md.
"""

from __future__ import annotations

import re
from typing import Any, Final

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._risk_content import cap_high, own_words_high
from alliancelens.analysers._risk_context import CARER_PROTECTION, topic
from alliancelens.analysers._risk_types import Cuts, Flag, Reading, max_severity
from alliancelens.domain import Utterance
from alliancelens.models.risk_model import RiskScore

__all__ = ["BARE_ANSWER_WORDS", "UNGROUNDED_NOTE", "bare_answer", "model_flag"]


#: Reasons for setting aside a model flag, by the hard-negative head's class.
_GUARD_REASONS: Final = {
    "negation": "model: reads as a negation or denial",
    "idiom_or_hyperbole": "model: reads as an idiom, joke or hyperbole",
    "third_party": "model: reads as about a third party",
    "past_resolved": "model: reads as past and resolved (history; still clinically relevant)",
    "ego_dystonic_intrusive_thought": "model: reads as an unwanted intrusive thought",
    "fear_of_death_not_wish": "model: reads as fear of dying, not a wish to die",
    "grief_language": "model: reads as grief language",
    "other_topic": "model: reads as talk about media, medicine or another topic",
}


_MODEL_SOURCE: Final = "trained risk-language model, docs/models/risk.md (synthetic data)"


#: Version 7: a model-only reading of an answer of at most this many words to a therapist turn
#: that does not ask about risk, outside a disclosure thread, is set aside: such an answer
#: ("Yes.", "Yes, purpose.", "Do I have to?") has no risk wording of its own, so the reading comes
#: from the question. An engineering constant from the version 6 error analysis (none of the
#: development sets' model-found risk statements is that short without a risk question or a
#: thread; 56 AnnoMI client turns were; docs/analysers/risk.md, "Version 7").
BARE_ANSWER_WORDS: Final = 5
_WORD = re.compile(r"[a-z0-9']+")
_PROTECTIVE_REASON: Final = "model: a protective act (means put out of reach), not risk"
_BARE_ANSWER_REASON: Final = (
    "model: a short answer to a question that does not ask about risk (the reading comes from "
    "the question, not from the answer)"
)


def bare_answer(norm: str, prompt: str) -> bool:
    """Whether a (normalised) answer is too short to carry risk after a non-risk question.

    ``prompt`` is the normalised therapist turn just before ('' when the turn before is not the
    therapist's: then the answer is not judged bare).
    """
    return (
        bool(prompt)
        and len(_WORD.findall(norm)) <= BARE_ANSWER_WORDS
        and topic(prompt, thread=True) is None
    )


def model_flag(
    u: Utterance,
    reading: Reading,
    score: RiskScore | None,
    cuts: Cuts,
    *,
    set_aside: list[dict[str, Any]],
    possible: list[dict[str, Any]],
    bare: bool = False,
    heard: int | None = None,
    grounded: bool = True,
    thread: tuple[str, str, int] | None = None,
) -> Flag | None:
    """A flag from the model for an utterance the rules did not flag.

    At or above ``cuts.flag`` it is a flag; between ``cuts.review`` and ``cuts.flag`` it is added
    to ``possible`` (lower confidence, for post-session review); when the hard-negative head's
    P(risk) is below ``cuts.guard`` it is added to ``set_aside`` with the family as the reason,
    and so is a ``bare`` answer (:func:`bare_answer`, version 7). A reading between the two
    thresholds is a flag when ``heard`` (the index of the next utterance, a therapist turn that
    asks about risk) is given (version 8). Version 16: a reading that is not ``grounded`` (no
    risk content in the line, the therapist turn before it or an open thread, and not heard) is
    only ever *possible*; inside a ``thread`` (kind, severity, opening index; version 20: the
    reason names the opening utterance and ``context_indexes`` holds it) the reading takes the
    thread's kind and severity, and ``high`` comes only from the client's own words
    (:func:`_model_severity`).
    """
    if score is None or score.p_risk < min(cuts.review, cuts.flag):
        return None
    words = ", ".join(f"'{g}'" for g in score.evidence) or "no single phrase"
    if bare:
        set_aside.append(
            {"index": u.index, "kind": score.kind, "reason": _BARE_ANSWER_REASON, "matched": None}
        )
        return None
    protective = _protective(reading)  # v21 (QA25 #11): means put out of reach
    if score.p_guard_risk < cuts.guard or protective:
        reason = (
            _PROTECTIVE_REASON
            if protective
            else _GUARD_REASONS.get(score.guard, "model: reads as a hard negative")
        )
        set_aside.append(
            {"index": u.index, "kind": score.kind, "reason": reason, "matched": words or None}
        )
        return None
    kind, severity = _model_severity(score, reading.masked, thread)
    # v20 (QA21 #8): a "score", never a "probability" (Platt-scaled on synthetic data only)
    if thread is not None:
        in_thread = f" inside the {kind.replace('_', ' ')} thread opened at utterance {thread[2]}"
        reason = f"trained model: score {score.p_risk:.2f} for risk language{in_thread}"
    else:
        reason = f"trained model: score {score.p_risk:.2f} for {kind.replace('_', ' ')} language"
    flag = Flag(
        index=u.index,
        kind=kind,
        severity=severity,
        reason=f"{reason}; words that weighed most: {words}",
        context=[thread[2]] if thread is not None else [],
        basis="model",
        matched=", ".join(score.evidence) or None,
        rule="model",
        source=_MODEL_SOURCE,
        probability=round(score.p_risk, 3),
    )
    if grounded and score.p_risk >= cuts.flag:
        return flag
    if grounded and heard is not None:
        flag.reason += f"; the therapist's next turn asks about it (at {heard})"
        flag.heard = True
        return flag
    if not grounded:
        flag.reason += f"; {UNGROUNDED_NOTE}"
        flag.severity = "low"  # v20: no risk words to rate (severity rates the words, §10.2)
    possible.append(flag.as_dict())
    return None


def _protective(reading: Reading) -> bool:
    """A line with no rule hit that puts means out of reach ("took the knives out of his room")."""
    return not reading.screen.hits and bool(CARER_PROTECTION.search(reading.masked))


#: Version 16: why a confident model reading without risk content is listed, not flagged.
UNGROUNDED_NOTE: Final = (
    "listed for review, not flagged: no risk wording in the utterance, the therapist turn "
    "before it or an open disclosure (the reading rests on the sentence's form)"
)


def _model_severity(
    score: RiskScore, masked_text: str, thread: tuple[str, str, int] | None
) -> tuple[str, str]:
    """Kind and severity of a model reading (version 16: R3 of the QA13 fixes).

    Inside a thread the reading takes the thread's kind and severity (a frequency answer is part
    of the disclosure it answers); outside one the model's kind and severity head. Escalator words
    of the client's own raise it ("moderate" for passive ideation); ``high`` from the severity head
    stands only when the client's own words carry plan, method, means, intent or a weapon.
    """
    kind, severity = thread[:2] if thread is not None else (score.kind, score.severity)
    if thread is None:
        severity = cap_high(severity, masked_text)
    escalator = lex.SEVERITY_ESCALATORS.get(kind)
    if kind == lex.PASSIVE and escalator is not None and escalator.search(masked_text):
        severity = max_severity(severity, "moderate")
    elif escalator is not None and own_words_high(masked_text):
        severity = max_severity(severity, "high")
    return kind, severity
