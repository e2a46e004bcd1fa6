"""``alliancelens note``: formats, measures, outputs, JSON layout and exit codes."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.measures import demo_csv
from alliancelens.notes import NOTHING_DETECTED
from alliancelens.services import demo_files

runner = CliRunner()


def _demo(name: str) -> Path:
    return next(p for p in demo_files() if p.name.startswith(name))


@pytest.mark.parametrize("fmt", ["soap", "dap", "birp"])
def test_json_note_has_the_documented_layout(fmt: str) -> None:
    """--json prints format and sections of sentences, each with kind-tagged evidence."""
    result = runner.invoke(app, ["note", str(_demo("riley-07")), "--format", fmt, "--json"])
    assert result.exit_code == 0, result.output
    note = json.loads(result.stdout)
    assert note["format"] == fmt and note["draft"] is True
    sentences = [s for section in note["sections"] for s in section["sentences"]]
    assert all(s["evidence"] or s["text"] == NOTHING_DETECTED for s in sentences)
    kinds = {e["kind"] for s in sentences for e in s["evidence"]}
    assert kinds <= {"utterance", "measure", "finding"}
    assert any(
        "utterance 27" in s["text"] and "FOR CLINICIAN REVIEW" in s["text"] for s in sentences
    )


def test_text_note_is_labelled_draft_and_uses_measures() -> None:
    """The default text output is a DRAFT SOAP note with the session's SRS score."""
    result = runner.invoke(app, ["note", str(_demo("alex-03")), "--measures", str(demo_csv())])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("DRAFT SOAP progress note — Session of 2026-09-21")
    assert (
        "SRS total 33.4, completed by the client on 2026-09-21, below the alliance cut-off of 36. "
        "[evidence: SRS 2026-09-21]" in result.stdout
    )


@pytest.mark.parametrize(
    ("suffix", "start"),
    [(".md", b"# DRAFT DAP"), (".txt", b"DRAFT DAP"), (".json", b"{"), (".html", b"<!doctype")],
)
def test_output_format_follows_the_suffix(tmp_path: Path, suffix: str, start: bytes) -> None:
    """--output writes Markdown, text, JSON or HTML by the file's suffix."""
    target = tmp_path / f"note{suffix}"
    result = runner.invoke(
        app, ["note", str(_demo("alex-01")), "-f", "dap", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(start)


@pytest.mark.parametrize("suffix", [".md", ".html", ".json", ".txt"])
def test_file_name_never_becomes_the_note_title(tmp_path: Path, suffix: str) -> None:
    """A note drafted from a file named after the client uses a neutral title, not the file name."""
    transcript = tmp_path / "Jamie Quinterro - Zoom Meeting.txt"
    transcript.write_text(
        "Therapist: How has the week been?\nClient: Hard, I kept to myself.\n", encoding="utf-8"
    )
    target = tmp_path / f"note{suffix}"
    argv = ["note", str(transcript), "--therapist", "Therapist", "--client", "Client"]
    result = runner.invoke(app, [*argv, "-o", str(target)])
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8")
    assert "Quinterro" not in written and "Zoom" not in written
    if suffix == ".json":
        assert json.loads(written)["session"] == "Session, date not recorded"
    if suffix == ".html":  # the PDF's Title metadata is this <title>
        assert "<title>DRAFT SOAP progress note — Session, date not recorded</title>" in written


def test_pdf_output(tmp_path: Path) -> None:
    """--output note.pdf writes a PDF (optional 'pdf' extra)."""
    pytest.importorskip("weasyprint")
    target = tmp_path / "note.pdf"
    result = runner.invoke(app, ["note", str(_demo("riley-07")), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "narrative"], "narrative"),
        (["--measures", "missing.csv"], "--measures missing.csv: no such file"),
        (["--session", "nope"], "--session: no session with that id"),
    ],
)
def test_bad_options_exit_2(args: list[str], message: str) -> None:
    """Unknown format, missing measures file or session id exits 2 with one line."""
    result = runner.invoke(app, ["note", str(_demo("alex-01")), *args])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "has 2 client speakers"),
        (["--member", "nobody"], 2, "--member: the name matches none of the 2 client"),
        (["--member", "casey"], 0, "Note for one of the 2 clients in this session"),
    ],
)
def test_couple_session_needs_member(args: list[str], code: int, message: str) -> None:
    """A couple's session gives a note per partner (--member); without it, one line, exit 2."""
    result = runner.invoke(app, ["note", str(_demo("jordan-casey")), *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    if code:
        assert "Jordan" not in result.stderr and "Traceback" not in result.output


def test_unreadable_transcript_exits_2(tmp_path: Path) -> None:
    """A transcript that cannot be read exits 2 without a traceback."""
    result = runner.invoke(app, ["note", str(tmp_path / "absent.txt")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


class _Claims(BaseHTTPRequestHandler):
    """A fake chat server: echoes every sentence, but swaps the risk line for a denial and adds
    an unsupported sentence."""

    bodies: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        type(self).bodies.append(raw)
        sent = json.loads(json.loads(raw)["messages"][-1]["content"])["sentences"]
        answer = [
            {"id": s["id"], "text": "Client denies suicidal ideation."}
            if s["text"].startswith("FOR CLINICIAN REVIEW")
            else s
            for s in sent
        ] + [{"id": 999, "text": "Client is safe and stable."}]
        content = json.dumps({"sentences": answer})
        reply = json.dumps({"choices": [{"message": {"content": content}}]}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def claims_server() -> Iterator[str]:
    """The fake server on 127.0.0.1; yields its API root."""
    _Claims.bodies = []
    httpd = HTTPServer(("127.0.0.1", 0), _Claims)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_phrasing_drops_unsupported_claims_and_sends_no_quotes(claims_server: str) -> None:
    """--phrase-url keeps the risk flag, drops the invented denial and never sends quotes."""
    result = runner.invoke(
        app,
        ["note", str(_demo("riley-07")), "--json", "--phrase-url", claims_server],
    )
    assert result.exit_code == 0, result.output
    note = json.loads(result.stdout)
    texts = [s["text"] for section in note["sections"] for s in section["sentences"]]
    assert not any("denies" in t or "safe and stable" in t for t in texts)
    assert any(t.startswith("FOR CLINICIAN REVIEW") and "utterance 27" in t for t in texts)
    assert "wonder what the point" not in _Claims.bodies[0]
    assert "[Q1]" in _Claims.bodies[0]
    flags = sum(t.startswith("FOR CLINICIAN REVIEW") for t in texts)  # each swapped for a denial
    assert flags >= 1 and f"{flags + 1} answer(s) dropped" in result.output


@pytest.mark.parametrize(
    ("consent", "says", "never"),
    [
        (False, "alliancelens consent grant 1 analysis", "jobs work"),
        (True, "alliancelens sessions analyse 1", "consent grant"),
    ],
)
def test_stored_note_without_analysis_names_the_real_blocker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, consent: bool, says: str, never: str
) -> None:
    """An unanalysed stored session names missing analysis consent when that is the blocker."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    transcript = tmp_path / "t.txt"
    transcript.write_text("Therapist: Where shall we begin?\nClient: Work.\n", encoding="utf-8")
    steps = [
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["clients", "add", "Synthetic Client", "--therapist", "dr-owner"],
        ["consent", "grant", "1", "recording"],
        *([["consent", "grant", "1", "analysis"]] if consent else []),
        ["import", str(transcript), "--client", "1", "--no-analyse"],
    ]
    for args in steps:
        assert runner.invoke(app, args).exit_code == 0, args
    result = runner.invoke(app, ["note", "session:1"])
    assert result.exit_code == 2 and says in result.stderr and never not in result.stderr


def test_note_file_is_owner_only(tmp_path: Path) -> None:
    """`note -o` writes mode 0600 even under a umask that makes files world-readable."""
    target = tmp_path / "draft.md"
    previous = os.umask(0o022)
    try:
        result = runner.invoke(app, ["note", str(_demo("alex-01")), "-o", str(target)])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_stored_couple_session_note_needs_and_takes_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored couple session's note is refused without --member and drafted with it."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    transcript = tmp_path / "couple.txt"
    transcript.write_text(
        "Therapist: What would you each like from today?\n"
        "Partner A: Less arguing about the chores rota.\n"
        "Partner B: To feel heard when I say I'm tired.\n"
        "Therapist: So the rota, and being heard. Where shall we start?\n",
        encoding="utf-8",
    )
    steps = [
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["clients", "add", "Synthetic Couple", "--therapist", "dr-owner"],
        ["consent", "grant", "1", "recording"],
        ["consent", "grant", "1", "analysis"],
        ["import", str(transcript), "--client", "1"],
    ]
    for args in steps:
        assert runner.invoke(app, args).exit_code == 0, args
    refused = runner.invoke(app, ["note", "session:1"])
    assert refused.exit_code == 2 and "--member" in refused.stderr
    drafted = runner.invoke(app, ["note", "session:1", "--member", "partner b", "--json"])
    assert drafted.exit_code == 0, drafted.output
    assert "chores" not in drafted.stdout  # Partner A's words stay out of B's note
