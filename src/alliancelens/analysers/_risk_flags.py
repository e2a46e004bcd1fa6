"""Rule screening and flag building for :mod:`alliancelens.analysers.risk`.

``screen_text`` matches one utterance against the rules of
:mod:`alliancelens.analysers._risk_lexicon` and the guards of
:mod:`alliancelens.analysers._risk_guards`; ``rule_flag`` turns a screen (and the therapist
question it answers, :mod:`alliancelens.analysers._risk_context`) into a flag; ``rule_cues``
gives the trained model the rule layer's reading as cue names; ``model_flag`` turns a model
score into a flag or a set-aside entry (:mod:`alliancelens.analysers._risk_model_gate`). The
records (``Flag``, ``Screen``, ...) live in :mod:`alliancelens.analysers._risk_types` and the
therapist-topic reading ``topic`` in :mod:`alliancelens.analysers._risk_context`; every name is
re-exported here. See docs/analysers/risk.md.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from alliancelens.analysers import _risk_clauses as clauses
from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_guard_patterns as pat
from alliancelens.analysers import _risk_guards as guard
from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._phrases import Literals, Phrase, PhraseIndex
from alliancelens.analysers._risk_content import escalates, own_words_high
from alliancelens.analysers._risk_context import topic
from alliancelens.analysers._risk_model_gate import UNGROUNDED_NOTE, bare_answer, model_flag
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_types import (
    REVIEW_LABEL,
    Cuts,
    Flag,
    Hit,
    Reading,
    Screen,
    answer_kind,
    max_severity,
)
from alliancelens.domain import Role, Utterance

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
    "answer_kind",
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

SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_TOKEN = re.compile(r"[a-z']+")
_PRECEDENCE = (lex.PASSIVE, lex.SELF_HARM, lex.OTHERS, lex.SI)


#: Every rule's needles, looked up in one pass over a text (``_phrases.Literals``).
_NEEDLES: Final = Literals(lex.ALL_NEEDLES)
#: Needle -> positions in ``lex.RULES`` of the rules that have it.
_RULES_WITH: Final = {
    needle: tuple(i for i, rule in enumerate(lex.RULES) if needle in rule.needles)
    for needle in lex.ALL_NEEDLES
}


def screen_text(text: str) -> Screen:
    """Screen one client utterance by its wording alone (no context)."""
    norm = normalise(text)
    idiom_reason = (  # v18: "he says he'll kill me" is a threat to the client, not an idiom
        pat.DANGER_FROM_OTHERS if pat.REPORTED_THREAT.search(norm) else "idiom or hyperbole"
    )
    masked_text = masked(text)  # memoised: rule_cues and the session pass ask again
    # no idiom matched when blanking changed nothing (a match of spaces alone names no death)
    set_aside = [
        ("idiom", idiom_reason, m.group())
        for m in (pat.IDIOMS.finditer(norm) if masked_text != norm else ())
        if re.search(r"kill|murder|die|dead|death|throttle", m.group())
    ]
    present = _NEEDLES.present(masked_text)
    # the rules with a needle present, in their order (few needles occur in any one text)
    rules = [lex.RULES[i] for i in sorted({i for n in present for i in _RULES_WITH[n]})]
    hits: list[Hit] = []
    sentences = SENTENCE.findall(masked_text)
    for position, sentence in enumerate(sentences):
        for rule in rules:
            _screen_rule(rule, sentence, masked_text, hits, set_aside)
        # v18: a sentence read in the light of an earlier one ("He killed himself. I think I'll
        # go the same way."): the guard that set the first aside does not reach the second
        for rule, _ in clauses.cross_sentence_rules(sentences, position):
            _screen_rule(rule, sentence, masked_text, hits, set_aside)
    if any(not h.lifted for h in hits):
        # v18 (QA16 #6): "I would never kill myself. But sometimes I wish I'd get hit by a bus."
        # - the "but" clause has its own reading, so the denial keeps its own clause
        set_aside.extend((h.rule.kind, "negated", h.matched) for h in hits if h.lifted)
        hits = [h for h in hits if not h.lifted]
    # v21 (QA25 #4): a broad-net match set aside inside a kept hit of the same kind ("razor" in
    # "went back to the razor") is not listed as set aside beside that hit
    set_aside = [
        entry
        for entry in set_aside
        if not any(h.rule.kind == entry[0] and entry[2] in h.matched for h in hits)
    ]
    # v28: "No plan. The thought just comes at night." denies the plan, not the thought
    denial = bool(ctx.DENIAL_START.search(norm) or ctx.DENIAL_PHRASE.search(norm)) and not (
        ctx.AFFIRMING_NEGATION.search(norm)
        or pat.CONTRAST_IDEATION.search(norm)
        or ctx.PARTIAL_DENIAL.search(norm)
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
        if escalator is not None and escalates(escalator, masked_text):
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


_CUE_INDEX: Final = PhraseIndex((name, Phrase(pattern)) for name, pattern in _CUE_PATTERNS)


def rule_cues(text: str, screen: Screen, basis: str | None) -> tuple[str, ...]:
    """The rule layer's reading of an utterance, as model cues (names, never words)."""
    norm = normalise(text)
    cues = {f"hit:{h.rule.kind}" for h in screen.hits} | {f"hit:{h.severity}" for h in screen.hits}
    cues |= {f"aside:{reason.split()[0]}" for _, reason, _ in screen.set_aside}
    cues |= set(_CUE_INDEX.matching(norm))
    if set(_TOKEN.findall(norm)) & pat.THIRD_PERSON:
        cues.add("third_person_word")
    if screen.denial:
        cues.add("denial")
    if basis is not None:
        cues.add(f"flag:{basis}")
    return tuple(sorted(cues))


@functools.lru_cache(maxsize=8192)
def masked(text: str) -> str:
    """Normalised text with idioms blanked out (memoised like :func:`normalise`)."""
    norm = normalise(text)
    return pat.IDIOMS.sub(lambda m: " " * len(m.group()), norm)


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
    partial = ctx.PARTIAL_DENIAL.search(normalise(u.text)) is not None
    base = _partial_severity(context) if partial else context.severity
    severity = max_severity(base, "high") if own_words_high(masked(u.text)) else base
    # v22 (QA29 #1, #2): the note says what raised it - the client's words, never the question
    raised = (
        "; 'high' from the client's own words (a plan, method, means, intent or preparation)"
        if severity != base
        else ""
    )
    if context.thread is not None:
        # v18 (QA16 #9): a plan, method or means answer in a passive thread is active ideation
        kind = lex.SI if severity == "high" and context.kind == lex.PASSIVE else context.kind
        # v27: the kind the thread alone gives, kept if the model reads a denial of the question
        own = context.thread.kind
        own = lex.SI if severity == "high" and own == lex.PASSIVE else own
        return Flag(
            index=u.index,
            kind=kind,
            severity=severity,
            reason=f"continues the disclosure at utterance {context.thread.index}, answering "
            f"the therapist's follow-up at {context.indexes[-1]}{raised}",
            basis="disclosure_thread",
            source=context.thread.source,
            context=context.indexes,
            thread_kind=own if kind != own else None,
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
    kind, note = context.kind, ""
    if partial:
        # v28: denies intent or a plan, affirms the thought - or only a passive wish is left
        passive = ctx.PARTIAL_DENIAL_PASSIVE.search(normalise(u.text)) and kind == lex.SI
        kind = lex.PASSIVE if passive else kind
        note = "; a partial denial: denies intent or a plan but affirms the thought" + (
            " (a passive wish)" if passive else ""
        )
    return Flag(
        index=u.index,
        kind=kind,
        severity=severity,
        reason=asked + raised + note,
        basis="answer_to_screening",
        source="§10.1 C-SSRS screener [Posner2011]",
        context=context.indexes,
        safety=context.safety,
    )


def _partial_severity(context: Context) -> str:
    """Version 28 (as v23): a partial denial denies the plan a question asked about.

    The question's "plan" never raises it to ``high``; only a ``high`` thread (or, in the
    caller, the client's own words) does.
    """
    thread_high = context.thread is not None and context.thread.severity == "high"
    return "moderate" if context.severity == "high" and not thread_high else context.severity


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


#: Version 21: an answer that itself says the speaker is safe ("yes, i am safe at the moment").
_SAYS_SAFE: Final = re.compile(r"\bi(?:'m| am|'ll be| will be| feel)(?: \w+)? safe\b(?! \w+ but)")


def _closes(norm: str, result: Screen, context: Context) -> bool:
    """Whether an answer without risk wording of its own closes the question it answers.

    A clear denial closes it ("no" to "are you safe?" is not one, nor "no" to a question about
    the details of a disclosure); so does an answer set aside as past, a joke or about someone
    else. An idiom elsewhere in the answer ("the job is killing me") says nothing about it.
    """
    denial = result.denial and (
        context.presence or context.thread is None or ctx.thread_denial(norm)
    )
    # v20: a complaint about the therapy is not more of the disclosure it follows
    complaint = context.thread is not None and ctx.THERAPY_COMPLAINT.search(norm)
    if ((denial or bare_negative(norm)) and not context.safety) or complaint:
        return True
    # v18: a clear "yes, I'm safe" to a stand-alone safety question; v21 (QA24 #6): inside a
    # thread too when the answer itself says it is safe ("Yes, I'm safe now.")
    if (
        context.safety
        and ctx.SAFETY_AFFIRMED.search(norm)
        and (context.thread is None or _SAYS_SAFE.search(norm))
    ):
        return True
    if ctx.MEANS_SECURED.search(norm) or (context.reasons and not ctx.NOTHING_STOPS.search(norm)):
        return True  # v18: means put out of reach, or reasons for living named: protective
    reasons = {reason for kind, reason, _ in result.set_aside if kind != "idiom"}
    if pat.THIRD_PARTY_ACT.search(norm) and not pat.TIED_TO_SPEAKER.search(norm):
        return True  # v5: the answer is about someone else's act ("my uncle did it")
    if context.thread is None:
        # v28: "I'm not suicidal" set aside as negated does not close a partial denial
        return bool(reasons - {"negated"}) if ctx.PARTIAL_DENIAL.search(norm) else bool(reasons)
    return bool(reasons & THREAD_BREAKERS) or guard.resolved_past(norm)
