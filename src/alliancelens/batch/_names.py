"""Check ``--therapist``/``--client`` names against every input before a batch does any work.

A name that matches a speaker label in none of the inputs is a typo, exactly as for
``alliancelens analyze`` with several files (:func:`alliancelens.ingest.check_names`): the run
stops with one usage error before anything is analysed, and the output folder is left as it
was. Files that name the speakers' roles themselves may lack a name (one ``--therapist`` for a
corpus of mixed exports); only a name that no readable input uses is refused. Files that cannot
be read are left to the run, which records them as failures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alliancelens.errors import AllianceLensError, IngestError, SpeakerError
from alliancelens.ingest import IngestResult, check_names, read_bytes

__all__ = ["check_override_names"]


def check_override_names(
    files: Sequence[Path],
    *,
    format: str | None,  # mirrors the --format option
    therapists: Sequence[str],
    clients: Sequence[str],
) -> None:
    """Raise :class:`SpeakerError` when a given name matches a speaker in none of ``files``."""
    if not therapists and not clients:
        return
    results: list[IngestResult] = []
    for path in files:
        try:
            results.append(_names_in(path, format, therapists, clients))
        except (OSError, AllianceLensError):
            continue  # unreadable or broken: takes no part; the run records it as a failure
    try:
        check_names(results, therapists=therapists, clients=clients)
    except SpeakerError as exc:
        raise SpeakerError(
            f"{exc.problem}; nothing was analysed and the output folder was left as it was",
            file=exc.file,
            hint=exc.hint,
        ) from None


def _names_in(
    path: Path,
    format: str | None,  # mirrors the --format option
    therapists: Sequence[str],
    clients: Sequence[str],
) -> IngestResult:
    """``path`` read with the names; its ``unmatched_names`` say which names it lacks.

    Raises (and so takes no part in the check) when the file cannot be read even without names.
    """
    data = path.read_bytes()
    try:
        return read_bytes(data, path, format=format, therapists=therapists, clients=clients)
    except IngestError:
        pass  # a file whose labels do not give every role refuses a name it lacks
    read_bytes(data, path, format=format)  # broken anyway: leave it to the run
    unmatched = [
        name
        for name in (*therapists, *clients)
        if not _reads(data, path, format, *_alone(name, therapists))
    ]
    return IngestResult(str(path), "", (), unmatched_names=tuple(unmatched))


def _reads(
    data: bytes,
    path: Path,
    format: str | None,  # mirrors the --format option
    therapists: Sequence[str],
    clients: Sequence[str],
) -> bool:
    """Whether the file reads with just these names (a name it lacks is refused)."""
    try:
        read_bytes(data, path, format=format, therapists=therapists, clients=clients)
    except IngestError:
        return False
    return True


def _alone(name: str, therapists: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``name`` alone, in the role it was given (a client unless among ``therapists``)."""
    return ((name,), ()) if name in therapists else ((), (name,))
