"""Risk language in client speech, flagged **for clinician review** (``risk.language``).

The method and every version's changes are in ``docs/analysers/risk.md`` ("Method" and the
"Version N" sections). The rules are data in :mod:`alliancelens.analysers._risk_lexicon`, each
with its source; guards and context cues are in :mod:`alliancelens.analysers._risk_guards` and
:mod:`alliancelens.analysers._risk_context`; how one utterance is decided (rule flag, trained
model of :mod:`alliancelens.models.risk_model`, open disclosure thread) is in
:mod:`alliancelens.analysers._risk_decide`. In short: only non-therapist utterances are screened
(clinical-reference §10.3 rule 4); rule matches inside idioms, negations, third-party, past,
joking, grief or intrusive-thought wording are *set aside* and listed, never dropped (§10.3
rule 3); rules and model are combined with OR; a *possible* reading is routed to review.

Every flag carries the utterance index, kind, statement severity (README definitions; it rates
the words, never the person: NICE NG225, §10.2), the matched words and reason, and
``"review": "for clinician review"``. An empty list means *no risk language detected by this
analyser*, never *no risk*; ``risk_screening.summary`` says what was and was not screened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from alliancelens.analysers import _risk_thread as thr
from alliancelens.analysers._language import looks_english
from alliancelens.analysers._pinned import check_digest, params_with_digest
from alliancelens.analysers._risk_acts import session_pass
from alliancelens.analysers._risk_answers import answer_context, rule_signal, therapist_before
from alliancelens.analysers._risk_decide import (
    MODEL_THREAD_PROBABILITY,
    after_model_flag,
    clear_text_memos,
    decide,
    model_scores,
)
from alliancelens.analysers._risk_flags import (
    REVIEW_LABEL,
    Context,
    Cuts,
    Flag,
    Reading,
    Screen,
    followed_up,
    masked,
    normalise,
    rule_cues,
    rule_flag,
    screen_text,
    topic,
)
from alliancelens.analysers._risk_group import group_entries
from alliancelens.analysers._risk_joined import add_session_readings
from alliancelens.analysers._risk_relay import is_interpreter, mark_relayed, relay_view
from alliancelens.analysers._risk_screening import (
    NOT_SCREENED,
    Outcome,
    guessed_question_entry,
    guessed_questions,
    guessed_therapist_entries,
    screening_summary,
)
from alliancelens.analysers._risk_thread import thread_turns
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import ROLES_GUESSED, Finding, Role, Session, Utterance
from alliancelens.models.risk_model import RiskModel, featurise, load_risk_model, risk_model_digest

__all__ = [
    "FLAG_THRESHOLD",
    "MODEL_THREAD_PROBABILITY",
    "NOT_SCREENED",
    "REVIEW_LABEL",
    "RiskLanguage",
    "Screen",
    "rule_cues",
    "rule_reading",
    "screen_text",
    "thread_turns",
]

#: Calibrated model probability from which a model-only reading becomes a flag; lower readings
#: down to the model's recall-oriented threshold are listed as ``possible`` for post-session
#: review (clinical reference §10.3 tiers). 0.8 since the model was retrained with writers
#: w1-w3: the lowest tenth that keeps the alert burden on AnnoMI client turns at or below its
#: earlier 1.5% (1.15%) and flags none of the ordinary demo turns; at 0.6 the burden was 2.5%
#: (docs/models/risk.md, "Choosing the flag threshold"). Kept at 0.8 in version 6 although the
#: model retrained with w4/w5 flags 2.1% of AnnoMI client turns there (0.9 would give 0.9%):
#: issue 4 puts recall first; the numbers for both are in docs/models/risk.md ("Version 6").
FLAG_THRESHOLD: Final = 0.8


def rule_reading(
    text: str, previous: str = "", thread: str | None = None
) -> tuple[bool, tuple[str, ...], bool]:
    """Whether the rules flag a line after ``previous`` in ``thread``; cues; a follow-up prompt.

    Used to train the model on the same cues the analyser gives it at run time.
    """
    utterances = thr.thread_turns(text, previous, thread)
    reading = RiskLanguage(use_model=False).readings(utterances)[-1]
    follow_up = thread is not None and thr.follow_up_prompt(normalise(previous))
    flagged = reading is not None and reading.flag is not None
    return flagged, reading.cues if reading else (), follow_up


@register
class RiskLanguage(Analyser):
    """Flags possible risk language in client speech for clinician review (never a risk rating)."""

    name = "risk.language"
    # 23: QA31 fixes (docs/analysers/risk.md, "Version 23"; earlier versions there)
    # 25: client lines not in English are reported as not screened (QA40 #1)
    # 26: inside a thread only a question about the disclosure is a follow-up (QA37 #3)
    # 27: a screening answer inside a thread takes the question's kind (QA43 #2); a line that
    #     does not read as English is never read through a thread (QA42 #12)
    # 28: a partial denial ("No plan. The thought just comes at night.") is flagged, not set aside
    version = 28
    requires = frozenset({"roles"})
    produces = frozenset({"risk.summary", "risk_screening.summary"})
    description = (
        "Possible suicidal ideation, self-harm and harm-to-others language in client speech, "
        "for clinician review."
    )

    def __init__(
        self,
        *,
        use_context: bool = True,
        use_model: bool = True,
        model_dir: str | None = None,
        flag_threshold: float = FLAG_THRESHOLD,
        review_threshold: float | None = None,
        model_digest: str | None = None,
        thread_window: int = thr.THREAD_WINDOW,
    ) -> None:
        """``model_digest`` pins the model files (see :mod:`alliancelens.analysers._pinned`)."""
        self.use_context = use_context
        self.thread_window = thread_window
        self.use_model = use_model
        self.model_dir = model_dir
        self.flag_threshold = flag_threshold
        self.review_threshold = review_threshold
        self.model_digest = model_digest

    def get_params(self) -> Mapping[str, Any]:
        """The parameters plus ``model_digest`` of the model files (None without the model)."""
        return params_with_digest(
            super().get_params(),
            lambda: risk_model_digest(self.model_dir),
            uses_model=self.use_model,
        )

    def _cuts(self, model: RiskModel) -> Cuts:
        """Flag and review thresholds (the review default is the model's recall-oriented one)."""
        review = self.review_threshold if self.review_threshold is not None else model.threshold
        return Cuts(self.flag_threshold, review, model.guard_threshold)

    def readings(
        self, utterances: Sequence[Utterance], skip: frozenset[int] = frozenset()
    ) -> list[Reading | None]:
        """The rule layer's reading of every utterance (``None`` for therapist turns).

        Positions in ``skip`` (version 20: risk questions said by a speaker guessed to be the
        client) get an empty reading: never a flag, never a thread.
        """
        flags: dict[int, Flag] = {}
        out: list[Reading | None] = []
        for pos, u in enumerate(utterances):
            if u.role is Role.THERAPIST:
                out.append(None)
                continue
            if pos in skip:
                out.append(Reading(None, (), [], masked(u.text)))
                continue
            result = screen_text(u.text)
            aside = [
                {"index": u.index, "kind": k, "reason": r, "matched": m}
                for k, r, m in result.set_aside
            ]
            context = self._context(utterances, pos, flags)
            flag = rule_flag(u, result, context)
            if flag is not None:
                flag.follow_up = followed_up(utterances, pos)
                flags[u.index] = flag
            elif result.denial and context is not None:
                reason = f"denial in answer to the question at {context.indexes[-1]}"
                # v20 (QA20 #7): the kind the question asked about, else the thread's
                asked = topic(normalise(utterances[pos - 1].text), thread=True)
                kind = asked[0] if asked is not None else context.kind
                aside.append({"index": u.index, "kind": kind, "reason": reason, "matched": None})
            cues = rule_cues(u.text, result, flag.basis if flag else None)
            out.append(Reading(flag, cues, aside, masked(u.text), result))
        return out

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream  # needs nothing from other analysers
        clear_text_memos()
        # version 16: an interpreter's "she says ..." is screened as the client's own words
        utterances, relayed_at, renderings = relay_view(session.utterances)
        if self.use_model:
            check_digest(self.model_digest, lambda: risk_model_digest(self.model_dir), "risk")
        model = load_risk_model(self.model_dir) if self.use_model else None
        guessed = session.metadata.get(ROLES_GUESSED) == "yes"
        questions = guessed_questions(utterances) if guessed else {}
        readings = self.readings(utterances, frozenset(questions))
        cuts = self._cuts(model) if model is not None else Cuts(2.0, 2.0, 0.0)
        scores = model_scores(utterances, readings, model, min(cuts.flag, cuts.review))
        out = Outcome()
        tracker = thr.ThreadTracker(self.thread_window)
        at = {u.index: pos for pos, u in enumerate(utterances)}
        for pos, (u, reading) in enumerate(zip(utterances, readings, strict=True)):
            if reading is None:
                tracker.therapist(normalise(u.text))
                continue
            if pos in questions or _unreadable(u.text, reading):
                # v20: a question is not the speaker's disclosure; v27 (QA42 #12): a line the
                # English rules and model cannot read is neither a thread answer nor a denial,
                # it is reported as not screened
                if pos in questions:
                    out.possible.append(guessed_question_entry(u, questions[pos]))
                tracker.client(u.index, None)
                continue
            # v21 (QA24 #4): a thread carries over only to the same speaker's answers
            voice = "" if is_interpreter(u) else u.speaker
            thread, disclosure = _reaching(tracker, voice) if self.use_context else (None, None)
            score = scores.get(pos)
            prompt = therapist_before(utterances, pos)
            # v26 (QA37 #3): a follow-up must be about the disclosure, not any question; the
            # model keeps the feature it was trained with (any question) until it is retrained
            asks_on, follow = _follow_up(utterances, at, pos, thread, prompt)
            if thread is not None and model is not None:
                features = featurise(
                    u.text, prompt, reading.cues, thread=thread.kind, follow_up=asks_on
                )
                score = model.score_many([features], explain_at=min(cuts.flag, cuts.review))[0]
            decide(
                utterances,
                pos,
                reading=reading,
                score=score,
                cuts=cuts,
                out=out,
                thread=thread,
                follow=follow,
                disclosure=disclosure,
                use_context=self.use_context,
            )
            opened = out.flags.get(u.index) or out.opened
            tracker.client(
                u.index,
                None if opened is None or opened.basis == "thread_follow_up" else opened,
                strong=u.index in out.flags,
                closes=out.denied or thr.ends_thread(normalise(u.text), reading.screen),
                speaker=voice,
            )
        # v22: a first-person "it still crosses my mind" joining a flagged disclosure; finality
        add_session_readings(utterances, out)
        # v23 (QA31): recent attempts, extended suicide, partial denials, third-party danger
        second_kinds, danger = session_pass(utterances, out)
        # v20: a group member's "me too", identification after a third party's act
        out.possible.extend(group_entries(utterances, out.flags, out.possible, out.set_aside))
        if guessed:
            out.possible.extend(guessed_therapist_entries(utterances))
        flags, set_aside = out.flags, out.set_aside
        possible = sorted(out.possible, key=lambda entry: int(entry["index"]))  # v20: in order
        items = sorted(
            [f.as_dict() for f in flags.values()] + second_kinds, key=lambda e: int(e["index"])
        )
        mark_relayed(relayed_at, items, set_aside, possible)
        evidence = sorted({i for f in flags.values() for i in (f.index, *f.context)})
        yield self.session_finding("risk.summary", items, utterance_indexes=evidence)
        listed = {int(e["index"]) for e in (*items, *set_aside, *possible, *danger)}
        # v25 (QA40 #1): a client line that does not read as English was not screened
        not_english = [
            u.index
            for u, r in zip(utterances, readings, strict=True)
            if r is not None and u.index not in listed and not looks_english(u.text)
        ]
        screened = sum(r is not None for r in readings) - len(not_english)
        yield self.session_finding(
            "risk_screening.summary",
            screening_summary(
                items,
                set_aside,
                screened,
                not_english=not_english,
                model=model,
                cuts=cuts,
                possible=possible,
                relayed=len(relayed_at),
                renderings=len(renderings),
                roles_guessed=guessed,
                third_party=danger,
            ),
            utterance_indexes=sorted(flags),
            scores={"flagged": float(len(items)), "screened": float(screened)},
        )

    def _context(
        self, utterances: Sequence[Utterance], pos: int, flags: dict[int, Flag]
    ) -> Context | None:
        """The risk question (or disclosure follow-up) this answer responds to, if any."""
        return answer_context(utterances, pos, flags) if self.use_context else None

    def _after_model_flag(
        self, utterances: Sequence[Utterance], pos: int, flags: dict[int, Flag], reading: Reading
    ) -> Flag | None:
        """A thread flag for an answer to the therapist's follow-up of a *model* flag."""
        return after_model_flag(utterances, pos, flags, reading, use_context=self.use_context)


#: Version 27: a line not in English of at most this many words ("Sí.", "Sí, mucho.") is still
#: read in its context, as "Yes." would be: a bare yes to "Are the pills still there?" inside a
#: disclosure thread is a follow-up to review (a labelled Spanglish answer on the development
#: sets). A longer one ("No, no haría nada. Por mis hijos.") says more than the English rules
#: can read, so it is reported as not screened instead of as "not a denial" (QA42 #12).
SHORT_ANSWER_WORDS: Final = 2


def _unreadable(text: str, reading: Reading) -> bool:
    """A client line not in English, longer than a short answer, that no rule matched (v27)."""
    return (
        len(text.split()) > SHORT_ANSWER_WORDS
        and not looks_english(text)
        and not rule_signal(reading)
    )


def _reaching(
    tracker: thr.ThreadTracker, voice: str
) -> tuple[thr.Thread | None, thr.Thread | None]:
    """(the open thread, the open or recent disclosure), each only if it reaches ``voice``."""
    thread, disclosure = tracker.current, tracker.disclosure
    return (
        thread if thread is not None and thread.reaches(voice) else None,
        disclosure if disclosure is not None and disclosure.reaches(voice) else None,
    )


def _thread_text(utterances: Sequence[Utterance], start: int, end: int) -> str:
    """The client's words from the thread's opening utterance up to (not including) ``end``."""
    return " ".join(
        normalise(u.text) for u in utterances[start:end] if u.role is not Role.THERAPIST
    )


def _follow_up(
    utterances: Sequence[Utterance],
    at: Mapping[int, int],
    pos: int,
    thread: thr.Thread | None,
    prompt: str,
) -> tuple[bool, bool]:
    """(the therapist turn asks on, it asks on about the thread's disclosure) - version 26."""
    asks_on = thread is not None and thr.follow_up_prompt(normalise(prompt))
    if thread is None or not asks_on:
        return asks_on, False
    text = _thread_text(utterances, at[thread.index], pos)
    return asks_on, thr.asks_on_thread(normalise(prompt), text)
