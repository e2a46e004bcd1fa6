"""Rule screening and flag building for :mod:`alliancelens.analysers.risk`.

``screen_text`` matches one utterance against the rules of
:mod:`alliancelens.analysers._risk_lexicon` and the guards of
:mod:`alliancelens.analysers._risk_guards`; ``rule_flag`` turns a screen (and the therapist
question it answers, :mod:`alliancelens.analysers._risk_context`) into a flag; ``rule_cues``
gives the trained model the rule layer's reading as cue names; ``model_flag`` turns a model
score into a flag or a set-aside entry. See docs/analysers/risk.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from alliancelens.analysers import _risk_clauses as clauses
from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_guard_patterns as pat
from alliancelens.analysers import _risk_guards as guard
from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._risk_content import cap_high, own_words_high
from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance
from alliancelens.models.risk_model import RiskScore

__all__ = [
    "REVIEW_LABEL",
    "SENTENCE",
    "THREAD_BREAKERS",
    "UNGROUNDED_NOTE",
    "Context",
    "Cuts",
    "Flag",
    "Hit",
    "Reading",
    "Screen",
    "bare_answer",
    "bare_negative",
    "content",
    "followed_up",
    "masked",
    "max_severity",
    "model_flag",
    "normalise",
    "rule_cues",
    "rule_flag",
    "screen_text",
    "topic",
]

#: Attached to every flag and to the screening statement (§0.2 rule 4, §10.2).
REVIEW_LABEL: Final = "for clinician review"
SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_TOKEN = re.compile(r"[a-z']+")
_PRECEDENCE = (lex.PASSIVE, lex.SELF_HARM, lex.OTHERS, lex.SI)


@dataclass(frozen=True, slots=True)
class Hit:
    """One surviving rule match in an utterance."""

    rule: lex.RiskRule
    matched: str
    severity: str
    #: Version 18: a negated match kept only because a contrast clause ("..., but I think about
    #: it") carries ideation; dropped when that clause has a hit of its own.
    lifted: bool = False


@dataclass(frozen=True, slots=True)
class Screen:
    """What screening one text found: surviving hits and set-aside matches with their reason."""

    hits: tuple[Hit, ...] = ()
    set_aside: tuple[tuple[str, str, str], ...] = ()  # (kind, reason, matched)
    denial: bool = False


def max_severity(*severities: str) -> str:
    return max(severities, key=lex.SEVERITY_ORDER.index)


def screen_text(text: str) -> Screen:
    """Screen one client utterance by its wording alone (no context)."""
    norm = normalise(text)
    idiom_reason = (  # v18: "he says he'll kill me" is a threat to the client, not an idiom
        pat.DANGER_FROM_OTHERS if pat.REPORTED_THREAT.search(norm) else "idiom or hyperbole"
    )
    set_aside = [
        ("idiom", idiom_reason, m.group())
        for m in pat.IDIOMS.finditer(norm)
        if re.search(r"kill|murder|die|dead|death|throttle", m.group())
    ]
    masked = pat.IDIOMS.sub(lambda m: " " * len(m.group()), norm)
    present = {needle for needle in lex.ALL_NEEDLES if needle in masked}
    rules = [rule for rule in lex.RULES if present.intersection(rule.needles)]
    hits: list[Hit] = []
    sentences = SENTENCE.findall(masked)
    for position, sentence in enumerate(sentences):
        for rule in rules:
            _screen_rule(rule, sentence, masked, hits, set_aside)
        # v18: a sentence read in the light of an earlier one ("He killed himself. I think I'll
        # go the same way."): the guard that set the first aside does not reach the second
        for rule, _ in clauses.cross_sentence_rules(sentences, position):
            _screen_rule(rule, sentence, masked, hits, set_aside)
    if any(not h.lifted for h in hits):
        # v18 (QA16 #6): "I would never kill myself. But sometimes I wish I'd get hit by a bus."
        # - the "but" clause has its own reading, so the denial keeps its own clause
        set_aside.extend((h.rule.kind, "negated", h.matched) for h in hits if h.lifted)
        hits = [h for h in hits if not h.lifted]
    denial = bool(ctx.DENIAL_START.search(norm) or ctx.DENIAL_PHRASE.search(norm)) and not (
        ctx.AFFIRMING_NEGATION.search(norm) or pat.CONTRAST_IDEATION.search(norm)
    )
    return Screen(tuple(hits), tuple(set_aside), denial)


def _screen_rule(
    rule: lex.RiskRule,
    sentence: str,
    masked_text: str,
    hits: list[Hit],
    set_aside: list[tuple[str, str, str]],
) -> None:
    """Add the first match of ``rule`` in ``sentence`` that survives the guards (or set aside).

    Version 18: every match of the rule in the sentence is tried, not only the first: a guard
    sets aside the part it matched ("my mate said he wanted to die lol but me i actually do want
    to die": the first is a third party's, the second the speaker's own).
    """
    first_aside: tuple[str, str, str] | None = None
    for match in rule.pattern.finditer(sentence):
        candidate = guard.Candidate(rule, sentence, match.start(), masked_text, match.end())
        reason = next((r for test, r in guard.GUARDS if test(candidate)), None)
        if reason is not None:
            first_aside = first_aside or (rule.kind, reason, match.group())
            continue
        severity = rule.severity
        escalator = lex.SEVERITY_ESCALATORS.get(rule.kind)
        if escalator is not None and escalator.search(masked_text):
            severity = max_severity(severity, "moderate" if rule.kind == lex.PASSIVE else "high")
        lifted = guard.negated(sentence, match.start()) or candidate.negated_after()
        hits.append(Hit(rule, match.group(), severity, lifted))
        return
    if first_aside is not None:
        set_aside.append(first_aside)


#: Utterance-level guard patterns given to the model as cues (their names only).
_CUE_PATTERNS: Final = (
    ("past_remote", pat.PAST_REMOTE),
    ("recent", pat.RECENT),
    ("fear_of_death", pat.FEAR_OF_DEATH),
    ("grief", pat.GRIEF),
    ("ego_dystonic", pat.EGO_DYSTONIC),
    ("joking", pat.JOKING),
    ("serious", pat.SERIOUS),
    ("accident", pat.ACCIDENT),
    ("negator", pat.NEGATORS),
    ("idiom", pat.IDIOMS),
)


def rule_cues(text: str, screen: Screen, basis: str | None) -> tuple[str, ...]:
    """The rule layer's reading of an utterance, as model cues (names, never words)."""
    norm = normalise(text)
    cues = {f"hit:{h.rule.kind}" for h in screen.hits} | {f"hit:{h.severity}" for h in screen.hits}
    cues |= {f"aside:{reason.split()[0]}" for _, reason, _ in screen.set_aside}
    cues |= {name for name, pattern in _CUE_PATTERNS if pattern.search(norm)}
    if set(_TOKEN.findall(norm)) & pat.THIRD_PERSON:
        cues.add("third_person_word")
    if screen.denial:
        cues.add("denial")
    if basis is not None:
        cues.add(f"flag:{basis}")
    return tuple(sorted(cues))


@dataclass
class Flag:
    index: int
    kind: str
    severity: str
    reason: str
    basis: str
    matched: str | None = None
    rule: str | None = None
    source: str | None = None
    context: list[int] = field(default_factory=list)
    follow_up: bool | None = None
    probability: float | None = None
    #: A *possible* model reading made a flag because the therapist's next turn asks about risk
    #: (version 8): its thread counts like a rule flag's.
    heard: bool = False
    #: Version 16: the reading had risk content to rest on; a thread opened by one that had none
    #: informs the model only and never makes a later line a flag.
    grounded: bool = True
    #: Version 18: an answer to a safety question ("Are you safe tonight?" - "No."): the "no" is
    #: the disclosure, so the model's reading of it as a denial never demotes it.
    safety: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "severity": self.severity,
            "reason": self.reason,
            "matched": self.matched,
            "rule": self.rule,
            "source": self.source,
            "basis": self.basis,
            "context_indexes": self.context,
            "therapist_follow_up": self.follow_up,
            "model_probability": self.probability,
            "review": REVIEW_LABEL,
        }


@dataclass(frozen=True, slots=True)
class Reading:
    """What the rules made of one client utterance: flag (if any), cues, set-aside matches."""

    flag: Flag | None
    cues: tuple[str, ...]
    set_aside: list[dict[str, Any]]
    masked: str
    screen: Screen = Screen()


@functools.lru_cache(maxsize=8192)
def masked(text: str) -> str:
    """Normalised text with idioms blanked out (memoised like :func:`normalise`)."""
    norm = normalise(text)
    return pat.IDIOMS.sub(lambda m: " " * len(m.group()), norm)


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


class Cuts(NamedTuple):
    """Model operating points.

    ``flag`` and ``review`` apply to the calibrated probability, ``guard`` to the hard-negative
    head's P(risk).
    """

    flag: float
    review: float
    guard: float


#: Version 7: a model-only reading of an answer of at most this many words to a therapist turn
#: that does not ask about risk, outside a disclosure thread, is set aside: such an answer
#: ("Yes.", "Yes, purpose.", "Do I have to?") has no risk wording of its own, so the reading comes
#: from the question. An engineering constant from the version 6 error analysis (none of the
#: development sets' model-found risk statements is that short without a risk question or a
#: thread; 56 AnnoMI client turns were; docs/analysers/risk.md, "Version 7").
BARE_ANSWER_WORDS: Final = 5
_WORD = re.compile(r"[a-z0-9']+")
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
    thread: tuple[str, str] | None = None,
) -> Flag | None:
    """A flag from the model for an utterance the rules did not flag.

    At or above ``cuts.flag`` it is a flag; between ``cuts.review`` and ``cuts.flag`` it is added
    to ``possible`` (lower confidence, for post-session review); when the hard-negative head's
    P(risk) is below ``cuts.guard`` it is added to ``set_aside`` with the family as the reason,
    and so is a ``bare`` answer (:func:`bare_answer`, version 7). A reading between the two
    thresholds is a flag when ``heard`` (the index of the next utterance, a therapist turn that
    asks about risk) is given (version 8). Version 16: a reading that is not ``grounded`` (no
    risk content in the line, the therapist turn before it or an open thread, and not heard) is
    only ever *possible*; inside a ``thread`` (kind, severity) the reading takes the thread's kind
    and severity, and ``high`` comes only from the client's own words (:func:`_model_severity`).
    """
    if score is None or score.p_risk < min(cuts.review, cuts.flag):
        return None
    words = ", ".join(f"'{g}'" for g in score.evidence) or "no single phrase"
    if bare:
        set_aside.append(
            {"index": u.index, "kind": score.kind, "reason": _BARE_ANSWER_REASON, "matched": None}
        )
        return None
    if score.p_guard_risk < cuts.guard:
        reason = _GUARD_REASONS.get(score.guard, "model: reads as a hard negative")
        set_aside.append(
            {"index": u.index, "kind": score.kind, "reason": reason, "matched": words or None}
        )
        return None
    kind, severity = _model_severity(score, reading.masked, thread)
    in_thread = f" inside the {kind.replace('_', ' ')} thread" if thread is not None else ""
    flag = Flag(
        index=u.index,
        kind=kind,
        severity=severity,
        reason=f"trained model: probability {score.p_risk:.2f} of risk language{in_thread}; "
        f"words that weighed most: {words}"
        if thread is not None
        else f"trained model: probability {score.p_risk:.2f} of {kind.replace('_', ' ')} "
        f"language; words that weighed most: {words}",
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
    possible.append(flag.as_dict())
    return None


#: Version 16: why a confident model reading without risk content is listed, not flagged.
UNGROUNDED_NOTE: Final = (
    "listed for review, not flagged: no risk wording in the utterance, the therapist turn "
    "before it or an open disclosure (the reading rests on the sentence's form)"
)


def _model_severity(
    score: RiskScore, masked_text: str, thread: tuple[str, str] | None
) -> tuple[str, str]:
    """Kind and severity of a model reading (version 16: R3 of the QA13 fixes).

    Inside a thread the reading takes the thread's kind and severity (a frequency answer is part
    of the disclosure it answers); outside one the model's kind and severity head. Escalator words
    of the client's own raise it ("moderate" for passive ideation); ``high`` from the severity head
    stands only when the client's own words carry plan, method, means, intent or a weapon.
    """
    kind, severity = thread if thread is not None else (score.kind, score.severity)
    if thread is None:
        severity = cap_high(severity, masked_text)
    escalator = lex.SEVERITY_ESCALATORS.get(kind)
    if kind == lex.PASSIVE and escalator is not None and escalator.search(masked_text):
        severity = max_severity(severity, "moderate")
    elif escalator is not None and own_words_high(masked_text):
        severity = max_severity(severity, "high")
    return kind, severity


@dataclass(frozen=True, slots=True)
class Context:
    """The therapist turn just before an answer asks about risk (or follows up a disclosure)."""

    kind: str
    severity: str
    indexes: list[int]
    thread: Flag | None
    #: The question asks whether the client is safe: a "no" then discloses risk.
    safety: bool = False
    #: The question asks whether there is risk at all (a screening topic), not about its details:
    #: only then does a "no" deny it ("Were they deep?" - "No, but it's the third time").
    presence: bool = True
    #: Version 11: the therapist turn is a reflection naming the risk, which the answer endorses.
    reflection: bool = False
    #: Version 18: the therapist asked what keeps the client alive ("What stops you?").
    reasons: bool = False


@functools.lru_cache(maxsize=8192)
def topic(text: str, *, thread: bool = False) -> tuple[str, str] | None:
    """(kind, severity) a therapist turn asks about; follow-up topics count only in a thread."""
    topics = (*ctx.SCREENING_TOPICS, *ctx.THREAD_TOPICS) if thread else ctx.SCREENING_TOPICS
    return next(((kind, sev) for pattern, kind, sev in topics if pattern.search(text)), None)


def content(text: str) -> set[str]:
    words = {w.removesuffix("'s").removesuffix("s") for w in _TOKEN.findall(text)}
    return {w for w in words if len(w) >= 4 and w not in ctx.COMMON_WORDS}


def bare_negative(norm: str) -> bool:
    return len(_TOKEN.findall(norm)) <= 3 and bool(ctx.DENIAL_START.search(norm))


def followed_up(utterances: Sequence[Utterance], pos: int) -> bool | None:
    """Whether the next therapist turn explores or acknowledges the disclosure."""
    for u in utterances[pos + 1 : pos + 3]:
        if u.role is Role.THERAPIST:
            text = normalise(u.text)
            return bool(topic(text, thread=True) or ctx.EXPLORES.search(text))
    return None


#: Set-aside reasons that end a disclosure thread (a negation or a third party in the answer may
#: be about something else: "I'm not trying to top myself, it just lets the pressure out").
THREAD_BREAKERS: Final = frozenset(
    {
        "past and resolved (history; still clinically relevant)",
        "joking or hyperbole",
        "figure of speech (no sign it was meant)",
        "about a third party",
    }
)


def rule_flag(u: Utterance, result: Screen, context: Context | None) -> Flag | None:
    """The flag for one client utterance, from its wording and the question it answers."""
    if result.hits:
        return _wording_flag(u, result, context)
    if context is None or _closes(normalise(u.text), result, context):
        return None
    # An answer that affirms a question about a plan, a method or means carries that severity:
    # "Yes." to "Have you thought about how?" endorses a method (README severity table; C-SSRS
    # ideation with method). Version 16 lowered these to moderate unless the client's own words
    # were high; version 17 keeps the question's severity again, because the case that prompted
    # it (agreeing to a safety-planning *proposal*) is now never flagged at all (R4 above), and
    # the cap cost 24 correct ``high`` ratings on the development sets. The client's own words
    # raise it too: "Took a rope up and looked at the beam" answering "Have you been thinking of
    # ending your life?" is ``high`` (means, preparation), whatever the question asked.
    severity = context.severity
    if own_words_high(masked(u.text)):
        severity = max_severity(severity, "high")
    lowered = (
        "; the question asked about a plan, method or means: 'high' only from the client's own "
        "words"
        if severity != context.severity
        else ""
    )
    if context.thread is not None:
        # v18 (QA16 #9): a plan, method or means answer in a passive thread is active ideation
        kind = lex.SI if severity == "high" and context.kind == lex.PASSIVE else context.kind
        return Flag(
            index=u.index,
            kind=kind,
            severity=severity,
            reason=f"continues the disclosure at utterance {context.thread.index}, answering "
            f"the therapist's follow-up at {context.indexes[-1]}{lowered}",
            basis="disclosure_thread",
            source=context.thread.source,
            context=context.indexes,
        )
    asked = (
        f"endorses the therapist's reflection of risk at utterance {context.indexes[-1]}"
        if context.reflection
        else f"answer to a safety question at utterance {context.indexes[-1]} that is not a "
        "clear 'yes, I'm safe'"
        if context.safety
        else f"answer to a risk screening question at utterance {context.indexes[-1]} that "
        "is not a clear denial"
    )
    return Flag(
        index=u.index,
        kind=context.kind,
        severity=severity,
        reason=asked + lowered,
        basis="answer_to_screening",
        source="§10.1 C-SSRS screener [Posner2011]",
        context=context.indexes,
        safety=context.safety,
    )


def _wording_flag(u: Utterance, result: Screen, context: Context | None) -> Flag:
    """The flag of the most severe surviving rule match."""
    hit = max(
        result.hits,
        key=lambda h: (lex.SEVERITY_ORDER.index(h.severity), _PRECEDENCE.index(h.rule.kind)),
    )
    thread = context.thread if context is not None else None
    return Flag(
        index=u.index,
        kind=hit.rule.kind,
        severity=max_severity(hit.severity, thread.severity) if thread else hit.severity,
        reason=f"{hit.rule.reason} (matched: '{hit.matched}')",
        basis="wording",
        matched=hit.matched,
        rule=hit.rule.id,
        source=hit.rule.source,
        context=context.indexes if thread is not None and context is not None else [],
    )


def _closes(norm: str, result: Screen, context: Context) -> bool:
    """Whether an answer without risk wording of its own closes the question it answers.

    A clear denial closes it ("no" to "are you safe?" is not one, nor "no" to a question about
    the details of a disclosure); so does an answer set aside as past, a joke or about someone
    else. An idiom elsewhere in the answer ("the job is killing me") says nothing about it.
    """
    denial = result.denial and (
        context.presence or context.thread is None or ctx.thread_denial(norm)
    )
    if (denial or bare_negative(norm)) and not context.safety:
        return True
    if context.safety and context.thread is None and ctx.SAFETY_AFFIRMED.search(norm):
        return True  # v18: a clear "yes, I'm safe" to a stand-alone safety question
    if ctx.MEANS_SECURED.search(norm) or (context.reasons and not ctx.NOTHING_STOPS.search(norm)):
        return True  # v18: means put out of reach, or reasons for living named: protective
    reasons = {reason for kind, reason, _ in result.set_aside if kind != "idiom"}
    if pat.THIRD_PARTY_ACT.search(norm) and not pat.TIED_TO_SPEAKER.search(norm):
        return True  # v5: the answer is about someone else's act ("my uncle did it")
    if context.thread is None:
        return bool(reasons)
    return bool(reasons & THREAD_BREAKERS) or guard.resolved_past(norm)
