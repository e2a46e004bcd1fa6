"""Client-rated measures: definitions as data, scoring, change, expected response and alerts.

::

    from alliancelens.measures import registry_in_use, score_responses
    registry = registry_in_use()                    # shipped + the clinic's own definitions
    score = score_responses(registry.get("srs"), [8.5, 9.1, 7.0, 9.4])
    score.total, score.flags                        # 34.0, (alliance_below_cutoff, ...)

Every cut-off and constant is cited in its definition file (``measures/definitions/*.toml``)
against ``clinical-reference.md``. Imports point one way: ``domain``, ``errors`` and this package.
"""

from __future__ import annotations

from alliancelens.measures.alerts import (
    Alert,
    AlertConfig,
    AlertEvidence,
    AlertKind,
    alert_history,
    alerts_at,
    parse_alert_kinds,
)
from alliancelens.measures.change import (
    ChangeCategory,
    ChangeResult,
    JacobsonTruaxCutoffs,
    classify_change,
    jacobson_truax_cutoffs,
    reliable_change_index,
    reliable_change_threshold,
)
from alliancelens.measures.definition import ExpectedResponseParams, MeasureDefinition
from alliancelens.measures.expected import (
    Estimate,
    ExpectedPoint,
    TrackStatus,
    estimate_parameters,
    expected_score,
    track_series,
)
from alliancelens.measures.fhir import (
    administrations_from_fhir,
    bundle,
    questionnaire,
    questionnaire_response,
)
from alliancelens.measures.registry import (
    DefinitionsSource,
    Registry,
    default_user_dir,
    import_definition,
    load_registry,
    registry_in_use,
)
from alliancelens.measures.report import (
    ClientReport,
    MeasuresReport,
    build_report,
    demo_csv,
    read_administrations,
    report_for_csv,
    session_alerts,
)
from alliancelens.measures.scoring import Flag, Score, parse_responses, score_responses
from alliancelens.measures.trajectory import Trajectory, TrajectoryPoint, build_trajectory

__all__ = [
    "Alert",
    "AlertConfig",
    "AlertEvidence",
    "AlertKind",
    "ChangeCategory",
    "ChangeResult",
    "ClientReport",
    "DefinitionsSource",
    "Estimate",
    "ExpectedPoint",
    "ExpectedResponseParams",
    "Flag",
    "JacobsonTruaxCutoffs",
    "MeasureDefinition",
    "MeasuresReport",
    "Registry",
    "Score",
    "TrackStatus",
    "Trajectory",
    "TrajectoryPoint",
    "administrations_from_fhir",
    "alert_history",
    "alerts_at",
    "build_report",
    "build_trajectory",
    "bundle",
    "classify_change",
    "default_user_dir",
    "demo_csv",
    "estimate_parameters",
    "expected_score",
    "import_definition",
    "jacobson_truax_cutoffs",
    "load_registry",
    "parse_alert_kinds",
    "parse_responses",
    "questionnaire",
    "questionnaire_response",
    "read_administrations",
    "registry_in_use",
    "reliable_change_index",
    "reliable_change_threshold",
    "report_for_csv",
    "score_responses",
    "session_alerts",
    "track_series",
]
