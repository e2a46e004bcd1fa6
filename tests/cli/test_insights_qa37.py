"""QA37/QA38/QA39 regressions on the command line: therapist view, users list, trends, note -o.

Transcripts and names are synthetic, written for these tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import sys
from pathlib import Path

import pytest
from disk_helpers import full_disk
from rich.console import Console
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.cli._render_insights import (
    _trend_words,
    evidence_text,
    reliable_change_notes,
    render_trends,
)
from alliancelens.domain import MeasureAdministration
from alliancelens.insights import Caseload, Direction, InsightEvidence, Trend
from alliancelens.measures import build_report, load_registry

runner = CliRunner()
TALK = (
    "Therapist: What did you notice on the walk this week?\n"
    "Client: The heron was back by the weir, standing very still.\n"
    "Therapist: You sound like you enjoyed watching it.\n"
    "Client: I did. It was the calmest I have felt in a while.\n"
)


@pytest.fixture
def supervised(home: Path, tmp_path: Path) -> Path:
    """A store: dr-owner shares one analysed session with sup-owner (ids: admin 1, 2, 3)."""
    session = tmp_path / "s.txt"
    session.write_text(TALK, encoding="utf-8")
    env = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
    for args in (
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["users", "add", "sup-owner", "--role", "supervisor"],
        ["users", "supervise", "sup-owner", "dr-owner"],
        ["clients", "add", "Synthetic Client", "--therapist", "dr-owner"],
        *(["consent", "grant", "1", kind] for kind in ("recording", "analysis")),
        ["consent", "grant", "1", "supervision-sharing"],
        ["import", str(session), "--client", "1"],
        ["sessions", "share", "1"],
    ):
        done = runner.invoke(app, args, env=env)
        assert done.exit_code == 0, (args, done.output)
    return home


def _user_id(name: str) -> int:
    listed = runner.invoke(app, ["users", "list", "--json"])
    return next(u["id"] for u in json.loads(listed.stdout) if u["username"] == name)


def test_supervisor_users_list_shows_their_therapists_with_ids(supervised: Path) -> None:
    """QA37 #7: ``users list`` as a supervisor lists the supervisees' names and ids, no one else."""
    result = runner.invoke(app, ["users", "list", "--as", "sup-owner", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"id": _user_id("dr-owner"), "username": "dr-owner", "role": "therapist"}
    ]


@pytest.mark.parametrize(
    "args",
    [["therapist:dr-owner"], ["--therapist", "dr-owner"], ["therapist:ID"]],
    ids=["target", "option", "by-id"],
)
def test_therapist_view_summarises_patterns(supervised: Path, args: list[str]) -> None:
    """QA37 #4: a supervisor reviews one trainee by name or id: patterns with counts, insights."""
    args = [a.replace("ID", str(_user_id("dr-owner"))) for a in args]
    result = runner.invoke(app, ["insights", *args, "--as", "sup-owner", "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["therapist"] == "dr-owner" and found["session_count"] == 1
    assert {p["rule"] for p in found["patterns"]} == {i["rule"] for i in found["insights"]}
    assert all(p["session_count"] >= 0 and p["client_count"] == 1 for p in found["patterns"])


def test_therapist_view_table_and_refusal(supervised: Path) -> None:
    """The table names the trainee and counts; a trainee may not review another's caseload."""
    table = runner.invoke(
        app, ["insights", "therapist:dr-owner", "--as", "sup-owner"], env={"COLUMNS": "160"}
    )
    assert table.exit_code == 0, table.output
    assert "dr-owner: 1 analysed session(s) of 1 client(s) read" in table.stdout
    refused = runner.invoke(app, ["insights", "therapist:sup-owner", "--as", "dr-owner"])
    assert refused.exit_code == 2 and "only their own caseload" in refused.stderr


def test_therapist_target_is_alone(supervised: Path, tmp_path: Path) -> None:
    """therapist:USER with a transcript file is one usage error line."""
    extra = tmp_path / "t.txt"
    extra.write_text(TALK, encoding="utf-8")
    result = runner.invoke(app, ["insights", "therapist:dr-owner", str(extra)])
    assert result.exit_code == 2 and "on its own" in result.stderr


def test_nothing_read_is_not_called_no_pattern(tmp_path: Path) -> None:
    """QA37 #11: when no transcript could be read, "No insights: no rule found…" is not said."""
    bad = tmp_path / "bad.vtt"
    bad.write_text("not a vtt", encoding="utf-8")
    result = runner.invoke(app, ["insights", str(bad)])
    assert result.exit_code == 2
    assert "no rule found a pattern" not in result.stdout and "error:" in result.stderr


def test_note_to_a_missing_folder_writes_no_audit_entry(supervised: Path) -> None:
    """QA39 #5: ``note -o`` to a missing folder is refused before the session is read."""

    def views() -> int:
        listed = runner.invoke(app, ["audit", "list", "--json", "--action", "view"])
        return sum(1 for e in json.loads(listed.stdout) if e["resource"] != "audit")

    before = views()
    result = runner.invoke(app, ["note", "1", "-o", "/nonexistent-alliancelens/x/n.md"])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert views() == before


def _views() -> int:
    listed = runner.invoke(app, ["audit", "list", "--json", "--action", "view"])
    return sum(1 for e in json.loads(listed.stdout) if e["resource"] != "audit")


def test_note_pdf_without_weasyprint_is_refused_before_the_read(
    supervised: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``note 1 -o x.pdf`` without the pdf extra exits 2 before the session is read (audited)."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    before = _views()
    result = runner.invoke(app, ["note", "1", "-o", str(tmp_path / "n.pdf")])
    assert result.exit_code == 2 and "'pdf' extra" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _views() == before
    assert not any(p.name.startswith((".n.pdf", "n.pdf")) for p in tmp_path.iterdir())


def test_note_on_a_full_disk_is_one_line_and_audits_no_read(
    supervised: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note whose file cannot be written (ENOSPC) exits 2 in one line; no file, no view entry."""
    before = _views()
    real_fdopen = os.fdopen
    full_disk(monkeypatch)
    result = runner.invoke(app, ["note", "1", "-o", str(tmp_path / "n.md")])
    assert result.exit_code == 2, result.output
    assert "writing failed (No space left on device)" in result.stderr
    assert "audit log" not in result.stderr  # nothing was recorded: nothing to say about it
    assert len(result.stderr.strip().splitlines()) == 1
    assert not any(p.name.startswith((".n.md", "n.md")) for p in tmp_path.iterdir())
    monkeypatch.setattr(os, "fdopen", real_fdopen)  # the disk has room again
    assert _views() == before
    written = runner.invoke(app, ["note", "1", "-o", str(tmp_path / "n.md")])
    assert written.exit_code == 0, written.output
    assert _views() > before  # the same note, written, is audited


def _ors(day: int, item: float, session: str) -> MeasureAdministration:
    return MeasureAdministration("c", dt.date(2026, 9, day), "ors", (item,) * 4, session)


def test_trend_row_carries_the_reliable_change_since_intake() -> None:
    """QA38 #4: ORS "no steady trend" sits with "since intake: reliable deterioration (-5.2)"."""
    report = build_report(
        [_ors(1, 4.0, "1"), _ors(8, 4.5, "2"), _ors(15, 2.7, "3")], load_registry()
    )
    load = Caseload("c", (), report.clients[0], dict(report.definitions))
    notes = reliable_change_notes([load])
    assert notes == {("c", "measure.ORS"): "since intake: reliable deterioration (-5.2)"}
    row = Trend(
        "c",
        "measure.ORS",
        ("1", "2", "3", "4", "5"),
        (16, 18, 10.8, 12, 10.8),
        Direction.NO_CLEAR_CHANGE,
        -5.6,
        -4,
        0.2,
    )
    words = _trend_words(row, 5, notes[("c", "measure.ORS")])
    assert words == "[bold]no steady trend[/]; since intake: reliable deterioration (-5.2)"
    out = io.StringIO()
    render_trends(Console(file=out, width=200), [row], [], notes=notes)
    printed = " ".join(out.getvalue().split())
    assert "no steady trend;" in printed and "deterioration" in printed
    assert "no clear change" not in printed
    partial = dataclasses.replace(load, measures=None)
    assert reliable_change_notes([partial]) == {}


def test_fit_evidence_names_the_form_apart_from_the_session() -> None:
    """QA38 #15: "session 7: ORS 9.2, expected 14.22, form 6 (6th administration)"."""
    evidence = InsightEvidence("7", scores={"ORS": 9.2, "expected": 14.22, "session_number": 6})
    assert (
        evidence_text(evidence) == "session 7: ORS 9.2, expected 14.22, form 6 (6th administration)"
    )
