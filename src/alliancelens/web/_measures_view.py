"""A client's stored measure forms as page data: a table, a sparkline and the alerts.

The forms come from the ``stored_administrations`` use case (policy checked, audited); scoring,
trajectories and alerts from :mod:`alliancelens.measures` exactly as ``measures import`` builds
them. Alerts are prompts for clinician review, shown with their reason and rule (citation).

A measure has one series per respondent: the client's own first, then another rater's (a
caregiver's ORS) right after it, each labelled by who completed it ("ORS — completed by
caregiver") whenever the client has more than one rater's series of that measure, or the only
series is another rater's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from alliancelens.measures import Alert, MeasureDefinition, Trajectory, build_report
from alliancelens.measures.change import ChangeCategory, ChangeResult
from alliancelens.measures.coverage import not_evaluated_at
from alliancelens.measures.entry import POPULATION_CHANGED, rater_label
from alliancelens.measures.expected import track_text
from alliancelens.measures.scoring import direction_note, fmt, fmt_score
from alliancelens.measures.trajectory import TrajectoryPoint
from alliancelens.records import stored_administrations
from alliancelens.records.measures import registry_for
from alliancelens.security.policy import Actor
from alliancelens.storage import Database

__all__ = [
    "MeasureSeries",
    "MeasuresView",
    "client_measures",
    "not_evaluated_words",
    "scale_choices",
    "sparkline_points",
    "unevaluated_populations",
]

#: Size of the sparkline drawing (SVG user units).
SPARK_WIDTH = 160
SPARK_HEIGHT = 36
_PAD = 3


@dataclass(frozen=True, slots=True)
class MeasureRow:
    """One administration in the table."""

    date: str
    session: str | None
    total: str
    severity: str
    change: str
    subscales: str = ""  # e.g. WAI-SR "goal 11, task 11, bond 17; means 2.75, 2.75, 4.25"
    track: str = ""  # expected-response status with expected score and boundary (ORS)


@dataclass(frozen=True, slots=True)
class MeasureSeries:
    """One measure's series by one respondent: title, rows, sparkline points, range meaning."""

    measure: str
    title: str  # "ORS — Outcome Rating Scale", plus " — completed by caregiver" when labelled
    rows: tuple[MeasureRow, ...]
    points: str
    range_text: str
    has_subscales: bool = False
    has_track: bool = False
    cutoff: str = ""  # reference line, e.g. "clinical cut-off 25 (adult)"
    cutoff_y: float | None = None  # its height on the sparkline
    completed_by: str = "client"  # the respondent of every form in the series
    rater: str = ""  # "completed by caregiver" (empty: the client's only series of the measure)


@dataclass(frozen=True, slots=True)
class MeasuresView:
    """A client's series (one per measure and respondent) and the alerts at each latest form."""

    series: tuple[MeasureSeries, ...]
    alerts: tuple[Alert, ...]
    # rules that did not run at each series' latest form: (measure, kind, reason), the measure
    # labelled with another rater ("ORS (completed by caregiver)"); shown next to the alerts so
    # that no alert is never read as an all-clear for them
    not_evaluated: tuple[tuple[str, str, str], ...] = ()
    #: why, in order: the populations without values ("child", "caregiver") and population
    #: changes since intake ("adolescent → adult"), each once
    not_evaluated_for: tuple[str, ...] = ()
    #: which definitions scored the forms (shipped, or with the clinic's own; QA38 #1)
    definitions: str = ""
    #: each alert's evidence scores at the measure's own precision, in ``alerts`` order
    #: (``30.0, 24.0`` for the ORS, never ``30, 24``)
    alert_scores: tuple[str, ...] = ()

    @property
    def not_evaluated_text(self) -> str:
        """``10 rules not evaluated for this population (child)``; empty when every rule ran."""
        return not_evaluated_words(len(self.not_evaluated), self.not_evaluated_for)


#: Joins an intake population and the latest one in a population change ("adolescent → adult").
CHANGE_ARROW = " → "


def not_evaluated_words(count: int, populations: tuple[str, ...]) -> str:
    """How many alert rules did not run and why (QA35 #4, QA38 #3); empty for none.

    ``populations`` holds populations without values (``child``) and population changes since
    intake (``adolescent → adult``), as :func:`unevaluated_populations` gives them: "for this
    population (child)", "after a population change since intake (adolescent → adult)", or
    both. Shown wherever measure alerts are summed up, so that "no alerts" is never read as an
    all-clear for rules that did not run (clinical-reference.md §0.2 rule 4, as "not analysed"
    is never "no risk").
    """
    if not count:
        return ""
    plain = [p for p in populations if CHANGE_ARROW not in p]
    changes = [p for p in populations if CHANGE_ARROW in p]
    reasons = []
    if plain or not changes:
        which = "these populations" if len(plain) > 1 else "this population"
        reasons.append(f"for {which} ({', '.join(plain)})")
    if changes:
        which = "population changes" if len(changes) > 1 else "a population change"
        reasons.append(f"after {which} since intake ({', '.join(changes)})")
    rules = "rule" if count == 1 else "rules"
    return f"{count} {rules} not evaluated {' or '.join(reasons)}"


def unevaluated_populations(
    trajectories: tuple[Trajectory, ...], report_defs: Mapping[str, MeasureDefinition]
) -> tuple[str, ...]:
    """Why rules did not run at each series' latest form: populations and changes, each once.

    A rule that did not run because the population changed since intake gives the change
    (``adolescent → adult``), not the latest population: "not evaluated for this population
    (adult)" would read as if the adult rules did not apply to adults (QA38 #3).
    """
    found: dict[str, None] = {}
    for t in trajectories:
        if not t.points:
            continue
        for item in not_evaluated_at(report_defs[t.measure], t):
            if POPULATION_CHANGED in item.reason:
                found.setdefault(f"{t.points[0].population}{CHANGE_ARROW}{t.latest.population}")
            else:
                found.setdefault(t.latest.population)
    return tuple(found)


def scale_choices(defn: MeasureDefinition) -> list[dict[str, str]]:
    """Options of an ordinal whole-number scale (value and anchor label), else [] (typed in)."""
    scale = defn.response
    if scale.kind != "ordinal" or scale.decimals != 0:
        return []
    labels = {a.value: a.label for a in scale.anchors}
    values = range(int(scale.minimum), int(scale.maximum) + 1)
    return [{"value": str(v), "label": labels.get(float(v), "")} for v in values]


def sparkline_points(totals: tuple[float, ...], low: float, high: float) -> str:
    """SVG ``polyline`` points for ``totals`` on a fixed ``low``–``high`` scale (oldest left)."""
    if not totals:
        return ""
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * _PAD) / max(len(totals) - 1, 1)
    usable = SPARK_HEIGHT - 2 * _PAD
    coords = []
    for number, total in enumerate(totals):
        share = min(max((total - low) / span, 0.0), 1.0)
        x = _PAD + number * step if len(totals) > 1 else SPARK_WIDTH / 2
        coords.append(f"{x:.1f},{_PAD + (1 - share) * usable:.1f}")
    return " ".join(coords)


def _change_words(change: ChangeResult, defn: MeasureDefinition) -> str:
    """The change category in plain words (QA21 item 14).

    ``unchanged`` reads "no reliable change" with the size a reliable change needs (a 4-point
    ORS fall is not "unchanged"); ``not_available`` says that the reliable-change test could not
    be made and why, never "not available" next to the change it does show (QA29 #15). On a
    lower-is-better measure both say "higher = worse" first (QA38 #12).
    """
    sign = f"{note}; " if (note := direction_note(defn)) else ""
    if change.category is ChangeCategory.NOT_AVAILABLE:
        why = (change.reason or "no reliable-change value for this measure").removesuffix(
            " (see its docs page)"
        )
        return f"{sign}reliable change not assessed: {why}"
    if change.category is ChangeCategory.UNCHANGED:
        need = f"; needs {fmt(change.threshold)}" if change.threshold is not None else ""
        return f"{sign}no reliable change{need}"
    return change.category.value


def _subscales(point: TrajectoryPoint) -> str:
    """Subscale sums and item means as the CLI/JSON give them (clinical-reference.md §2.2)."""
    score = point.score
    if not score.subscales:
        return ""
    text = ", ".join(f"{name} {fmt(value)}" for name, value in score.subscales.items())
    if score.means:  # each mean named by its subscale (QA38 #14)
        means = ", ".join(f"{name} {fmt(score.means[name])}" for name in score.subscales)
        text += f"; item means {means}, total {fmt(score.means['total'])}"
    return text


def _track(point: TrajectoryPoint) -> str:
    """Expected-response status per form: ``on track (expected 22.88, boundary 17.88)``."""
    return track_text(point.expected)  # the words of `clients show` too (QA43 #12)


def _row(defn: MeasureDefinition, p: TrajectoryPoint) -> MeasureRow:
    change = (
        ""
        if p.change is None
        else f"{p.change.delta:+.{defn.response.decimals}f} ({_change_words(p.change, defn)})"
    )
    total = fmt_score(defn, p.score.total)
    return MeasureRow(
        p.date.isoformat(),
        p.session,
        total,
        p.score.severity or "",
        change,
        _subscales(p),
        _track(p),
    )


def _reference_line(defn: MeasureDefinition, trajectory: Trajectory) -> tuple[str, float | None]:
    """The series' cut-off (alliance or clinical) as text, and its sparkline height.

    One line only when every form of the series has the same population: a series that spans
    populations (adolescent forms, then adult) has a cut-off per population, so the text lists
    each and no line is drawn (one line would sit at the wrong height for the other forms;
    QA38 #5). A population without the cut-off says so.
    """
    populations = list(dict.fromkeys(p.population for p in trajectory.points))
    for name in ("alliance", "clinical"):
        if not any(c.name == name for c in defn.cutoffs):
            continue
        cutoffs = [(p, defn.cutoff(name, p)) for p in populations]
        if len(populations) > 1:
            each = ", ".join(
                f"{p} {fmt(c.value)}" if c is not None else f"{p} none" for p, c in cutoffs
            )
            return f"{name} cut-off by population: {each} (no line: the forms span them)", None
        population, cutoff = cutoffs[0]
        if cutoff is None:
            continue
        share = (cutoff.value - defn.total_min) / ((defn.total_max - defn.total_min) or 1.0)
        y = _PAD + (1 - min(max(share, 0.0), 1.0)) * (SPARK_HEIGHT - 2 * _PAD)
        return f"{name} cut-off {fmt(cutoff.value)} ({population})", round(y, 1)
    return "", None


def _series(defn: MeasureDefinition, trajectory: Trajectory, rater: str = "") -> MeasureSeries:
    rows = tuple(_row(defn, p) for p in trajectory.points)
    better = "higher is better" if defn.higher_is_better else "lower is better"
    cutoff, cutoff_y = _reference_line(defn, trajectory)
    return MeasureSeries(
        defn.name,
        f"{defn.short} — {defn.title}" + (f" — {rater}" if rater else ""),
        rows,
        sparkline_points(trajectory.totals, defn.total_min, defn.total_max),
        f"{defn.total_min:g}–{defn.total_max:g}, {better}",
        has_subscales=any(r.subscales for r in rows),
        has_track=any(r.track for r in rows),
        cutoff=cutoff,
        cutoff_y=cutoff_y,
        completed_by=trajectory.completed_by,
        rater=rater,
    )


def _rater(trajectory: Trajectory, trajectories: tuple[Trajectory, ...]) -> str:
    """Label a series by its respondent when another rater's series of its measure exists."""
    raters = sum(t.measure == trajectory.measure for t in trajectories)
    return rater_label(trajectory.completed_by, always=raters > 1)


def client_measures(database: Database, actor: Actor, *, client_id: int) -> MeasuresView:
    """The client's stored forms scored into series and alerts (empty when there are none)."""
    administrations = stored_administrations(database, actor, client_id=client_id)
    if not administrations:
        return MeasuresView((), ())
    report = build_report(administrations, registry_for(database))
    client = report.clients[0]
    every = client.trajectories
    series = tuple(_series(report.definitions[t.measure], t, _rater(t, every)) for t in every)
    missing = tuple(
        (_measure_label(report.definitions[t.measure], t), item.kind.replace("_", " "), item.reason)
        for t in every
        for item in not_evaluated_at(report.definitions[t.measure], t)
    )
    populations = unevaluated_populations(every, report.definitions)
    scores = tuple(
        ", ".join(fmt_score(report.definitions[a.measure], s) for s in a.evidence.scores)
        for a in client.alerts
    )
    return MeasuresView(
        series,
        client.alerts,
        missing,
        populations,
        report.definitions_source.describe(),
        alert_scores=scores,
    )


def _measure_label(defn: MeasureDefinition, trajectory: Trajectory) -> str:
    """``ORS``, or ``ORS (completed by caregiver)`` for another rater's series."""
    rater = rater_label(trajectory.completed_by)
    return f"{defn.short} ({rater})" if rater else defn.short
