"""Pure data: sessions, utterances, speakers, roles and findings. No I/O, no imports of ours."""

from alliancelens.domain.findings import (
    AnalyserRun,
    Evidence,
    Finding,
    Provenance,
    RunStatus,
    Scope,
)
from alliancelens.domain.measures import AdministrationMode, MeasureAdministration
from alliancelens.domain.session import ROLES_GUESSED, Role, Session, Speaker, Utterance

__all__ = [
    "ROLES_GUESSED",
    "AdministrationMode",
    "AnalyserRun",
    "Evidence",
    "Finding",
    "MeasureAdministration",
    "Provenance",
    "Role",
    "RunStatus",
    "Scope",
    "Session",
    "Speaker",
    "Utterance",
]
