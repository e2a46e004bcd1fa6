"""`users deactivate/activate/set-role/reset-password/unsupervise` and `keys retire`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
PASSWORD = "a long enough passphrase"  # noqa: S105 - a test password


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An initialised store with a therapist and a supervisor."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", PASSWORD)
    run("init")
    run("users", "add", "ther1", "--role", "therapist")
    run("users", "add", "sup1", "--role", "supervisor")
    return tmp_path / "home"


def run(*args: str, code: int = 0) -> str:
    """Invoke the CLI; fail the test unless it exits with ``code``."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout if code == 0 else result.stderr


def _users() -> dict[str, dict[str, object]]:
    return {u["username"]: u for u in json.loads(run("users", "list", "--json"))}


@pytest.mark.usefixtures("home")
def test_deactivated_user_cannot_act_until_reactivated() -> None:
    """A deactivated user is refused by every command (`--as`); `activate` lets them back."""
    assert "deactivated" in run("users", "deactivate", "ther1")
    assert _users()["ther1"]["active"] is False
    assert "no active user named 'ther1'" in run("clients", "list", "--as", "ther1", code=2)
    run("users", "activate", "ther1")
    run("clients", "list", "--as", "ther1")


@pytest.mark.usefixtures("home")
def test_set_role_and_unsupervise_are_audited() -> None:
    """A role change and the end of a supervision link take effect; the audit chain stays intact."""
    run("users", "supervise", "sup1", "ther1")
    assert "no longer supervises" in run("users", "unsupervise", "sup1", "ther1")
    assert "nothing changed" in run("users", "unsupervise", "sup1", "ther1")
    assert "now supervisor" in run("users", "set-role", "ther1", "supervisor")
    assert _users()["ther1"]["role"] == "supervisor"
    assert "refused" not in run("audit", "verify")


@pytest.mark.usefixtures("home")
def test_reset_password_refuses_a_short_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reset to a too-short password is one error line (exit 2) and changes nothing."""
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "short")
    assert "error:" in run("users", "reset-password", "ther1", code=2)


@pytest.mark.usefixtures("home")
def test_rotate_keeps_the_old_key_until_retire() -> None:
    """`keys rotate` keeps the old key (decrypt only); `keys retire` then removes it."""
    run("clients", "add", "Quillon Vaz", "--therapist", "ther1")
    rotated = run("keys", "rotate")
    assert "stay in the key file" in rotated
    retired = json.loads(run("keys", "retire", "--json"))
    assert len(retired["removed"]) == 1 and retired["still_used"] == []
    assert json.loads(run("keys", "retire", "--json"))["removed"] == []
    assert "Quillon Vaz" in run("clients", "list")


def test_repeating_a_change_says_nothing_changed(home: Path) -> None:
    """Deactivate/activate/set-role twice: the second run says 'already …; nothing changed'."""
    del home
    run("users", "deactivate", "sup1")
    assert "already deactivated; nothing changed" in run("users", "deactivate", "sup1")
    run("users", "activate", "sup1")
    assert "already active; nothing changed" in run("users", "activate", "sup1")
    assert "already therapist; nothing changed" in run("users", "set-role", "ther1", "therapist")


def test_demoting_the_last_admin_warns(home: Path) -> None:
    """Demoting the only web admin account succeeds with a warning naming how to add one."""
    del home
    run("users", "add", "adm1", "--role", "admin")
    run("users", "add", "adm2", "--role", "admin")
    assert "no active admin" not in runner.invoke(app, ["users", "deactivate", "adm2"]).stderr
    result = runner.invoke(app, ["users", "set-role", "adm1", "therapist"])
    assert result.exit_code == 0
    assert "no active admin user remains" in result.stderr
