"""``alliancelens sessions show ID``: a stored session's analysis in the terminal (QA43 #6).

The session is the shipped synthetic demo session ``alex-02.vtt``; names are invented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from alliancelens import report
from alliancelens.analysers import available
from alliancelens.cli import app
from alliancelens.services import demo_files

runner = CliRunner()
THERAPIST = "Dr. Morgan Lee"  # the demo session's therapist label


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _demo() -> Path:
    return next(p for p in demo_files() if p.name.startswith("alex-02"))


def _store(*, analysis: bool = True) -> None:
    """Therapists dr-ash (owns client 1) and dr-bo; session 1 imported (analysed in-process)."""
    run("init")
    run("users", "add", "dr-ash", "--role", "therapist")
    run("users", "add", "dr-bo", "--role", "therapist")
    run("clients", "add", "Invented Client", "--therapist", "dr-ash")
    run("consent", "grant", "1", "recording")
    if analysis:
        run("consent", "grant", "1", "analysis")
    run("import", str(_demo()), "--client", "1", "--therapist", THERAPIST)


@pytest.fixture
def stored(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store whose session 1 (the demo session) has a stored analysis."""
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    _store()
    return home


def _views() -> list[tuple[Any, Any]]:
    entries = json.loads(run("audit", "list", "--action", "view", "--json"))
    return [(e["resource"], e["resource_id"]) for e in entries if e["resource"] != "audit"]


def test_shows_the_panels_analyze_prints(stored: Path) -> None:
    """The owner sees the risk, ruptures, skills and analysers panels of the stored analysis."""
    result = runner.invoke(app, ["sessions", "show", "1", "--as", "dr-ash"], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for panel in (
        "Session 1",
        "stored session 1 (client 1)",
        "Risk language — for clinician review",
        "Ruptures (3RS estimate",
        "withdrawal",
        "Micro-skills (automated estimate",
        "Alliance estimate (Bordin)",
        "risk.language v",
    ):
        assert panel in out, panel
    assert "Invented Client" not in result.output


def test_show_is_audited_like_the_session_page(stored: Path) -> None:
    """Showing a session audits a view of the session and of its analysis (as the web page)."""
    before = _views()
    run("sessions", "show", "1", "--as", "dr-ash")
    after = _views()
    assert len(after) == len(before) + 2
    assert after.count(("session", "1")) == before.count(("session", "1")) + 1
    assert sum(r == "analysis" for r, _ in after) == sum(r == "analysis" for r, _ in before) + 1


def test_another_therapists_session_is_refused(stored: Path) -> None:
    """Another therapist gets one line, exit 2, none of the analysis; the refusal is audited."""
    result = runner.invoke(app, ["sessions", "show", "1", "--as", "dr-bo"])
    assert result.exit_code == 2
    assert "may not view session" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == "" and "Traceback" not in result.output
    refused = json.loads(run("audit", "list", "--action", "refused", "--json"))
    assert [e["resource"] for e in refused] == ["session"]


def test_unknown_session_is_one_line(stored: Path) -> None:
    """An unknown session id is one error line naming the id, exit 2."""
    result = runner.invoke(app, ["sessions", "show", "99", "--as", "dr-ash"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["error: no session with id 99 [AL604]"]
    assert result.stdout == ""


def test_json_round_trips_the_stored_analysis(stored: Path) -> None:
    """--json is analyze --json's layout (schema-valid), holding the analysis as analysed."""
    result = runner.invoke(app, ["sessions", "show", "1", "--as", "dr-ash", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.validate(document, report.load_schema())
    (session,) = document["sessions"]
    assert session["id"] == "1" and session["stored"]["session_id"] == 1
    fresh = runner.invoke(app, ["analyze", str(_demo()), "--therapist", THERAPIST, "--json"])
    (expected,) = json.loads(fresh.stdout)["sessions"]
    assert session["summary"] == expected["summary"]
    assert [u["codes"] for u in session["utterances"]] == [
        u["codes"] for u in expected["utterances"]
    ]
    assert [(a["name"], a["status"]) for a in session["analysers"]] == [
        (a["name"], a["status"]) for a in expected["analysers"]
    ]


def _broken_risk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the risk analyser fail (its dependants are then skipped) for analyses run next."""

    def boom(self: object, session: object) -> object:
        raise RuntimeError

    monkeypatch.setattr(available()["risk.language"], "analyse", boom)


@pytest.mark.parametrize("as_json", [False, True])
def test_failed_analyser_is_not_analysed_and_exits_3(
    home: Path, monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    """A stored analysis whose risk analyser failed shows NOT ANALYSED and exits 3."""
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    _broken_risk(monkeypatch)
    _store()
    args = ["sessions", "show", "1", "--as", "dr-ash"] + (["--json"] if as_json else [])
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 3, result.output
    if as_json:
        (session,) = json.loads(result.stdout)["sessions"]
        statuses = {a["name"]: a["status"] for a in session["analysers"]}
        assert statuses["risk.language"] == "failed"
    else:
        assert "NOT ANALYSED" in result.stdout and "not analysed (failed)" in result.stdout


def test_session_without_stored_analysis_is_not_analysed(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session never analysed (no analysis consent) is one NOT ANALYSED line naming why; 3."""
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    _store(analysis=False)
    result = runner.invoke(app, ["sessions", "show", "1", "--as", "dr-ash"])
    assert result.exit_code == 3
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("NOT ANALYSED — session 1 has no stored analysis")
    assert "consent grant 1 analysis" in line and "not 'no risk'" in line
    assert result.stdout == ""
