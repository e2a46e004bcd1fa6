"""Rupture markers on client utterances, read in context (3RS; clinical-reference §5.2-5.3).

Three passes, all linear in the number of utterances:

1. **Cues.** The rule cues of ``_reply_cues`` (phrase patterns read against the prompt), a
   therapist naming laughter against the content (W6), a task complaint right after a task
   was raised (C3), the trained model's hits (``_model_cues``) and, since version 8, the
   therapist's rupture-specific repair in the next turn as a second reading (``_repair_cues``).
2. **Counter-evidence** (§5.2 [S: 3RS-2022-code]; corpus hard negatives): no withdrawal marker
   on a reply to a risk-screening question, on tears or the turn after them (an emotional pause),
   on a warmly paced boundary ("not today, but we will"), on agreement that adds the client's
   own ideas, or (version 17) on a reply to a grounding prompt ("five things you can see");
   laughter softens confrontation cues to weak. Version 19 (``_frame``): no brief-report or
   compliance marker inside a therapist-led exercise, no withdrawal when the client feels
   vindicated, no C1 on a correction the therapist asked for.
   Version 20: a turn spoken in role (a role-play, rehearsal or chair work,
   :func:`alliancelens.analysers._roleplay.in_role_indexes`) carries no marker and no model
   reading: it is addressed to the character, not to the therapist (QA qa28 #3).
3. **Runs.** A weak cue counts only when another marker of the same kind lies within
   ``run_window`` client turns: one clipped "Fine." is not a rupture, a run of them is.

Each reading also records whether the therapist turn it answers is a *push* (advice, an
instruction or a task proposed or set, with no repair attempt): a complaint after a push is a new
confrontation, not a withdrawal's resolution (``_episodes``; corpus README).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._roleplay import in_role_indexes
from alliancelens.analysers.ruptures._client_voice import advice_rebuffed, own_plan
from alliancelens.analysers.ruptures._frame import (
    NO_FRAME,
    Frame,
    framed_out,
    framed_support,
    read_frame,
)
from alliancelens.analysers.ruptures._good_news import WITHHOLDING, good_news
from alliancelens.analysers.ruptures._homework_report import without_not_done_markers
from alliancelens.analysers.ruptures._laughter import laughter_named
from alliancelens.analysers.ruptures._lexicon import (
    ACTIVITY,
    ACTIVITY_BAD,
    CLOSING,
    CUES,
    GROUNDING,
)
from alliancelens.analysers.ruptures._lexicon import DISTRESS as _DISTRESS
from alliancelens.analysers.ruptures._model_cues import (
    MODEL_CUES,
    Context,
    ModelThresholds,
    model_hits,
    model_support,
)
from alliancelens.analysers.ruptures._repair_cues import owns_part, repair_hits
from alliancelens.analysers.ruptures._reply_cues import Hit, cue_hits
from alliancelens.analysers.ruptures._retraction import backing_down
from alliancelens.analysers.ruptures._shift_named import shift_named
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.analysers.ruptures._taxonomy import RuptureKind
from alliancelens.analysers.ruptures._text import (
    Prompt,
    TextFeatures,
    classify_prompt,
    features,
    normalise,
    word_count,
)
from alliancelens.analysers.ruptures._therapy_pointless import therapy_pointless
from alliancelens.analysers.ruptures._third_party import reason_about_others
from alliancelens.domain import Role, Session, Utterance
from alliancelens.models.rupture_model import MarkerScores

__all__ = ["ClientReading", "Hit", "by_speaker", "pair_markers", "read_client_turns"]

#: How many utterances back the therapist prompt of a client reply may lie (couples: 2 clients).
_PROMPT_REACH = 3
#: A therapist turn of at most this many words and no question is a back-channel ("Mm-hmm.").
_BACKCHANNEL_WORDS = 3
#: …and at most this many content words: "It felt childish." is a reflection, not a nod.
_BACKCHANNEL_CONTENT = 1
#: Agreement that adds this many content words of the client's own is genuine (corpus README).
_OWN_IDEAS = 4

# A client-paced boundary keeps the door open (corpus hard negative `client_paced_boundary`).
_BOUNDARY = Phrase(
    r"\b(eventually|we will|another time|next (week|time|session)|when i'm ready|not yet|later "
    r"on|we'll get (to|there))\b"
)
# C3 in context: "they're a bit pointless" right after the therapist raised a task.
_ACTIVITY_RE = re.compile(rf"\b{ACTIVITY}\b")
_PRONOUN_BAD = Phrase(
    rf"\b(it's|it is|it was|they're|they are|they were|that's|this is|those are|these are) "
    rf"(a bit |quite |so |really |just |all |kind of )?{ACTIVITY_BAD}"
)
#: Prompts that push (advice, an instruction, a task proposed or re-set) rather than invite
#: (corpus README, "How spans are drawn": a complaint after a fresh push is a new confrontation).
_PUSHES = frozenset({Prompt.DIRECTIVE, Prompt.PROPOSAL})
#: Advice or a task set that the prompt classes do not hold: "if you just deleted it"; since
#: version 7 also a task (re)set inside a reflection or after a permission question ("the plan
#: this week is to…", "lots of people find it helps to…", "let's go again with…"). A complaint
#: straight after it moves against the task just set (C2/C3, clinical-reference §5.1, §5.3
#: [U: 3RS-2015]), not a held-back complaint voiced on invitation (§5.6).
_ADVICE = Phrase(
    r"\bif you (just|only) (\w+ed|stopped|got|did|tried|put|let|gave|went|made)\b|\bthe plan "
    r"(this week |for this week |for tonight |for now )?is (to|that)\b|\bfind (that )?it helps "
    r"(to|if)\b|\blet'?s (go again|try (it|that|this) again|do (it|that|this) again)\b"
)
#: Strategies that make a turn an invitation or repair, not a push (3RS R1, R2, R4-R9,
#: clinical-reference §5.4 [3RS-2015, U]); explaining the task's rationale (R3) and steering
#: back to it (R10) are ways of insisting on it.
_REPAIRS = frozenset(
    {
        "clarify_misunderstanding",
        "change_tasks_or_goals",
        "invite_discussion_of_thoughts_feelings",
        "acknowledge_own_contribution",
        "disclose_internal_experience",
        "link_to_larger_patterns",
        "validate_defensive_posture",
    }
)


@dataclass(frozen=True, slots=True)
class ClientReading:
    """A client utterance read in context: its features, its prompt and its markers."""

    index: int
    speaker: str
    position: int
    features: TextFeatures
    prompt: Prompt
    hits: tuple[Hit, ...]
    scores: MarkerScores | None = None  # the model's reading (None when it is not used)
    support: tuple[tuple[str, float], ...] = ()  # model_support(): (subtype, p) per kind
    pushed: bool = False  # the therapist turn before pushes (advice, task) without repairing
    owned: bool = False  # the therapist turn after owns a part or discloses (R5/R6; version 13)
    prompt_index: int | None = None  # utterance index of the therapist turn answered (v18)

    def supported(self, kind: RuptureKind) -> tuple[str, float]:
        """The model's top ``kind`` subtype and its probability where the context allows it."""
        if not self.support:
            return "", 0.0
        return self.support[0 if kind is RuptureKind.WITHDRAWAL else 1]

    def leaning(self, kind: RuptureKind) -> float:
        """The model's probability that this utterance is a ``kind`` marker (0 without model)."""
        if self.scores is None:
            return 0.0
        if kind is RuptureKind.WITHDRAWAL:
            return self.scores.withdrawal
        return self.scores.confrontation

    def kinds(self) -> set[RuptureKind]:
        """Rupture kinds the utterance's markers belong to."""
        return {hit.kind for hit in self.hits}

    def strength(self, kind: RuptureKind) -> int:
        """Summed strength of this utterance's markers of ``kind`` (one per marker subtype)."""
        best: dict[str, int] = {}
        for hit in self.hits:
            if hit.kind is kind:
                best[hit.marker] = max(best.get(hit.marker, 0), hit.strength)
        return sum(best.values())


def read_client_turns(
    session: Session,
    *,
    run_window: int = 2,
    scores: Sequence[MarkerScores] | None = None,
    limits: ModelThresholds | None = None,
) -> list[ClientReading]:
    """Every client utterance of ``session`` with its markers, in order.

    ``scores`` (one per client utterance, in order) are the trained model's outputs; without
    them only the rule cues are read.
    """
    utterances = session.utterances
    limits = limits or ModelThresholds()
    readings: list[ClientReading] = []
    previous_tears = False
    last_client = max((at for at, _ in _client_positions(utterances)), default=-1)
    in_role = in_role_indexes(utterances)  # version 20: role-play lines are not markers
    for position, (at, utterance) in enumerate(_client_positions(utterances)):
        feats = features(utterance.text)
        prompt_text, reply_text = _prompt_text(utterances, at), _reply_text(utterances, at)
        prompt = classify_prompt(prompt_text)
        paused = feats.tears or previous_tears or _grounding(prompt_text)
        hits = cue_hits(feats, prompt)
        if _PRONOUN_BAD.search(feats.text) and _task_just_raised(utterances, at):
            hits.append(Hit("complaint_about_activities", "c3_task_just_raised", 2))
        hits.extend(h for h in (advice_rebuffed(utterances, at, feats.text),) if h)  # v23
        hits.extend(h for h in (therapy_pointless(feats.text),) if h)  # v25 (QA37)
        if feats.laugh and laughter_named(utterances, at):
            hits.append(Hit("content_affect_split", "w6_named_by_therapist", 2))
        if shift_named(utterances, at):  # the therapist names a topic shift (W4)
            hits.append(Hit("avoidant_storytelling_or_topic_shift", "w4_named_by_therapist", 2))
        frame = read_frame(utterances, at, feats, prompt_text)
        support: tuple[tuple[str, float], ...] = ()
        if scores is not None:
            final = at == last_client
            context = _context(feats, prompt, prompt_text, final=final)
            found = model_hits(scores[position], feats, context, {h.marker for h in hits}, limits)
            hits.extend(Hit(c.marker, c.cue, c.strength) for c in found)
            support = framed_support(model_support(scores[position], feats, context), frame)
            if paused or good_news(feats.text, feats.words):  # §5.2; v23 QA qa35 #1
                support = ((support[0][0], 0.0), support[1])
            if own_plan(feats.text):  # v23: the client's own plan is no complaint (qa35 #1)
                support = (support[0], (support[1][0], 0.0))
        hits = backing_down(hits, feats, prompt_text)  # v22, QA qa30 #1
        # v25 (QA37): an honest "I didn't do it." to a homework check is an answer
        hits = without_not_done_markers(hits, feats.text, normalise(prompt_text or ""))
        hits = reason_about_others(hits, feats)  # v22, QA qa30 #6
        hits = repair_hits(hits, support, reply_text)
        hits = _counter_evidence(hits, feats, prompt, paused=paused, frame=frame)
        if utterance.index in in_role:
            hits, support = [], ()  # addressed to the character, not the therapist (QA qa28 #3)
        score = scores[position] if scores is not None else None
        readings.append(
            ClientReading(
                utterance.index,
                utterance.speaker,
                position,
                feats,
                prompt,
                tuple(hits),
                score,
                support,
                _pushes(prompt, prompt_text),
                owns_part(reply_text),
                _prompt_index(utterances, at),
            )
        )
        previous_tears = feats.tears
    return _keep_runs(readings, run_window)


def pair_markers(
    previous_text: str | None,
    text: str,
    scores: MarkerScores | None = None,
    limits: ModelThresholds | None = None,
) -> set[str]:
    """Markers of one client reply read with the therapist turn before it, without runs.

    For scoring single labelled utterances (training data): rule cues, model hits when
    ``scores`` are given, and counter-evidence; no run or episode rules.
    """
    feats = features(text)
    prompt = classify_prompt(previous_text)
    hits = cue_hits(feats, prompt)
    if scores is not None:
        context = _context(feats, prompt, previous_text)
        found = model_hits(
            scores, feats, context, {h.marker for h in hits}, limits or ModelThresholds()
        )
        hits.extend(Hit(c.marker, c.cue, c.strength) for c in found)
    return {h.marker for h in _counter_evidence(hits, feats, prompt, paused=False)}


def _pushes(prompt: Prompt, text: str | None) -> bool:
    """True when the therapist turn pushes (advice, a task) and attempts no repair."""
    if text is None or not (prompt in _PUSHES or _ADVICE.search(normalise(text))):
        return False
    return not _REPAIRS.intersection(strategies_in(text))


def _grounding(text: str | None) -> bool:
    """True when the therapist turn leads a grounding exercise (``GROUNDING``, version 17)."""
    return text is not None and GROUNDING.search(normalise(text)) is not None


def _context(
    feats: TextFeatures, prompt: Prompt, previous: str | None, *, final: bool = False
) -> Context:
    """What the rules know about the reply, for vetoing model proposals.

    ``final``: the session's last client turn; a goodbye there is leave-taking at the close
    even when the therapist's turn before did not name the ending (version 19, QA qa22 item 5).
    """
    backchannel = (
        prompt is Prompt.STATEMENT
        and previous is not None
        and word_count(previous) <= _BACKCHANNEL_WORDS
        and features(previous).substantive <= _BACKCHANNEL_CONTENT
    )
    closing = final or (previous is not None and CLOSING.search(normalise(previous)) is not None)
    return Context(prompt, backchannel, _DISTRESS.search(feats.text) is not None, closing)


def by_speaker(readings: Sequence[ClientReading]) -> list[list[ClientReading]]:
    """Readings split per client (couples, families), each renumbered 0, 1, 2 … in order."""
    groups: dict[str, list[ClientReading]] = {}
    for reading in readings:
        group = groups.setdefault(reading.speaker, [])
        group.append(replace(reading, position=len(group)))
    return list(groups.values())


def _client_positions(utterances: Sequence[Utterance]) -> list[tuple[int, Utterance]]:
    return [(at, u) for at, u in enumerate(utterances) if u.role is Role.CLIENT]


def _prompt_index(utterances: Sequence[Utterance], at: int) -> int | None:
    """Utterance index of the therapist turn this reply answers (``_prompt_text``'s turn)."""
    speaker = utterances[at].speaker
    for back in range(at - 1, max(-1, at - 1 - _PROMPT_REACH), -1):
        if utterances[back].speaker == speaker:
            continue
        return utterances[back].index if utterances[back].role is Role.THERAPIST else None
    return None


def _prompt_text(utterances: Sequence[Utterance], at: int) -> str | None:
    """The therapist turn this reply answers; None when it answers another client."""
    speaker = utterances[at].speaker
    for back in range(at - 1, max(-1, at - 1 - _PROMPT_REACH), -1):
        if utterances[back].speaker == speaker:
            continue
        return utterances[back].text if utterances[back].role is Role.THERAPIST else None
    return None


def _reply_text(utterances: Sequence[Utterance], at: int) -> str | None:
    """The therapist turn straight after this reply; None when another kind of turn follows."""
    after = utterances[at + 1] if at + 1 < len(utterances) else None
    return after.text if after is not None and after.role is Role.THERAPIST else None


def _task_just_raised(utterances: Sequence[Utterance], at: int) -> bool:
    recent = utterances[max(0, at - _PROMPT_REACH) : at]
    return any(_ACTIVITY_RE.search(u.text.lower()) for u in recent)


def _counter_evidence(
    hits: list[Hit],
    feats: TextFeatures,
    prompt: Prompt,
    *,
    paused: bool,
    frame: Frame = NO_FRAME,
) -> list[Hit]:
    """``paused``: tears in this or the last turn, or a grounding prompt (no withdrawal).

    ``frame`` (version 19): no withdrawal when the client feels vindicated, no brief-report or
    compliance marker inside an exercise, no C1 complaint when a correction was asked for.
    """
    withdrawal_blocked = prompt is Prompt.RISK_SCREEN or feats.tears or paused or frame.vindicated
    hits = [h for h in hits if not framed_out(h, frame)]
    boundary = _BOUNDARY.search(feats.text) is not None
    weak_deference = any(h.marker == "deferential_appeasing" and h.strength == 1 for h in hits)
    own_ideas = weak_deference and _own_words(feats.text) >= _OWN_IDEAS
    kept: list[Hit] = []
    for hit in hits:
        if hit.kind is RuptureKind.WITHDRAWAL:
            if withdrawal_blocked:
                continue
            if boundary and hit.marker == "avoidant_storytelling_or_topic_shift":
                continue
            if own_ideas and hit.marker == "deferential_appeasing" and hit.strength == 1:
                continue  # genuine agreement followed by the client's own ideas
            if hit.marker in WITHHOLDING and good_news(feats.text, feats.words):
                continue  # version 23: good news about their own life is engagement
        elif (hit.cue in MODEL_CUES or hit.strength < 2) and own_plan(feats.text):
            continue  # version 23: the client's own plan is re-engagement, not a complaint
        elif feats.laugh:  # humour softens a complaint to a weak cue
            kept.append(Hit(hit.marker, hit.cue, 1))
            continue
        kept.append(hit)
    return _dedupe(kept)


def _own_words(text: str) -> int:
    """Content words left once the deferential cue phrases are taken out (genuine agreement)."""
    for cue in CUES:
        if cue.marker == "deferential_appeasing":
            text = cue.pattern.sub(" ", text)
    return features(text).substantive


def _dedupe(hits: list[Hit]) -> list[Hit]:
    best: dict[str, Hit] = {}
    for hit in hits:
        if hit.marker not in best or hit.strength > best[hit.marker].strength:
            best[hit.marker] = hit
    # A model hit that confirms a rule cue keeps the rule's cue id as evidence (its strength).
    rule = {h.marker: h.cue for h in hits if h.cue not in MODEL_CUES}
    return [replace(h, cue=rule.get(h.marker, h.cue)) for h in best.values()]


def _keep_runs(readings: list[ClientReading], window: int) -> list[ClientReading]:
    """Drop weak-only kinds with no same-kind marker within ``window`` turns of that client."""
    dropped: dict[int, tuple[Hit, ...]] = {}
    for group in by_speaker(readings):
        for i, reading in enumerate(group):
            hits = reading.hits
            for kind in reading.kinds():
                if reading.strength(kind) >= 2:
                    continue
                near = group[max(0, i - window) : i] + group[i + 1 : i + 1 + window]
                if not any(kind in other.kinds() for other in near):
                    hits = tuple(h for h in hits if h.kind is not kind)
            if hits != reading.hits:
                dropped[reading.index] = hits
    return [replace(r, hits=dropped[r.index]) if r.index in dropped else r for r in readings]
