"""``alliancelens insights``: JSON shape, table output, trends and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens import services
from alliancelens.cli import app

runner = CliRunner()
DEMO = Path(services.demo_files()[0]).parent


@pytest.fixture(autouse=True)
def _no_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the real per-user measures definitions directory (an empty one instead)."""
    (tmp_path / "defs").mkdir()  # a named folder that does not exist is refused (QA38 #2)
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(tmp_path / "defs"))


def test_demo_json_is_a_list_of_insights_with_the_documented_keys() -> None:
    """--demo --json prints a list; each item has kind, title, explanation, evidence, suggestion."""
    result = runner.invoke(app, ["insights", "--demo", "--json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert isinstance(found, list) and found
    keys = {"kind", "title", "explanation", "evidence", "suggestion", "rule", "client"}
    assert all(set(item) == keys and item["evidence"] for item in found)
    assert {"client": "alex", "rule": "bond_against_srs"}.items() <= next(
        i for i in found if i["rule"] == "bond_against_srs"
    ).items()


def test_transcript_targets_grouped_by_measures_session_ids() -> None:
    """Transcript files named in the measures CSV's session column join that client."""
    files = [str(DEMO / "alex-01-intake.txt"), str(DEMO / "alex-03.json")]
    measures = str(DEMO.parent / "measures.csv")
    result = runner.invoke(app, ["insights", *files, "--measures", measures, "--json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    # transcript insights join alex; robin (measures only) has only his forms' alerts
    assert {i["client"] for i in found if i["rule"] != "measure_alerts"} == {"alex"}
    assert "not_on_track_fit" in {i["rule"] for i in found}


def test_unmapped_transcript_belongs_to_the_named_client() -> None:
    """Without a measures file, sessions belong to --client; Riley's insights appear."""
    result = runner.invoke(
        app, ["insights", str(DEMO / "riley-07.srt"), "--client", "riley", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    rules = {i["rule"] for i in json.loads(result.stdout) if i["client"] == "riley"}
    assert {"unresolved_rupture", "advice_without_permission"} <= rules


def test_table_output_names_rule_and_evidence() -> None:
    """The rich table shows the title, the rule id and the evidence session."""
    result = runner.invoke(
        app, ["insights", "--demo", "--client", "riley-07"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.stderr
    assert "Unresolved withdrawal rupture" in result.stdout
    assert "rule: unresolved_rupture" in result.stdout
    assert "riley-07: utt 1, 5, 9" in result.stdout


def test_trends_json_lists_verdicts() -> None:
    """--trends --json prints trend records; Robin's ORS is rising."""
    result = runner.invoke(app, ["insights", "--demo", "--trends", "--json"])
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    robin = next(t for t in found if t["subject"] == "robin" and t["metric"] == "measure.ORS")
    assert robin["direction"] == "rising"


def test_trends_table_labels_the_change_column_by_what_it_computes() -> None:
    """The trends table's change column says it is mean of the last 2 minus mean of the first 2."""
    result = runner.invoke(
        app, ["insights", "--demo", "--client", "robin", "--trends"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    assert "Δ: mean of the last 2 values minus mean of the first 2" in result.stdout
    assert "last-first" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [["insights"], ["insights", "--demo", "x.txt"], ["insights", "--demo", "--measures", "no.csv"]],
    ids=["nothing", "both", "missing-measures"],
)
def test_usage_errors_exit_2_with_one_line(args: list[str]) -> None:
    """No target, targets with --demo, or an unreadable measures file: exit 2, one error line."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1


def test_unreadable_transcript_is_reported_and_exits_2(tmp_path: Path) -> None:
    """A transcript that cannot be read is reported; the rest is still analysed."""
    bad = tmp_path / "bad.vtt"
    bad.write_text("not a vtt", encoding="utf-8")
    result = runner.invoke(app, ["insights", str(bad), str(DEMO / "riley-07.srt"), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stdout)
    assert "error:" in result.stderr


def test_unanalysed_stored_session_is_listed_as_not_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session imported with --no-analyse is a "not analysed" row naming `sessions analyse`."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    session = tmp_path / "s.txt"
    session.write_text("Therapist: How was the week?\nClient: Long.\n", encoding="utf-8")
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    for args in (
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["clients", "add", "Synthetic Client", "--therapist", "dr-owner"],
        ["consent", "grant", "1", "recording"],
        ["import", str(session), "--client", "1", "--no-analyse"],
        ["consent", "grant", "1", "analysis"],
        ["import", str(session), "--client", "1", "--allow-duplicate"],
    ):
        assert runner.invoke(app, args).exit_code == 0, args
    result = runner.invoke(app, ["insights", "client:1", "--json"])
    assert "session(s) 1 have no stored analysis" in result.stderr
    (row,) = [i for i in json.loads(result.stdout) if i["rule"] == "session_not_analysed"]
    assert row["kind"] == "prompt" and "not 'no risk'" in row["explanation"]
    assert "alliancelens sessions analyse 1" in row["explanation"]
    assert "consent" not in row["explanation"]  # consent is in force: not the blocker here


def test_insights_name_missing_analysis_consent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without analysis consent, insights name that consent and `consent grant`, not jobs work."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    session = tmp_path / "s.txt"
    session.write_text("Therapist: What brings you in?\nClient: Sleep, mostly.\n", encoding="utf-8")
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    for args in (
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["clients", "add", "Synthetic Client", "--therapist", "dr-owner"],
        ["consent", "grant", "1", "recording"],
        ["import", str(session), "--client", "1"],
    ):
        assert runner.invoke(app, args).exit_code == 0, args
    result = runner.invoke(app, ["insights", "client:1"])
    assert result.exit_code == 2
    assert "analysis consent of client 1 has not been recorded" in result.stderr
    assert "alliancelens consent grant 1 analysis" in result.stderr
    assert "jobs work" not in result.stderr


def test_supervisor_client_target_covers_exactly_the_shared_sessions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`insights client:N` as a supervisor covers the shared sessions; none shared: session:ID."""
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    session = tmp_path / "s.txt"
    session.write_text(
        "Therapist: What did you notice on the walk?\nClient: The heron was back by the weir.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    for args in (
        ["init"],
        ["users", "add", "dr-owner", "--role", "therapist"],
        ["users", "add", "sup-owner", "--role", "supervisor"],
        ["users", "supervise", "sup-owner", "dr-owner"],
        ["clients", "add", "Synthetic Client", "--therapist", "dr-owner"],
        *(["consent", "grant", "1", kind] for kind in ("recording", "analysis")),
        ["consent", "grant", "1", "supervision-sharing"],
        ["import", str(session), "--client", "1"],
        ["import", str(session), "--client", "1", "--allow-duplicate"],
        ["sessions", "share", "2"],
    ):
        assert runner.invoke(app, args).exit_code == 0, args
    result = runner.invoke(app, ["insights", "client:1", "--as", "sup-owner", "--json"])
    assert result.exit_code == 0, result.stderr
    sessions = {e["session_id"] for i in json.loads(result.stdout) for e in i["evidence"]}
    assert sessions <= {"2"}
    assert runner.invoke(app, ["sessions", "share", "2", "--undo"]).exit_code == 0
    refused = runner.invoke(app, ["insights", "client:1", "--as", "sup-owner"])
    assert refused.exit_code == 2 and "session:ID" in refused.stderr


@pytest.mark.parametrize(("p_value", "shown"), [(0.00005, "< 0.001"), (0.0123, "0.012")])
def test_p_value_text_never_prints_zero(p_value: float, shown: str) -> None:
    """A very small p-value prints as "< 0.001", never as "0.000"."""
    from alliancelens.cli._render_insights import p_text as _p_text

    assert _p_text(p_value) == shown


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--measures", "MEASURES", "--definitions", "/nonexistent-al-defs"], "nonexistent"),
        (["--definitions", "DEFS"], "--definitions applies to a --measures file"),
    ],
    ids=["missing-folder", "without-measures"],
)
def test_definitions_option_is_checked(tmp_path: Path, extra: list[str], needle: str) -> None:
    """--definitions must exist and needs --measures; either mistake is one line and exit 2."""
    measures = str(DEMO.parent / "measures.csv")
    args = [measures if a == "MEASURES" else str(tmp_path) if a == "DEFS" else a for a in extra]
    result = runner.invoke(app, ["insights", str(DEMO / "alex-03.json"), *args])
    assert result.exit_code == 2
    assert needle in result.stderr and "Traceback" not in result.output


def test_table_output_names_the_definitions_used() -> None:
    """With a measures file the table output says which definitions scored it (QA38 #1)."""
    files = [str(DEMO / "alex-03.json")]
    measures = str(DEMO.parent / "measures.csv")
    result = runner.invoke(app, ["insights", *files, "--measures", measures])
    assert result.exit_code == 0, result.stderr
    assert "definitions:" in result.stderr


def test_file_sessions_are_named_by_position_not_their_id_header(tmp_path: Path) -> None:
    """Insights over files whose ``# id:`` is a name say "session 1 of 2", never the name."""
    files = []
    for day in ("01", "08"):
        path = tmp_path / f"s{day}.txt"
        path.write_text(
            f"# id: Jordan Quill {day}\n# date: 2026-01-{day}\n"
            "Therapist: How was the week?\nClient: Long. I stayed in bed.\n"
            "Therapist: What did you do about it?\nClient: Nothing much.\n"
            "Therapist: You should try to get up earlier.\nClient: Maybe.\n",
            encoding="utf-8",
        )
        files.append(str(path))
    result = runner.invoke(app, ["insights", *files, "--json"])
    assert result.exit_code == 0, result.output
    texts = [i["explanation"] for i in json.loads(result.stdout)]
    assert any("session 1 of 2, session 2 of 2" in text for text in texts)
    assert not [text for text in texts if "Quill" in text]
