"""The ``ruptures.detector`` analyser: markers, episodes, strategies and resolution."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._pinned import check_digest, params_with_digest
from alliancelens.analysers._red_flag_advice import forget_session
from alliancelens.analysers._roleplay import in_role_indexes
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.analysers.ruptures._episodes import Cluster, EpisodeRules, find_clusters
from alliancelens.analysers.ruptures._markers import ClientReading, read_client_turns
from alliancelens.analysers.ruptures._model_cues import (
    ModelThresholds,
    forget_vetoes,
    merge_strategies,
    model_strategies,
)
from alliancelens.analysers.ruptures._resolution import TherapistMoves
from alliancelens.analysers.ruptures._strategies import (
    forget_texts,
    is_advice,
    is_defensive,
    strategies_in,
)
from alliancelens.analysers.ruptures._taxonomy import STRATEGIES, RuptureKind
from alliancelens.analysers.ruptures._text import normalise
from alliancelens.analysers.ruptures._turn_rules import lone_clear_markers
from alliancelens.domain import Evidence, Finding, Provenance, Role, Scope, Session, Utterance
from alliancelens.models.rupture_model import (
    MarkerScores,
    Pair,
    load_rupture_model,
    rupture_model_digest,
)

__all__ = ["RuptureDetector"]

#: Utterances after an unresolved episode's last marker, up to the next client turn, read as the
#: therapist's repair attempt (one turn in an alternating transcript; a few more when a
#: transcriber split the therapist's turn into cues). Our default, not a published value, set
#: before measuring and not tuned (docs/analysers/ruptures.md, version 9).
_ATTEMPT_TURNS = 3
_INVITES = "invite_discussion_of_thoughts_feelings"


@register
class RuptureDetector(Analyser):
    """3RS withdrawal and confrontation markers, grouped into episodes, with repair attempts.

    Estimates of a human-coded instrument (3RS, clinical-reference §0.2 rule 3), meant as
    openings to explore, not as failures (§5.7).
    """

    name = "ruptures.detector"
    # 25: an explicit "these sessions are pointless" is an episode on its own; an honest "I
    # didn't do it." to a homework check is no W1/W2 marker (QA37 leftovers)
    version = 25
    requires = frozenset({"roles"})
    produces = frozenset({"ruptures.marker", "ruptures.strategy", "ruptures.summary"})
    description = (
        "Alliance ruptures (3RS): withdrawal/confrontation markers on client utterances, "
        "episodes, the therapist's resolution strategies and whether the client re-engaged."
    )

    def __init__(
        self,
        *,
        run_window: int = 2,
        gap: int = 3,
        min_strength: int = 3,
        resolve_window: int = 5,
        use_model: bool = True,
        model_threshold: float = 0.6,
        model_clear: float = 0.85,
        strategy_threshold: float = 0.85,
        run_support: float = 0.7,
        model_digest: str | None = None,
    ) -> None:
        """``model_digest`` pins the classifier file (see :mod:`alliancelens.analysers._pinned`)."""
        self.run_window = run_window
        self.gap = gap
        self.min_strength = min_strength
        self.resolve_window = resolve_window
        self.use_model = use_model
        self.model_threshold = model_threshold
        self.model_clear = model_clear
        self.strategy_threshold = strategy_threshold
        self.run_support = run_support
        self.model_digest = model_digest

    def get_params(self) -> Mapping[str, Any]:
        """The parameters plus ``model_digest`` of the classifier file (None without the model)."""
        return params_with_digest(
            super().get_params(), rupture_model_digest, uses_model=self.use_model
        )

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream  # reads the transcript only
        forget_texts()  # the per-text memo serves one session: nothing carries over
        forget_vetoes()
        forget_session()  # role-play spans, advice and red-flag text memos shared downstream
        if self.use_model:
            check_digest(self.model_digest, rupture_model_digest, "rupture")
        limits = ModelThresholds(self.model_threshold, self.model_clear, self.strategy_threshold)
        scores = _client_scores(session.utterances) if self.use_model else None
        readings = read_client_turns(
            session, run_window=self.run_window, scores=scores, limits=limits
        )
        rules = EpisodeRules(
            self.gap,
            self.min_strength,
            self.resolve_window,
            self.run_support,
            self.model_threshold,
        )
        found = _therapist_strategies(session.utterances, limits, model=self.use_model)
        found = _without_triggers(found, readings)
        clusters = find_clusters(readings, rules, _moves(session.utterances, found))
        position = {u.index: at for at, u in enumerate(session.utterances)}
        spans = [(position[c.first.index], position[_end(c)]) for c in clusters]
        attempts = _attempts_after(session.utterances, position, clusters, spans)
        episodes = [
            _episode(session.utterances, position, cluster, found, after)
            for cluster, after in zip(clusters, attempts, strict=True)
        ]
        yield from _utterance_findings(self.provenance, clusters, episodes)
        for reading in lone_clear_markers(readings, spans, position):
            value = {
                "rupture_markers": [
                    h.marker for h in _ordered(reading) if h.kind is RuptureKind.CONFRONTATION
                ],
                "rupture_kind": RuptureKind.CONFRONTATION.value,
                "rupture_episode": False,
            }
            yield _utterance_finding(self.provenance, "ruptures.marker", value, reading.index)
        evidence = sorted({i for e in episodes for i in e["evidence_indexes"]})
        yield self.session_finding(
            "ruptures.summary",
            episodes,
            utterance_indexes=evidence,
            scores={
                "episodes": float(len(episodes)),
                "resolved": float(sum(e["resolved"] for e in episodes)),
                "withdrawal": float(sum(e["kind"] == "withdrawal" for e in episodes)),
                "confrontation": float(sum(e["kind"] == "confrontation" for e in episodes)),
                "transcriber_notes": float(any(r.features.notes for r in readings)),
            },
        )


def _utterance_findings(
    provenance: Provenance, clusters: list[Cluster], episodes: list[dict[str, Any]]
) -> Iterator[Finding]:
    """Per-utterance codes; the provenance is computed once per run (it is the same for all)."""
    for cluster, episode in zip(clusters, episodes, strict=True):
        for member in cluster.members:
            value = {
                "rupture_markers": [h.marker for h in _ordered(member)],
                "rupture_kind": cluster.kind.value,
            }
            yield _utterance_finding(provenance, "ruptures.marker", value, member.index)
        by_index: dict[int, list[str]] = {}
        for item in episode["strategy_evidence"]:
            by_index.setdefault(item["index"], []).append(item["strategy"])
        for index, names in by_index.items():
            value = {"resolution_strategies": names}
            yield _utterance_finding(provenance, "ruptures.strategy", value, index)


def _utterance_finding(provenance: Provenance, kind: str, value: Any, index: int) -> Finding:
    return Finding(
        kind=kind,
        value=value,
        provenance=provenance,
        evidence=Evidence((index,)),
        scope=Scope.UTTERANCE,
        utterance_index=index,
    )


def _ordered(reading: ClientReading) -> list[Any]:
    return sorted(reading.hits, key=lambda h: (-h.strength, h.marker))


def _pair(utterances: Sequence[Utterance], at: int) -> Pair:
    before = utterances[at - 1] if at > 0 else None
    return Pair(
        utterances[at].role.value,
        utterances[at].text,
        before.role.value if before else None,
        before.text if before else None,
    )


def _client_scores(utterances: Sequence[Utterance]) -> list[MarkerScores]:
    """The model's reading of every client utterance (in order), each with the turn before."""
    pairs = [_pair(utterances, at) for at, u in enumerate(utterances) if u.role is Role.CLIENT]
    return load_rupture_model().client_scores(pairs)


def _end(cluster: Cluster) -> int:
    return cluster.resolution.index if cluster.resolution else cluster.last.index


def _attempts_after(
    utterances: Sequence[Utterance],
    position: dict[int, int],
    clusters: Sequence[Cluster],
    spans: Sequence[tuple[int, int]],
) -> list[list[int]]:
    """Per episode, the positions of therapist turns straight after its last marker, past its end.

    Since version 9: the therapist turns after the episode's last marker up to the next client
    turn (at most ``_ATTEMPT_TURNS`` utterances, never into the next episode) are the therapist's
    response to the rupture: 3RS notes every resolution strategy in the segment where it occurs
    (clinical-reference §5.5 [U: segment length]), and the therapist's turn straight after the
    marker is the lag-1 step of Safran & Muran's task analysis (§5.6 [V: SafranMuran1996
    abstract]; stage 1, attending to the marker [U]). When the episode is resolved these turns
    lie inside its span already; when it is unresolved the corpus span ends at the last marker
    (corpus README, "JSON label schema"), so they are listed as attempts after the end
    (``after_end``) without changing ``end_index``.
    """
    starts = sorted(first for first, _ in spans)
    found: list[list[int]] = []
    for cluster, (_, end) in zip(clusters, spans, strict=True):
        last = position[cluster.last.index]
        limit = min([s for s in starts if s > last] + [len(utterances)])
        limit = min(limit, last + 1 + _ATTEMPT_TURNS)
        turns: list[int] = []
        for at in range(last + 1, limit):
            if utterances[at].role is Role.CLIENT:
                break
            if at > end and utterances[at].role is Role.THERAPIST:
                turns.append(at)
        found.append(turns)
    return found


#: Version 24 (QA37 #2): a turn that insists on the task as set ("it's really important to do
#: the homework", "you need to keep going with it") pushes it; 3RS R2 is changing the task or goal
#: with the client (clinical-reference §5.4), so the strategy model's R2 proposal on such a turn
#: is dropped. Our own wording; the phrase lists still apply.
_INSISTS = Phrase(
    r"\b(it's|it is) (really |very |so |extremely )?(important|essential|vital) (that you|to) "
    r"(do|keep|stick|stay|get|finish|complete|practi[sc]e)\b|\byou (really )?(need|have|ought) "
    r"to (do|keep|stick|get|finish|complete|practi[sc]e)\b|\b(that's|this is) how (this|the) "
    r"(approach|therapy|treatment|method) works\b"
)


def _without_triggers(
    found: dict[int, list[str]], readings: Sequence[ClientReading]
) -> dict[int, list[str]]:
    """No strategy on a push the client answered with a rupture marker (version 24, QA37 #2).

    A therapist turn that pushes (advice, a task proposed or re-set, no repair wording: the
    marker rules' ``pushed``) and is answered by a marked client turn is what the marker
    responds to: the rupture's trigger, never a repair (3RS codes strategies as responses to
    a rupture, clinical-reference §5.4). The strategy model can read "let's make a better plan"
    as R2; the phrase lists never propose a strategy on such a turn, so only model proposals go.
    """
    triggers = {r.prompt_index for r in readings if r.pushed and r.hits}
    return {i: [] if i in triggers else names for i, names in found.items()}


def _moves(utterances: Sequence[Utterance], found: dict[int, list[str]]) -> TherapistMoves:
    """The therapist's repair attempts, defensive replies (version 16) and R4 invitations (18)."""
    defences = (u.index for u in utterances if u.role is Role.THERAPIST and is_defensive(u.text))
    invitations = (i for i, names in found.items() if _INVITES in names)
    return TherapistMoves(
        frozenset(i for i, names in found.items() if names),
        frozenset(defences),
        frozenset(invitations),
    )


def _therapist_strategies(
    utterances: Sequence[Utterance], limits: ModelThresholds, *, model: bool
) -> dict[int, list[str]]:
    """Strategies of every therapist utterance, by utterance index.

    Since version 16 every therapist turn is read (the resolution rule needs to know whether
    the therapist attempted a repair, ``_resolution``), and the strategy model's proposals are
    dropped on a defensive reply ("That's not what I meant.", ``is_defensive``): the docs'
    step 8 guard, which the phrase lists always applied, now holds for the model too. Since
    version 20 a therapist line spoken in role (``in_role_indexes``) has no strategy.
    """
    turns = [at for at, u in enumerate(utterances) if u.role is Role.THERAPIST]
    probabilities: list[dict[str, float]] = [{} for _ in turns]
    if model and turns:
        pairs = [_pair(utterances, at) for at in turns]
        probabilities = load_rupture_model().strategy_scores(pairs)
    found: dict[int, list[str]] = {}
    in_role = in_role_indexes(utterances)  # version 20: a line spoken in role is no strategy
    for at, probs in zip(turns, probabilities, strict=True):
        text = utterances[at].text
        if utterances[at].index in in_role:
            found[utterances[at].index] = []
            continue
        proposed = [] if is_defensive(text) else model_strategies(probs, limits)
        if is_advice(text):  # version 20: unsolicited advice is never a tactful redirection
            proposed = [p for p in proposed if p != "redirect_refocus"]
        if _INSISTS.found_in(normalise(text)):  # version 24: insisting is not changing the task
            proposed = [p for p in proposed if p != "change_tasks_or_goals"]
        found[utterances[at].index] = merge_strategies(strategies_in(text), proposed, STRATEGIES)
    return found


def _episode(
    utterances: Sequence[Utterance],
    position: dict[int, int],
    cluster: Cluster,
    strategies: dict[int, list[str]],
    after: Sequence[int] = (),
) -> dict[str, Any]:
    start = cluster.first.index
    resolution = cluster.resolution.index if cluster.resolution else None
    end = resolution if resolution is not None else cluster.last.index
    marker_evidence = [
        {"index": m.index, "marker": h.marker, "cue": h.cue, "strength": h.strength}
        for m in cluster.members
        for h in _ordered(m)
    ]
    markers = list(dict.fromkeys(item["marker"] for item in marker_evidence))
    strategy_evidence = [
        {"index": u.index, "strategy": name}
        for u in utterances[position[start] : position[end] + 1]
        if u.role is Role.THERAPIST
        for name in strategies.get(u.index, [])
    ]
    strategy_evidence += [
        {"index": utterances[at].index, "strategy": name, "after_end": True}
        for at in after
        for name in strategies.get(utterances[at].index, [])
    ]
    evidence = {m.index for m in cluster.members} | {s["index"] for s in strategy_evidence}
    if resolution is not None:
        evidence.add(resolution)
    first, last = utterances[position[start]], utterances[position[end]]
    return {
        "kind": cluster.kind.value,
        "start_index": start,
        "end_index": end,
        "start": first.start,
        "end": last.end if last.end is not None else last.start,
        "markers": markers,
        "marker_evidence": marker_evidence,
        "resolved": resolution is not None,
        "resolution_index": resolution,
        "resolution_strategies": list(dict.fromkeys(s["strategy"] for s in strategy_evidence)),
        "strategy_evidence": strategy_evidence,
        "strength": cluster.strength(),
        "evidence_indexes": sorted(evidence),
    }
