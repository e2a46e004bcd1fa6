"""Writing a command's output file: atomically, with one-line errors for bad paths."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from alliancelens.cli._errors import fail, stderr

__all__ = ["check_output", "model_files_table", "progress_steps", "write_output"]


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


def write_output(
    path: Path, data: str | bytes, *, mode: int | None = None, option: str = "--output"
) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename it.

    A crash never leaves half a file. ``mode`` sets the permissions (e.g. ``0o600`` for an export
    holding decrypted PHI); the temporary file is created 0600 either way. A directory or a
    missing folder is a usage error (exit 2, one line).
    """
    target = check_output(path, option)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise fail(f"{option} {path}: cannot write there ({reason})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        if mode is not None:
            Path(tmp).chmod(mode)
        else:  # mkstemp makes 0600; give ordinary files the usual umask-based permissions
            umask = os.umask(0)
            os.umask(umask)
            Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
