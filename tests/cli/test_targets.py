"""``note`` and ``insights`` on stored ids: same output as from the file, access and errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.cli._targets import StoreTarget, store_target
from alliancelens.services import demo_files

runner = CliRunner()


def _demo(name: str) -> Path:
    return next(p for p in demo_files() if p.name.startswith(name))


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with dr-lee's client 1 (both consents) and riley-07 imported and analysed."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    run("init")
    run("users", "add", "dr-lee", "--role", "therapist")
    run("users", "add", "dr-kim", "--role", "therapist")
    run("clients", "add", "Riley Demo", "--as", "dr-lee")
    for kind in ("recording", "analysis"):
        run("consent", "grant", "1", kind, "--as", "dr-lee")
    run("import", str(_demo("riley-07")), "--client", "1", "--as", "dr-lee")
    run("jobs", "work")
    return tmp_path / "home"


@pytest.mark.parametrize(
    ("text", "bare", "expected"),
    [
        ("session:3", False, StoreTarget("session", 3)),
        ("client:12", False, StoreTarget("client", 12)),
        ("7", True, StoreTarget("session", 7)),
        ("7", False, None),
        ("session:x", False, None),
        ("notes/session.txt", True, None),
    ],
)
def test_store_target_parsing(text: str, bare: bool, expected: StoreTarget | None) -> None:
    """session:ID / client:ID (and a bare id where allowed) name the store; the rest files."""
    assert store_target(text, bare_session=bare) == expected


def test_existing_file_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file literally called like a stored id is still read as a file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "5").write_text("Therapist: Hi.\nClient: Hello.\n", encoding="utf-8")
    assert store_target("5", bare_session=True) is None


@pytest.mark.parametrize("target", ["1", "session:1"])
def test_note_by_stored_id_equals_note_from_file(home: Path, target: str) -> None:
    """`note 1 --json` has the same sections as `note riley-07.srt --json`."""
    stored = json.loads(run("note", target, "--format", "birp", "--json", "--as", "dr-lee"))
    fresh = json.loads(run("note", str(_demo("riley-07")), "--format", "birp", "--json"))
    assert stored["sections"] == fresh["sections"]
    assert stored["session"] == "1"


@pytest.mark.parametrize("target", ["session:1", "client:1"])
def test_insights_by_stored_id_equal_insights_from_file(home: Path, target: str) -> None:
    """`insights client:1 --json` says what the file says (evidence names stored session 1)."""
    stored = json.loads(run("insights", target, "--json", "--as", "dr-lee"))
    fresh = json.loads(run("insights", str(_demo("riley-07")), "--json"))
    assert [(i["rule"], i["title"]) for i in stored] == [(i["rule"], i["title"]) for i in fresh]
    assert stored and {e["session_id"] for i in stored for e in i["evidence"]} == {"1"}


@pytest.mark.parametrize(
    "args",
    [["note", "1", "--as", "dr-kim"], ["insights", "client:1", "--as", "dr-kim"]],
)
def test_other_therapist_is_refused_in_one_line(home: Path, args: list[str]) -> None:
    """A therapist who does not own the client gets exit 2 and one line naming no client."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "may not view" in result.stderr and "Riley" not in result.output


def test_missing_analysis_names_the_missing_consent(home: Path) -> None:
    """A stored session with no analysis for lack of analysis consent names that consent."""
    run("clients", "add", "Second Demo", "--as", "dr-lee")
    run("consent", "grant", "2", "recording", "--as", "dr-lee")
    run("import", str(_demo("alex-01")), "--client", "2", "--as", "dr-lee")
    result = runner.invoke(app, ["note", "session:2", "--as", "dr-lee"])
    assert result.exit_code == 2
    assert "no stored analysis" in result.stderr and "analysis consent" in result.stderr
    assert "alliancelens consent grant 2 analysis" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "client:1"], "a note is for one session"),
        (["insights", "client:1", "session:1"], "give one session:ID or client:ID"),
        (["insights", "client:1", "--client", "x"], "--measures and --client apply"),
    ],
)
def test_store_target_usage_errors(home: Path, args: list[str], message: str) -> None:
    """Targets the store path cannot serve exit 2 with a one-line reason."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
