"""Group markers into rupture episodes and decide whether each was resolved.

Rules (documented in ``docs/analysers/ruptures.md``):

* **Clusters.** Marked client utterances of the same kind belong together while fewer than
  ``gap`` client turns separate them. A change of kind starts a new episode: when withdrawal
  turns into confrontation they are two consecutive episodes (corpus README, "How spans are
  drawn").
* **Voicing resolves withdrawal.** A single elaborated complaint (weak model hits after it do
  not count) straight after a salient withdrawal episode is the client re-engaging by saying
  what they held back (Safran & Muran's withdrawal path, clinical-reference §5.6 [V:
  CAFT-website]); it resolves that episode and is not a new confrontation. When the client goes
  on complaining (another phrase cue or clear model hit in the same run) the withdrawal has
  turned into confrontation instead: the withdrawal episode closes unresolved and a
  confrontation episode opens (corpus README, "How spans are drawn"). A withdrawal too weak to
  be an episode is never "resolved" this way, so the complaint after it stays a confrontation.
* **A fresh push is not re-engagement** (since version 6). A complaint that answers a therapist
  push (advice, an instruction, the task proposed again; see ``_markers``) without any repair
  attempt in that turn, or that goes on from a confrontation marker which itself answered a
  push, is a new confrontation and the withdrawal stays unresolved; voiced after an invitation
  or repair it is the resolution (corpus README, "How spans are drawn").
* **Kind switches** (since version 6). A cluster with one clear marker (strength at least
  ``min_strength - 1``) is an episode, although short of salience, when the client turns
  from it into a salient episode of the other kind within ``gap`` turns (a confrontation that
  gives way to apology and "it's fine"), or when it is a confrontation after a withdrawal
  that answers a fresh push: the switch is a second, independent sign that something
  happened (3RS codes shifts between withdrawal and confrontation as episodes,
  clinical-reference §5.5 [S: 3RS-2022-code]). The first episode closes unresolved unless the
  client re-engaged before the switch.
* **A neighbour's reading** (since version 11). A confrontation cluster of one utterance with
  one clear marker (strength at least ``min_strength - 1``) is an episode when the same
  client's turn just before or after carries no marker but the model, after the context
  vetoes, leans to confrontation there (at least ``NEIGHBOUR_LEAN``, and more than to
  withdrawal): a second, independent reading of the same stretch of talk. 3RS rates a segment
  with one clear marker of moderate clarity 3, "rupture present if mean rating > 1"
  (clinical-reference §5.5 [S: 3RS-2022-code]); confrontation only, because C1-C7 are explicit
  moves against the therapist (§5.3).
* **The therapist owns it** (since version 13). A confrontation cluster of one utterance with
  one clear marker is an episode when the therapist's very next turn owns a part (R5) or
  discloses their own reaction (R6), matched by phrase, and the utterance reads as
  confrontation apart from that repair (a phrase cue, or the model at the marker threshold):
  the other person in the room treats the turn as a rupture (clinical-reference §5.4, §5.6
  stage 1), a second reading as in version 11.
* **Salience.** An episode needs summed marker strength of at least ``min_strength`` and either
  two marked utterances or one utterance with strength ``min_strength + 1`` (3RS: one doubtful,
  low-intensity cue is "not salient", §5.5 [S: 3RS-2022-code]). An episode whose markers all
  come from the trained model, with no phrase cue, also needs one clear (confident) hit or at
  least three marked utterances.
* **Model runs** (since version 4). Two or more consecutive client turns whose model
  probability of one kind is each at least ``run_support``, one of them at the marker threshold
  (``run_peak``), form an episode of that kind although at most one turn is a (weak) marker:
  the classifier is least certain on wording unlike its training data, and a sustained lean is
  stronger evidence than any one reading (3RS codes a stretch of talk, clinical-reference §5.5
  [S: 3RS-2022-code]; the numbers are our defaults, chosen on the development sets). The model's
  top subtype must pass the same context vetoes as a model marker (``_model_cues``). A run does
  not start inside a rule episode or in the client turn straight after it (that turn is the
  episode's own resolution or continuation).
* **A doubtful cue of the other kind does not switch** (since version 16). Inside a running
  episode, a client turn whose only markers are weak (strength 1) and of the other kind, with
  the client's next marked turn (within ``gap``) back on the running kind or none at all, is
  absorbed: it neither starts an episode of its own nor ends the running one, and its doubtful
  cues are dropped (3RS salience: one low-intensity cue is not salient, §5.5 [S:
  3RS-2022-code]; the labelled episodes hold markers of one kind, 493 of 495). So "I'd rather
  not." inside a run of clipped answers, or a sarcastic turn the model half-reads as denial
  inside an escalating confrontation, no longer cuts the episode in two.
* **Version 20** (QA qa28; ``_turn_rules``). One clear cue of the other kind between clear
  cues of the running kind is absorbed (a sustained run is one episode); an elaborated W7/C1
  answer to an R4 invitation is re-engagement, not a marker; a clear withdrawal marker
  answering a defensive therapist turn straight after a salient confrontation is an episode
  (backing down, ``_backs_down``).
* **Resolution** (``_resolution``). The episode is resolved at the first client utterance after
  its last marker (within ``resolve_window`` client turns, and before the next episode) that
  re-engages, once the therapist has attempted some repair in the episode (version 16).
  Otherwise it is unresolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from alliancelens.analysers.ruptures._markers import ClientReading, Hit, by_speaker
from alliancelens.analysers.ruptures._model_cues import MODEL_CUES
from alliancelens.analysers.ruptures._repair_cues import REPAIR_CUE
from alliancelens.analysers.ruptures._resolution import (
    MIN_FIRST_PERSON,
    MIN_WORDS_ELABORATED,
    TherapistMoves,
    first_reengagement,
    reengages,
)
from alliancelens.analysers.ruptures._taxonomy import RuptureKind
from alliancelens.analysers.ruptures._turn_rules import bridged, voiced_on_invitation

__all__ = ["Cluster", "EpisodeRules", "find_clusters", "reengages"]

#: Marked utterances a model-only episode needs when none of its hits is clear.
_MODEL_RUN = 3
#: Consecutive turns a model run (below the marker threshold) needs to be an episode: a run,
#: not one reading (3RS salience, clinical-reference §5.5 [S: 3RS-2022-code]; our default).
_MODEL_RUN_TURNS = 2
#: Client turns after an episode's last marker that belong to it (its resolution or not):
#: a model run does not start there. Our default, chosen on the development sets.
_ANSWER_TURNS = 1
#: Version 11: the model's (context-checked) confrontation probability from which an unmarked
#: next-door turn corroborates a single clear confrontation marker. Not a new tuned number: the
#: floor version 8 uses for a client turn the therapist's repair reads as a rupture
#: (``_repair_cues._REPAIR_SUPPORT``).
NEIGHBOUR_LEAN = 0.45


@dataclass(frozen=True, slots=True)
class EpisodeRules:
    """The tunable numbers of episode building (analyser parameters)."""

    gap: int = 3
    min_strength: int = 3
    resolve_window: int = 5
    # Model runs: each turn's kind probability ≥ run_support, one ≥ run_peak (the analyser passes
    # model_threshold). Our defaults [S], chosen on the development sets (docs/analysers).
    run_support: float = 0.7
    run_peak: float = 0.6


@dataclass(slots=True)
class Cluster:
    """Marked client utterances of one kind forming (a candidate for) one episode."""

    kind: RuptureKind
    members: list[ClientReading] = field(default_factory=list)
    resolution: ClientReading | None = None

    def strength(self) -> int:
        """Summed marker strength of the members (of this kind)."""
        return sum(m.strength(self.kind) for m in self.members)

    @property
    def first(self) -> ClientReading:
        """The first marked utterance."""
        return self.members[0]

    @property
    def last(self) -> ClientReading:
        """The last marked utterance."""
        return self.members[-1]


def find_clusters(
    readings: Sequence[ClientReading],
    rules: EpisodeRules,
    moves: TherapistMoves | None = None,
) -> list[Cluster]:
    """Episodes (as clusters with resolutions) from the client readings, ordered by start.

    Each client of a couple or family session has their own episodes: a rupture is between one
    client and the therapist. ``moves`` are the therapist's repairs and defences (version 16: after
    a defence an episode resolves only once a repair follows; ``_resolution``); None skips that.
    """
    clusters = [c for group in by_speaker(readings) for c in _speaker_clusters(group, rules, moves)]
    return sorted(clusters, key=lambda c: c.first.index)


def _speaker_clusters(
    readings: Sequence[ClientReading], rules: EpisodeRules, moves: TherapistMoves | None
) -> list[Cluster]:
    readings = voiced_on_invitation(readings, rules.gap, moves)
    clusters = _cluster(readings, rules.gap)
    clusters = _resolve_by_voicing(clusters, rules, moves)
    kept = [
        c
        for i, c in enumerate(clusters)
        if _salient(c, rules.min_strength)
        or _switch_salient(clusters, i, rules)
        or _backs_down(clusters, i, rules, moves)
        or _neighbour_salient(readings, c, rules)
        or _owned_salient(c, rules)
    ]
    kept = sorted(kept + _model_runs(readings, kept, rules), key=lambda c: c.first.position)
    for i, cluster in enumerate(kept):
        if cluster.resolution is not None:
            continue
        limit = kept[i + 1].first.position if i + 1 < len(kept) else len(readings)
        stop = min(limit, cluster.last.position + 1 + rules.resolve_window)
        span = (cluster.first, cluster.last)
        cluster.resolution = first_reengagement(readings, cluster.kind, span, stop, moves)
    return kept


def _model_runs(
    readings: Sequence[ClientReading], kept: Sequence[Cluster], rules: EpisodeRules
) -> list[Cluster]:
    """Episodes from consecutive client turns the model leans towards one kind (no marker needed).

    A model marker whose neighbours carry no marker is dropped (runs, salience), yet a
    neighbour the model leans the same way is evidence too: two or more consecutive turns of
    one kind, each at ``run_support`` or more and one at ``run_peak`` (the marker threshold),
    are a sustained pattern (3RS codes ruptures over a stretch of talk, clinical-reference
    §5.5). Turns inside an episode found by the marker rules are left to it.
    """
    taken = {p for c in kept for p in range(c.first.position, c.last.position + 1 + _ANSWER_TURNS)}
    found: list[Cluster] = []
    for kind in RuptureKind:
        run: list[ClientReading] = []
        for reading in [*readings, None]:
            if reading is not None and reading.position not in taken:
                marker, p = reading.supported(kind)
                if p >= rules.run_support:
                    run.append(replace(reading, hits=(Hit(marker, f"model_{kind.value}", 1),)))
                    continue
            peak = max((r.supported(kind)[1] for r in run), default=0.0)
            if len(run) >= _MODEL_RUN_TURNS and peak >= rules.run_peak:
                found.append(Cluster(kind, run))
                taken.update(r.position for r in run)
            run = []
    return found


def _kind_of(reading: ClientReading, previous: RuptureKind | None) -> RuptureKind:
    """The utterance's kind; a mixed utterance stays with the running episode if it can."""
    withdrawal = reading.strength(RuptureKind.WITHDRAWAL)
    confrontation = reading.strength(RuptureKind.CONFRONTATION)
    if previous is not None and reading.strength(previous) >= 2:
        return previous
    if withdrawal == confrontation:
        return previous or RuptureKind.WITHDRAWAL
    return RuptureKind.CONFRONTATION if confrontation > withdrawal else RuptureKind.WITHDRAWAL


def _cluster(readings: Sequence[ClientReading], gap: int) -> list[Cluster]:
    marked = [r for r in readings if r.hits]
    clusters: list[Cluster] = []
    for at, reading in enumerate(marked):
        current = clusters[-1] if clusters else None
        kind = _kind_of(reading, current.kind if current else None)
        near = current is not None and reading.position - current.last.position <= gap
        if current and near and current.kind is kind:
            current.members.append(reading)
        elif current and near and _absorbed(reading, current.kind, marked[at + 1 :], gap):
            continue  # a doubtful cue of the other kind inside a running episode (version 16)
        elif (
            current
            and near
            and bridged(reading, current.members, current.kind, marked[at + 1 :], gap)
        ):
            continue  # one clear cue of the other kind between clear ones (version 20)
        else:
            clusters.append(Cluster(kind, [reading]))
    return clusters


def _absorbed(
    reading: ClientReading, running: RuptureKind, later: Sequence[ClientReading], gap: int
) -> bool:
    """True when ``reading`` holds only weak markers of the other kind and the client goes back.

    "Goes back": the client's next marked turn within ``gap`` turns is of the ``running`` kind,
    or there is none (see module docstring, version 16).
    """
    if any(h.kind is running or h.strength >= 2 for h in reading.hits):
        return False
    following = later[0] if later else None
    if following is None or following.position - reading.position > gap:
        return True
    return _kind_of(following, running) is running


def _resolve_by_voicing(
    clusters: list[Cluster], rules: EpisodeRules, moves: TherapistMoves | None
) -> list[Cluster]:
    """A lone, elaborated complaint right after withdrawal resolves it (see module docstring)."""
    result: list[Cluster] = []
    for cluster in clusters:
        previous = result[-1] if result else None
        voiced = cluster.first
        if (
            previous is not None
            and previous.kind is RuptureKind.WITHDRAWAL
            and cluster.kind is RuptureKind.CONFRONTATION
            and _salient(previous, rules.min_strength)
            and sum(not _model_guess(m) for m in cluster.members) == 1
            and not _model_guess(voiced)
            and voiced.position - previous.last.position <= rules.gap
            and voiced.features.words >= MIN_WORDS_ELABORATED
            and voiced.features.first_person >= MIN_FIRST_PERSON
            and not _fresh_confrontation(previous, voiced)
            and (moves is None or moves.allow(previous.first.index, voiced.index))
        ):
            previous.resolution = voiced
            continue
        result.append(cluster)
    return result


def _fresh_confrontation(withdrawal: Cluster, complaint: ClientReading) -> bool:
    """True when the complaint answers a fresh push, or the complaining began after one."""
    last = withdrawal.last
    return complaint.pushed or (last.pushed and last.strength(RuptureKind.CONFRONTATION) >= 2)


def _switch_salient(clusters: Sequence[Cluster], at: int, rules: EpisodeRules) -> bool:
    """A kind switch corroborates a cluster just short of salience (see module docstring)."""
    cluster = clusters[at]
    if max(m.strength(cluster.kind) for m in cluster.members) < rules.min_strength - 1:
        return False  # needs one clear marker: a lone doubtful cue is not salient (§5.5)
    before = clusters[at - 1] if at > 0 else None
    after = clusters[at + 1] if at + 1 < len(clusters) else None
    leads_into = (
        after is not None
        and after.kind is not cluster.kind
        and after.first.position - cluster.last.position <= rules.gap
        and _salient(after, rules.min_strength)
    )
    pushed_into = (
        before is not None
        and before.kind is RuptureKind.WITHDRAWAL
        and cluster.kind is RuptureKind.CONFRONTATION
        and cluster.first.position - before.last.position <= rules.gap
        and _salient(before, rules.min_strength)
        and _fresh_confrontation(before, cluster.first)
    )
    return leads_into or pushed_into


def _backs_down(
    clusters: Sequence[Cluster], at: int, rules: EpisodeRules, moves: TherapistMoves | None
) -> bool:
    """A clear withdrawal marker answering a defence, straight after a salient confrontation.

    Version 20 (QA qa28 #6): "I know. Sorry. Forget it, it's fine." after the therapist
    defended themselves ("That's not what I meant.") is confrontation turning into withdrawal,
    which 3RS codes as a switch (clinical-reference §5.5 [S: 3RS-2022-code]); the defence is the
    second, independent sign (the therapist's contribution, §5.4).
    """
    cluster = clusters[at]
    before = clusters[at - 1] if at > 0 else None
    first = cluster.first
    return (
        moves is not None
        and before is not None
        and cluster.kind is RuptureKind.WITHDRAWAL
        and before.kind is RuptureKind.CONFRONTATION
        and first.prompt_index in moves.defences
        and first.strength(cluster.kind) >= rules.min_strength - 1
        and first.position - before.last.position <= rules.gap
        and _salient(before, rules.min_strength)
    )


def _model_guess(reading: ClientReading) -> bool:
    """True when every marker of the utterance is a weak model hit (no phrase cue)."""
    return all(h.cue in MODEL_CUES and h.strength == 1 for h in reading.hits)


def _neighbour_salient(
    readings: Sequence[ClientReading], cluster: Cluster, rules: EpisodeRules
) -> bool:
    """One clear confrontation marker and a next-door turn the model leans the same way.

    Version 11 (see module docstring): the same client's turn just before or after carries no
    marker, and its context-checked confrontation probability is at least ``NEIGHBOUR_LEAN`` and
    above its withdrawal probability.
    """
    if cluster.kind is not RuptureKind.CONFRONTATION or len(cluster.members) != 1:
        return False
    member = cluster.members[0]
    if member.strength(cluster.kind) < rules.min_strength - 1:
        return False  # needs one clear marker: a lone doubtful cue is not salient (§5.5)
    for pos in (member.position - 1, member.position + 1):
        if 0 <= pos < len(readings) and not readings[pos].hits:
            neighbour = readings[pos]
            lean = neighbour.supported(RuptureKind.CONFRONTATION)[1]
            if lean >= NEIGHBOUR_LEAN and lean > neighbour.leaning(RuptureKind.WITHDRAWAL):
                return True
    return False


def _owned_salient(cluster: Cluster, rules: EpisodeRules) -> bool:
    """One clear confrontation marker that the therapist's next turn owns (version 13).

    The turn must read as confrontation without the repair too (a phrase cue, or the model at
    the marker threshold), so the therapist's turn is not counted twice: version 8 already
    uses it to make a model reading clear.
    """
    if cluster.kind is not RuptureKind.CONFRONTATION or len(cluster.members) != 1:
        return False
    member = cluster.members[0]
    if not member.owned or member.strength(cluster.kind) < rules.min_strength - 1:
        return False
    own = any(h.kind is cluster.kind and h.cue != REPAIR_CUE for h in member.hits)
    return own or member.supported(cluster.kind)[1] >= rules.run_peak


def _salient(cluster: Cluster, min_strength: int) -> bool:
    strength = cluster.strength()
    if not any(h.cue not in MODEL_CUES for m in cluster.members for h in m.hits):
        # Model hits only: a learned guess is less certain than a phrase cue, so it takes a
        # confident (clear) hit or a sustained run of three marked utterances.
        clear = any(h.strength >= 2 for m in cluster.members for h in m.hits)
        if not clear and len(cluster.members) < _MODEL_RUN:
            return False
    if len(cluster.members) >= 2:
        return strength >= min_strength
    return strength >= min_strength + 1
