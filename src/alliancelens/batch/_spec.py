"""What a batch run computes with: the pipeline as data, the read and row options, cache keys.

A :class:`RunSpec` travels to every worker (process or Ray node), which rebuilds the pipeline
from the analyser registry once per process. Its :meth:`~RunSpec.fingerprint` is part of the
resume key: an input is skipped by ``--resume`` only when its content hash *and* this
fingerprint (analyser names, versions, parameters, read options, row layout) are unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliancelens.analysers import Pipeline, available
from alliancelens.errors import UsageError
from alliancelens.ingest import get as get_reader

__all__ = [
    "ROWS_LAYOUT",
    "AnalyserSpec",
    "RunSpec",
    "check_read_options",
    "input_label",
    "jsonable",
    "part_key",
    "pseudonymous_session_id",
    "sha256_hex",
]

#: Version of the table layout (columns and flattening rules); bumped when rows can change.
#: 2: without include_text, quoted transcript words in values are withheld (a resumed batch must
#: not mix parts written before that with parts written after).
#: 3: the speaker-role guess changed (question forms, reflections and pronouns instead of "most
#: '?', ties: who spoke first"), so files without role labels can get other roles; parts also
#: record session ids (for the duplicate check).
#: 5: without keep_ids (QA39 #3), ``session_id`` is a pseudonym
#: (:func:`pseudonymous_session_id`) and inputs are named ``input-<n>``, not by file path.
#: 6: without keep_dates (implied by keep_ids), the ``sessions`` table's ``date`` is empty.
ROWS_LAYOUT = 6

_PIPELINES: dict[str, Pipeline] = {}


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` as lowercase hex."""
    return hashlib.sha256(data).hexdigest()


def jsonable(value: Any) -> Any:
    """``value`` as JSON types: mappings and sequences recursively, anything else as its repr."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return repr(value)


def pseudonymous_session_id(content_sha256: str, position: int) -> str:
    """A session's id in tables without ``keep_ids``: ``s-<12 hex of the file's SHA-256>-<n>``.

    ``position`` is the session's 1-based place in its file. The same file gives the same ids
    in every run (so ``--resume`` keeps them); they say nothing of the ``# id:`` header or the
    file name, which often hold the client's name and the session date.
    """
    return f"s-{content_sha256[:12]}-{position}"


def input_label(position: int, total: int) -> str:
    """An input's name in tables and manifest without ``keep_ids``: ``input-0001``.

    1-based, in discovery order, zero-padded to at least four digits so that the labels sort.
    """
    return f"input-{position:0{max(4, len(str(total)))}d}"


@dataclass(frozen=True, slots=True)
class AnalyserSpec:
    """One analyser of the pipeline: registry name, expected version and parameters."""

    name: str
    version: int
    params: tuple[tuple[str, Any], ...] = ()

    def as_json(self) -> dict[str, Any]:
        """Name, version and parameters as JSON (for the manifest)."""
        return {"name": self.name, "version": self.version, "params": jsonable(dict(self.params))}


@dataclass(frozen=True, slots=True)
class RunSpec:
    """The pipeline and options every worker uses; equal specs give equal rows."""

    analysers: tuple[AnalyserSpec, ...]
    include_text: bool = False
    format: str | None = None
    therapists: tuple[str, ...] = ()
    clients: tuple[str, ...] = ()
    #: Real session ids and input paths in tables, manifest and parts (``--keep-ids``; implied
    #: by ``include_text``). Without it they are pseudonyms (QA39 #3).
    keep_ids: bool = False
    #: The session date in the ``sessions`` table (``--keep-dates``; implied by ``keep_ids``).
    #: Without it the ``date`` column is empty: a session date is a fact about a client.
    keep_dates: bool = False

    @classmethod
    def from_pipeline(
        cls,
        pipeline: Pipeline,
        *,
        include_text: bool = False,
        format: str | None = None,  # mirrors the --format option
        therapists: Sequence[str] = (),
        clients: Sequence[str] = (),
        keep_ids: bool = False,
        keep_dates: bool = False,
    ) -> RunSpec:
        """Describe ``pipeline``; every analyser in it must be registered (workers rebuild it).

        ``include_text`` implies ``keep_ids``: text and real speaker labels are no less
        identifying than the file's name; and ``keep_ids`` implies ``keep_dates`` (a session's
        own id often holds its date).
        """
        registered = available()
        specs: list[AnalyserSpec] = []
        for analyser in pipeline.analysers:
            if registered.get(analyser.name) is not type(analyser):
                raise UsageError(
                    f"analyser {analyser.name!r} is not the registered class of that name; batch "
                    "workers rebuild the pipeline from the registry, so register it with @register"
                )
            params = tuple(sorted(analyser.get_params().items()))
            specs.append(AnalyserSpec(analyser.name, analyser.version, params))
        return cls(
            tuple(specs),
            include_text,
            format,
            tuple(therapists),
            tuple(clients),
            keep_ids or include_text,
            keep_dates or keep_ids or include_text,
        )

    def as_json(self) -> dict[str, Any]:
        """Everything that decides the rows, as JSON (the fingerprint is its hash)."""
        return {
            "rows_layout": ROWS_LAYOUT,
            "analysers": [a.as_json() for a in self.analysers],
            "include_text": self.include_text,
            "keep_ids": self.keep_ids,
            "keep_dates": self.keep_dates,
            "format": self.format,
            "therapists": list(self.therapists),
            "clients": list(self.clients),
        }

    def fingerprint(self) -> str:
        """SHA-256 of :meth:`as_json` in canonical form."""
        text = json.dumps(self.as_json(), sort_keys=True, separators=(",", ":"))
        return sha256_hex(text.encode("utf-8"))

    def pipeline(self) -> Pipeline:
        """The pipeline this spec describes, built once per process.

        Raises :class:`UsageError` when this process's registry lacks an analyser or has another
        version of it (e.g. a Ray node with a different AllianceLens installed).
        """
        key = self.fingerprint()
        cached = _PIPELINES.get(key)
        if cached is None:
            cached = _PIPELINES[key] = Pipeline([self._build(a) for a in self.analysers])
        return cached

    @staticmethod
    def _build(spec: AnalyserSpec) -> Any:
        cls = available().get(spec.name)
        if cls is None:
            raise UsageError(
                f"this worker has no analyser {spec.name!r}; install the same AllianceLens "
                "version (and plugins) on every machine of the run"
            )
        if cls.version != spec.version:
            raise UsageError(
                f"this worker has analyser {spec.name!r} version {cls.version}, the run expects "
                f"version {spec.version}; install the same AllianceLens version everywhere"
            )
        return cls(**dict(spec.params))


def check_read_options(
    *, format: str | None, therapists: Sequence[str], clients: Sequence[str]
) -> None:
    """Refuse read options that would make every input fail, before any work is done.

    An unknown ``--format`` or an empty ``--therapist``/``--client`` name is a typo, not a
    property of one file: it is a usage error, not one failure per input.
    """
    if format is not None:
        try:
            get_reader(format)
        except UsageError as exc:
            raise UsageError(f"--format: {exc.message}") from exc
    for option, names in (("--therapist", therapists), ("--client", clients)):
        if any(not name.strip() for name in names):
            raise UsageError(
                f"{option}: a name is empty; give the speaker label as the transcript writes "
                f"it, or leave {option} out"
            )


def part_key(path: str, content_sha256: str, fingerprint: str) -> str:
    """The resume key of one input: its resolved path, content hash and the run fingerprint."""
    return sha256_hex(f"{path}\0{content_sha256}\0{fingerprint}".encode())[:40]
