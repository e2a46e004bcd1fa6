"""The analyser interface shared by every analyser.

An analyser has a stable dotted ``name``, an integer ``version`` (bumped whenever its output for
the same input can change), ``requires`` (capabilities of the session such as ``roles``, or finding
kinds another analyser produces), optionally ``uses`` (finding kinds it reads when present: the
default pipeline runs it after their producers, but it also runs, and says so, without them) and
``produces`` (the finding kinds it emits). Its constructor
only stores keyword-only parameters, scikit-learn style, so ``get_params()`` can read them back and
every result records them. ``analyse(session, upstream=...)`` is pure: same input, same output, no
mutation, no I/O.
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any, ClassVar

from alliancelens.domain import Evidence, Finding, Provenance, Scope, Session

__all__ = ["SESSION_CAPABILITIES", "Analyser", "FindingSet"]

#: Requirements that the session itself satisfies (every ingested session has resolved roles).
SESSION_CAPABILITIES: frozenset[str] = frozenset({"utterances", "roles"})


@dataclass(frozen=True, slots=True)
class FindingSet:
    """An immutable bag of findings, with lookups by kind."""

    findings: tuple[Finding, ...] = ()

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        """All findings whose kind is ``kind``."""
        return tuple(f for f in self.findings if f.kind == kind)

    def plus(self, more: Iterable[Finding]) -> FindingSet:
        """A new set with ``more`` appended."""
        return FindingSet((*self.findings, *more))


EMPTY_FINDINGS = FindingSet()


class Analyser(ABC):
    """Base class for analysers. Subclasses set the class variables and implement ``_analyse``."""

    name: ClassVar[str]
    version: ClassVar[int]
    requires: ClassVar[frozenset[str]] = frozenset({"roles"})
    #: Finding kinds read when present (ordering only: never blocks, never skips the analyser).
    uses: ClassVar[frozenset[str]] = frozenset()
    produces: ClassVar[frozenset[str]]
    description: ClassVar[str] = ""

    def get_params(self) -> Mapping[str, Any]:
        """The constructor's keyword-only parameters and their current values."""
        signature = inspect.signature(type(self).__init__)
        keyword_only = inspect.Parameter.KEYWORD_ONLY
        names = [p.name for p in signature.parameters.values() if p.kind is keyword_only]
        return MappingProxyType({name: getattr(self, name) for name in names})

    @cached_property
    def provenance(self) -> Provenance:
        """Provenance stamped on every finding this analyser emits.

        Computed once per instance: parameters are fixed after construction (make a new analyser
        to change them).
        """
        return Provenance(self.name, self.version, self.get_params())

    def analyse(self, session: Session, *, upstream: FindingSet = EMPTY_FINDINGS) -> list[Finding]:
        """Analyse ``session`` (and findings of required kinds in ``upstream``); pure."""
        return list(self._analyse(session, upstream))

    @abstractmethod
    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        """Yield findings for ``session``."""

    def session_finding(
        self,
        kind: str,
        value: Any,
        *,
        utterance_indexes: Iterable[int] = (),
        scores: Mapping[str, float] | None = None,
    ) -> Finding:
        """Build a session-scope finding with this analyser's provenance."""
        return Finding(
            kind=kind,
            value=value,
            provenance=self.provenance,
            evidence=Evidence(tuple(utterance_indexes), scores or {}),
            scope=Scope.SESSION,
        )

    def utterance_finding(self, kind: str, value: Any, *, utterance_index: int) -> Finding:
        """Build an utterance-scope finding (merged into that utterance's ``codes``)."""
        return Finding(
            kind=kind,
            value=value,
            provenance=self.provenance,
            evidence=Evidence((utterance_index,)),
            scope=Scope.UTTERANCE,
            utterance_index=utterance_index,
        )
