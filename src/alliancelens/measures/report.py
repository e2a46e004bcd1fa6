"""Per-client measures report: trajectories, change and alerts from a file of administrations.

This is the use case behind ``alliancelens measures import`` and the measures part of
``alliancelens demo``. The side-by-side view of client-rated and transcript-estimated alliance
(``measures.agreement``, ``alliancelens measures compare``) joins these administrations with the
transcript analyser's findings by session id (``TrajectoryPoint.session``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from alliancelens.domain import MeasureAdministration
from alliancelens.measures.alerts import Alert, AlertConfig, alert_history, alerts_at
from alliancelens.measures.definition import ExpectedResponseParams, MeasureDefinition
from alliancelens.measures.entry import rater_order, respondent
from alliancelens.measures.fhir import read_fhir_file
from alliancelens.measures.importing import read_administrations_csv
from alliancelens.measures.registry import DefinitionsSource, Registry, registry_in_use
from alliancelens.measures.trajectory import Trajectory, build_trajectory, checked_administrations

__all__ = [
    "ClientReport",
    "MeasuresReport",
    "build_report",
    "demo_csv",
    "latest_first",
    "read_administrations",
    "report_for_csv",
    "session_alerts",
]


@dataclass(frozen=True, slots=True)
class ClientReport:
    """One client's trajectories (one per measure and respondent: by name, client's first)."""

    client: str
    trajectories: tuple[Trajectory, ...]
    alerts: tuple[Alert, ...]


@dataclass(frozen=True, slots=True)
class MeasuresReport:
    """Every client's report, in order of first appearance in the source.

    ``definitions_source`` says which definitions scored it (shipped, or with the clinic's own
    from which directory); every report names it (QA38 #1).
    """

    source: str
    clients: tuple[ClientReport, ...]
    definitions: Mapping[str, MeasureDefinition] = field(default_factory=dict)
    history: bool = False
    config: AlertConfig = field(default_factory=AlertConfig)
    definitions_source: DefinitionsSource = field(default_factory=DefinitionsSource)


def demo_csv() -> Path:
    """The synthetic demo administrations shipped with AllianceLens."""
    return Path(str(resources.files("alliancelens") / "demo" / "measures.csv"))


def read_administrations(path: Path, registry: Registry) -> tuple[MeasureAdministration, ...]:
    """Administrations from a CSV file or, for ``.json``, a FHIR Bundle/QuestionnaireResponse."""
    if path.suffix.lower() == ".json":
        return read_fhir_file(path, registry)
    return read_administrations_csv(path, registry)


def build_report(
    administrations: Iterable[MeasureAdministration],
    registry: Registry,
    *,
    config: AlertConfig | None = None,
    params: Mapping[str, ExpectedResponseParams] | None = None,
    history: bool = False,
    source: str = "",
) -> MeasuresReport:
    """Group by client, measure and respondent, build trajectories and evaluate alerts.

    Each respondent of a measure (the client, a caregiver, …) gets its own trajectory and its own
    alerts, the client's own series first: a caregiver's form never enters the client's series.

    ``params`` overrides expected-response parameters per measure name (e.g. estimated from the
    clinic's own data). ``history`` evaluates alerts at every administration instead of only at
    each measure's latest one. The forms follow the same entry rules as a CSV import
    (:func:`~alliancelens.measures.trajectory.checked_administrations`): populations match
    ignoring case and unknown ones, future dates and duplicate forms are refused, and errors name
    the form by its position and date.
    """
    config = config or AlertConfig()
    params = params or {}
    grouped: dict[str, dict[tuple[str, str], list[MeasureAdministration]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for admin in checked_administrations(administrations, registry.get):
        grouped[admin.client][admin.measure, respondent(admin)].append(admin)
    clients = []
    used: dict[str, MeasureDefinition] = {}
    for client, by_series in grouped.items():
        trajectories: list[Trajectory] = []
        alerts: list[Alert] = []
        for name, rater in sorted(by_series, key=lambda k: (k[0], rater_order(k[1]))):
            defn = used.setdefault(name, registry.get(name))
            series = by_series[name, rater]
            trajectory = build_trajectory(defn, series, params=params.get(name))
            trajectories.append(trajectory)
            evaluate = alert_history if history else alerts_at
            alerts.extend(evaluate(defn, trajectory, config))
        alerts.sort(key=_history_order if history else _latest_order)
        clients.append(ClientReport(client, tuple(trajectories), tuple(alerts)))
    return MeasuresReport(
        source, tuple(clients), dict(sorted(used.items())), history, config, registry.source
    )


_SEVERITY_ORDER = {"urgent": 0, "warning": 1, "info": 2}


def latest_first(alerts: Iterable[Alert]) -> tuple[Alert, ...]:
    """Alerts in the report's order: most pressing first (urgent, warning, info), then newest."""
    return tuple(sorted(alerts, key=_latest_order))


def _latest_order(alert: Alert) -> tuple[int, int, str]:
    """Most pressing first (urgent, warning, info), then newest first: urgent is acted on today."""
    return (_SEVERITY_ORDER.get(alert.severity, 3), -alert.date.toordinal(), alert.measure)


def _history_order(alert: Alert) -> tuple[int, int, str]:
    """An alert history reads in date order (most pressing first within a day)."""
    return (alert.date.toordinal(), _SEVERITY_ORDER.get(alert.severity, 3), alert.measure)


def session_alerts(report: MeasuresReport | None, session: str) -> tuple[Alert, ...]:
    """The alerts raised at the forms given at ``session``, as they stood when each was recorded.

    Each form's alerts read the series up to and including that form (:func:`alerts_at` at its
    index), never the latest form's: a later form does not take the PHQ-9 item-9 prompt, an SRS
    below the cut-off or a reliable deterioration off the note, page or insights of the session
    the form was given at (QA43 #1, #3). Current-state views (the caseload's alerts) keep
    :attr:`ClientReport.alerts`. A series the viewer sees only part of (a supervisor: change
    since intake is left out of every later form) gives each form's own flags only, as the
    report's own alerts do; its latest form keeps the report's alerts. Order: each client's own
    series first, then the most pressing and newest first.
    """
    if report is None:
        return ()
    found: list[Alert] = []
    for client in report.clients:
        alerts: list[Alert] = []
        for trajectory in client.trajectories:
            last = len(trajectory.points) - 1
            for index, point in enumerate(trajectory.points):
                if point.session != session:
                    continue
                if index == last:
                    alerts.extend(_report_alerts(client, trajectory, point.date))
                    continue
                defn = report.definitions[trajectory.measure]
                series = not _series_withheld(trajectory)
                alerts.extend(
                    alerts_at(defn, trajectory, report.config, index=index, series=series)
                )
        alerts.sort(key=lambda a: (rater_order(a.completed_by), *_latest_order(a)))
        found.extend(alerts)
    return tuple(found)


def _report_alerts(client: ClientReport, trajectory: Trajectory, day: dt.date) -> list[Alert]:
    """The report's own alerts at the latest form of ``trajectory`` (dated ``day``)."""
    return [
        a
        for a in client.alerts
        if a.measure == trajectory.measure
        and a.completed_by == trajectory.completed_by
        and a.date == day
    ]


def _series_withheld(trajectory: Trajectory) -> bool:
    """Whether the series results were left out (some forms withheld from the viewer).

    A whole series has a change since intake at every form after the first
    (:class:`~alliancelens.measures.trajectory.TrajectoryPoint`); one scored from part of the
    series has it at none (records/supervision.py ``scored_forms``).
    """
    return any(p.change is None for p in trajectory.points[1:])


def report_for_csv(
    path: Path,
    *,
    registry: Registry | None = None,
    config: AlertConfig | None = None,
    history: bool = False,
) -> MeasuresReport:
    """Read ``path`` (CSV, or FHIR JSON) and build the measures report for every client in it.

    Without ``registry``: :func:`~alliancelens.measures.registry.registry_in_use` (the clinic's
    definitions in force, as every other surface uses them).
    """
    registry = registry or registry_in_use()
    admins = read_administrations(path, registry)
    return build_report(admins, registry, config=config, history=history, source=str(path))
