"""QA41 #4: `jobs work` with the Redis queue down exits 5 (jobs not run), a monitored code."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
TEXT = "Therapist: What brings you in this week?\nClient: The allotment flooded again.\n"


def _ok(*args: str, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("as_json", [False, True])
def test_unreachable_redis_exits_5_with_one_line(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    """Redis not running: one AL612 error line and exit 5 (not 2), so a timer alerts."""
    pytest.importorskip("rq")
    _ok("init")
    _ok(
        "users", "add", "dr-fenwick", "--role", "therapist",
        env={"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"},
    )  # fmt: skip
    _ok("clients", "add", "Synthetic Person", "--therapist", "dr-fenwick")
    for kind in ("recording", "analysis"):
        _ok("consent", "grant", "1", kind, "--as", "dr-fenwick")
    monkeypatch.setenv("ALLIANCELENS_REDIS_URL", f"redis://127.0.0.1:{_closed_port()}/0")
    path = tmp_path / "week.txt"
    path.write_text(TEXT, encoding="utf-8")
    _ok("import", str(path), "--client", "1", "--as", "dr-fenwick")
    result = runner.invoke(app, ["jobs", "work", *(["--json"] if as_json else [])])
    assert result.exit_code == 5, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "[AL612]" in lines[0] and "Redis" in lines[0]
