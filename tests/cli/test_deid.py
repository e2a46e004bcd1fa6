"""``alliancelens deidentify``: output file mode and the pseudonymous session id."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

pytest.importorskip("presidio_analyzer")
runner = CliRunner()
TEXT = (
    "Therapist: How did the move go?\n"
    "Client: Fine. Write to me at ottilie.grange@hostel.local from now on.\n"
)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would make ordinary files world-readable (0644)."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_output_file_is_owner_only_and_names_no_one(tmp_path: Path) -> None:
    """-o writes mode 0600 (also over an existing 0644 file); the `# id:` is `session-1`."""
    source = tmp_path / "ottilie_grange_2025-11-03.txt"
    source.write_text(TEXT, encoding="utf-8")
    target = tmp_path / "clean.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    result = runner.invoke(app, ["deidentify", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    written = target.read_text("utf-8")
    assert written.startswith("# id: session-1\n")
    assert "ottilie" not in written.casefold() and "grange" not in written.casefold()
    assert "[EMAIL-1]" in written


def test_text_file_shares_names_between_lines(tmp_path: Path) -> None:
    """A non-transcript file: a name capitalised on line 1 is replaced in lower case on line 3."""
    source = tmp_path / "notes.txt"
    source.write_text(
        "Then Tobiah walked in late.\nThe room was cold.\ntobiah is what my gran calls me.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["deidentify", str(source)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Then [NAME-1] walked in late.\nThe room was cold.\n[NAME-1] is what my gran calls me.\n"
    )
    assert "line by line" in result.stderr
