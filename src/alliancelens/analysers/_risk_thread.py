"""Open disclosure threads for :mod:`alliancelens.analysers.risk` (version 6).

A *thread* is the risk kind of an earlier client utterance in the same conversation that the
current line may follow up ("how many times this week?" - "three maybe four, I've got a lump
here" after the client said they bang their head on the wall). It is computed sequentially from
the analyser's own earlier decisions (docs/analysers/risk.md, "Disclosure threads"):

* **opened or refreshed** by a client utterance that is flagged or listed as *possible* by its
  wording, as an answer to a screening question, as a version 5 rule thread, or by the model;
  an entry made only because it follows up a thread (``basis: "thread_follow_up"``) does not
  refresh it, so a thread cannot keep itself alive on ordinary answers;
* **open for** :data:`THREAD_WINDOW` client turns after the utterance that opened it (an
  engineering default, not a clinical constant: clinical-reference §10 gives no window; the
  C-SSRS screener's follow-up questions Q3-Q5 presume the earlier "yes", §10.1 [Posner2011]);
* **closed early** by a therapist turn that clearly changes the topic (:data:`TOPIC_CHANGE`) or
  a client answer that moves the thread to the past and resolved, a joke or someone else.

A denial inside a thread neither closes nor refreshes it (the therapist often asks on). Patterns
run on text normalised by :func:`alliancelens.analysers._risk_text.normalise`; the wording is
our own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_guard_patterns as pat
from alliancelens.analysers import _risk_guards as guard
from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._risk_flags import (
    THREAD_BREAKERS,
    Cuts,
    Flag,
    Screen,
    bare_negative,
    content,
    screen_text,
    topic,
)
from alliancelens.analysers._risk_rule import OTHERS, PASSIVE, SELF_HARM, SI
from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance
from alliancelens.models.risk_model import RiskScore

__all__ = [
    "ABOUT_DISCLOSURE",
    "DENIAL_GUARDS",
    "INVITATION",
    "PROTECTIVE_PROMPT",
    "THREAD_OPENERS",
    "THREAD_WINDOW",
    "TOPIC_CHANGE",
    "Thread",
    "ThreadTracker",
    "affirms_safety",
    "asks_on_thread",
    "denies_in_thread",
    "ends_thread",
    "evasive_means",
    "follow_up_prompt",
    "gold_threads",
    "is_question",
    "model_reads_denial",
    "proposes",
    "thread_follow_up",
    "thread_turns",
    "weak_thread",
]

#: Client turns after the opening utterance during which a thread stays open (configurable as
#: ``RiskLanguage(thread_window=...)``). Three covers a question, its answer and one more
#: exchange; chosen before the w4/w5 batches were read, not tuned on any set.
THREAD_WINDOW: Final = 3
#: One clearly flagged client statement per risk kind (our own wording). Training and the batch
#: evaluation put the opener before a line whose ``thread`` field is set, so the line is read
#: exactly as the analyser reads it in a session: after an earlier disclosure of that kind.
THREAD_OPENERS: Final = {
    SI: "I've been thinking about killing myself.",
    PASSIVE: "Some nights I wish I could go to sleep and not wake up.",
    SELF_HARM: "I cut my arms again last night.",
    OTHERS: "I keep thinking about really hurting him.",
}
#: Therapist wording that clearly changes the topic and closes an open thread.
TOPIC_CHANGE: Final = Phrase(
    r"\b(?:let's (?:move on|turn to|talk about something else|go back to (?:the|your) (?:agenda|"
    r"homework|goals?))|moving on|move on to|chang(?:e|ing) (?:the )?(?:subject|topic)|on (?:a|"
    r"another) (?:different )?(?:note|topic)|something (?:else|different) (?:now|today)|before "
    r"we (?:finish|end|stop|wrap up)|for next (?:week|time)|next session|see you next|we're "
    r"(?:nearly|almost|just about) out of time|(?:the|your) homework|"
    # v16: asking how the session went moves on from the disclosure
    r"how (?:has|was|is) (?:today|today's session|this session|the session)|how are you feeling "
    r"as we (?:finish|end|stop|close))\b"
)
#: Safety-planning questions ask about protection, not about the disclosure ("Who could you call
#: tonight?" - "My sister, maybe"): they are not follow-ups for the thread rule.
PROTECTIVE_PROMPT: Final = Phrase(
    r"\b(?:who (?:could|can|would|might) you (?:call|ring|phone|text|contact|reach|talk to|go to)|"
    r"(?:somebody|someone|anyone|anybody) you (?:could|can|would) (?:call|ring|phone|text|contact|"
    r"talk to)|safety plan|reasons? (?:for|to) (?:living|live|stay|keep going)|"
    # v11 (QA: "Who could be with you tonight?" - "Maybe my sister." was flagged as ideation):
    # company for the night, and means restriction ("ask her to hold onto the pills")
    r"who (?:could|can|would|might) (?:be|stay|sit) with you|(?:somebody|someone|anyone|anybody) "
    r"(?:who )?(?:could|can|to) (?:be|stay|sit) with you|(?:hold|hang) on ?to (?:the|your|them|it)"
    r"|look after (?:the|your|them|it)|lock (?:them|it|the \w+|your \w+) (?:up|away)|get rid of|"
    r"crisis (?:line|number|team)|helpline|hotline|"
    # v16 (QA12: "What has helped even a little on those nights before?" - "Calling my sister.
    # Walking the dog." was listed as ideation): coping questions ask about what helps
    r"what (?:(?:usually|else|even) )?(?:helps|helped|has helped|have helped)|what (?:would|could|"
    r"might|can|will) help(?: you)?(?: (?:cope|get through|feel (?:safer|better)|with (?:that|"
    r"those|it|them)))?(?=[?,.]|$)|how (?:do|did|have|can|could) you (?:cope|get through|manage)|"
    r"what (?:gets|got) you through|"
    # v21 (QA24 #6): "What has been keeping you going?" asks for protective factors
    r"what(?:'s| has| is| have)? (?:been )?keep(?:s|ing)? you (?:going|here|alive|safe|"
    r"hanging on)|what (?:stops|has stopped|stopped|holds|has held) you back)\b"
)
#: A therapist invitation to go on with the story ("Go on.", "And then?", "Tell me more.").
INVITATION: Final = Phrase(
    r"^(?:(?:mm+|mhm|okay|ok|right|yeah|and|so)\W+)*(?:go on|and then|then what|tell me more|say "
    r"more|what happened(?: next| then)?|keep going|carry on|and after that)\b"
)
_INTERROGATIVE_START: Final = Phrase(
    r"^(?:(?:and|so|okay|ok|right|um|uh|well|sorry|mm+)\W+)*(?:how|what|when|where|why|who|which"
    r"|whose|did|do|does|have|has|had|is|are|was|were|can|could|would|will|any)\b"
)
#: Subject-auxiliary inversion near the end of an unpunctuated turn ("... is that something you
#: notice", "... do you ever get that") - speech-to-text drops question marks.
_INVERSION_END: Final = Phrase(
    r"\b(?:is|are|was|were|do|does|did|have|has|can|could|would|will)\s+(?:that|it|this|you|"
    r"there|they|he|she)\b[^.!?]{0,60}$"
)
_SENTENCE: Final = re.compile(r"[^.!?]+[.!?]*")
#: Flags that rest on the dialogue alone (no risk wording of the utterance's own) are listed as
#: *possible* instead when the thread-aware model's hard-negative head reads the answer as one of
#: these families below its guard threshold (version 6): routed to review, never dropped
#: (§10.3 rule 3). Chosen on the w4/w5 out-of-writer scores (docs/analysers/risk.md).
DENIAL_GUARDS: Final = frozenset({"negation", "past_resolved"})
_CONTEXT_BASES: Final = frozenset({"answer_to_screening", "disclosure_thread"})
#: Reported with every thread follow-up entry.
_SOURCE: Final = "§10.3 rules 2-3 (favour recall; route to review) and §10.1 C-SSRS [Posner2011]"


def is_question(norm: str) -> bool:
    """Whether a (normalised) therapist turn ends in a question, with or without '?'."""
    sentences = [s.strip() for s in _SENTENCE.findall(norm) if s.strip()]
    if not sentences:
        return False
    last = sentences[-1]
    return (
        last.endswith("?")
        or bool(_INTERROGATIVE_START.search(last))
        or bool(_INVERSION_END.search(last))
    )


#: A therapist turn that ends by proposing a plan or task ("Does that sound like a plan?") asks
#: the client to agree to it, not to say more about the disclosure (version 10; the QA pass of the
#: seventh session found "Sure." to such a proposal listed as a thread follow-up).
_PLAN_PROPOSAL: Final = Phrase(
    r"\b(?:(?:how )?does (?:that|this) sound(?: like a (?:plan|deal|good idea))?|shall we|would "
    r"you like (?:me )?to (?:try|give|have|book|take)|"
    # v16: permission and joint-action proposals of safety planning ("Would you be willing to
    # write them down with me?", "Let's make sure we have a plan for those nights together.")
    r"would you be (?:willing|up for|okay|happy) to|(?:can|could) we|let's|let us|how would that"
    r" be|would (?:that|it) be (?:ok|okay|alright|all right|helpful)|is (?:that|it) (?:ok|okay|"
    r"alright|all right))\b"
)


def proposes(sentence: str) -> bool:
    """Whether a (normalised) therapist sentence proposes a plan or task (version 16)."""
    return _PLAN_PROPOSAL.found_in(sentence)


def follow_up_prompt(norm: str) -> bool:
    """Whether a therapist turn inside an open thread asks on (a question or "go on")."""
    if not norm or TOPIC_CHANGE.found_in(norm) or PROTECTIVE_PROMPT.found_in(norm):
        return False
    sentences = [s.strip() for s in _SENTENCE.findall(norm) if s.strip()]
    last = sentences[-1] if sentences else norm
    if _PLAN_PROPOSAL.search(last) and not topic(_PLAN_PROPOSAL.sub(" ", last), thread=True):
        return False  # "like a plan" is the proposal's own word, not a question about a plan
    return is_question(norm) or bool(INVITATION.search(norm))


#: Version 26 (QA37 #3): wording by which a therapist question is about the disclosure just
#: made, though it names no risk: pointing back at it ("has any of it got infected"), asking
#: about the client's mind, plans, timing, means or injuries ("Have you thought about when?",
#: "What were you planning to do?", "How's the hand now?", "Where was the urge at its peak?").
#: Chosen on the development sets' thread follow-ups (docs/analysers/risk.md, "Version 26").
ABOUT_DISCLOSURE: Final = Phrase(
    r"\b(?:it|that|this|them|those|they|there|then|any of|anything|something|anyone|anybody|"
    r"plan|plans|planned|planning|decide|decided|thought|thoughts|think|thinking|mind|head|"
    r"feel|feeling|feelings|felt|idea|urges?|happen|happened|happening|now|tonight|soon|"
    r"recent|recently|lately|before|again|hurt|injur\w*|infect\w*|doctor|"
    r"hospital|stitch\w*|care|heal\w*|marks?|scars?|wounds?|bleed\w*|blood|hand|hands|arms?|"
    r"legs?|wrists?|skin|body|safe|safely|going on|how (?:are|were|was|is) you)\b"
)


def asks_on_thread(norm: str, thread_text: str) -> bool:
    """Whether a therapist turn inside an open thread asks on *about the disclosure* (v26).

    QA37 #3: any question used to count, so "Yes, it's here." to "Did you bring the form?"
    continued a self-harm disclosure. Now the turn must be a follow-up prompt
    (:func:`follow_up_prompt`) and be about the thread: an invitation to go on ("go on", "tell
    me more"); a risk topic or follow-up wording, the test the thread flag itself uses
    (``topic(..., thread=True)``, ``FOLLOW_UP``, ``RISK_FOLLOW_UP``); a question (its last
    sentence) with :data:`ABOUT_DISCLOSURE` wording; or one whose content words include one of
    the client's since the thread opened (``thread_text``: "Where's the rifle now?"), or that
    has none of its own ("Where were you?"). What is left asks about something else: "Did you
    bring the form?", "What time works next week?".
    """
    if not follow_up_prompt(norm):
        return False
    if INVITATION.search(norm) or topic(norm, thread=True) is not None:
        return True
    if ctx.FOLLOW_UP.search(norm) or ctx.RISK_FOLLOW_UP.search(norm):
        return True
    sentences = [s.strip() for s in _SENTENCE.findall(norm) if s.strip()]
    last = sentences[-1] if sentences else norm
    if ABOUT_DISCLOSURE.search(last):
        return True
    own = content(last)
    return not own or bool(own & content(thread_text))


@dataclass(frozen=True, slots=True)
class Thread:
    """An open disclosure thread: its kind and severity, and the utterance that opened it."""

    kind: str
    severity: str
    index: int
    #: Client turns since the opening utterance.
    turns: int = 0
    #: Opened by a flag (not only a *possible* model reading): only then is a non-denial answer
    #: to a follow-up listed as possible by rule; a weaker thread only informs the model.
    strong: bool = True
    #: The opening flag's basis: a thread opened by a *model* flag never turns a follow-up
    #: answer into a flag (model flags are weaker evidence than rule flags), only *possible*.
    basis: str = ""
    #: Version 16: opened by a reading with risk content (:func:`._risk_content.grounded`); a
    #: thread that is not grounded informs the model only and never makes a later line a flag.
    grounded: bool = True
    #: Version 21 (QA24 #4): who opened it; a thread carries over only to the same speaker's
    #: answers (a partner's "I want to help" is not more of the other partner's disclosure).
    #: Empty means anyone (an interpreter relaying the client).
    speaker: str = ""

    def reaches(self, speaker: str) -> bool:
        """Whether an answer by ``speaker`` ('' for an interpreter) can continue this thread."""
        return not self.speaker or not speaker or self.speaker == speaker


class ThreadTracker:
    """The open thread while a session is read in order (see the module docstring)."""

    def __init__(self, window: int = THREAD_WINDOW) -> None:
        self.window = window
        self._thread: Thread | None = None
        self._recent: Thread | None = None

    @property
    def current(self) -> Thread | None:
        """The thread open before the utterance about to be decided, if any."""
        return self._thread

    @property
    def disclosure(self) -> Thread | None:
        """The open thread, or one whose window ran out in the last ``window`` client turns.

        Version 16: only the *kind and severity* of a model reading without risk content of its
        own follow it (QA13: a frequency answer two denials after a passive-ideation disclosure
        was read as harm to others); the model's thread features, and the thread rules, use
        :attr:`current` only, as the model was trained.
        """
        return self._thread or self._recent

    def therapist(self, norm: str) -> None:
        """A therapist turn: a clear change of topic closes the thread."""
        if TOPIC_CHANGE.found_in(norm):
            self._thread = self._recent = None

    def client(
        self,
        index: int,
        opened: Flag | None,
        *,
        strong: bool = True,
        closes: bool = False,
        speaker: str = "",
    ) -> None:
        """After a client utterance: ``opened`` is its flag or possible entry if it opens one."""
        if opened is not None:
            # a model flag the therapist's next turn confirmed counts like a rule flag (version 8)
            basis = "model_heard" if opened.heard else opened.basis
            self._thread = Thread(
                opened.kind, opened.severity, index, 0, strong, basis, opened.grounded, speaker
            )
            self._recent = None
        elif closes:
            self._thread = self._recent = None
        elif self._thread is not None:
            turns = self._thread.turns + 1
            old = self._thread
            keep = turns < self.window
            self._thread = replace(old, turns=turns) if keep else None
            self._recent = None if keep or not old.grounded else replace(old, turns=0)
        elif self._recent is not None:
            turns = self._recent.turns + 1
            self._recent = replace(self._recent, turns=turns) if turns < self.window else None


def denies_in_thread(norm: str, screen: Screen, prompt: str) -> bool:
    """Whether an answer inside a thread denies it.

    A bare "no" does; a longer answer opening with "no" denies only a question about whether
    there is risk at all (a screening topic) or with denial wording of its own.
    """
    if bare_negative(norm):
        return True
    if not screen.denial:
        return False
    presence = topic(prompt) is not None
    return presence or ctx.thread_denial(norm)


def ends_thread(norm: str, screen: Screen) -> bool:
    """Whether a client utterance ends a thread: past and resolved, a joke, someone else's act.

    Version 20: also a complaint about the therapy with no risk hit of its own
    (``THERAPY_COMPLAINT`` in :mod:`alliancelens.analysers._risk_context`).
    """
    reasons = {reason for kind, reason, _ in screen.set_aside if kind != "idiom"}
    if pat.THIRD_PARTY_ACT.search(norm) and not pat.TIED_TO_SPEAKER.search(norm):
        return True
    if not screen.hits and ctx.THERAPY_COMPLAINT.search(norm):
        return True
    return bool(reasons & THREAD_BREAKERS) or guard.resolved_past(norm)


def thread_follow_up(u: Utterance, thread: Thread, prompt_index: int) -> Flag:
    """The *possible* entry for a non-denial answer to a follow-up inside an open thread."""
    return Flag(
        index=u.index,
        kind=thread.kind,
        severity=thread.severity,
        reason=f"answers the therapist's follow-up at utterance {prompt_index} inside the "
        f"{thread.kind.replace('_', ' ')} thread opened at utterance {thread.index}; not a "
        "denial",
        basis="thread_follow_up",
        rule="thread",
        source=_SOURCE,
        context=[thread.index, prompt_index],
    )


def evasive_means(u: Utterance, thread: Thread, prompt: Utterance) -> Flag | None:
    """Version 21 (QA25 #6): avoiding a means question inside a flagged ideation thread.

    "Do you have anything at home you could use?" - "Can we talk about something else?" after
    a flagged suicidal-ideation disclosure is a cue to act on in the session: a ``high`` flag.
    """
    if not thread.strong or thread.kind not in {SI, PASSIVE}:
        return None
    if not (
        ctx.MEANS_ACCESS_QUESTION.search(normalise(prompt.text))
        and ctx.EVASIVE_ANSWER.search(normalise(u.text))
    ):
        return None
    return Flag(
        index=u.index,
        kind=SI,
        severity="high",
        reason=f"avoids the question about access to means at utterance {prompt.index} inside "
        f"the {thread.kind.replace('_', ' ')} thread opened at utterance {thread.index}",
        basis="disclosure_thread",
        rule="thread.evasive_means",
        source=_SOURCE,
        context=[thread.index, prompt.index],
    )


def weak_thread(flag: Flag, flags: Mapping[int, Flag]) -> bool:
    """Whether a disclosure-thread flag continues a line that was not flagged (version 21)."""
    return flag.basis == "disclosure_thread" and bool(flag.context) and flag.context[0] not in flags


def affirms_safety(answer: str, prompt: str) -> bool:
    """A clear "yes, I'm safe" to a safety question (version 21): not more of the thread."""
    return bool(ctx.STANDALONE_SAFETY.search(normalise(prompt))) and bool(
        ctx.SAFETY_AFFIRMED.search(answer)
    )


def thread_turns(text: str, previous: str = "", thread: str | None = None) -> list[Utterance]:
    """One labelled line as a conversation: the thread's opener, the therapist turn, the line.

    Training and batch evaluation read a line whose ``thread`` is set after
    :data:`THREAD_OPENERS` of that kind, as in a session.
    """
    turns = [("Client", Role.CLIENT, THREAD_OPENERS[thread])] if thread else []
    turns += [("Therapist", Role.THERAPIST, previous)] if previous else []
    turns.append(("Client", Role.CLIENT, text))
    return [Utterance(i, s, r, t) for i, (s, r, t) in enumerate(turns)]


def model_reads_denial(flag: Flag, score: RiskScore | None, cuts: Cuts) -> bool:
    """Whether a dialogue-only flag reads, to the model's hard-negative head, as a denial."""
    return (
        flag.basis in _CONTEXT_BASES
        and score is not None
        and score.guard in DENIAL_GUARDS
        and score.p_guard_risk < cuts.guard
    )


def gold_threads(
    utterances: Sequence[Utterance],
    gold: Mapping[int, tuple[str, str]],
    window: int = THREAD_WINDOW,
) -> dict[int, str | None]:
    """The open thread before every client utterance when the labels decide what opens one.

    ``gold`` maps an utterance index to its labelled (kind, severity). The thread is tracked as
    :class:`ThreadTracker` tracks it in a session (topic changes, :func:`ends_thread`, the
    window), except that a labelled risk utterance opens it instead of the analyser's own
    decision, so training rows built from labelled sessions do not depend on any model.
    """
    tracker = ThreadTracker(window)
    out: dict[int, str | None] = {}
    for u in utterances:
        norm = normalise(u.text)
        if u.role is Role.THERAPIST:
            tracker.therapist(norm)
            continue
        out[u.index] = tracker.current.kind if tracker.current is not None else None
        label = gold.get(u.index)
        opened = Flag(u.index, label[0], label[1], "", "gold") if label else None
        tracker.client(u.index, opened, closes=ends_thread(norm, screen_text(u.text)))
    return out
