"""Writing a command's output file: atomically, with one-line errors for bad paths."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from alliancelens.cli._errors import fail, stderr

__all__ = [
    "ReservedOutput",
    "check_output",
    "markup_text",
    "model_files_table",
    "progress_steps",
    "report_console",
    "reserved_output",
    "write_output",
]


def report_console(**options: Any) -> Console:
    """The stdout console every report is printed on: ``emoji=False``.

    rich turns ``:smile:`` into an emoji by default; in a client's words, a speaker label, a
    session id or a file name it must stay as typed. Markup in such values is escaped where it
    is put into a report (``rich.markup.escape``) or kept out with :func:`markup_text`.
    """
    return Console(emoji=False, **options)


def markup_text(markup: str) -> Text:
    """``Text.from_markup`` without emoji codes (its default renders ``:smile:`` as an emoji)."""
    return Text.from_markup(markup, emoji=False)


def check_output(path: Path, option: str = "--output") -> Path:
    """The resolved target, or a usage error (exit 2, one line) for a directory or missing folder.

    Call it before long work so a bad path is refused at once, not after the work.
    """
    target = path.resolve()
    if target.is_dir():
        raise fail(f"{option} {path}: is a directory; give a file name")
    if not target.parent.is_dir():
        raise fail(f"{option} {path}: folder {target.parent} does not exist; create it first")
    return target


class ReservedOutput:
    """An output file whose temporary file is created before the work that fills it.

    Creating the temporary file in the target folder is the real test that the file can be
    written (``os.access`` is not: ACLs, read-only mounts, root), so a command that audits what
    it reads (``export``, ``note`` of a stored session) reserves its output first and reads only
    then (QA39 #5). :meth:`write` fills it and renames it into place; a write that still fails
    (a full disk) removes it and is one error line, never a traceback. A command whose audit
    entry must follow a successful write calls :meth:`fill` inside the audited transaction (the
    use case's ``deliver``) and :meth:`commit` after it commits.
    """

    def __init__(self, path: Path, option: str = "--output") -> None:
        self.path = path
        self.option = option
        self.target = check_output(path, option)
        try:
            handle, tmp = tempfile.mkstemp(
                dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp"
            )
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise fail(f"{option} {path}: cannot write there ({reason})") from None
        self._handle: int | None = handle
        self._tmp: Path | None = Path(tmp)

    def write(self, data: str | bytes, *, mode: int | None = None, failed_note: str = "") -> None:
        """Fill the file with ``data`` and move it into place (``mode``: see write_output).

        ``failed_note`` is added to the error line of a write that fails (e.g. what the audit log
        already holds).
        """
        self.fill(data, mode=mode, failed_note=failed_note)
        self.commit(failed_note=failed_note)

    def fill(self, data: str | bytes, *, mode: int | None = None, failed_note: str = "") -> None:
        """Write ``data`` into the temporary file and fsync it; :meth:`commit` moves it in place.

        The two steps let a command that audits what it reads fill the file inside the audited
        transaction (a full disk fails here, and the audit entry is rolled back with it) and
        rename it only once the entry is committed. A failed fill removes the temporary file and
        is one error line (exit 2).
        """
        handle, tmp = self._handle, self._tmp
        if handle is None or tmp is None:
            raise RuntimeError("ReservedOutput.fill called twice")
        self._handle = None
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            with os.fdopen(handle, "wb") as stream:
                _fill(stream, payload)
            if mode is not None:
                tmp.chmod(mode)
            else:  # mkstemp makes 0600; give ordinary files the usual umask-based permissions
                umask = os.umask(0)
                os.umask(umask)
                tmp.chmod(0o666 & ~umask)
        except OSError as exc:
            self.discard()
            raise self._failed(exc, failed_note) from None

    def commit(self, *, failed_note: str = "") -> None:
        """Move the filled temporary file into place (after :meth:`fill`)."""
        tmp = self._tmp
        if tmp is None or self._handle is not None:
            raise RuntimeError("ReservedOutput.commit called before fill, or twice")
        try:
            tmp.replace(self.target)
            self._tmp = None
        except OSError as exc:
            raise self._failed(exc, failed_note) from None
        finally:
            self.discard()

    def _failed(self, exc: OSError, failed_note: str) -> typer.Exit:
        reason = exc.strerror or type(exc).__name__
        return fail(
            f"{self.option} {self.path}: writing failed ({reason}); the file was left as it "
            f"was{failed_note}"
        )

    def discard(self) -> None:
        """Remove the temporary file (nothing happens after a successful :meth:`write`)."""
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None


def _fill(stream: BinaryIO, payload: bytes) -> None:
    """Write ``payload`` and make sure it reached the disk (a full disk fails here)."""
    stream.write(payload)
    stream.flush()
    os.fsync(stream.fileno())


@contextmanager
def reserved_output(path: Path | None, option: str = "--output") -> Iterator[ReservedOutput | None]:
    """:class:`ReservedOutput` for ``path`` (None without one), discarded if left unwritten."""
    if path is None:
        yield None
        return
    reserved = ReservedOutput(path, option)
    try:
        yield reserved
    finally:
        reserved.discard()


def write_output(
    path: Path, data: str | bytes, *, mode: int | None = None, option: str = "--output"
) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename it.

    A crash never leaves half a file. ``mode`` sets the permissions (e.g. ``0o600`` for an export
    holding decrypted PHI); the temporary file is created 0600 either way. A directory, a
    missing folder or a failed write (a full disk) is one error line (exit 2).
    """
    ReservedOutput(path, option).write(data, mode=mode)  # write() removes it when it fails


def model_files_table(folder: Path, files: dict[str, str]) -> Table:
    """The model files written by a ``train`` command: name, size in bytes and SHA-256."""
    table = Table(title=f"Model files in {folder}", title_justify="left")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    table.add_column("sha256")
    for name, digest in files.items():
        table.add_row(name, str((folder / name).stat().st_size), digest)
    return table


@contextmanager
def progress_steps(label: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr whose text follows the steps reported by training/evaluation."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task(label)
        yield lambda step: progress.update(task, description=f"{label}: {step}")
