"""The ``ruptures.detector`` analyser: markers, episodes, strategies and resolution."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.analysers.ruptures._episodes import Cluster, EpisodeRules, find_clusters
from alliancelens.analysers.ruptures._markers import ClientReading, read_client_turns
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.domain import Evidence, Finding, Provenance, Role, Scope, Session, Utterance

__all__ = ["RuptureDetector"]


@register
class RuptureDetector(Analyser):
    """3RS withdrawal and confrontation markers, grouped into episodes, with repair attempts.

    Estimates of a human-coded instrument (3RS, clinical-reference §0.2 rule 3), meant as
    openings to explore, not as failures (§5.7).
    """

    name = "ruptures.detector"
    version = 1
    requires = frozenset({"roles"})
    produces = frozenset({"ruptures.marker", "ruptures.strategy", "ruptures.summary"})
    description = (
        "Alliance ruptures (3RS): withdrawal/confrontation markers on client utterances, "
        "episodes, the therapist's resolution strategies and whether the client re-engaged."
    )

    def __init__(
        self, *, run_window: int = 2, gap: int = 3, min_strength: int = 3, resolve_window: int = 5
    ) -> None:
        self.run_window = run_window
        self.gap = gap
        self.min_strength = min_strength
        self.resolve_window = resolve_window

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        del upstream  # reads the transcript only
        readings = read_client_turns(session, run_window=self.run_window)
        rules = EpisodeRules(self.gap, self.min_strength, self.resolve_window)
        clusters = find_clusters(readings, rules)
        position = {u.index: at for at, u in enumerate(session.utterances)}
        episodes = [_episode(session.utterances, position, cluster) for cluster in clusters]
        yield from _utterance_findings(self.provenance, clusters, episodes)
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


def _episode(
    utterances: Sequence[Utterance], position: dict[int, int], cluster: Cluster
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
        for name in strategies_in(u.text)
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
