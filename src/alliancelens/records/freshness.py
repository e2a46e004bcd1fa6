"""Is a stored analysis current? Compare its analyser versions with the installed analysers.

An analyser's ``version`` is bumped whenever its output for the same input changes
(analysers/base.py), so a stored analysis made by an older version (or without an analyser that
is installed now) may say something the installed analysers would not. Such an analysis is
*outdated*: every view of it says so and how to refresh it, and an outdated risk screen is never
summarised as "no risk language flagged".

A session's *analysis state* is one of ``not analysed``, ``current``, ``outdated`` and
``purged`` (its text was removed by retention, so it can never be re-analysed; its stored
analysis, outdated or not, is all there is).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from alliancelens.analysers.registry import available

__all__ = [
    "RISK_ANALYSER",
    "AnalysisState",
    "OutdatedRun",
    "analysis_state",
    "installed_versions",
    "outdated_notice",
    "outdated_runs",
]

#: The transcript risk screen; an outdated one is "screened with an older version", never "none".
RISK_ANALYSER = "risk.language"


class AnalysisState(StrEnum):
    """Where a stored session's analysis stands against the installed analysers."""

    NOT_ANALYSED = "not analysed"
    CURRENT = "current"
    OUTDATED = "outdated"
    PURGED = "purged"


@dataclass(frozen=True, slots=True)
class OutdatedRun:
    """An analyser whose stored output is older than the installed one; ``stored`` None: not run."""

    name: str
    stored: int | None
    current: int

    @property
    def text(self) -> str:
        """``risk.language v1; current v15`` (or ``… not run; current v3``)."""
        made = "not run" if self.stored is None else f"v{self.stored}"
        return f"{self.name} {made}; current v{self.current}"


def installed_versions() -> dict[str, int]:
    """The installed (registered) analysers' versions by name."""
    return {name: cls.version for name, cls in available().items()}


def outdated_runs(
    runs: Iterable[tuple[str, int]], installed: Mapping[str, int] | None = None
) -> tuple[OutdatedRun, ...]:
    """The analysers of a stored analysis (name, version) that are older than the installed ones.

    An installed analyser missing from the stored runs counts too (it was added since); an
    analyser no longer installed, or a newer stored version, does not.
    """
    current = installed_versions() if installed is None else installed
    stored = dict(runs)
    found = []
    for name, version in current.items():
        made = stored.get(name)
        if made is None or made < version:
            found.append(OutdatedRun(name, made, version))
    return tuple(found)


def analysis_state(*, analysed: bool, outdated: bool, purged: bool) -> AnalysisState:
    """The state shown in ``sessions list``; a purged session is ``purged`` whatever it holds."""
    if purged:
        return AnalysisState.PURGED
    if not analysed:
        return AnalysisState.NOT_ANALYSED
    return AnalysisState.OUTDATED if outdated else AnalysisState.CURRENT


def outdated_notice(session_id: int, outdated: Iterable[OutdatedRun], *, purged: bool) -> str:
    """One line for any view: which analysers are older and what to do (no client data)."""
    found = tuple(outdated)
    noun = "an older analyser" if len(found) == 1 else "older analysers"
    what = " / ".join(run.text for run in found)
    if purged:
        todo = "its text was purged (retention), so it cannot be re-analysed"
    else:
        todo = f"re-analyse: `alliancelens sessions analyse {session_id}`"
    return f"session {session_id}: analysis made with {noun} ({what}) — {todo}"
