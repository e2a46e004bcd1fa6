"""Read transcript files into sessions: format detection, decoding, role resolution, checks.

``read_file(path)`` is the one entry point; readers for each format live in their own module and
register themselves by format name (``alliancelens formats`` lists them).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alliancelens.domain import Session
from alliancelens.errors import EmptyFileError, IngestError, SpeakerError, UsageError
from alliancelens.ingest._decode import Decoded, decode
from alliancelens.ingest._labels import folded_names
from alliancelens.ingest.assemble import assemble
from alliancelens.ingest.base import RawTranscript, RawTurn, Reader, ReadOutput, TextReader
from alliancelens.ingest.registry import detect, formats, get, register
from alliancelens.ingest.roles import resolve_roles, role_from_label

__all__ = [
    "Decoded",
    "IngestResult",
    "RawTranscript",
    "RawTurn",
    "ReadOutput",
    "Reader",
    "SessionFailure",
    "TextReader",
    "check_names",
    "check_speaker_options",
    "decode",
    "detect",
    "formats",
    "get",
    "read_bytes",
    "read_file",
    "register",
    "resolve_roles",
    "role_from_label",
]


@dataclass(frozen=True, slots=True)
class SessionFailure:
    """One session of a multi-session file that could not be read (``per_session=True``)."""

    #: 1-based position of the session in the file, and how many sessions the file holds
    position: int
    total: int
    code: str
    #: one line naming file, session position, line/field when known; never transcript text
    message: str


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Sessions read from one file, with the format, encoding and warnings for the user."""

    path: str
    format: str
    sessions: tuple[Session, ...]
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default=())
    session_warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: --therapist/--client names that match no speaker here (allowed: its labels give roles)
    unmatched_names: tuple[str, ...] = ()
    #: sessions left out because they could not be read (only with ``per_session=True``)
    session_failures: tuple[SessionFailure, ...] = ()

    def warnings_for(self, session_id: str) -> tuple[str, ...]:
        """File-level warnings plus those about session ``session_id``."""
        return (*self.warnings, *self.session_warnings.get(session_id, ()))

    @property
    def all_warnings(self) -> tuple[str, ...]:
        """Every warning, file-level first."""
        return (*self.warnings, *(w for ws in self.session_warnings.values() for w in ws))


def read_file(
    path: str | Path,
    *,
    format: str | None = None,  # mirrors the --format option
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    client_option: str = "--client",
) -> IngestResult:
    """Read one transcript file; raise an :class:`IngestError` naming file and line on bad input.

    ``client_option`` is how the caller's command line spells the client-label option (messages
    name it: ``import`` uses ``--client-speaker``).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise UsageError(f"{path}: is a directory; pass transcript files") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"{path}: cannot read the file ({reason})") from exc
    try:
        return read_bytes(
            data,
            path,
            format=format,
            therapists=therapists,
            clients=clients,
            client_option=client_option,
        )
    except IngestError as exc:
        raise exc.located(path) from exc.__cause__


def read_bytes(
    data: bytes,
    path: str | Path,
    *,
    format: str | None = None,  # mirrors the --format option
    therapists: Sequence[str] = (),
    clients: Sequence[str] = (),
    client_option: str = "--client",
    per_session: bool = False,
) -> IngestResult:
    """Read transcript ``data`` as if it came from ``path`` (used by tests and services).

    A problem confined to one session of a multi-session file (one speaker only, a bad date,
    times out of order) names that session's position (``session 2 of 3``). By default it
    fails the whole file (``analyze``, ``import``: a file is imported whole or not at all);
    with ``per_session=True`` (``batch``) only that session is left out and listed in
    :attr:`IngestResult.session_failures`, unless every session fails (then the file does).
    """
    path = Path(path)
    check_speaker_options(therapists, clients, client_option=client_option)
    if not data.strip():
        raise EmptyFileError("the file is empty", hint="check that the export finished")
    reader = get(format) if format else detect(data, path)
    output = reader.read(data, names=[*therapists, *clients])
    warnings = [f"{path}: {_respelt(w, client_option)}" for w in output.warnings]
    sessions: list[Session] = []
    session_warnings: dict[str, tuple[str, ...]] = {}
    matched: set[str] = set()
    names = [*therapists, *clients]
    total = len(output.transcripts)
    explicit = all(_roles_explicit(raw) for raw in output.transcripts)
    failures: list[SessionFailure] = []
    for number, raw in enumerate(output.transcripts, start=1):
        session_id = raw.id or (f"{path.stem}-{number}" if total > 1 else path.stem)
        metadata = {"source_format": reader.name}
        if output.encoding:
            metadata["source_encoding"] = output.encoding
        try:
            if raw.error is not None:
                raise raw.error
            session, notes, unmatched = assemble(
                raw,
                session_id=session_id,
                # by position, never by the `# id:` header (often a name and a date: QA27 item 5)
                label=f"session {number} of {total} in {path}",
                therapists=therapists,
                clients=clients,
                metadata=metadata,
                speaker_hint=reader.speaker_hint,
            )
        except UsageError as exc:
            raise type(exc)(_respelt(exc.message, client_option)) from exc
        except IngestError as exc:
            if total < 2:
                raise
            failed = _in_session(exc, path, number, total)
            if not per_session or len(failures) + 1 == total:
                raise failed from exc
            failures.append(SessionFailure(number, total, failed.code, failed.message))
            continue
        matched |= {n for n in names if n not in unmatched}
        sessions.append(session)
        if notes:
            session_warnings[session.id] = tuple(_respelt(w, client_option) for w in notes)
    missing = [n for n in names if n not in matched]
    options = f"--therapist/{client_option}"
    if missing and not explicit:
        order = list(dict.fromkeys(t.speaker for raw in output.transcripts for t in raw.turns))
        _check_numbers(missing, len(order), therapists=therapists, client_option=client_option)
        raise SpeakerError(
            f"{len(missing)} name(s) given with {options} match none of the file's "
            f"{len(order)} speaker label(s)",
            hint=_label_hint(missing, order, therapists=therapists, client_option=client_option),
        )
    if missing:  # the file's own labels give every role: the names are simply not needed here
        warnings.append(
            f"{path}: {len(missing)} name(s) given with {options} match no speaker "
            "label here; the roles come from the file's own labels"
        )
    return IngestResult(
        path=str(path),
        format=reader.name,
        sessions=tuple(sessions),
        encoding=output.encoding,
        warnings=tuple(warnings),
        session_warnings=session_warnings,
        unmatched_names=tuple(missing),
        session_failures=tuple(failures),
    )


def _check_numbers(
    missing: Sequence[str], speakers: int, *, therapists: Sequence[str], client_option: str
) -> None:
    """Raise :class:`SpeakerError` for a speaker number beyond the file's speakers (QA42 #14)."""
    for name in missing:
        number = name.strip()
        if number.isascii() and number.isdigit():
            option = "--therapist" if name in therapists else client_option
            raise SpeakerError(
                f"{option} {number}: the file has only {speakers} speakers",
                hint=f"give a number from 1 to {speakers}, counting speakers in order of first "
                "turn, or run `alliancelens analyze FILE` without --therapist/--client: its "
                "Speakers: line shows them",
            )


def _in_session(error: IngestError, path: Path, number: int, total: int) -> IngestError:
    """``error`` located at session ``number`` of ``total`` in ``path`` (never by its id)."""
    located = copy.copy(error)
    located.file = None
    return located.located(f"{path}, session {number} of {total}")


#: ``--client`` as an option name in a message (not ``--client-speaker``, not ``--clients``).
_CLIENT_OPTION = re.compile(r"--client(?![\w-])")


def _respelt(message: str, client_option: str) -> str:
    """``message`` with the client-label option spelt as the calling command spells it."""
    if client_option == "--client":
        return message
    return _CLIENT_OPTION.sub(client_option, message)


def _squeezed(label: str) -> str:
    """A label without case, spaces or punctuation (``Speaker 00`` equals ``SPEAKER_00``)."""
    return "".join(ch for ch in label.casefold() if ch.isalnum())


def _label_hint(
    missing: Sequence[str],
    order: Sequence[str],
    *,
    therapists: Sequence[str],
    client_option: str,
) -> str:
    """What to do about unmatched names; never prints a speaker label (QA 20 item 14, QA29 item 6).

    Labels are often names, so they are counted, not listed, not even when a name differs from
    one only in spacing or punctuation (``jamie_rivers`` for ``Jamie Rivers``): that speaker is
    named by number, which the option accepts.
    """
    near = []
    for name in missing:
        for number, label in enumerate(order, start=1):
            if _squeezed(label) == _squeezed(name):
                option = "--therapist" if name in therapists else client_option
                near.append(f"speaker {number} of {len(order)} (use {option} {number})")
                break
    if near:
        return (
            f"did you mean {', '.join(near)}? A label must be given exactly as the transcript "
            "writes it (case does not matter, spaces and underscores do), or by number"
        )
    return (
        "give the speaker's number in order of first turn (1 is the first to speak), or run "
        "`alliancelens analyze FILE` without --therapist/--client: its Speakers: line shows the "
        "labels; give one exactly as written (case does not matter, spaces and underscores do)"
    )


def _roles_explicit(raw: RawTranscript) -> bool:
    """Whether every speaker's role is known without --therapist/--client (no guessing)."""
    turns = [t for t in raw.turns if t.text.strip()]
    return not resolve_roles(turns, stated=raw.roles).guessed


def check_names(
    results: Sequence[IngestResult],
    *,
    therapists: Sequence[str],
    clients: Sequence[str],
    client_option: str = "--client",
) -> None:
    """Raise :class:`SpeakerError` for a name that matches a speaker in none of ``results``.

    A file whose own labels give every role may lack a name (several files share one
    ``--therapist``); a name that no file uses is a typo. Names are counted, never shown; with
    one file, the error names that file.
    """
    if not results:
        return
    unused = set.intersection(*(set(r.unmatched_names) for r in results))
    for option, names in (("--therapist", therapists), (client_option, clients)):
        count = len({n for n in names if n in unused})
        if count:
            files = f"any of the {len(results)} files" if len(results) > 1 else "the file"
            error = SpeakerError(
                f"{option}: {count} name(s) match no speaker label in {files}",
                hint="use the speaker label exactly as the transcript writes it (case does not "
                "matter), or the speaker's number in order of first turn",
            )
            shown = ", ".join(r.path for r in results[:3])
            more = f" and {len(results) - 3} more" if len(results) > 3 else ""
            raise error.located(shown + more)


def check_speaker_options(
    therapists: Sequence[str], clients: Sequence[str], *, client_option: str = "--client"
) -> None:
    """Raise :class:`UsageError` when one label is given both as a therapist and as a client."""
    both = folded_names(therapists) & folded_names(clients)
    if both:
        raise UsageError(
            f"--therapist and {client_option} name the same speaker label ({len(both)} "
            "name(s)); give each speaker one role"
        )
