"""Client-rated alliance next to the transcript estimate, and their agreement per therapist.

Pure: administrations, alliance definitions and a mapping ``session id → (therapist label,
summary.alliance dict or None)`` in; pairs and per-therapist agreement out. Both sides are put on
0–100 by the linear rescaling ``100 × (x − lowest possible) / (highest − lowest possible)``
(``docs/measures/agreement.md``): SRS total 0–40 → ×2.5, an SRS item 0–10 → ×10, WAI-SR total
12–60 and subscales 4–20 likewise. Differences are *transcript − client* in 0–100 points.

A transcript estimate is not the client's rating (``docs/analysers/alliance.md``); this module
measures how far the two agree, it does not calibrate one to the other. Only forms completed by
the client are used. Client identifiers are never copied into the result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliancelens.domain import MeasureAdministration
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.scoring import score_administration

__all__ = [
    "PARTS",
    "SRS_ITEM_PARTS",
    "AgreementReport",
    "ClientRating",
    "Pair",
    "TherapistAgreement",
    "TranscriptAlliance",
    "agreement_to_json",
    "amount_statement",
    "client_rating",
    "compare",
    "rescale",
    "spearman",
]

#: Bordin's three parts of the alliance, as the transcript analyser names them.
PARTS = ("goal", "task", "bond")

#: Our mapping of SRS 3.0 items onto Bordin's parts: Relationship → bond, Goals and Topics → goal,
#: Approach or Method → task; item 4 (Overall) has no part and is only in the total. The SRS is
#: built on Bordin's goal, task and bond view (clinical-reference.md §1.3 [S: PsychologyRoots-SRS];
#: item labels [V: CORC-SRS, CamCOPS-SRS, Duncan2003]). The mapping itself is ours, not published.
SRS_ITEM_PARTS: Mapping[str, str] = {"1": "bond", "2": "goal", "3": "task"}

#: Fewest pairs for a rank correlation at all (with 2 pairs it is always ±1).
MIN_PAIRS_FOR_CORRELATION = 3
# Our own reporting bands for "how little data" (a statistical convention, not a clinical
# constant): below 10 pairs a correlation's 95% interval spans most of −1..1; below 30 it is
# still wider than ±0.35.
_FAR_TOO_FEW = 10
_TOO_FEW = 30


@dataclass(frozen=True, slots=True)
class TranscriptAlliance:
    """``summary.alliance`` of one analysed session on 0–100, with the session's therapist."""

    therapist: str
    index: float
    goal: float | None = None
    task: float | None = None
    bond: float | None = None

    @classmethod
    def from_summary(cls, therapist: str, summary: Mapping[str, Any]) -> TranscriptAlliance:
        """Read ``index`` and the ``score`` of each part from a ``summary.alliance`` dict."""
        parts = {part: _part_score(summary.get(part)) for part in PARTS}
        return cls(therapist, float(summary["index"]), **parts)


@dataclass(frozen=True, slots=True)
class ClientRating:
    """One client-completed alliance form: raw total and items, and 0–100 total and parts."""

    measure: str
    raw_total: float
    raw_range: tuple[float, float]
    items: tuple[tuple[str, float | None], ...]
    total: float
    goal: float | None = None
    task: float | None = None
    bond: float | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    """One session with both a client rating and a transcript estimate."""

    session: str
    date: dt.date
    rating: ClientRating
    transcript: TranscriptAlliance

    @property
    def therapist(self) -> str:
        """The therapist label of the transcript."""
        return self.transcript.therapist

    @property
    def difference(self) -> float:
        """Transcript index − client total, in 0–100 points."""
        return self.transcript.index - self.rating.total

    def part_difference(self, part: str) -> float | None:
        """Transcript − client for ``goal``, ``task`` or ``bond``; None if either side lacks it."""
        ours, theirs = getattr(self.transcript, part), getattr(self.rating, part)
        return None if ours is None or theirs is None else ours - theirs


@dataclass(frozen=True, slots=True)
class TherapistAgreement:
    """Agreement for one therapist and one measure: n, differences, rank correlation, caveat."""

    therapist: str
    measure: str
    pairs: tuple[Pair, ...]
    mean_difference: float
    mean_absolute_difference: float
    spearman: float | None
    spearman_reason: str | None
    statement: str

    @property
    def n(self) -> int:
        """Number of pairs."""
        return len(self.pairs)


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Every pair, agreement per therapist and measure, and what could not be paired."""

    pairs: tuple[Pair, ...]
    therapists: tuple[TherapistAgreement, ...]
    unpaired_ratings: int
    unpaired_sessions: tuple[str, ...]
    not_analysed: tuple[str, ...]
    not_client_completed: int
    statement: str


def rescale(value: float, lowest: float, highest: float) -> float:
    """Linear rescaling to 0–100: ``100 × (value − lowest) / (highest − lowest)``."""
    if highest <= lowest:
        raise ValueError("highest must be above lowest")
    return 100.0 * (value - lowest) / (highest - lowest)


def spearman(xs: Sequence[float], ys: Sequence[float]) -> tuple[float | None, str | None]:
    """Spearman's rank correlation (average ranks for ties), or None and the reason."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    if len(xs) < MIN_PAIRS_FOR_CORRELATION:
        return None, f"needs at least {MIN_PAIRS_FOR_CORRELATION} pairs, has {len(xs)}"
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx, syy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        side = "client ratings" if sxx == 0 else "transcript estimates"
        return None, f"all {side} are equal, so there is no order to compare"
    return sxy / math.sqrt(sxx * syy), None


def amount_statement(n_pairs: int, n_therapists: int) -> str:
    """How much data an agreement figure rests on, in plain words."""
    if n_pairs == 0:
        return (
            "No session has both a client-rated alliance form and an analysed transcript "
            "(match them by session id): nothing to compare."
        )
    sessions = f"{n_pairs} session{'s' if n_pairs != 1 else ''}"
    therapists = f"{n_therapists} therapist{'s' if n_therapists != 1 else ''}"
    if n_pairs < _FAR_TOO_FEW:
        verdict = "far too few to judge agreement"
    elif n_pairs < _TOO_FEW:
        verdict = "too few for more than a rough indication"
    else:
        verdict = "enough for a first look at this caseload only, not a validation"
    return f"{sessions} from {therapists}: {verdict}."


def compare(
    administrations: Iterable[MeasureAdministration],
    transcripts: Mapping[str, tuple[str, Mapping[str, Any] | None]],
    definitions: Mapping[str, MeasureDefinition],
) -> AgreementReport:
    """Pair client-completed alliance forms with transcript estimates by session id.

    ``definitions`` holds the alliance measures to use, by name (others are ignored).
    ``transcripts`` maps a session id to its therapist label and ``summary.alliance`` (None when
    the alliance analyser did not run: that session is *not analysed*, never paired).
    """
    pairs: list[Pair] = []
    unpaired = not_client = 0
    paired_sessions: set[str] = set()
    for admin in administrations:
        defn = definitions.get(admin.measure)
        if defn is None:
            continue
        if admin.completed_by != "client":
            not_client += 1
            continue
        therapist, summary = transcripts.get(admin.session or "", ("", None))
        if admin.session is None or summary is None:
            unpaired += 1
            continue
        transcript = TranscriptAlliance.from_summary(therapist, summary)
        pairs.append(Pair(admin.session, admin.date, client_rating(defn, admin), transcript))
        paired_sessions.add(admin.session)
    pairs.sort(key=lambda p: (p.therapist, p.rating.measure, p.date, p.session))
    groups: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair in pairs:
        groups[pair.therapist, pair.rating.measure].append(pair)
    return AgreementReport(
        pairs=tuple(pairs),
        therapists=tuple(_agreement(t, m, g) for (t, m), g in groups.items()),
        unpaired_ratings=unpaired,
        unpaired_sessions=tuple(
            sorted(s for s, (_, a) in transcripts.items() if a and s not in paired_sessions)
        ),
        not_analysed=tuple(sorted(s for s, (_, a) in transcripts.items() if a is None)),
        not_client_completed=not_client,
        statement=amount_statement(len(pairs), len({p.therapist for p in pairs})),
    )


def client_rating(defn: MeasureDefinition, admin: MeasureAdministration) -> ClientRating:
    """Score one form and rescale its total and Bordin parts to 0–100."""
    score = score_administration(defn, admin)
    parts: dict[str, float | None] = {}
    for sub in defn.subscales:
        if sub.name in PARTS and sub.name in score.subscales:
            low, high = defn.response.minimum, defn.response.maximum
            n = len(sub.items)
            parts[sub.name] = rescale(score.subscales[sub.name], low * n, high * n)
    if defn.name == "srs":
        for item_id, part in SRS_ITEM_PARTS.items():
            value = admin.responses[defn.item_ids.index(item_id)]
            parts[part] = (
                None
                if value is None
                else rescale(value, defn.response.minimum, defn.response.maximum)
            )
    labels = tuple(item.label for item in defn.items)
    return ClientRating(
        measure=defn.name,
        raw_total=score.total,
        raw_range=(defn.total_min, defn.total_max),
        items=tuple(zip(labels, admin.responses, strict=True)),
        total=rescale(score.total, defn.total_min, defn.total_max),
        **parts,
    )


def _agreement(therapist: str, measure: str, pairs: Sequence[Pair]) -> TherapistAgreement:
    diffs = [p.difference for p in pairs]
    rho, reason = spearman([p.rating.total for p in pairs], [p.transcript.index for p in pairs])
    return TherapistAgreement(
        therapist=therapist,
        measure=measure,
        pairs=tuple(pairs),
        mean_difference=sum(diffs) / len(diffs),
        mean_absolute_difference=sum(abs(d) for d in diffs) / len(diffs),
        spearman=rho,
        spearman_reason=reason,
        statement=amount_statement(len(pairs), 1),
    )


def _part_score(value: Any) -> float | None:
    if isinstance(value, Mapping):
        value = value.get("score")
    return None if value is None else float(value)


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def agreement_to_json(report: AgreementReport) -> dict[str, Any]:
    """Plain JSON (``alliancelens.alliance-agreement/1``) for ``--json`` and the web."""
    return {
        "schema": "alliancelens.alliance-agreement/1",
        "difference": "transcript - client, 0-100 points",
        "statement": report.statement,
        "therapists": [
            {
                "therapist": t.therapist,
                "measure": t.measure,
                "n": t.n,
                "mean_difference": _round(t.mean_difference),
                "mean_absolute_difference": _round(t.mean_absolute_difference),
                "spearman": None if t.spearman is None else _round(t.spearman),
                "spearman_reason": t.spearman_reason,
                "statement": t.statement,
            }
            for t in report.therapists
        ],
        "pairs": [_pair_json(p) for p in report.pairs],
        "unpaired_ratings": report.unpaired_ratings,
        "unpaired_sessions": list(report.unpaired_sessions),
        "not_analysed": list(report.not_analysed),
        "not_client_completed": report.not_client_completed,
    }


def _pair_json(pair: Pair) -> dict[str, Any]:
    rating, transcript = pair.rating, pair.transcript
    return {
        "session": pair.session,
        "date": pair.date.isoformat(),
        "therapist": pair.therapist,
        "client": {
            "measure": rating.measure,
            "raw_total": rating.raw_total,
            "raw_range": list(rating.raw_range),
            "items": dict(rating.items),
            "total": _round(rating.total),
            **{part: _round(getattr(rating, part)) for part in PARTS},
        },
        "transcript": {
            "index": transcript.index,
            **{part: getattr(transcript, part) for part in PARTS},
        },
        "difference": _round(pair.difference),
        "part_differences": {part: _round(pair.part_difference(part)) for part in PARTS},
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
