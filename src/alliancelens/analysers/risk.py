"""Risk language in client speech, flagged **for clinician review** (``risk.language``).

Method (documented in ``docs/analysers/risk.md``; the rules are data in
:mod:`alliancelens.analysers._risk_lexicon`, each with its source, and the guards and context cues
are in :mod:`alliancelens.analysers._risk_guards` and :mod:`alliancelens.analysers._risk_context`):

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
4. **Trained model** (:mod:`alliancelens.models.risk_model`, docs/models/risk.md). Every screened
   utterance is also scored by a small classifier on its n-grams, the therapist turn before it
   and the rule layer's cues. An utterance the rules did not flag is flagged when the calibrated
   probability reaches ``FLAG_THRESHOLD`` and listed as *possible* from the model's
   recall-oriented threshold, unless the model's hard-negative head says it reads like a
   negation, idiom, third-party, past, grief or similar statement (then it is set aside, with
   that reason). Rules and model are combined with OR: the model widens the net for wording no
   rule names. A confident model flag can open a disclosure thread (``MODEL_THREAD_PROBABILITY``).
   Version 7: a model-only reading of a short answer to a therapist turn that does not ask about
   risk, outside a thread, is set aside (the reading comes from the question). Version 8: a
   reading that would be *possible* is a flag when the next utterance is a therapist turn that
   asks about risk — the therapist heard a disclosure — and its thread counts like a rule flag's.
   Version 16 (:mod:`alliancelens.analysers._risk_content`): a model-only reading is a flag only
   with risk content in the line, the therapist turn before it or an open disclosure (or a
   therapist who asks about it next); otherwise it is *possible* and its thread never makes a
   later line a flag. A model reading of a line without content of its own takes the
   disclosure's kind and severity; ``high`` comes only from the client's own words. Agreement
   with a therapist's proposal is never an entry. An interpreter's relayed "she says ..." is
   screened as the client's words (:mod:`alliancelens.analysers._risk_relay`).
5. **Open thread** (version 6, :mod:`alliancelens.analysers._risk_thread`). Read in order, a
   flagged or possible client utterance opens a thread of its kind for the next
   ``thread_window`` client turns. Inside it the model reads the line with a thread feature
   block, and a non-denial answer to a therapist follow-up inside a thread opened by a flag is
   listed as at least *possible* (``basis: "thread_follow_up"``; §10.3 rules 2-3), a flag when
   the thread-aware model also reads it as possible risk and the thread was opened by a rule
   flag. A flag resting on the dialogue alone that the model's hard-negative head reads as a
   denial or past talk is listed as *possible* instead (routed to review, §10.3 rule 3).

Every flag carries the utterance index, kind, statement severity (README definitions; it rates
the words, never the person: NICE NG225, §10.2), the matched words and reason, and
``"review": "for clinician review"``. An empty list means *no risk language detected by this
analyser*, never *no risk*; ``risk_screening.summary`` says what was and was not screened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_thread as thr
from alliancelens.analysers._pinned import check_digest, params_with_digest
from alliancelens.analysers._risk_answers import (
    accepts_proposal,
    answer_context,
    asks_next,
    attendance_aside,
    rule_signal,
    therapist_before,
)
from alliancelens.analysers._risk_content import grounded, has_risk_content
from alliancelens.analysers._risk_flags import (
    REVIEW_LABEL,
    Context,
    Cuts,
    Flag,
    Reading,
    Screen,
    bare_answer,
    followed_up,
    masked,
    model_flag,
    normalise,
    rule_cues,
    rule_flag,
    screen_text,
    topic,
)
from alliancelens.analysers._risk_group import group_entries
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
from alliancelens.models.risk_model import (
    RiskModel,
    RiskScore,
    featurise,
    load_risk_model,
    risk_model_digest,
)

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
#: A model flag opens a disclosure thread without a risk word in the therapist's follow-up only
#: from this probability on (and only for a real question answered with more than "yeah"): model
#: flags are weaker evidence than rule flags. Chosen on the development data (docs/models/risk.md).
MODEL_THREAD_PROBABILITY: Final = 0.8
#: Client utterances scored per model call (bounds memory on very long transcripts; the scores
#: do not depend on it).
_SCORE_CHUNK: Final = 512


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
    # 18: QA16/QA15 fixes: stand-alone safety questions screen, guards reach only the part they
    # matched, cross-sentence identification/returning rules, means readied, armed, reported
    # threats set aside, protective answers close (docs/analysers/risk.md, "Version 18")
    # 17: the content net of version 16 also covers "ended it" and throwing or putting someone
    # through a window (fresh set v27 lost both to the version-16 gate; v27 is development data now)
    # 19: an interpreter turn rendering the therapist to the client is not screened (QA15 #1)
    # 20: QA20/QA21 fixes: guessed roles said first, questions never flags; thread reasons
    # name the thread; attendance talk, exasperation, "me too" (risk.md, "Version 20")
    # 21: QA25/QA24/QA22 fixes: online slang, a note, acquired means and rehearsal rules; thread
    # carries only to the same speaker and never from a *possible* line (risk.md, "Version 21")
    version = 21
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
        _clear_text_memos()
        # version 16: an interpreter's "she says ..." is screened as the client's own words
        utterances, relayed_at, renderings = relay_view(session.utterances)
        if self.use_model:
            check_digest(self.model_digest, lambda: risk_model_digest(self.model_dir), "risk")
        model = load_risk_model(self.model_dir) if self.use_model else None
        guessed = session.metadata.get(ROLES_GUESSED) == "yes"
        questions = guessed_questions(utterances) if guessed else {}
        readings = self.readings(utterances, frozenset(questions))
        cuts = self._cuts(model) if model is not None else Cuts(2.0, 2.0, 0.0)
        scores = self._scores(utterances, readings, model, min(cuts.flag, cuts.review))
        out = Outcome()
        tracker = thr.ThreadTracker(self.thread_window)
        for pos, (u, reading) in enumerate(zip(utterances, readings, strict=True)):
            if reading is None:
                tracker.therapist(normalise(u.text))
                continue
            if pos in questions:  # v20: a question is not the speaker's disclosure
                out.possible.append(guessed_question_entry(u, questions[pos]))
                tracker.client(u.index, None)
                continue
            # v21 (QA24 #4): a thread carries over only to the same speaker's answers
            voice = "" if is_interpreter(u) else u.speaker
            thread = tracker.current if self.use_context else None
            thread = thread if thread is not None and thread.reaches(voice) else None
            disclosure = tracker.disclosure if self.use_context else None
            disclosure = (
                disclosure if disclosure is not None and disclosure.reaches(voice) else None
            )
            score = scores.get(pos)
            prompt = therapist_before(utterances, pos)
            follow = thread is not None and thr.follow_up_prompt(normalise(prompt))
            if thread is not None and model is not None:
                features = featurise(
                    u.text, prompt, reading.cues, thread=thread.kind, follow_up=follow
                )
                score = model.score_many([features], explain_at=min(cuts.flag, cuts.review))[0]
            self._decide(
                utterances,
                pos,
                reading=reading,
                score=score,
                cuts=cuts,
                out=out,
                thread=thread,
                follow=follow,
                disclosure=disclosure,
            )
            opened = out.flags.get(u.index) or out.opened
            tracker.client(
                u.index,
                None if opened is None or opened.basis == "thread_follow_up" else opened,
                strong=u.index in out.flags,
                closes=thr.ends_thread(normalise(u.text), reading.screen),
                speaker=voice,
            )
        # v20: a group member's "me too", identification after a third party's act
        out.possible.extend(group_entries(utterances, out.flags, out.possible, out.set_aside))
        if guessed:
            out.possible.extend(guessed_therapist_entries(utterances))
        flags, set_aside = out.flags, out.set_aside
        possible = sorted(out.possible, key=lambda entry: int(entry["index"]))  # v20: in order
        items = [f.as_dict() for f in flags.values()]
        mark_relayed(relayed_at, items, set_aside, possible)
        evidence = sorted({i for f in flags.values() for i in (f.index, *f.context)})
        yield self.session_finding("risk.summary", items, utterance_indexes=evidence)
        screened = sum(r is not None for r in readings)
        yield self.session_finding(
            "risk_screening.summary",
            screening_summary(
                items,
                set_aside,
                screened,
                model=model,
                cuts=cuts,
                possible=possible,
                relayed=len(relayed_at),
                renderings=len(renderings),
                roles_guessed=guessed,
            ),
            utterance_indexes=sorted(flags),
            scores={"flagged": float(len(items)), "screened": float(screened)},
        )

    def _decide(
        self,
        utterances: Sequence[Utterance],
        pos: int,
        *,
        reading: Reading,
        score: RiskScore | None,
        cuts: Cuts,
        out: Outcome,
        thread: thr.Thread | None,
        follow: bool,
        disclosure: thr.Thread | None = None,
    ) -> None:
        """Flag, list as possible or set aside one client utterance (results go to ``out``).

        ``disclosure`` is the open thread or one that just ran out (``ThreadTracker.disclosure``):
        a model reading without risk content of its own takes its kind and severity (version 16).
        """
        u = utterances[pos]
        out.set_aside.extend(reading.set_aside)
        out.opened = None
        if reading.flag is not None and thr.weak_thread(reading.flag, out.flags):
            # v21 (QA22 #1): a thread opened by a line only listed as *possible* never makes a
            # later line a flag; the model may still list it
            reading = replace(reading, flag=None)
        evasive = thr.evasive_means(u, thread, utterances[pos - 1]) if thread else None
        if reading.flag is None and evasive is not None:
            out.flags[u.index] = evasive
            return
        if reading.flag is None and accepts_proposal(utterances, pos):
            # version 16: "Yes, let's do it." to "Could we write those down?" is agreement with
            # a proposal (safety planning), never a disclosure, whatever the model reads into it
            return
        aside = attendance_aside(u.index, reading, score, cuts) if reading.flag is None else None
        if aside is not None:  # v20: "the point of coming here" is about the sessions
            out.set_aside.append(aside)
            return
        before = (len(out.possible), len(out.set_aside))
        prompt_text = normalise(therapist_before(utterances, pos))
        heard = asks_next(utterances, pos)
        # version 16: a model reading needs risk content in the line, the therapist turn before
        # it or an open thread, or a therapist who asks about it next, to be a flag
        own_content = rule_signal(reading) or has_risk_content(reading.masked)
        anchored = disclosure is not None and disclosure.grounded
        is_grounded = (
            anchored or heard is not None or own_content or grounded(reading.masked, prompt_text)
        )
        flag = (
            reading.flag
            or self._after_model_flag(utterances, pos, out.flags, reading)
            or model_flag(
                u,
                reading,
                score,
                cuts,
                set_aside=out.set_aside,
                possible=out.possible,
                # v20: a thread opened by an ungrounded reading does not make "Yes." a disclosure
                bare=(thread is None or not thread.grounded)
                and bare_answer(normalise(u.text), prompt_text),
                heard=heard,
                grounded=is_grounded,
                thread=(disclosure.kind, disclosure.severity, disclosure.index)
                if disclosure is not None and anchored and not own_content
                else None,
            )
        )
        if (
            flag is not None
            and not flag.safety
            and thr.model_reads_denial(flag, score, cuts)
            and not ctx.OPENS_WITH_YES.search(normalise(u.text))  # v21 (QA25 #7)
        ):
            flag.probability = round(score.p_risk, 3) if score else None
            flag.reason += "; listed for review: the trained model reads a denial or past talk"
            out.possible.append(flag.as_dict())
            out.opened = flag
            return
        if flag is not None:
            if score is not None:
                flag.probability = round(score.p_risk, 3)
            if flag.basis == "model":
                flag.follow_up = followed_up(utterances, pos)
            out.flags[u.index] = flag
            return
        model_possible = len(out.possible) > before[0]
        norm = normalise(u.text)
        prompt = utterances[pos - 1]
        if (
            thread is None
            or not (thread.strong and follow)
            or len(out.set_aside) > before[1]
            or thr.denies_in_thread(norm, reading.screen, normalise(prompt.text))
            or thr.ends_thread(norm, reading.screen)
            or ctx.MEANS_SECURED.search(norm)  # v18: giving up the means is protective
            or thr.affirms_safety(norm, prompt.text)  # v21 (QA24 #6): "Yes, I'm safe now."
        ):
            if model_possible:  # v16: without risk content it opens an ungrounded thread
                entry = out.possible[-1]
                out.opened = Flag(
                    u.index, entry["kind"], entry["severity"], "", "model", grounded=is_grounded
                )
            return
        follow_up = thr.thread_follow_up(u, thread, prompt.index)
        follow_up.probability = round(score.p_risk, 3) if score is not None else None
        follow_up.follow_up = followed_up(utterances, pos)
        if model_possible and thread.basis != "model":  # the model agrees with a rule thread
            out.possible.pop()
            follow_up.reason += f"; the trained model agrees ({score.p_risk if score else 0:.2f})"
            out.flags[u.index] = follow_up
        else:
            out.possible.append(follow_up.as_dict())

    @staticmethod
    def _scores(
        utterances: Sequence[Utterance],
        readings: list[Reading | None],
        model: RiskModel | None,
        threshold: float,
    ) -> dict[int, RiskScore]:
        """The model's score of every screened utterance (by position), in one batch."""
        if model is None:
            return {}
        pairs = [(pos, reading) for pos, reading in enumerate(readings) if reading is not None]
        out: dict[int, RiskScore] = {}
        # In chunks: the features of a whole 50,000-utterance transcript held at once took
        # about 1.2 GB (docs/performance.md); a chunk's are dropped once it is scored.
        for start in range(0, len(pairs), _SCORE_CHUNK):
            chunk = pairs[start : start + _SCORE_CHUNK]
            batch = [
                featurise(utterances[pos].text, therapist_before(utterances, pos), reading.cues)
                for pos, reading in chunk
            ]
            scores = model.score_many(batch, explain_at=threshold)
            out.update(zip([pos for pos, _ in chunk], scores, strict=True))
        return out

    def _context(
        self, utterances: Sequence[Utterance], pos: int, flags: dict[int, Flag]
    ) -> Context | None:
        """The risk question (or disclosure follow-up) this answer responds to, if any."""
        return answer_context(utterances, pos, flags) if self.use_context else None

    def _after_model_flag(
        self, utterances: Sequence[Utterance], pos: int, flags: dict[int, Flag], reading: Reading
    ) -> Flag | None:
        """A thread flag for an answer to the therapist's follow-up of a *model* flag.

        Rule-flag threads are found while reading; a model flag is only known after scoring.
        """
        context = self._context(utterances, pos, flags)
        if context is None or context.thread is None or context.thread.basis != "model":
            return None
        question = normalise(utterances[pos - 1].text)
        confident = (context.thread.probability or 0.0) >= MODEL_THREAD_PROBABILITY
        answer = normalise(utterances[pos].text)
        if (
            not context.thread.heard
            and not topic(question, thread=True)
            and not (confident and "?" in question and not ctx.BACKCHANNEL.search(answer))
        ):
            return None  # a model flag is weaker evidence than a rule: ask more of the thread
        flag = rule_flag(utterances[pos], reading.screen, context)
        if flag is not None:
            flag.follow_up = followed_up(utterances, pos)
        return flag


def _clear_text_memos() -> None:
    """Start each session with empty text memos.

    They save repeated work within one session; kept across sessions they would only grow, and
    make a repeated timing of the same session look faster than a first run.
    """
    normalise.cache_clear()
    masked.cache_clear()
    topic.cache_clear()
