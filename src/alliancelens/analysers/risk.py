"""Risk language in client speech, flagged **for clinician review** (``risk.language``).

Method (documented in ``docs/analysers/risk.md``; the rules themselves are data in
:mod:`alliancelens.analysers._risk_lexicon`, each with its source):

1. Only non-therapist utterances are screened: a therapist's screening question is never client
   risk (clinical-reference §10.3 rule 4).
2. **Wording.** Each sentence is matched against the rules (suicidal ideation, passive ideation,
   self-harm, harm to others). A match is *set aside* (listed, not flagged) when it sits inside an
   idiom ("this job is killing me"), is negated in its clause ("I'd never hurt myself"), belongs
   to a third party ("my friend said she wanted to die"), is clearly past and resolved ("when I
   was nineteen ..." with nothing current), is joking ("not literally"), is fear of dying, grief
   language, or an unwanted intrusive harm thought. Set-aside matches stay visible in
   ``summary.risk_screening.set_aside``: §10.3 rule 3 says not to silently drop them.
3. **Context.** A client answer to a therapist's risk screening question is flagged unless it
   is a clear denial ("No. Never."); an answer that continues a flagged disclosure ("Where are the
   tablets now?" - "In my drawer.") is flagged unless it denies intent.

Every flag carries the utterance index, kind, statement severity (README definitions; it rates
the words, never the person: NICE NG225, §10.2), the matched words and reason, and
``"review": "for clinician review"``. An empty list means *no risk language detected by this
analyser*, never *no risk*; ``risk_screening.summary`` says what was and was not screened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import Finding, Role, Session, Utterance

__all__ = ["REVIEW_LABEL", "RiskLanguage", "screen_text"]

#: Attached to every flag and to the screening statement (§0.2 rule 4, §10.2).
REVIEW_LABEL: Final = "for clinician review"

NOT_SCREENED: Final = (
    "therapist utterances (screening questions are not client risk)",
    "tone of voice, pauses, crying and other non-verbal signs",
    "languages other than English",
    "risk expressed in words outside the rule list, or only implied",
    "danger to the client from other people (e.g. domestic abuse)",
)

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\b(?:but|though|although|because|so|and then)\b")
_QUESTIONISH = re.compile(
    r"\?|\b(?:wonder(?:ing)? (?:if|whether)|i(?:'d| would) like to (?:ask|check)|i (?:want|need)"
    r" to (?:ask|check)|tell me (?:if|whether|about))\b"
)
_TOKEN = re.compile(r"[a-z']+")
_STOP: Final = frozenset(
    "about after again also anything because been before could didn't does doing done don't "
    "even every everyone everything feel feels felt from going good have honest honestly into "
    "just know like maybe more much nothing really right said same should some something "
    "still than that that's them then there they thing things think this time very want well "
    "were what when where which with would yeah your you're it's i'm okay".split()
)
@dataclass(frozen=True, slots=True)
class Hit:
    """One surviving rule match in an utterance."""

    rule: lex.RiskRule
    matched: str
    severity: str


@dataclass(frozen=True, slots=True)
class Screen:
    """What screening one text found: surviving hits and set-aside matches with their reason."""

    hits: tuple[Hit, ...] = ()
    set_aside: tuple[tuple[str, str, str], ...] = ()  # (kind, reason, matched)
    denial: bool = False


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def _max_severity(*severities: str) -> str:
    return max(severities, key=lex.SEVERITY_ORDER.index)


def _negated(sentence: str, start: int) -> bool:
    before = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    clause = lex.NEGATOR_EXCEPTIONS.sub(" ", clause)
    window = " ".join(clause.split()[-6:])
    return bool(lex.NEGATORS.search(window))


def _third_party(sentence: str, start: int) -> bool:
    """True when the nearest person before ``start`` is someone other than the speaker."""
    for token in reversed(_TOKEN.findall(sentence[:start])):
        bare = token.removesuffix("'s")
        if token in lex.FIRST_PERSON:
            return False
        if bare in lex.THIRD_PERSON or bare.removesuffix("s") in lex.THIRD_PERSON:
            return True
    return False


def _guard(rule: lex.RiskRule, sentence: str, start: int, utterance: str) -> str | None:
    """Why a match should be set aside rather than flagged, or None to flag it."""
    serious = bool(lex.SERIOUS.search(utterance))
    if _negated(sentence, start) and not lex.CONTRAST_IDEATION.search(utterance):
        return "negated"
    if rule.person == "any" and _third_party(sentence, start):
        return "about a third party"
    if lex.PAST_REMOTE.search(sentence) and not lex.RECENT.search(utterance):
        return "past and resolved (history; still clinically relevant)"
    if lex.JOKING.search(utterance) and not serious:
        return "joking or hyperbole"
    if rule.kind == lex.PASSIVE and lex.FEAR_OF_DEATH.search(sentence):
        return "fear of dying, not a wish to die"
    if rule.kind == lex.PASSIVE and lex.GRIEF.search(utterance):
        return "grief language"
    if rule.kind == lex.OTHERS and lex.EGO_DYSTONIC.search(utterance) and not serious:
        return "unwanted intrusive thought (ego-dystonic)"
    return None


def screen_text(text: str) -> Screen:
    """Screen one client utterance by its wording alone (no context)."""
    norm = _normalise(text)
    set_aside: list[tuple[str, str, str]] = []
    for idiom in lex.IDIOMS.finditer(norm):
        if re.search(r"kill|murder|die|dead|death|throttle", idiom.group()):
            set_aside.append(("idiom", "idiom or hyperbole", idiom.group()))
    masked = lex.IDIOMS.sub(lambda m: " " * len(m.group()), norm)
    hits: list[Hit] = []
    for sentence in _SENTENCE.findall(masked):
        for rule in lex.RULES:
            match = rule.pattern.search(sentence)
            if match is None:
                continue
            reason = _guard(rule, sentence, match.start(), masked)
            if reason is not None:
                set_aside.append((rule.kind, reason, match.group()))
                continue
            escalate = lex.SEVERITY_ESCALATORS.get(rule.kind)
            severity = rule.severity
            if escalate is not None and escalate.search(masked):
                severity = _max_severity(severity, "high" if rule.kind != lex.PASSIVE else "moderate")
            hits.append(Hit(rule, match.group(), severity))
    denial = bool(lex.DENIAL_START.search(norm) or lex.DENIAL_PHRASE.search(norm)) and not (
        lex.AFFIRMING_NEGATION.search(norm) or lex.CONTRAST_IDEATION.search(norm)
    )
    return Screen(tuple(hits), tuple(set_aside), denial)


@dataclass
class _Flag:
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
            "review": REVIEW_LABEL,
        }


def _topic(text: str, *, thread: bool = False) -> tuple[str, str] | None:
    """(kind, severity) a therapist turn asks about; follow-up topics count only in a thread."""
    topics = (*lex.SCREENING_TOPICS, *lex.THREAD_TOPICS) if thread else lex.SCREENING_TOPICS
    for pattern, kind, severity in topics:
        if pattern.search(text):
            return kind, severity
    return None


def _content(text: str) -> set[str]:
    words = {w.removesuffix("'s").removesuffix("s") for w in _TOKEN.findall(text)}
    return {w for w in words if len(w) >= 4 and w not in _STOP}


def _primary(hits: Sequence[Hit]) -> Hit:
    precedence = (lex.PASSIVE, lex.SELF_HARM, lex.OTHERS, lex.SI)
    return max(
        hits, key=lambda h: (lex.SEVERITY_ORDER.index(h.severity), precedence.index(h.rule.kind))
    )


@register
class RiskLanguage(Analyser):
    """Flags possible risk language in client speech for clinician review (never a risk rating)."""

    name = "risk.language"
    version = 1
    requires = frozenset({"roles"})
    produces = frozenset({"risk.summary", "risk_screening.summary"})
    description = (
        "Possible suicidal ideation, self-harm and harm-to-others language in client speech, "
        "for clinician review."
    )

    def __init__(self, *, use_context: bool = True) -> None:
        self.use_context = use_context

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream  # needs nothing from other analysers
        utterances = session.utterances
        flags: dict[int, _Flag] = {}
        set_aside: list[dict[str, Any]] = []
        screened = 0
        for pos, u in enumerate(utterances):
            if u.role is Role.THERAPIST:
                continue
            screened += 1
            result = screen_text(u.text)
            set_aside.extend(
                {"index": u.index, "kind": k, "reason": r, "matched": m}
                for k, r, m in result.set_aside
            )
            flag = self._flag(utterances, pos, result, flags)
            if flag is not None:
                flag.follow_up = _followed_up(utterances, pos)
                flags[u.index] = flag
            elif result.denial and (context := self._context(utterances, pos, flags)):
                set_aside.append(
                    {
                        "index": u.index,
                        "kind": context[0],
                        "reason": f"denial in answer to the question at {context[2][-1]}",
                        "matched": None,
                    }
                )
        items = [f.as_dict() for f in flags.values()]
        evidence = sorted({i for f in flags.values() for i in (f.index, *f.context)})
        yield self.session_finding("risk.summary", items, utterance_indexes=evidence)
        yield self.session_finding(
            "risk_screening.summary",
            _screening(items, set_aside, screened),
            utterance_indexes=sorted(f.index for f in flags.values()),
            scores={"flagged": float(len(items)), "screened": float(screened)},
        )

    def _context(
        self, utterances: Sequence[Utterance], pos: int, flags: dict[int, _Flag]
    ) -> tuple[str, str, list[int], _Flag | None] | None:
        """(kind, severity, context indexes, thread flag) when the previous turn asks about risk."""
        if not self.use_context or pos == 0 or utterances[pos - 1].role is not Role.THERAPIST:
            return None
        question = utterances[pos - 1]
        text = _normalise(question.text)
        if lex.PROPOSAL.search(text) and lex.BARE_ACCEPTANCE.search(
            _normalise(utterances[pos].text)
        ):
            return None  # "Shall we make a plan?" - "Okay." is agreement, not disclosure
        before = utterances[pos - 2] if pos >= 2 else None
        thread = flags.get(before.index) if before is not None else None
        if thread is not None and before is not None:
            topic = _topic(text, thread=True)
            shared = _content(text) & _content(_normalise(before.text))
            last = _SENTENCE.findall(text)[-1].strip() if text else ""
            if topic or lex.FOLLOW_UP.search(text) or shared or lex.ANAPHORIC_QUESTION.search(last):
                severity = _max_severity(thread.severity, topic[1] if topic else "low")
                return thread.kind, severity, [before.index, question.index], thread
        topic = _topic(text)
        if topic is not None and _QUESTIONISH.search(text):
            return topic[0], topic[1], [question.index], None
        return None

    def _flag(
        self, utterances: Sequence[Utterance], pos: int, result: Screen, flags: dict[int, _Flag]
    ) -> _Flag | None:
        u = utterances[pos]
        context = self._context(utterances, pos, flags)
        if result.hits:
            hit = _primary(result.hits)
            severity = hit.severity
            indexes: list[int] = []
            if context is not None and context[3] is not None:
                severity = _max_severity(severity, context[3].severity)
                indexes = context[2]
            return _Flag(
                u.index, hit.rule.kind, severity, f"{hit.rule.reason} (matched: '{hit.matched}')",
                "wording", hit.matched, hit.rule.id, hit.rule.source, indexes,
            )
        if context is None:
            return None
        kind, severity, indexes, thread = context
        if thread is not None:
            if _bare_negative(u.text) or (result.denial and lex.DENIAL_PHRASE.search(
                _normalise(u.text)
            )):
                return None
            return _Flag(
                u.index, kind, severity,
                f"continues the disclosure at utterance {thread.index}, answering the "
                f"therapist's follow-up at {indexes[-1]}",
                "disclosure_thread", context=indexes, source=thread.source,
            )
        if result.denial or result.set_aside:
            return None  # a denial, or an answer about the past or someone else (set aside)
        return _Flag(
            u.index, kind, severity,
            f"answer to a risk screening question at utterance {indexes[-1]} that is not a "
            "clear denial",
            "answer_to_screening", context=indexes, source="§10.1 C-SSRS screener [Posner2011]",
        )


def _bare_negative(text: str) -> bool:
    words = _TOKEN.findall(_normalise(text))
    return bool(words) and len(words) <= 3 and bool(lex.DENIAL_START.search(_normalise(text)))


def _followed_up(utterances: Sequence[Utterance], pos: int) -> bool | None:
    """Whether the next therapist turn explores or acknowledges the disclosure."""
    for u in utterances[pos + 1 : pos + 3]:
        if u.role is Role.THERAPIST:
            text = _normalise(u.text)
            return bool(_topic(text, thread=True) or lex.EXPLORES.search(text))
    return None


def _screening(
    items: list[dict[str, Any]], set_aside: list[dict[str, Any]], screened: int
) -> dict[str, Any]:
    if not screened:
        statement = "No client utterances to screen."
    elif items:
        statement = (
            f"{len(items)} client utterance(s) contain possible risk language, for clinician "
            "review. This is not a risk assessment and never the only safety net."
        )
    else:
        statement = (
            f"No risk language detected by this analyser in {screened} screened utterance(s). "
            "This is not a risk assessment and does not mean there is no risk."
        )
    return {
        "review": REVIEW_LABEL,
        "statement": statement,
        "flagged": len(items),
        "screened": {
            "utterances": screened,
            "speakers": "clients and other non-therapist speakers",
            "kinds": list(lex.KINDS),
        },
        "not_screened": list(NOT_SCREENED),
        "set_aside": set_aside,
    }
