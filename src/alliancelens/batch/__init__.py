"""Batch analysis of whole corpora: tidy tables (Parquet + CSV), a manifest, resume, Ray.

::

    from alliancelens.batch import analyse_corpus
    tables = analyse_corpus(["corpus/"], workers=2)
    tables.sessions.head()

Everything here is imported lazily: pandas, pyarrow and Ray load only when used, and worker
processes import only what analysing needs. See ``docs/batch.md``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alliancelens.batch._runner import BatchInterrupted, BatchProgress, BatchRun, run_batch
    from alliancelens.batch.api import CorpusFailuresWarning, CorpusTables, analyse_corpus
    from alliancelens.batch.convokit import export_convokit

__all__ = [
    "BatchInterrupted",
    "BatchProgress",
    "BatchRun",
    "CorpusFailuresWarning",
    "CorpusTables",
    "analyse_corpus",
    "export_convokit",
    "run_batch",
]

_WHERE = {
    "BatchInterrupted": "alliancelens.batch._runner",
    "BatchProgress": "alliancelens.batch._runner",
    "BatchRun": "alliancelens.batch._runner",
    "run_batch": "alliancelens.batch._runner",
    "CorpusFailuresWarning": "alliancelens.batch.api",
    "CorpusTables": "alliancelens.batch.api",
    "analyse_corpus": "alliancelens.batch.api",
    "export_convokit": "alliancelens.batch.convokit",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use (keeps ``import alliancelens.batch`` light)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module), name)
