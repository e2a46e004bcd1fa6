"""The plan agreed in the session, read from the transcript (QA 22 item 9).

The alliance analyser's ``task_accepted`` signal hears only a few acceptance phrases ("I'll try
that"), so "One line I can do." after "What if this week you wrote one line?" left a note's PLAN
empty. This reader looks for the exchange itself:

* a *proposal*: a turn that names a future arrangement (:data:`ARRANGEMENT`: "this week",
  "next session", "for a month", "every evening", "once a week", "homework") and either has a
  proposing form (:data:`PROPOSES`: "what if", "let's", "could we try", "would you be willing",
  "maybe I can", "you'll"), asks about the arrangement ("Same time next week?") or answers
  a proposing question ("Maybe in the evening." after "Would you like to pick a time?");
* *agreed*: among the next :data:`REPLY_TURNS` turns before the proposer speaks again, another
  speaker accepts it (:data:`ACCEPTS`: "okay", "yes", "I can do", "that would be better",
  "sounds workable") and does not decline (:data:`~alliancelens.notes._risk.DECLINES`);
* a proposal by the therapist as the session's last word ("Let's meet next week.") is listed as
  *stated by the therapist*, since nobody could answer it in the transcript.

Each agreed plan is a PLAN line quoting the proposal and the accepting reply. In a couple,
family or group member's note another client's turn is named "another client", never quoted or
cited (as everywhere in a member's note), and a plan agreed between two other clients is left
to their notes. An automated reading of the words: the note says so, and the clinician
records the plan in their own words.

QA43 #9: the alliance estimate's ``task_accepted`` replies are merged in by :func:`plan_lines`:
one line per exchange, quoting the therapist's proposal too; a "yes" to a reflection is no task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance
from alliancelens.notes._risk import DECLINES
from alliancelens.notes._transcript import ALLIANCE, TranscriptFacts, quote
from alliancelens.notes.model import Evidence, Sentence

__all__ = ["ACCEPTS", "ARRANGEMENT", "PROPOSES", "REPLY_TURNS", "agreed_plan", "plan_lines"]

#: A future arrangement: when, how often or for how long something will be done between or at
#: sessions. [S] our wording, not a clinical constant (docs/notes.md, "The agreed plan").
ARRANGEMENT: Final = re.compile(
    r"\b(?:this (?:coming )?(?:week|weekend)|next (?:week|session|time|visit|appointment)|"
    r"(?:before|until|till) (?:we (?:meet|next)|next (?:week|time|session))|between (?:now and|"
    r"sessions)|for (?:a|the next|one|two|a few|the) (?:week|weeks|month|months|fortnight|while)|"
    r"(?:every|each|once a|twice a|once every) (?:day|night|evening|morning|week|weekend|session|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:in|on) the (?:evening|"
    r"morning|evenings|mornings)|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|"
    r"homework|(?:a|the) (?:small )?experiment|from now on|going forward)\b"
)
#: A proposing or committing form ("what if", "let's", "could we try", "would you be willing
#: to", "maybe I can", "I'll", "you'll", "we'll", "how about", "how would it be if").
#: [S] our wording (docs/notes.md).
PROPOSES: Final = re.compile(
    r"\b(?:what if|how about|how would it be (?:if|to)|let's|let us|(?:could|can|shall|should) we|"
    r"would you (?:be willing|"
    r"like|be up for|be open)|are you willing|(?:maybe|perhaps) (?:i|we|you) (?:can|could)|"
    r"(?:i|we|you)(?:'ll| will| could| can)(?!'t| not\b)|(?:i|we|you)'?re going to|i'?m going to|"
    r"the plan is|"
    r"(?:could|can|will) you (?:try|do|write|keep)|"
    # the client's own proposal: "I'd like to try ...", "I want to start ...", "I might try"
    r"i(?:'d| would) like to|i want to (?:try|start|do|give)|i (?:might|may) try)\b"
)
#: A reply that takes the proposal up. [S] our wording (docs/notes.md).
ACCEPTS: Final = re.compile(
    r"^(?:(?:um|erm|uh|well|oh|yeah|mm|so)[,.!]?\s+)*(?:ok(?:ay)?|yes|yeah|yep|sure|fine|deal|"
    r"agreed|alright|all right|good idea|sounds (?:good|fine|great|workable|doable|reasonable|"
    r"like a plan)|that(?:'s| is) fine|that (?:would|could|might|will) (?:actually )?(?:be "
    r"(?:better|good|great|helpful)|work|help)|that works|that sounds (?:good|fine|great|ok(?:ay)?|"
    r"workable|doable|reasonable|manageable|possible|helpful|useful|like (?:a plan|a good idea))|"
    r"let's)\b|\bi (?:can|could|"
    r"will|'ll) (?:do|try|manage) (?:that|it|this)\b|\bi (?:can|could|will|'ll) (?:try|give it a "
    r"(?:go|try))\b|\b(?:i|we) can do\b|\bi(?:'ll| will) "
    r"(?:do it|try|give it)\b|\bthat(?:'s| is) (?:fine|ok|okay|good) (?:with|by) (?:me|us)\b"
)
#: A sentence about what already happened: it reviews, it does not arrange.
_PAST: Final = re.compile(r"\b(?:did|didn't|was|wasn't|were|had|last (?:week|time|session))\b")
#: A first-person description of how things are now ("I'm waking up at 4am every night", "I
#: keep checking every evening"): it reports a problem or a habit, it arranges nothing (QA29 #5).
_DESCRIBES: Final = re.compile(
    r"\bi(?:'m| am) (?!going to\b|thinking\b|wondering\b)\w+ing\b|\bi (?:keep|can't|cannot|"
    r"don't|never|always|usually|just can't)\b"
)
#: An open question ("What would you like to focus on today?") asks for content; it proposes
#: nothing unless it names an arrangement or a task ("What could you try this week?"); "what
#: if" and "how about" are proposals (QA29 #5).
_OPEN_QUESTION: Final = re.compile(
    r"^(?:(?:so|and|okay|ok|well),? )?(?:what|which|who|why|how)\b(?! about\b| if\b)"
)
_TASK: Final = re.compile(r"\b(?:try|practi[cs]e|homework|experiment)\b")
#: Turns after a proposal in which another speaker's acceptance counts (the proposer speaking
#: again ends the wait). Our heuristic, not a clinical constant (docs/notes.md).
REPLY_TURNS: Final = 3


def _proposes(utterances: Sequence[Utterance], u: Utterance) -> bool:
    """A proposal: a forward arrangement, proposed in form or given in answer to a proposal.

    A sentence about the past ("Did you do the homework this week?") names no arrangement.
    """
    norm = normalise(u.text)
    sentences = re.split(r"(?<=[.!?])\s+", norm)
    arranged = [
        s
        for s in sentences
        if ARRANGEMENT.search(s) and not _PAST.search(s) and not _DESCRIBES.search(s)
    ]
    if not arranged:
        return False
    if any(s.endswith("?") and _asks_agreement(s) for s in arranged):
        return True  # "Same time next week, then?" asks for agreement to the arrangement
    if PROPOSES.search(norm):
        return True  # "Let's try something. Every evening, one line." proposes across sentences
    before = utterances[u.index - 1] if u.index > 0 else None
    return before is not None and before.speaker != u.speaker and _proposing_question(before)


def _asks_agreement(question: str) -> bool:
    """Whether a question about an arrangement asks to agree it.

    A closed question ("Same slot on Friday?") or an open one that proposes ("When shall we
    meet next week?") does; "How have things been this week?" checks in, it arranges nothing.
    """
    return not _OPEN_QUESTION.search(question) or bool(PROPOSES.search(question))


def _proposing_question(u: Utterance) -> bool:
    """A question that proposes ("Would you like to pick a time?"), not an open agenda question.

    "What would you like to focus on today?" asks what to talk about; its answer is a topic,
    not an arrangement (QA29 #5), unless the question names an arrangement or a task.
    """
    for sentence in re.split(r"(?<=[.!?])\s+", normalise(u.text)):
        if not sentence.endswith("?") or not PROPOSES.search(sentence):
            continue
        if not _OPEN_QUESTION.search(sentence):
            return True
        if ARRANGEMENT.search(sentence) or _TASK.search(sentence):
            return True
    return False


def _acceptance(utterances: Sequence[Utterance], at: int) -> Utterance | None:
    """The first reply by another speaker that accepts the proposal at ``at``, if any."""
    proposer = utterances[at].speaker
    for u in utterances[at + 1 : at + 1 + REPLY_TURNS]:
        if u.speaker == proposer:
            return None
        norm = normalise(u.text)
        if DECLINES.search(norm) and not ACCEPTS.search(norm):
            continue
        if ACCEPTS.search(norm):
            return u
    return None


def _who(facts: TranscriptFacts, u: Utterance) -> str:
    """How a speaker is named in the line: therapist, the client, or another client by index."""
    if u.role is Role.THERAPIST:
        return "the therapist"
    if u.role is Role.CLIENT and facts.own(u.index):
        return "the client" if facts.member is not None or facts.clients() <= 1 else u.speaker
    return "another participant"


def _said(facts: TranscriptFacts, u: Utterance) -> str:
    """``therapist (utterance 4): "..."``; another client's words by index only."""
    if u.role is Role.CLIENT and not facts.own(u.index):
        return "another client"  # neither quoted nor cited: it belongs in their own note
    return f'{_who(facts, u)} (utterance {u.index}): "{quote(u.text)}"'


def agreed_plan(facts: TranscriptFacts) -> list[Sentence]:
    """PLAN lines: each proposal another speaker accepted, and a closing arrangement."""
    utterances = facts.result.session.utterances
    # risk items stay out; a client's later answer may still propose a plan ("I'd like to try
    # talking to my partner on Sunday" after a follow-up question; QA35 #10)
    risky = facts.risk_indexes(answers=False)
    sentences = []
    taken_up: set[int] = set()  # replies that accepted a listed proposal
    for u in utterances:
        if u.role not in (Role.THERAPIST, Role.CLIENT) or u.index in risky:
            continue
        if u.index in taken_up or not _proposes(utterances, u):
            continue  # a reply that accepts and elaborates is not a new proposal (QA35 #10)
        accepted = _acceptance(utterances, u.index)
        if accepted is not None:
            taken_up.add(accepted.index)
        last = u.index == len(utterances) - 1 or all(
            v.role is not Role.CLIENT for v in utterances[u.index + 1 :]
        )
        if accepted is not None:
            text = (
                f"Plan agreed — proposed by {_said(facts, u)}; accepted by {_said(facts, accepted)}"
            )
            cited: tuple[int, ...] = tuple(
                v.index for v in (u, accepted) if v.role is not Role.CLIENT or facts.own(v.index)
            )
        elif u.role is Role.THERAPIST and last:
            text = f"Arrangement stated at the end of the session — {_said(facts, u)}"
            cited = (u.index,)
        else:
            continue
        if not cited:
            continue  # two other clients agreed it: their notes hold it
        sentences.append(
            Sentence(
                text + " (automated reading; record the plan in your own words).",
                tuple(Evidence.utterance(i) for i in cited),
            )
        )
    return sentences


def _signal(sentence: Sentence) -> tuple[str, int] | None:
    """The alliance signal and utterance index an alliance goal/task line rests on."""
    signal = next(
        (
            e.details.get("signal")
            for e in sentence.evidence
            if e.kind == "finding" and e.details.get("analyser") == ALLIANCE
        ),
        None,
    )
    where = [int(e.details["index"]) for e in sentence.evidence if e.kind == "utterance"]
    return (str(signal), where[0]) if signal and where else None


def _cited(sentences: Sequence[Sentence]) -> set[int]:
    return {int(e.details["index"]) for s in sentences for e in s.evidence if e.kind == "utterance"}


def _proposer(utterances: Sequence[Utterance], at: int) -> Utterance | None:
    """The therapist turn a client's acceptance at ``at`` answers (within :data:`REPLY_TURNS`)."""
    for u in reversed(utterances[max(0, at - REPLY_TURNS) : at]):
        if u.role is Role.THERAPIST:
            return u
    return None


def _proposes_task(facts: TranscriptFacts, u: Utterance) -> bool:
    """Whether a therapist turn proposes something to do, not only reflects (QA43 #9).

    A turn coded as a reflection (MITI, ``microskills.codes``) that is neither a proposal nor a
    proposing question and names no task ("So getting back to feeling like yourself, and
    running is part of that.") proposes nothing: "Yes. That would help a lot." after it agrees
    with the reflection, it accepts no task.
    """
    utterances = facts.result.session.utterances
    if _proposes(utterances, u) or _proposing_question(u) or _TASK.search(normalise(u.text)):
        return True
    return facts.codes.get(u.index, {}).get("behaviour") != "reflection"


def _task_line(facts: TranscriptFacts, line: Sentence, at: int) -> Sentence | None:
    """The alliance's "Task accepted" line, with the therapist's proposal quoted (QA43 #9).

    None when the turn it answers only reflected (agreement with a reflection is no task).
    """
    utterances = facts.result.session.utterances
    proposal = _proposer(utterances, at)
    if proposal is None:
        return line
    if not _proposes_task(facts, proposal):
        return None
    return Sentence(
        f"Plan agreed — proposed by {_said(facts, proposal)}; accepted by "
        f"{_said(facts, utterances[at])} (automated reading; record the plan in your own words).",
        (Evidence.utterance(proposal.index), *line.evidence),
    )


def plan_lines(
    facts: TranscriptFacts, alliance: Sequence[Sentence], plans: Sequence[Sentence]
) -> list[Sentence]:
    """The PLAN's agreed goals, tasks and plans, each exchange once (QA43 #9).

    ``alliance`` are the alliance estimate's "Goal stated" / "Task accepted" lines, ``plans``
    :func:`agreed_plan`'s lines. A plan line quoting the accepting reply replaces the alliance
    line of that reply; any other "Task accepted" line quotes the therapist turn it answers, and
    is left out when that turn only reflected. A plan line citing a stated goal is left out (the
    goal line quotes it).
    """
    planned = _cited(plans)
    kept: list[Sentence] = []
    for line in alliance:
        found = _signal(line)
        if found is None or found[0] != "task_accepted":
            kept.append(line)
            continue
        if found[1] in planned:
            continue  # the plan line quotes the proposal and this reply
        task = _task_line(facts, line, found[1])
        if task is not None:
            kept.append(task)
    goals = _cited([line for line in alliance if (_signal(line) or ("",))[0] == "goal_stated"])
    return kept + [p for p in plans if not goals & _cited([p])]
