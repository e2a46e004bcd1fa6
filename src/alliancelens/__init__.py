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

from typing import TYPE_CHECKING, Any

from alliancelens.analysers import AnalysisResult, Pipeline, default_pipeline
from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.ingest import read_file

if TYPE_CHECKING:
    from alliancelens.batch import analyse_corpus


def analyse(session: Session, pipeline: Pipeline | None = None) -> AnalysisResult:
    """Run the default pipeline (or ``pipeline``) on one session."""
    return (pipeline or default_pipeline()).run(session)


def __getattr__(name: str) -> Any:
    """Lazy names: ``analyse_corpus`` loads pandas and pyarrow only when first used."""
    if name == "analyse_corpus":
        from alliancelens.batch.api import analyse_corpus  # noqa: PLC0415 - lazy on purpose

        return analyse_corpus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AnalysisResult",
    "Pipeline",
    "Role",
    "Session",
    "Speaker",
    "Utterance",
    "__version__",
    "analyse",
    "analyse_corpus",
    "default_pipeline",
    "read_file",
]
