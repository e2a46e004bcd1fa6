"""Findings: what analysers conclude, with provenance and the utterances behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

__all__ = ["AnalyserRun", "Evidence", "Finding", "Provenance", "RunStatus", "Scope"]


class Scope(StrEnum):
    """Whether a finding is about one utterance or about the whole session."""

    UTTERANCE = "utterance"
    SESSION = "session"


class RunStatus(StrEnum):
    """What happened to an analyser in a pipeline run.

    ``failed`` and ``skipped`` mean *not analysed*, which is never the same as *nothing found*.
    """

    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a finding rests on: utterance indexes and, optionally, named score values."""

    utterance_indexes: tuple[int, ...] = ()
    scores: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "utterance_indexes", tuple(self.utterance_indexes))
        if not isinstance(self.scores, MappingProxyType):
            object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))


@dataclass(frozen=True, slots=True)
class Provenance:
    """Which analyser (name, version, parameters) produced a finding."""

    analyser: str
    version: int
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.params, MappingProxyType):
            object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True, slots=True)
class Finding:
    """One conclusion. ``kind`` is dotted (``talk.summary``); its first part names the family.

    Session-scope findings become ``summary[family]`` in reports; utterance-scope findings (with
    ``utterance_index``) are merged into that utterance's ``codes``. ``value`` must be
    JSON-serialisable (dicts, lists, strings, numbers, booleans, None).
    """

    kind: str
    value: Any
    provenance: Provenance
    evidence: Evidence = field(default_factory=Evidence)
    scope: Scope = Scope.SESSION
    utterance_index: int | None = None

    @property
    def family(self) -> str:
        """First dotted part of ``kind`` (the key used in report summaries)."""
        return self.kind.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class AnalyserRun:
    """The record of one analyser in one pipeline run: status, and the reason if not ``ok``."""

    name: str
    version: int
    status: RunStatus
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    reason: str | None = None
    seconds: float = 0.0
    findings: int = 0
