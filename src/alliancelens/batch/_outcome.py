"""What a run reports: progress while it runs, and the finished run (folder and manifest)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["BatchProgress", "BatchRun"]


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a run is: inputs done of total, sessions analysed, failures, and the phase."""

    total: int
    done: int = 0
    sessions: int = 0
    failed: int = 0
    resumed: int = 0
    phase: str = "analysing"  # analysing | writing | done


@dataclass(frozen=True, slots=True)
class BatchRun:
    """A finished run: its output folder and manifest.

    ``input_names`` maps the labels that name inputs in the manifest and tables without
    ``keep_ids`` (``input-0007``, ``<empty folder 1>``) to their paths. It is kept in memory
    only, for the operator's own messages, and never written anywhere.
    """

    directory: Path
    manifest: dict[str, Any]
    input_names: Mapping[str, str] = field(default_factory=dict)

    def real_name(self, name: str) -> str:
        """The path behind a manifest's input name (the name itself when ids were kept)."""
        return self.input_names.get(name, name)

    def with_real_names(self, text: str) -> str:
        """``text`` (e.g. a failure message) with every input label replaced by its path."""
        for label, path in self.input_names.items():
            text = text.replace(label, path)
        return text

    @property
    def failures(self) -> list[dict[str, Any]]:
        """Failed inputs (path, sha256, code, message)."""
        failures: list[dict[str, Any]] = self.manifest["failures"]
        return failures

    @property
    def written(self) -> bool:
        """Whether tables and manifest were written (False: no input succeeded, DIR untouched)."""
        return bool(self.manifest["output"]["written"])

    @property
    def complete(self) -> bool:
        """Whether the run counts as successful: some input done, every INPUT found and read.

        Only then are parts of inputs no longer among INPUTS deleted (``docs/batch.md``).
        """
        return self.manifest["output"]["stale_parts_deleted"] is not None

    @property
    def empty_inputs(self) -> list[str]:
        """INPUTS that are folders without any transcript file."""
        empty: list[str] = self.manifest["empty_inputs"]
        return empty

    @property
    def sessions_not_fully_analysed(self) -> int:
        """Sessions where at least one analyser failed or was skipped (*not analysed*)."""
        count: int = self.manifest["totals"]["sessions_not_fully_analysed"]
        return count
