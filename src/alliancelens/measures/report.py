"""Per-client measures report: trajectories, change and alerts from a file of administrations.

This is the use case behind ``alliancelens measures import`` and the measures part of
``alliancelens demo``. The side-by-side view of client-rated and transcript-estimated alliance
(``measures.agreement``, ``alliancelens measures compare``) joins these administrations with the
transcript analyser's findings by session id (``TrajectoryPoint.session``).
"""

from __future__ import annotations

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
