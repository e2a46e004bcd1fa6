"""The analyze, demo, formats, schema and --version commands, and their exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from alliancelens import __version__, report
from alliancelens.cli import app

runner = CliRunner()
GOOD = "Therapist: What brings you in?\nClient: My sister said I should come.\n"


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    """A small valid transcript file."""
    path = tmp_path / "session.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_version() -> None:
    """--version prints the package version."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout


def test_analyze_prints_a_readable_report(transcript: Path) -> None:
    """analyze prints the session, its speakers with roles and the talk table."""
    result = runner.invoke(app, ["analyze", str(transcript)])
    assert result.exit_code == 0, result.output
    assert "Session session" in result.stdout
    assert "Therapist (therapist)" in result.stdout
    assert "talk.statistics v2" in result.stdout


def test_analyze_json_validates(transcript: Path) -> None:
    """analyze --json prints a document that validates against the shipped schema."""
    result = runner.invoke(app, ["analyze", str(transcript), "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.validate(document, report.load_schema())
    assert document["sessions"][0]["utterances"][1]["role"] == "client"


def test_output_file_is_written(transcript: Path, tmp_path: Path) -> None:
    """--output writes the report to a file (and nothing half-written is left behind)."""
    target = tmp_path / "out.json"
    result = runner.invoke(app, ["analyze", str(transcript), "--json", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["sessions"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_to_missing_folder_is_a_usage_error(transcript: Path, tmp_path: Path) -> None:
    """--output into a folder that does not exist exits 2 with one line."""
    result = runner.invoke(app, ["analyze", str(transcript), "-o", str(tmp_path / "no" / "x")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_therapist_override(tmp_path: Path) -> None:
    """--therapist sets the role for a label the transcript does not mark."""
    path = tmp_path / "names.txt"
    path.write_text("Ana: Hi, how are you?\nBo: Fine.\nAna: Fine?\nBo: Yes, I guess.\n", "utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--therapist", "bo", "--json"])
    speakers = json.loads(result.stdout)["sessions"][0]["speakers"]
    assert {s["label"]: s["role"] for s in speakers} == {"Ana": "client", "Bo": "therapist"}
    assert "guessed" not in result.stderr


def test_guessed_roles_warn_how_to_override(tmp_path: Path) -> None:
    """Guessed roles warn how to override on stderr (terminal report and --json) and in JSON."""
    path = tmp_path / "names.txt"
    path.write_text("Ana: Hi, how are you?\nBo: Fine.\nAna: Fine?\nBo: Yes, I guess.\n", "utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0
    assert "--therapist" in result.stderr
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert "--therapist" in result.stderr
    assert "--therapist" in json.loads(result.stdout)["sessions"][0]["warnings"][0]


@pytest.mark.parametrize(
    ("content", "suffix", "needle"),
    [
        (b"", ".txt", "empty"),
        (b"\x00\x01\x02\xff" * 50, ".bin", "binary"),
        (b"Just some prose without any speakers at all.", ".xyz", "not a recognised"),
        (b"Client: I talk alone.\nClient: Still me.\n", ".txt", "one speaker"),
        (b"intro line\nTherapist: Hi\nClient: Hi\n", ".txt", "line 1"),
        (b"transcript_id,utterance_text\n1,hello\n", ".csv", "interlocutor"),
        (b"[00:01:00] Therapist: Hi\n[00:00:30] Client: Hi\n", ".txt", "backwards"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes, suffix: str, needle: str
) -> None:
    """Every bad-input case exits 2 with one line on stderr naming the file, and no traceback."""
    path = tmp_path / f"bad{suffix}"
    path.write_bytes(content)
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert str(path) in lines[0] and needle in lines[0]
    assert "Traceback" not in result.output


def test_unknown_format_option_is_a_usage_error(transcript: Path) -> None:
    """--format with an unknown name exits 2 and lists the known formats."""
    result = runner.invoke(app, ["analyze", str(transcript), "--format", "pdf"])
    assert result.exit_code == 2
    assert "known formats" in result.stderr


def test_good_files_are_still_reported_when_one_fails(transcript: Path, tmp_path: Path) -> None:
    """One unreadable file does not lose the others: they are reported, and the exit is 2."""
    result = runner.invoke(app, ["analyze", str(transcript), str(tmp_path / "gone.txt"), "--json"])
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert len(document["sessions"]) == 1 and len(document["errors"]) == 1


def test_formats_lists_every_reader() -> None:
    """formats --json lists each registered format with suffixes."""
    result = runner.invoke(app, ["formats", "--json"])
    names = {row["name"] for row in json.loads(result.stdout)}
    assert {"text", "vtt", "srt", "json", "csv", "docx"} <= names


def test_schema_command_prints_the_schema() -> None:
    """schema prints the shipped JSON Schema."""
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.stdout) == report.load_schema()


def test_demo_analyses_the_shipped_sessions() -> None:
    """demo --json analyses every shipped demo session, and each validates."""
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, report.load_schema())
    assert len(document["sessions"]) >= 4
    assert not document["errors"]
    # manifest.toml names the therapist of the Zoom export, so no role is guessed
    assert not [w for s in document["sessions"] for w in s["warnings"] if "guessed" in w]


def test_console_script_has_no_traceback(tmp_path: Path) -> None:
    """The real entry point (python -m alliancelens) prints one line and exits 2 on bad input."""
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, "-m", "alliancelens", "analyze", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["deidentify", "{src}", "-o", "{missing}/x.txt"],
        ["analyze", "{src}", "--json", "-o", "{missing}/x.json"],
        ["note", "{src}", "-o", "{missing}/x.md"],
    ],
)
def test_output_into_a_missing_folder_is_one_line(
    tmp_path: Path, transcript: Path, command: list[str]
) -> None:
    """Every command that writes --output refuses a missing folder with one line and exit 2."""
    args = [a.format(src=transcript, missing=tmp_path / "nope") for a in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1


def test_deidentify_reads_cp1252_like_transcripts(tmp_path: Path) -> None:
    """deidentify decodes files the way transcript readers do (cp1252 fallback)."""
    path = tmp_path / "notes.txt"
    path.write_bytes("Client: Caf\xe9 on Monday.\n".encode("cp1252"))
    result = runner.invoke(app, ["deidentify", str(path)])
    assert result.exit_code == 0, result.output
    assert "Caf" in result.stdout


def test_one_off_group_speaker_is_screened_for_risk(tmp_path: Path) -> None:
    """A group member who speaks once gets their own utterance, and the risk panel flags it."""
    path = tmp_path / "group.txt"
    path.write_text(
        "Facilitator: Who wants to start?\nAsha: Me. It was a slow week.\n"
        "Facilitator: Thank you. Anyone else?\n"
        "Bram: Lately I keep thinking about killing myself.\nAsha: Oh.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["analyze", str(path), "--client", "bram", "--json"])
    assert result.exit_code == 0, result.output
    session = json.loads(result.stdout)["sessions"][0]
    flagged = [f["index"] for f in session["summary"]["risk"]]
    assert session["utterances"][3]["speaker"] == "Bram"
    assert flagged == [3]


@pytest.mark.parametrize(
    ("name", "content", "kept"),
    [
        (
            "t.vtt",
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dr. Ines Varga>Good morning Tomas.\n\n"
            "00:00:02.500 --> 00:00:04.000\n<v Tomas Reyes>Honestly, worrying week.\n",
            "<v Therapist NAME-1>Good morning",
        ),
        (
            "t.txt",
            "# date: 2024-05-06\nTherapist: Hello Tomas Reyes?\nTomas Reyes: Hi.\n"
            "Therapist: Ready?\nTomas Reyes: Yes.\n",
            "# date: 2024-05-06",
        ),
    ],
)
def test_deidentify_keeps_the_format_readable(
    tmp_path: Path, name: str, content: str, kept: str
) -> None:
    """deidentify keeps voice tags and header dates, and its output analyses in that format."""
    pytest.importorskip("presidio_analyzer")
    source, target = tmp_path / name, tmp_path / f"out-{name}"
    source.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["deidentify", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert kept in target.read_text("utf-8") and "Tomas" not in target.read_text("utf-8")
    assert runner.invoke(app, ["analyze", str(target)]).exit_code == 0


def test_terminal_report_to_a_file_is_whole_and_private(transcript: Path, tmp_path: Path) -> None:
    """-o without --json writes the whole terminal report, readable by the owner only."""
    target = tmp_path / "report.txt"
    result = runner.invoke(app, ["analyze", str(transcript), "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text("utf-8")
    assert "Risk language" in text and "Speakers:" in text
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("content", "encoding", "needle"),
    [
        ("Ana: Hi, how are you?\nBo: Fine.\nAna: Fine?\nBo: Yes, I guess.\n", "utf-8", "guessed"),
        ("Therapist: Caf\u00e9 again?\nClient: Yes, the caf\u00e9.\n", "cp1252", "accented"),
    ],
)
def test_terminal_report_warnings_go_to_stderr_not_stdout(
    tmp_path: Path, content: str, encoding: str, needle: str
) -> None:
    """Terminal mode prints reader warnings on stderr only, as docs/cli.md says (QA42 #11)."""
    path = tmp_path / "session.txt"
    path.write_bytes(content.encode(encoding))
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "Session session" in result.stdout
    assert needle in result.stderr and "warning:" in result.stderr
    assert "warning:" not in result.stdout


def test_terminal_report_file_keeps_the_warnings(tmp_path: Path) -> None:
    """-o without --json keeps each session's warnings in the file and says them on stderr."""
    path = tmp_path / "names.txt"
    path.write_text("Ana: Hi, how are you?\nBo: Fine.\nAna: Fine?\nBo: Yes, I guess.\n", "utf-8")
    target = tmp_path / "report.txt"
    result = runner.invoke(app, ["analyze", str(path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "guessed" in target.read_text("utf-8") and "guessed" in result.stderr
