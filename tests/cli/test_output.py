"""The shared output writer: atomic, permissions, and one-line errors for bad paths."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import typer
from disk_helpers import full_disk

from alliancelens.cli._output import write_output


@pytest.mark.parametrize("data", ["text ✓\n", b"%PDF-1.7 bytes"])
def test_writes_text_or_bytes_and_leaves_no_temporary_file(
    tmp_path: Path, data: str | bytes
) -> None:
    """Text is written as UTF-8, bytes as they are; no .tmp file is left behind."""
    target = tmp_path / "out.txt"
    write_output(target, data)
    expected = data.encode("utf-8") if isinstance(data, str) else data
    assert target.read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_mode_is_applied(tmp_path: Path) -> None:
    """mode=0o600 makes an export readable by its owner only."""
    target = tmp_path / "export.json"
    write_output(target, "{}", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("name", ["missing/out.txt", "."])
def test_bad_path_is_a_usage_error(tmp_path: Path, name: str) -> None:
    """A missing folder or a directory exits 2 (typer.Exit) instead of a traceback."""
    with pytest.raises(typer.Exit) as caught:
        write_output(tmp_path / name, "x")
    assert caught.value.exit_code == 2


def test_full_disk_is_one_line_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write failing for lack of space exits 2, keeps the old file and leaves no .tmp file."""
    target = tmp_path / "export.json"
    target.write_text("old", encoding="utf-8")
    full_disk(monkeypatch)
    with pytest.raises(typer.Exit) as caught:
        write_output(target, "new", mode=0o600)
    assert caught.value.exit_code == 2
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["export.json"]
