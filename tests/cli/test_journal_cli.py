"""``alliancelens journal``: prompts from a transcript, and add/list/share in the store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.measures import demo_csv
from alliancelens.services import demo_files

runner = CliRunner()


def _demo(name: str) -> Path:
    return next(p for p in demo_files() if p.name.startswith(name))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store with therapist dr-lee and supervisor sup (who supervises dr-lee)."""
    for name in [n for n in os.environ if n.startswith("ALLIANCELENS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    for args in (
        ["init"],
        ["users", "add", "dr-lee", "--role", "therapist"],
        ["users", "add", "sup", "--role", "supervisor"],
        ["users", "supervise", "sup", "dr-lee"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return tmp_path / "home"


def test_prompts_follow_ruptures_and_srs_alerts() -> None:
    """alex-03 gets a prompt per rupture and per SRS alert, each with its evidence."""
    result = runner.invoke(
        app,
        ["journal", "prompts", str(_demo("alex-03")), "--measures", str(demo_csv()), "--json"],
    )
    assert result.exit_code == 0, result.output
    prompts = json.loads(result.stdout)
    assert [p["text"].split(" the client")[0] for p in prompts[:2]] == [
        "Around utterances 17–27",
        "Around utterances 51–63",  # ruptures v23: "Practical is good." (65) is no denial
    ]
    assert sum(p["text"].startswith("SRS total") for p in prompts) == 2
    assert all(p["evidence"] for p in prompts)


def test_no_prompts_without_rupture_or_alert() -> None:
    """alex-01 (no rupture, no SRS alert) gets no prompts, and says so."""
    result = runner.invoke(
        app, ["journal", "prompts", str(_demo("alex-01")), "--measures", str(demo_csv())]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "No possible rupture or SRS alert in this session: no prompts.\n"


def test_journal_is_private_until_shared(home: Path) -> None:
    """dr-lee adds an entry; sup sees nothing until dr-lee shares it; admins are refused."""
    out = runner.invoke(app, ["journal", "add", "I felt rushed", "--as", "dr-lee", "--json"])
    assert out.exit_code == 0, out.output
    entry = json.loads(out.stdout)
    assert entry["text"] == "I felt rushed" and entry["shared"] is False
    listed = runner.invoke(app, ["journal", "list", "--therapist", "1", "--as", "sup", "--json"])
    assert json.loads(listed.stdout) == []
    refused = runner.invoke(app, ["journal", "list", "--therapist", "1"])
    assert refused.exit_code == 2 and "private" in refused.output
    shared = runner.invoke(app, ["journal", "share", str(entry["id"]), "--as", "dr-lee"])
    assert shared.exit_code == 0 and "shared with your supervisors" in shared.stdout
    seen = runner.invoke(app, ["journal", "list", "--therapist", "1", "--as", "sup"])
    assert "I felt rushed" in seen.stdout and "[shared]" in seen.stdout


def test_refusals_never_name_the_client(home: Path) -> None:
    """Another user sharing an entry hears "not yours" (no client); supervisors need --therapist."""
    added = runner.invoke(app, ["journal", "add", "I felt rushed", "--as", "dr-lee", "--json"])
    entry = json.loads(added.stdout)["id"]
    refused = runner.invoke(app, ["journal", "share", str(entry), "--as", "sup"])
    assert refused.exit_code == 2 and f"journal entry {entry}: it is not yours" in refused.output
    assert "client" not in refused.output
    listed = runner.invoke(app, ["journal", "list", "--as", "sup"])
    assert listed.exit_code == 2 and "--therapist ID" in listed.output
