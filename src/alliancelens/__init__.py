"""AllianceLens: local-first therapeutic-alliance intelligence.

Small public API::

    from alliancelens import read_file, analyse
    result = analyse(read_file("session.vtt").sessions[0])
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("alliancelens")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

from alliancelens.analysers import AnalysisResult, Pipeline, default_pipeline
from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.ingest import read_file


def analyse(session: Session, pipeline: Pipeline | None = None) -> AnalysisResult:
    """Run the default pipeline (or ``pipeline``) on one session."""
    return (pipeline or default_pipeline()).run(session)


__all__ = [
    "AnalysisResult",
    "Pipeline",
    "Role",
    "Session",
    "Speaker",
    "Utterance",
    "__version__",
    "analyse",
    "default_pipeline",
    "read_file",
]
