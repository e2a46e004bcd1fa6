"""Trends over sessions, per client and per therapist, with a change test that resists noise.

A metric is called *rising* or *falling* only when both hold:

1. **Size**: the mean of the last ``k`` sessions differs from the mean of the first ``k`` by at
   least the metric's ``min_delta`` (AllianceLens defaults in :class:`TrendConfig`); and
2. **Consistency**: a Mann–Kendall permutation test (S = sum of signs of all later-minus-earlier
   pairs; p = share of orderings of the same values with ``|S|`` at least as large, exact for up
   to 8 sessions, seeded Monte Carlo above) gives ``p < alpha``.

With fewer than ``min_sessions`` sessions the answer is "not enough sessions": with 4 values the
smallest possible two-sided p is 2/24 ≈ 0.083, so 5 is the least that can ever pass ``alpha``
0.05. See docs/insights.md.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

from alliancelens.insights.caseload_rules import measured
from alliancelens.insights.model import Caseload, SessionRecord

__all__ = [
    "GENERIC_THERAPIST_LABELS",
    "MI_ONLY",
    "Direction",
    "Trend",
    "TrendConfig",
    "client_trends",
    "mann_kendall",
    "session_metrics",
    "therapist_trends",
    "trend",
]


class Direction(StrEnum):
    """The verdict on one metric's series."""

    RISING = "rising"
    FALLING = "falling"
    NO_CLEAR_CHANGE = "no_clear_change"
    NOT_ENOUGH_SESSIONS = "not_enough_sessions"


#: Minimum first-k vs last-k difference per metric family (prefix before the dot). AllianceLens
#: defaults: alliance parts are 0-100 scores; skills indices are ratios/shares; rupture counts
#: are whole episodes; measure totals use 2 points (SRS drop rule is 1 point, ORS reliable
#: change 5, clinical-reference.md §1.5; 2 sits between so a trend is more than one item).
DEFAULT_MIN_DELTA: Mapping[str, float] = {
    "alliance": 10.0,
    "ruptures": 1.0,
    "skills": 0.25,
    "measure": 2.0,
}


@dataclass(frozen=True, slots=True)
class TrendConfig:
    """Change-test settings (AllianceLens defaults, docs/insights.md)."""

    min_sessions: int = 5
    k: int = 2
    alpha: float = 0.05
    min_delta: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_MIN_DELTA))
    permutations: int = 20000
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Trend:
    """One metric over sessions for one client or therapist, and the verdict."""

    subject: str
    metric: str
    session_ids: tuple[str, ...]
    values: tuple[float, ...]
    direction: Direction
    delta: float | None = None
    statistic: int | None = None
    p_value: float | None = None
    #: ``delta`` is the mean of the last ``window`` values minus the mean of the first ``window``.
    window: int = 2

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "subject": self.subject,
            "metric": self.metric,
            "session_ids": list(self.session_ids),
            "values": list(self.values),
            "direction": self.direction.value,
            "delta": self.delta,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "delta_window": self.window,
        }


def _s(values: Sequence[float]) -> int:
    return sum((b > a) - (b < a) for i, a in enumerate(values) for b in values[i + 1 :])


def mann_kendall(
    values: Sequence[float], *, permutations: int = 20000, seed: int = 0
) -> tuple[int, float]:
    """Mann–Kendall S and its two-sided permutation p-value (exact for up to 8 values)."""
    observed = _s(values)
    if len(values) <= 8:
        orderings: Iterable[Sequence[float]] = itertools.permutations(values)
        total = 0
        extreme = 0
        for ordering in orderings:
            total += 1
            extreme += abs(_s(ordering)) >= abs(observed)
        return observed, extreme / total
    rng = random.Random(seed)  # noqa: S311 - a seeded shuffle for a p-value, not security
    shuffled = list(values)
    extreme = 0
    for _ in range(permutations):
        rng.shuffle(shuffled)
        extreme += abs(_s(shuffled)) >= abs(observed)
    return observed, (extreme + 1) / (permutations + 1)


def trend(
    subject: str,
    metric: str,
    points: Sequence[tuple[str, float]],
    config: TrendConfig | None = None,
) -> Trend:
    """Apply the change test to one series of (session id, value), oldest first."""
    config = config or TrendConfig()
    ids = tuple(p[0] for p in points)
    values = tuple(float(p[1]) for p in points)
    if len(values) < max(config.min_sessions, 2 * config.k):
        return Trend(subject, metric, ids, values, Direction.NOT_ENOUGH_SESSIONS, window=config.k)
    k = config.k
    delta = round(sum(values[-k:]) / k - sum(values[:k]) / k, 4)
    statistic, p_value = mann_kendall(values, permutations=config.permutations, seed=config.seed)
    minimum = config.min_delta.get(metric.split(".", maxsplit=1)[0], 0.0)
    direction = Direction.NO_CLEAR_CHANGE
    if p_value < config.alpha and abs(delta) >= minimum and delta * statistic > 0:
        direction = Direction.RISING if delta > 0 else Direction.FALLING
    # three significant digits, never rounded to 0: a permutation p-value is at least 1/(N+1)
    shown = float(f"{p_value:.3g}")
    return Trend(subject, metric, ids, values, direction, delta, statistic, shown, config.k)


#: Skills indices defined against a target behaviour (MISC change/sustain talk): a trend uses a
#: session's value only when its skills summary says the session is MI-like (``mi_like: true``),
#: the note's test (docs/notes.md, "Change and sustain talk only in MI-like sessions"). A summary
#: without the flag (stored before ``microskills.summary`` version 5) gives no value: the
#: note's safe direction, never a false picture of motivation (QA43 #11).
MI_ONLY: Final = frozenset({"change_talk_share"})


def session_metrics(record: SessionRecord) -> dict[str, float]:
    """The per-session values trends are computed on (only metrics the analysers produced)."""
    found: dict[str, float] = {}
    alliance = record.family("alliance")
    if isinstance(alliance, Mapping):
        if isinstance(alliance.get("index"), int | float):
            found["alliance.index"] = float(alliance["index"])
        for part in ("goal", "task", "bond"):
            value = alliance.get(part)
            # a part with no evidence is the neutral 50, not a measurement (QA35 #2): left out
            if (
                isinstance(value, Mapping)
                and isinstance(value.get("score"), int | float)
                and measured(value)
            ):
                found[f"alliance.{part}"] = float(value["score"])
    ruptures = record.family("ruptures")
    if isinstance(ruptures, list):
        found["ruptures.episodes"] = float(len(ruptures))
        found["ruptures.repaired"] = float(sum(1 for e in ruptures if e.get("resolved")))
    skills = record.family("skills")
    if isinstance(skills, Mapping):
        for name, index in skills.get("indices", {}).items():
            if name in MI_ONLY and skills.get("mi_like") is not True:
                continue  # change talk only in MI-like sessions, as in the note (QA43 #11)
            if isinstance(index, Mapping) and isinstance(index.get("value"), int | float):
                found[f"skills.{name}"] = float(index["value"])
    return found


def _series(records: Iterable[SessionRecord]) -> dict[str, list[tuple[str, float]]]:
    series: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for record in records:
        for metric, value in session_metrics(record).items():
            series[metric].append((record.session_id, value))
    return series


def _measure_series(caseload: Caseload) -> Iterator[tuple[str, list[tuple[str, float]]]]:
    if caseload.measures is None:
        return
    for trajectory in caseload.measures.trajectories:
        defn = caseload.definitions.get(trajectory.measure)
        short = defn.short if defn else trajectory.measure
        # one series per respondent: a caregiver's ORS is "measure.ORS.caregiver", never mixed in
        rater = "" if trajectory.completed_by == "client" else f".{trajectory.completed_by}"
        yield (
            f"measure.{short}{rater}",
            [(p.session or f"#{p.number}", p.score.total) for p in trajectory.points],
        )


def client_trends(caseload: Caseload, config: TrendConfig | None = None) -> list[Trend]:
    """Every transcript metric and measure total over one client's sessions."""
    series = _series(caseload.sessions)
    series.update(_measure_series(caseload))
    return [trend(caseload.client, m, pts, config) for m, pts in sorted(series.items())]


#: Speaker labels that name a role, not a person: sessions labelled only like this are not pooled
#: into one "therapist" (they may be different clinicians). Matched case-insensitively, with
#: trailing numbers ignored ("Therapist 2", "Speaker 1").
GENERIC_THERAPIST_LABELS = frozenset(
    {
        "",
        "therapist",
        "counsellor",
        "counselor",
        "clinician",
        "interviewer",
        "provider",
        "practitioner",
        "speaker",
        "t",
        "th",
        "unknown",
        "unknown therapist",
    }
)


def _person(label: str) -> bool:
    """Whether a therapist label names a person (not only a role such as 'Therapist')."""
    parts = [p.strip().rstrip("0123456789 ").strip(" :.").lower() for p in label.split("&")]
    return not any(p in GENERIC_THERAPIST_LABELS for p in parts)


def therapist_trends(
    caseloads: Iterable[Caseload], config: TrendConfig | None = None
) -> list[Trend]:
    """Transcript metrics over each therapist's sessions across clients, in date order.

    Sessions without a date sort after dated ones, by session id. Measures are left out: a
    measure administration is linked to a client, not to a therapist. Sessions whose therapist
    label is only a role (:data:`GENERIC_THERAPIST_LABELS`, e.g. "Therapist") are left out: the
    label does not say which clinician it is, so pooling them would mix clinicians.
    """
    by_therapist: dict[str, list[SessionRecord]] = defaultdict(list)
    for caseload in caseloads:
        for record in caseload.sessions:
            if _person(record.therapist):
                by_therapist[record.therapist].append(record)
    found: list[Trend] = []
    for therapist, records in sorted(by_therapist.items()):
        records.sort(
            key=lambda r: (r.date is None, r.date.isoformat() if r.date else "", r.session_id)
        )
        series = _series(records)
        found.extend(trend(therapist, m, pts, config) for m, pts in sorted(series.items()))
    return found
