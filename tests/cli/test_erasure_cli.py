"""QA39 privacy fixes on the command line: export audit, delete-client notes, erasure register,
journal edit/delete/search."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from disk_helpers import full_disk
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
#: Invented client; the journal entries below name her.
NAME = "Ottilie Ravensworth"


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with therapist dr-ash (user 1) owning client 1, with one imported session."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    session = tmp_path / "s.txt"
    session.write_text("Therapist: Hello.\nClient: Fine, thanks.\n", encoding="utf-8")
    run("init")
    run("users", "add", "dr-ash", "--role", "therapist")
    run("clients", "add", NAME, "--identifier", "MRN-31", "--therapist", "dr-ash")
    run("consent", "grant", "1", "recording")
    run("import", str(session), "--client", "1", "--no-analyse")
    return tmp_path / "home"


def _audit(action: str) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(
        run("audit", "list", "--action", action, "--json")
    )
    return entries


@pytest.mark.parametrize("where", ["missing/x.json", "a-folder"])
def test_failed_export_is_not_audited(store: Path, tmp_path: Path, where: str) -> None:
    """An export refused for its output path writes no `export` audit entry (QA39 #5)."""
    (tmp_path / "a-folder").mkdir()
    result = runner.invoke(app, ["export", "1", "-o", str(tmp_path / where)])
    assert result.exit_code == 2
    assert _audit("export") == []
    run("export", "1", "-o", str(tmp_path / "ok.json"))
    assert len(_audit("export")) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_export_into_read_only_folder_is_refused_before_reading(
    store: Path, tmp_path: Path
) -> None:
    """A folder without write permission is refused before the record is read or audited."""
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    result = runner.invoke(app, ["export", "1", "-o", str(folder / "x.json")])
    assert result.exit_code == 2 and "cannot write there" in result.output
    assert _audit("export") == []


def test_export_on_a_full_disk_is_one_line_and_leaves_no_file(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export whose write fails (ENOSPC) exits 2 in one line, leaves no file and no entry."""
    real_fdopen = os.fdopen
    full_disk(monkeypatch)
    result = runner.invoke(app, ["export", "1", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 2, result.output
    assert "writing failed (No space left on device)" in result.stderr
    assert "audit log" not in result.stderr  # nothing was recorded: nothing to say about it
    assert len(result.stderr.strip().splitlines()) == 1
    assert not any(p.name.startswith((".x.json", "x.json")) for p in tmp_path.iterdir())
    monkeypatch.setattr(os, "fdopen", real_fdopen)  # the disk has room again
    assert _audit("export") == []


def test_delete_client_registers_and_says_what_it_did_not_reach(store: Path) -> None:
    """delete-client names the register line and the therapists holding unlinked entries."""
    run("journal", "add", "linked to the session", "--session", "1", "--as", "dr-ash")
    run("journal", "add", "General: Ottilie reminds me of my aunt", "--as", "dr-ash")
    result = runner.invoke(app, ["delete-client", "1", "--yes"])
    assert result.exit_code == 0, result.output
    assert "client 1 deleted (" in result.stdout and "1 journal entry" in result.stdout
    assert f"client 1 added to {store / 'erasure-register.tsv'}" in result.stderr
    assert "were not searched" in result.stderr
    assert "Therapists with such entries: user 1 (1)." in result.stderr
    assert "Ottilie" not in result.output
    register = (store / "erasure-register.tsv").read_text("utf-8")
    assert register.splitlines()[-1].startswith("1\t") and NAME not in register


def test_author_finds_and_deletes_what_names_the_erased_client(store: Path) -> None:
    """After delete-client the author searches, edits and deletes; nothing of the name remains."""
    run("journal", "add", "General: Ottilie reminds me of my aunt", "--as", "dr-ash")
    run("journal", "add", "ottilie again, and the copper bell", "--as", "dr-ash")
    run("journal", "add", "an unrelated reflection", "--as", "dr-ash")
    run("delete-client", "1", "--yes")
    found = json.loads(run("journal", "search", "OTTILIE", "--as", "dr-ash", "--json"))
    assert [e["id"] for e in found] == [1, 2]
    assert run("journal", "edit", "1", "General: my aunt", "--as", "dr-ash") == (
        "journal entry 1 changed\n"
    )
    assert run("journal", "delete", "2", "--yes", "--as", "dr-ash") == "journal entry 2 deleted\n"
    assert "no journal entry of yours contains that text" in run(
        "journal", "search", "ottilie", "--as", "dr-ash"
    )
    assert [e["text"] for e in json.loads(run("journal", "list", "--as", "dr-ash", "--json"))] == [
        "General: my aunt",
        "an unrelated reflection",
    ]


@pytest.mark.parametrize("args", [["delete", "1", "--yes"], ["edit", "1", "x"], ["search", "x"]])
def test_administrators_cannot_touch_journals(store: Path, args: list[str]) -> None:
    """The administrator (who erases clients) cannot delete, edit or search a journal."""
    run("journal", "add", "General: a reflection", "--as", "dr-ash")
    result = runner.invoke(app, ["journal", *args])
    assert result.exit_code == 2
    assert "reflection" not in result.output


@pytest.mark.parametrize(
    ("args", "warned"),
    [
        (["General: Ottilie reminds me of my aunt"], True),
        (["called about MRN-31"], True),
        (["ravensworth again", "--session", "1"], False),  # linked: deleted with the client
        (["a quiet day"], False),
    ],
)
def test_add_warns_when_an_unlinked_entry_names_a_client(
    store: Path, args: list[str], warned: bool
) -> None:
    """journal add warns (and still saves) when an entry about no session names own client."""
    result = runner.invoke(app, ["journal", "add", *args, "--as", "dr-ash"])
    assert result.exit_code == 0, result.output
    assert ("is not deleted with that client" in result.stderr) is warned
    assert "Ottilie" not in result.stderr and "MRN-31" not in result.stderr


def test_erased_clients_after_a_restore(store: Path, tmp_path: Path) -> None:
    """A restored backup brings client 1 back; erased-clients finds it and deletes it again."""
    backup = tmp_path / "backup.db"
    shutil.copyfile(store / "alliancelens.db", backup)
    run("delete-client", "1", "--yes")
    assert "no erased client is in the store" in run("erased-clients")
    (store / "alliancelens.db").write_bytes(backup.read_bytes())
    for stale in ("alliancelens.db-wal", "alliancelens.db-shm"):
        (store / stale).unlink(missing_ok=True)
    assert json.loads(run("clients", "list", "--json"))[0]["id"] == 1
    found = run("erased-clients")
    assert "client 1 (erased " in found and "is in the store again" in found
    assert "erased-clients --delete-again" in found
    again = json.loads(run("erased-clients", "--delete-again", "--yes", "--json"))
    assert (again["restored"], again["deleted_again"]) == ([1], [1])
    assert json.loads(run("clients", "list", "--json")) == []
    assert json.loads(run("erased-clients", "--json"))["restored"] == []


def test_erased_clients_is_for_administrators(store: Path) -> None:
    """A therapist is refused the register check (one line, exit 2)."""
    result = runner.invoke(app, ["erased-clients", "--as", "dr-ash"])
    assert result.exit_code == 2 and "maintenance is for administrators" in result.output
