"""One client utterance's outcome in :mod:`alliancelens.analysers.risk`: flag, possible or aside.

Split out of the analyser module; the method is in docs/analysers/risk.md ("Method", steps 3-5,
and the version sections named in the comments below).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_thread as thr
from alliancelens.analysers._risk_answers import (
    accepts_proposal,
    answer_context,
    asks_next,
    attendance_aside,
    rule_signal,
    therapist_before,
)
from alliancelens.analysers._risk_burden import REASON as BURDEN_REASON
from alliancelens.analysers._risk_burden import denied_burden
from alliancelens.analysers._risk_content import content_in, grounded, has_risk_content
from alliancelens.analysers._risk_flags import (
    Cuts,
    Flag,
    Reading,
    bare_answer,
    followed_up,
    masked,
    model_flag,
    normalise,
    rule_flag,
    topic,
)
from alliancelens.analysers._risk_screening import Outcome
from alliancelens.domain import Utterance
from alliancelens.models.risk_model import RiskModel, RiskScore, featurise

__all__ = [
    "MODEL_THREAD_PROBABILITY",
    "after_model_flag",
    "clear_text_memos",
    "decide",
    "model_scores",
]

#: A model flag opens a disclosure thread without a risk word in the therapist's follow-up only
#: from this probability on (and only for a real question answered with more than "yeah"): model
#: flags are weaker evidence than rule flags. Chosen on the development data (docs/models/risk.md).
MODEL_THREAD_PROBABILITY: Final = 0.8
#: Client utterances scored per model call (bounds memory on very long transcripts; the scores
#: do not depend on it).
_SCORE_CHUNK: Final = 512


def decide(
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
    use_context: bool = True,
) -> None:
    """Flag, list as possible or set aside one client utterance (results go to ``out``).

    ``disclosure`` is the open thread or one that just ran out (``ThreadTracker.disclosure``):
    a model reading without risk content of its own takes its kind and severity (version 16).
    Three steps: readings settled before the model is asked (:func:`_settled_early`), a flag
    from the rules or the model (:func:`_record_flag`), else a follow-up inside an open thread
    (:func:`_thread_answer`).
    """
    out.set_aside.extend(reading.set_aside)
    out.opened = None
    out.denied = False
    if reading.flag is not None and thr.weak_thread(reading.flag, out.flags):
        # v21 (QA22 #1): a thread opened by a line only listed as *possible* never makes a
        # later line a flag; the model may still list it
        reading = replace(reading, flag=None)
    if _settled_early(
        utterances, pos, reading=reading, score=score, cuts=cuts, out=out, thread=thread
    ):
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
        or after_model_flag(utterances, pos, out.flags, reading, use_context=use_context)
        or model_flag(
            utterances[pos],
            reading,
            score,
            cuts,
            set_aside=out.set_aside,
            possible=out.possible,
            # v20: a thread opened by an ungrounded reading does not make "Yes." a disclosure
            bare=(thread is None or not thread.grounded)
            and bare_answer(normalise(utterances[pos].text), prompt_text),
            heard=heard,
            grounded=is_grounded,
            thread=(disclosure.kind, disclosure.severity, disclosure.index)
            if disclosure is not None and anchored and not own_content
            else None,
        )
    )
    if flag is not None:
        _record_flag(utterances, pos, flag, score=score, cuts=cuts, out=out)
        return
    _thread_answer(
        utterances,
        pos,
        reading=reading,
        score=score,
        out=out,
        thread=thread,
        follow=follow,
        before=before,
        is_grounded=is_grounded,
    )


def _settled_early(
    utterances: Sequence[Utterance],
    pos: int,
    *,
    reading: Reading,
    score: RiskScore | None,
    cuts: Cuts,
    out: Outcome,
    thread: thr.Thread | None,
) -> bool:
    """Record the outcomes that need no model flag; True when the utterance is settled."""
    u = utterances[pos]
    evasive = thr.evasive_means(u, thread, utterances[pos - 1]) if thread else None
    if reading.flag is None and evasive is not None:
        out.flags[u.index] = evasive
        return True
    if reading.flag is None and accepts_proposal(utterances, pos):
        # version 16: "Yes, let's do it." to "Could we write those down?" is agreement with
        # a proposal (safety planning), never a disclosure, whatever the model reads into it
        return True
    aside = attendance_aside(u.index, reading, score, cuts) if reading.flag is None else None
    if aside is not None:  # v20: "the point of coming here" is about the sessions
        out.set_aside.append(aside)
        return True
    return False


def _record_flag(
    utterances: Sequence[Utterance],
    pos: int,
    flag: Flag,
    *,
    score: RiskScore | None,
    cuts: Cuts,
    out: Outcome,
) -> None:
    """Store a flag, or list it as possible when the model reads a denial or past talk."""
    u = utterances[pos]
    if denied_burden(utterances, pos, flag):  # version 24 (QA qa35 #7), _risk_burden
        flag.probability = round(score.p_risk, 3) if score else None
        flag.reason += BURDEN_REASON
        out.possible.append(flag.as_dict())
        out.denied = True
        return
    if (
        not flag.safety
        and thr.model_reads_denial(flag, score, cuts)
        and not ctx.OPENS_WITH_YES.search(normalise(u.text))  # v21 (QA25 #7)
        and not ctx.PARTIAL_DENIAL.search(normalise(u.text))  # v28: the thought is affirmed
    ):
        flag.probability = round(score.p_risk, 3) if score else None
        flag.kind = flag.thread_kind or flag.kind  # v27: a denied question's kind is not kept
        flag.reason += "; listed for review: the trained model reads a denial or past talk"
        out.possible.append(flag.as_dict())
        out.opened = flag
        return
    if score is not None:
        flag.probability = round(score.p_risk, 3)
    if flag.basis == "model":
        flag.follow_up = followed_up(utterances, pos)
    out.flags[u.index] = flag


def _thread_answer(
    utterances: Sequence[Utterance],
    pos: int,
    *,
    reading: Reading,
    score: RiskScore | None,
    out: Outcome,
    thread: thr.Thread | None,
    follow: bool,
    before: tuple[int, int],
    is_grounded: bool,
) -> None:
    """No flag: an answer inside a strong open thread is a follow-up flag or possible."""
    u = utterances[pos]
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


def after_model_flag(
    utterances: Sequence[Utterance],
    pos: int,
    flags: dict[int, Flag],
    reading: Reading,
    *,
    use_context: bool = True,
) -> Flag | None:
    """A thread flag for an answer to the therapist's follow-up of a *model* flag.

    Rule-flag threads are found while reading; a model flag is only known after scoring.
    """
    context = answer_context(utterances, pos, flags) if use_context else None
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


def model_scores(
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


def clear_text_memos() -> None:
    """Start each session with empty text memos.

    They save repeated work within one session; kept across sessions they would only grow, and
    make a repeated timing of the same session look faster than a first run.
    """
    normalise.cache_clear()
    masked.cache_clear()
    topic.cache_clear()
    content_in.cache_clear()
