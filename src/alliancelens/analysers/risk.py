"""Risk language in client speech, flagged **for clinician review** (``risk.language``).

Method (documented in ``docs/analysers/risk.md``; the rules are data in
:mod:`alliancelens.analysers._risk_lexicon`, each with its source, and the guards and context cues
are in :mod:`alliancelens.analysers._risk_guards`):

1. Only non-therapist utterances are screened: a therapist's screening question is never client
   risk (clinical-reference §10.3 rule 4).
2. **Wording.** Each sentence is matched against the rules (suicidal ideation, passive ideation,
   self-harm, harm to others). A match is *set aside* (listed, not flagged) when it sits inside an
   idiom ("this job is killing me"), is negated in its clause ("I'd never hurt myself"), belongs
   to a third party ("my friend said she wanted to die"), is clearly past and resolved ("when I
   was nineteen ..." with nothing current), is joking ("not literally"), is fear of dying, grief
   language, or an unwanted intrusive harm thought. Set-aside matches stay visible in
   ``summary.risk_screening.set_aside``: §10.3 rule 3 says not to silently drop them.
3. **Context.** A client answer to a therapist's risk screening question is flagged unless it is
   a clear denial ("No. Never."); an answer that continues a flagged disclosure ("Where are the
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

from alliancelens.analysers import _risk_guards as guard
from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import Finding, Role, Session, Utterance

__all__ = ["NOT_SCREENED", "REVIEW_LABEL", "RiskLanguage", "Screen", "screen_text"]

#: Attached to every flag and to the screening statement (§0.2 rule 4, §10.2).
REVIEW_LABEL: Final = "for clinician review"
#: What this analyser does not look at (shown with every result).
NOT_SCREENED: Final = (
    "therapist utterances (screening questions are not client risk)",
    "tone of voice, pauses, crying and other non-verbal signs",
    "languages other than English",
    "risk expressed in words outside the rule list, or only implied",
    "danger to the client from other people (e.g. domestic abuse)",
)

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_QUESTIONISH = re.compile(
    r"\?|\b(?:wonder(?:ing)? (?:if|whether)|i(?:'d| would) like to (?:ask|check)|i (?:want|need)"
    r" to (?:ask|check)|tell me (?:if|whether|about))\b"
)
_TOKEN = re.compile(r"[a-z']+")
_PRECEDENCE = (lex.PASSIVE, lex.SELF_HARM, lex.OTHERS, lex.SI)


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


#: Dialect spellings of "myself" (Irish, Scots, Northern English), read as "myself".
_MYSELF = re.compile(r"\bm(?:e|a|ah)sel(?:f|l)?\b")
#: Dialect possessive "me" before a body part ("me arms"), read as "my".
_ME_BODY = re.compile(
    r"\bme (?=(?:arms?|legs?|wrists?|thighs?|skin|stomach|hips?|chest|body|neck|face|head)\b)"
)


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(_ME_BODY.sub("my ", _MYSELF.sub("myself", text)).split())


def _max_severity(*severities: str) -> str:
    return max(severities, key=lex.SEVERITY_ORDER.index)


def screen_text(text: str) -> Screen:
    """Screen one client utterance by its wording alone (no context)."""
    norm = _normalise(text)
    set_aside = [
        ("idiom", "idiom or hyperbole", m.group())
        for m in guard.IDIOMS.finditer(norm)
        if re.search(r"kill|murder|die|dead|death|throttle", m.group())
    ]
    masked = guard.IDIOMS.sub(lambda m: " " * len(m.group()), norm)
    present = {needle for needle in lex.ALL_NEEDLES if needle in masked}
    rules = [rule for rule in lex.RULES if present.intersection(rule.needles)]
    hits: list[Hit] = []
    for sentence in _SENTENCE.findall(masked) if rules else ():
        for rule in rules:
            match = rule.pattern.search(sentence)
            if match is None:
                continue
            candidate = guard.Candidate(rule, sentence, match.start(), masked, match.end())
            reason = next((r for test, r in guard.GUARDS if test(candidate)), None)
            if reason is not None:
                set_aside.append((rule.kind, reason, match.group()))
                continue
            severity = rule.severity
            escalator = guard.SEVERITY_ESCALATORS.get(rule.kind)
            if escalator is not None and escalator.search(masked):
                severity = _max_severity(
                    severity, "moderate" if rule.kind == lex.PASSIVE else "high"
                )
            hits.append(Hit(rule, match.group(), severity))
    denial = bool(guard.DENIAL_START.search(norm) or guard.DENIAL_PHRASE.search(norm)) and not (
        guard.AFFIRMING_NEGATION.search(norm) or guard.CONTRAST_IDEATION.search(norm)
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


@dataclass(frozen=True, slots=True)
class _Context:
    """The therapist turn just before an answer asks about risk (or follows up a disclosure)."""

    kind: str
    severity: str
    indexes: list[int]
    thread: _Flag | None


def _topic(text: str, *, thread: bool = False) -> tuple[str, str] | None:
    """(kind, severity) a therapist turn asks about; follow-up topics count only in a thread."""
    topics = (*guard.SCREENING_TOPICS, *guard.THREAD_TOPICS) if thread else guard.SCREENING_TOPICS
    return next(((kind, sev) for pattern, kind, sev in topics if pattern.search(text)), None)


def _content(text: str) -> set[str]:
    words = {w.removesuffix("'s").removesuffix("s") for w in _TOKEN.findall(text)}
    return {w for w in words if len(w) >= 4 and w not in guard.COMMON_WORDS}


def _bare_negative(norm: str) -> bool:
    return len(_TOKEN.findall(norm)) <= 3 and bool(guard.DENIAL_START.search(norm))


def _followed_up(utterances: Sequence[Utterance], pos: int) -> bool | None:
    """Whether the next therapist turn explores or acknowledges the disclosure."""
    for u in utterances[pos + 1 : pos + 3]:
        if u.role is Role.THERAPIST:
            text = _normalise(u.text)
            return bool(_topic(text, thread=True) or guard.EXPLORES.search(text))
    return None


@register
class RiskLanguage(Analyser):
    """Flags possible risk language in client speech for clinician review (never a risk rating)."""

    name = "risk.language"
    version = 2
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
            context = self._context(utterances, pos, flags)
            flag = _flag(u, result, context)
            if flag is not None:
                flag.follow_up = _followed_up(utterances, pos)
                flags[u.index] = flag
            elif result.denial and context is not None:
                reason = f"denial in answer to the question at {context.indexes[-1]}"
                set_aside.append(
                    {"index": u.index, "kind": context.kind, "reason": reason, "matched": None}
                )
        items = [f.as_dict() for f in flags.values()]
        evidence = sorted({i for f in flags.values() for i in (f.index, *f.context)})
        yield self.session_finding("risk.summary", items, utterance_indexes=evidence)
        yield self.session_finding(
            "risk_screening.summary",
            _screening(items, set_aside, screened),
            utterance_indexes=sorted(flags),
            scores={"flagged": float(len(items)), "screened": float(screened)},
        )

    def _context(
        self, utterances: Sequence[Utterance], pos: int, flags: dict[int, _Flag]
    ) -> _Context | None:
        """The risk question (or disclosure follow-up) this answer responds to, if any."""
        if not self.use_context or pos == 0 or utterances[pos - 1].role is not Role.THERAPIST:
            return None
        question = utterances[pos - 1]
        text = _normalise(question.text)
        if guard.PROPOSAL.search(text) and guard.BARE_ACCEPTANCE.search(
            _normalise(utterances[pos].text)
        ):
            return None  # "Shall we make a plan?" - "Okay." is agreement, not disclosure
        before = utterances[pos - 2] if pos >= 2 else None
        thread = flags.get(before.index) if before is not None else None
        if thread is not None and before is not None:
            topic = _topic(text, thread=True)
            last = _SENTENCE.findall(text)[-1].strip() if text else ""
            echoes = bool(
                guard.ANAPHORIC_QUESTION.search(last)
                or _content(text) & _content(_normalise(before.text))
            )
            if thread.basis == "disclosure_thread":
                echoes = False  # a chain of answers needs the question itself to be about risk
            if topic or guard.FOLLOW_UP.search(text) or echoes:
                severity = _max_severity(thread.severity, topic[1] if topic else "low")
                return _Context(thread.kind, severity, [before.index, question.index], thread)
        topic = _topic(text)
        if topic is not None and _QUESTIONISH.search(text):
            return _Context(topic[0], topic[1], [question.index], None)
        return None


def _flag(u: Utterance, result: Screen, context: _Context | None) -> _Flag | None:
    """The flag for one client utterance, from its wording and the question it answers."""
    if result.hits:
        hit = max(
            result.hits,
            key=lambda h: (lex.SEVERITY_ORDER.index(h.severity), _PRECEDENCE.index(h.rule.kind)),
        )
        thread = context.thread if context is not None else None
        return _Flag(
            index=u.index,
            kind=hit.rule.kind,
            severity=_max_severity(hit.severity, thread.severity) if thread else hit.severity,
            reason=f"{hit.rule.reason} (matched: '{hit.matched}')",
            basis="wording",
            matched=hit.matched,
            rule=hit.rule.id,
            source=hit.rule.source,
            context=context.indexes if thread is not None and context is not None else [],
        )
    if context is None:
        return None
    norm = _normalise(u.text)
    if context.thread is not None:
        if _bare_negative(norm) or (result.denial and guard.DENIAL_PHRASE.search(norm)):
            return None
        return _Flag(
            index=u.index,
            kind=context.kind,
            severity=context.severity,
            reason=f"continues the disclosure at utterance {context.thread.index}, answering "
            f"the therapist's follow-up at {context.indexes[-1]}",
            basis="disclosure_thread",
            source=context.thread.source,
            context=context.indexes,
        )
    if result.denial or result.set_aside:
        return None  # a denial, or an answer about the past or someone else (set aside)
    return _Flag(
        index=u.index,
        kind=context.kind,
        severity=context.severity,
        reason=f"answer to a risk screening question at utterance {context.indexes[-1]} that "
        "is not a clear denial",
        basis="answer_to_screening",
        source="§10.1 C-SSRS screener [Posner2011]",
        context=context.indexes,
    )


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
