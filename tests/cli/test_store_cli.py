"""The record-store commands end to end: init, users, clients, consent, import, sessions,
export, delete-client, keys rotate, audit verify, jobs, purge-expired, deidentify."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
TEXT = (
    "Therapist: How was the week, Quillon?\nClient: Hard. I kept thinking about the lighthouse.\n"
)


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def add_client(name: str, *options: str) -> str:
    """Add a client owned by therapist ``dr-owner`` (created on first use), as the admin."""
    if "dr-owner" not in run("users", "list"):
        password = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
        added = runner.invoke(
            app, ["users", "add", "dr-owner", "--role", "therapist"], env=password
        )
        assert added.exit_code == 0, added.output
    return run("clients", "add", name, *options, "--therapist", "dr-owner")


def test_store_workflow(home: Path, tmp_path: Path) -> None:
    """init -> client -> consents -> import -> export -> rotate -> verify -> delete."""
    assert "created" in run("init")
    assert add_client("Quillon Vaz", "--identifier", "MRN-7") == "client 1 added\n"
    run("consent", "grant", "1", "recording")
    run("consent", "grant", "1", "analysis", "--on", "2026-01-05")
    assert "analysis: from 2026-01-05, in force today" in run("consent", "show", "1")
    session = tmp_path / "s.txt"
    session.write_text(TEXT, encoding="utf-8")
    out = run("import", str(session), "--client", "1", "--json")
    assert json.loads(out) == {
        "sessions": [1],
        "jobs": [1],
        "note": None,
        "backend": "in-process",
        "not_handed_to_queue": [],
        "duplicate_of": [],
        "client_deleted": False,
    }
    assert "session 1: text, 2 utterances" in run("sessions", "list", "1")
    assert json.loads(run("jobs", "list", "--json"))[0]["status"] == "done"
    exported = tmp_path / "out.json"
    run("export", "1", "-o", str(exported))
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    assert json.loads(exported.read_text())["sessions"][0]["utterances"][1]["text"].startswith(
        "Hard."
    )
    assert "re-encrypted under key" in run("keys", "rotate")
    assert "audit log intact" in run("audit", "verify")
    assert "client 1 deleted" in run("delete-client", "1", "--yes")
    assert json.loads(run("clients", "list", "--json")) == []


def test_users_and_acting_as_a_therapist(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Admins add users; --as limits what a therapist sees; refusals exit 2 by id only."""
    run("init")
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    run("users", "add", "dr-lee", "--role", "therapist")
    run("users", "add", "dr-kim", "--role", "therapist")
    assert [u["username"] for u in json.loads(run("users", "list", "--json"))] == [
        "dr-lee",
        "dr-kim",
    ]
    run("clients", "add", "Lee Client", "--as", "dr-lee")
    assert json.loads(run("clients", "list", "--json", "--as", "dr-kim")) == []
    result = runner.invoke(app, ["export", "1", "--as", "dr-kim"])
    assert result.exit_code == 2
    assert "user:2 (therapist) may not export client 1:" in result.output
    assert "Lee Client" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clients", "list"], "alliancelens init"),
        (["audit", "verify"], "alliancelens init"),
    ],
)
def test_commands_before_init(home: Path, args: list[str], message: str) -> None:
    """Store commands before init exit 2 and say to run init."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output


def test_import_without_consent_exits_2(home: Path, tmp_path: Path) -> None:
    """A missing consent is one error line naming it, exit code 2."""
    run("init")
    add_client("Somebody")
    session = tmp_path / "s.txt"
    session.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["import", str(session), "--client", "1"])
    assert result.exit_code == 2 and "recording consent of client 1" in result.output


def test_purge_expired_needs_a_retention_setting(home: Path) -> None:
    """purge-expired refuses without ALLIANCELENS_RETENTION_DAYS and works with it."""
    run("init")
    assert runner.invoke(app, ["purge-expired"]).exit_code == 2
    result = runner.invoke(app, ["purge-expired"], env={"ALLIANCELENS_RETENTION_DAYS": "30"})
    assert result.exit_code == 0 and "0 session(s)" in result.stdout


def test_jobs_work_reports(home: Path) -> None:
    """jobs work runs in-process by default and reports what it did."""
    run("init")
    assert json.loads(run("jobs", "work", "--json")) == {
        "backend": "in-process",
        "recovered": [],
        "recovery": [],
        "jobs": [],
        "run": 0,
        "failed": [],
        "stuck": [],
    }


def test_deidentify_file(tmp_path: Path) -> None:
    """deidentify prints the file with consistent placeholders."""
    pytest.importorskip("presidio_analyzer")
    source = tmp_path / "t.txt"
    source.write_text(
        "Client: Call Sarah Miller on 415-555-0132.\nClient: Sarah said no.\n", encoding="utf-8"
    )
    out = run("deidentify", str(source))
    assert out == "Client: Call [NAME-1] on [PHONE-1].\nClient: [NAME-1] said no.\n"


def test_evaluate_deid_json() -> None:
    """evaluate deid reports recall per PHI type as JSON."""
    pytest.importorskip("presidio_analyzer")
    report = json.loads(run("evaluate", "deid", "--json"))
    assert report["examples"] == 70 and report["recall"] >= 0.95
    assert set(report["by_type"]) == {"NAME", "PHONE", "EMAIL", "ADDRESS", "DATE", "ID"}


def test_clients_record_measure(home: Path) -> None:
    """record-measure prints the score and review flag, refuses bad items, and is exported."""
    run("init")
    add_client("Quillon Vaz")
    items = ["1", "2", "3", "1", "0", "2", "1", "1", "1"]
    out = run("clients", "record-measure", "1", "phq-9", *items, "--date", "2026-11-02")
    assert out.startswith("client 1: phq-9 of 2026-11-02 recorded as form 1; total 12 (moderate)")
    assert "URGENT safety_item (for clinician review): PHQ-9 item 9" in out
    bad = runner.invoke(app, ["clients", "record-measure", "1", "phq-9", *items[:8], "4"])
    assert bad.exit_code == 2 and "AL503" in bad.stderr
    record = json.loads(run("export", "1"))
    assert [f["responses"] for f in record["measures"]] == [[float(v) for v in items]]
    assert record["fhir"]["entry"][0]["resource"]["resourceType"] == "QuestionnaireResponse"


def test_clients_form_link(home: Path) -> None:
    """form-link prints a fresh token per link; a measure without licensed wording exits 2."""
    run("init")
    add_client("Quillon Vaz")
    first = run("clients", "form-link", "1", "phq-9").strip()
    second = json.loads(run("clients", "form-link", "1", "gad-7", "--hours", "1", "--json"))
    assert len(first) >= 40 and second["token"] != first and second["measure"] == "gad-7"
    refused = runner.invoke(app, ["clients", "form-link", "1", "srs"])
    assert refused.exit_code == 2 and "AL506" in refused.stderr


def test_sessions_shared_for_a_supervisor(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sessions shared` lists a supervisee's shared session (no client name); clients exit 2."""
    run("init")
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    run("users", "add", "dr-lee", "--role", "therapist")
    run("users", "add", "sup", "--role", "supervisor")
    run("users", "supervise", "sup", "dr-lee")
    run("clients", "add", "Quillon Vaz", "--as", "dr-lee")
    for kind in ("recording", "supervision-sharing"):
        run("consent", "grant", "1", kind, "--as", "dr-lee")
    session = tmp_path / "s.txt"
    session.write_text(TEXT, encoding="utf-8")
    run("import", str(session), "--client", "1", "--as", "dr-lee")
    run("import", str(session), "--client", "1", "--as", "dr-lee", "--allow-duplicate")
    assert run("sessions", "shared", "--as", "sup") == "no session is shared for supervision\n"
    run("sessions", "share", "2", "--as", "dr-lee")
    rows = json.loads(run("sessions", "shared", "--as", "sup", "--json"))
    assert [(r["id"], r["therapist"]) for r in rows] == [(2, "dr-lee")]
    out = run("sessions", "shared", "--as", "sup")
    assert out.startswith("session 2: imported ") and "Quillon" not in out
    run("users", "add", "client-1", "--role", "client", "--client", "1")
    result = runner.invoke(app, ["sessions", "shared", "--as", "client-1"])
    assert result.exit_code == 2 and "clients may only" in result.output


def _imported_client(home: Path, tmp_path: Path) -> Path:
    """An initialised store with client 1 (recording consent) and a transcript file."""
    run("init")
    add_client("Quillon Vaz")
    run("consent", "grant", "1", "recording")
    session = tmp_path / "s.txt"
    session.write_text(TEXT, encoding="utf-8")
    return session


def test_import_with_a_session_date(home: Path, tmp_path: Path) -> None:
    """`import --date` stores the session date (seen in the export)."""
    session = _imported_client(home, tmp_path)
    run("import", str(session), "--client", "1", "--date", "2026-03-14")
    run("import", str(session), "--client", "1", "--allow-duplicate")
    exported = tmp_path / "out.json"
    run("export", "1", "-o", str(exported))
    dates = [s["date"] for s in json.loads(exported.read_text())["sessions"]]
    assert dates == ["2026-03-14", None]


def test_sessions_list_shows_the_session_date(home: Path, tmp_path: Path) -> None:
    """`sessions list` shows the --date of import next to the import date; JSON null without."""
    session = _imported_client(home, tmp_path)
    run("import", str(session), "--client", "1", "--date", "2026-03-14")
    run("import", str(session), "--client", "1", "--allow-duplicate")
    lines = run("sessions", "list", "1").splitlines()
    assert lines[0].startswith("session 1: 2026-03-14, text, 2 utterances, imported ")
    assert lines[1].startswith("session 2: text, 2 utterances, imported ")
    rows = json.loads(run("sessions", "list", "1", "--json"))
    assert [row["session_date"] for row in rows] == ["2026-03-14", None]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("14/03/2026", "--date: not a date; use YYYY-MM-DD"),
        ("2999-01-01", "--date is after today; give the day the session took place"),
    ],
)
def test_import_refuses_a_bad_or_future_date(
    home: Path, tmp_path: Path, date: str, message: str
) -> None:
    """A malformed or future --date is one line without the date, exit 2; nothing is stored."""
    session = _imported_client(home, tmp_path)
    result = runner.invoke(app, ["import", str(session), "--client", "1", "--date", date])
    assert result.exit_code == 2 and message in result.output
    assert date not in result.output  # a typed date is never repeated (docs/security.md)
    assert "Traceback" not in result.output and len(result.stderr.strip().splitlines()) == 1
    assert "session 1" not in run("sessions", "list", "1")


def test_granting_a_consent_in_force_exits_2_with_one_line(home: Path) -> None:
    """Granting a consent already in force exits 2 with one line naming its date; nothing added."""
    run("init")
    add_client("Somebody")
    run("consent", "grant", "1", "recording", "--on", "2026-01-05")
    result = runner.invoke(app, ["consent", "grant", "1", "recording"])
    assert result.exit_code == 2
    assert "already recorded from 2026-01-05, so no second grant" in result.stderr
    assert "--correct-start" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert run("consent", "show", "1").count("recording") == 1


def test_clients_record_measure_refuses_a_duplicate_and_replace_corrects_it(home: Path) -> None:
    """A second SRS for the same day exits 2 naming --replace; --replace stores the correction."""
    run("init")
    add_client("Quillon Vaz")
    out = run("clients", "record-measure", "1", "SRS", "9", "9", "9", "9", "--date", "2026-11-02")
    assert "total 36.0" in out
    again = runner.invoke(
        app, ["clients", "record-measure", "1", "srs", "8", "9", "9", "9", "--date", "2026-11-02"]
    )
    assert again.exit_code == 2 and "AL509" in again.stderr and "--replace" in again.stderr
    fixed = run(
        "clients",
        "record-measure",
        "1",
        "srs",
        "8",
        "9",
        "9",
        "9",
        "--date",
        "2026-11-02",
        "--replace",
    )
    assert "total 35.0" in fixed
    assert [f["responses"] for f in json.loads(run("export", "1"))["measures"]] == [
        [8.0, 9.0, 9.0, 9.0]
    ]


def test_admin_adding_a_client_without_a_therapist_exits_2(home: Path) -> None:
    """The admin must name --therapist: one error line, exit 2, and no client is stored."""
    run("init")
    result = runner.invoke(app, ["clients", "add", "Quillon Vaz"])
    assert result.exit_code == 2 and "--therapist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Quillon" not in result.stderr
    assert json.loads(run("clients", "list", "--json")) == []


def test_clients_list_names_the_owning_therapist(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`clients list` shows the therapist's user name, for the admin and for the therapist."""
    run("init")
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    run("users", "add", "dr-lee", "--role", "therapist")
    assert run("clients", "add", "Lee Client", "--as", "dr-lee") == "client 1 added\n"
    for user in ("admin", "dr-lee"):
        rows = json.loads(run("clients", "list", "--json", *(["--as", user] * (user != "admin"))))
        assert [(r["therapist_id"], r["therapist"]) for r in rows] == [(1, "dr-lee")]
        assert "dr-lee" in run("clients", "list", *(["--as", user] * (user != "admin")))


def test_reimporting_the_same_file_is_refused_naming_the_earlier_session(
    home: Path, tmp_path: Path
) -> None:
    """The same bytes again, even renamed: one error line naming session 1, exit 2, no store."""
    session = _imported_client(home, tmp_path)
    run("import", str(session), "--client", "1")
    renamed = tmp_path / "renamed.txt"
    renamed.write_bytes(session.read_bytes())
    result = runner.invoke(app, ["import", str(renamed), "--client", "1"])
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "already imported for client 1 as session 1;" in line
    assert "nothing was stored" in line and "--allow-duplicate" in line
    assert [r["id"] for r in json.loads(run("sessions", "list", "1", "--json"))] == [1]


def test_allow_duplicate_stores_the_same_file_again_with_a_note(home: Path, tmp_path: Path) -> None:
    """--allow-duplicate stores the known file again; one note names the earlier session."""
    session = _imported_client(home, tmp_path)
    run("import", str(session), "--client", "1")
    result = runner.invoke(app, ["import", str(session), "--client", "1", "--allow-duplicate"])
    assert result.exit_code == 0 and "imported 1 session(s) for client 1: 2" in result.stdout
    lines = [line for line in result.stderr.splitlines() if "already imported" in line]
    assert len(lines) == 1 and "as session(s) 1; stored again" in lines[0]


def test_skip_duplicates_stores_nothing_for_a_known_file(home: Path, tmp_path: Path) -> None:
    """--skip-duplicates skips a file imported before but imports a changed one."""
    session = _imported_client(home, tmp_path)
    run("import", str(session), "--client", "1")
    result = runner.invoke(
        app, ["import", str(session), "--client", "1", "--skip-duplicates", "--json"]
    )
    assert result.exit_code == 0 and "nothing was stored" in result.stderr
    assert json.loads(result.stdout)["sessions"] == []
    assert json.loads(result.stdout)["duplicate_of"] == [1]
    session.write_text(TEXT + "Therapist: Say more.\n", encoding="utf-8")
    changed = runner.invoke(app, ["import", str(session), "--client", "1", "--skip-duplicates"])
    assert changed.exit_code == 0 and "already imported" not in changed.stderr
    assert [r["id"] for r in json.loads(run("sessions", "list", "1", "--json"))] == [1, 2]


def test_import_says_when_the_client_was_deleted_while_it_ran(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client erased during the import's analysis: no job or session claimed, a note says so."""
    from alliancelens import services
    from alliancelens.records import transcripts as records_transcripts
    from alliancelens.storage import Database

    session = _imported_client(home, tmp_path)
    run("consent", "grant", "1", "analysis")
    real_backend_for = records_transcripts.backend_for

    class ErasesFirst:
        """Another user deletes the client just before the in-process job runs."""

        name = "in-process"

        def __init__(self, database: Database) -> None:
            self.database, self.inner = database, real_backend_for(database)

        def submit(self, job_id: int) -> None:
            services.delete_client(self.database, services.local_admin(), client_id=1)
            self.inner.submit(job_id)

    monkeypatch.setattr(records_transcripts, "backend_for", ErasesFirst)
    result = runner.invoke(app, ["import", str(session), "--client", "1"])
    assert result.exit_code == 0, result.output
    assert "analysis job(s) run" not in result.stdout and "imported 1" not in result.stdout
    assert "client 1 was deleted while this import ran" in result.stderr
    assert "0 client(s)" in run("clients", "list")


def test_record_measure_prints_trajectory_alerts_against_stored_forms(home: Path) -> None:
    """A fall 39.2 -> 37.2 (above the cut-off) is reported as alliance_drop, text and JSON."""
    run("init")
    add_client("Quillon Vaz")
    first = run(
        "clients", "record-measure", "1", "srs", "9.8", "9.8", "9.8", "9.8", "--date", "2026-10-05"
    )
    assert "alliance_drop" not in first
    out = run(
        "clients",
        "record-measure",
        "1",
        "srs",
        "9.3",
        "9.3",
        "9.3",
        "9.3",
        "--date",
        "2026-10-12",
        "--json",
    )
    alerts = {a["kind"]: a for a in json.loads(out)["alerts"]}
    assert alerts["alliance_drop"]["evidence"]["scores"] == [39.2, 37.2]
    text = run(
        "clients", "record-measure", "1", "srs", "8.2", "9.3", "9.3", "9.3", "--date", "2026-10-19"
    )
    assert "WARNING alliance_drop (for clinician review): SRS total went from 37.2" in text


def test_record_measure_population_is_given_or_taken_from_earlier_forms(home: Path) -> None:
    """--population is stored; a caregiver's first form is caregiver, never the child's (QA 32)."""
    run("init")
    add_client("Quillon Vaz")
    args = ["clients", "record-measure", "1", "ors", "6.5", "6.5", "6.5", "6.5"]
    out = json.loads(run(*args, "--date", "2026-10-05", "--population", "Adolescent", "--json"))
    assert (out["population"], out["population_source"]) == ("adolescent", "given")
    later = json.loads(run(*args, "--date", "2026-10-12", "--json", "--completed-by", "caregiver"))
    assert (later["population"], later["population_source"]) == (
        "caregiver",
        "default for caregiver-rated forms",
    )
    stored = json.loads(run("export", "1"))["measures"]
    assert [(m["population"], m["completed_by"]) for m in stored] == [
        ("adolescent", "client"),
        ("caregiver", "caregiver"),
    ]


def test_record_measure_stores_a_caregivers_form_of_the_same_session(home: Path) -> None:
    """A caregiver's ORS on the client's date is stored and judged in its own series."""
    run("init")
    add_client("Quillon Vaz")
    args = ["clients", "record-measure", "1", "ors", "--date", "2026-10-05"]
    run(*args, "6", "6", "6", "6", "--population", "adult")
    text = run(*args, "2", "2", "2", "2", "--completed-by", "Caregiver", "--population", "adult")
    assert "completed by caregiver (alerts from that rater's series)" in text
    assert "No alerts raised." in text  # the intake of its own series, not 24.0 -> 8.0
    stored = json.loads(run("export", "1"))["measures"]
    assert [m["completed_by"] for m in stored] == ["client", "caregiver"]


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--population", "Teenager Zed", "not a known population"),
        ("--completed-by", "Zed Q", "not a known respondent"),
    ],
)
def test_record_measure_refuses_unknown_population_or_respondent(
    home: Path, option: str, value: str, words: str
) -> None:
    """An unknown value exits 2 with one line that does not repeat what was typed."""
    run("init")
    add_client("Quillon Vaz")
    result = runner.invoke(
        app, ["clients", "record-measure", "1", "srs", "9", "9", "9", "9", option, value]
    )
    assert result.exit_code == 2 and words in result.stderr
    assert "Zed" not in result.stderr
    assert json.loads(run("export", "1"))["measures"] == []


def test_record_measure_child_srs_says_rules_not_available(home: Path) -> None:
    """A child's SRS gets no 13+ item or drop rule, and the output says so."""
    run("init")
    add_client("Quillon Vaz")
    args = ["clients", "record-measure", "1", "srs", "--population", "child"]
    run(*args, "9.9", "9.9", "9.9", "9.9", "--date", "2026-10-05")
    out = run(*args, "7", "7", "7", "7", "--date", "2026-10-12")
    assert "alliance_drop" not in out.replace("alliance_drop: not available", "")
    assert "alliance_item_low: not available for this population (child)" in out


def test_record_measure_says_which_rules_did_not_run_for_an_adolescent(home: Path) -> None:
    """An adolescent's ORS fall prints the cut-off position and the rules not evaluated."""
    run("init")
    add_client("Quillon Vaz")
    base = ["clients", "record-measure", "1", "ors"]
    run(*base, "6.8", "6.8", "6.8", "6.8", "--date", "2026-10-05", "--population", "adolescent")
    out = run(*base, "2.9", "2.9", "2.9", "2.9", "--date", "2026-10-12")
    assert "below the adolescent clinical cut-off of 28" in out
    assert "not evaluated: reliable_deterioration" in out and "\nNo alerts raised.\n" not in out
    data = json.loads(run(*base, "2.5", "2.5", "2.5", "2.5", "--date", "2026-10-19", "--json"))
    assert {"reliable_deterioration", "not_on_track"} <= set(data["not_available"])
    assert data["cutoffs"][0]["in_concern_range"] is True


#: A transcript whose `# id:` header and speaker labels are made-up names (roles are guessed).
NAMED_TEXT = (
    "# id: wilhelmina-ashcroft-2030-03-09\n"
    "Bartholomew Penhaligon: What has been on your mind this week?\n"
    "Wilhelmina Ashcroft: Mostly the exams, they loom.\n"
    "Bartholomew Penhaligon: What is it about them that weighs most?\n"
)


def test_therapist_import_points_only_to_commands_they_may_run(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A therapist's import names `jobs list`, which they may run and which lists their job."""
    run("init")
    monkeypatch.setenv("ALLIANCELENS_NEW_PASSWORD", "a long enough passphrase")
    run("users", "add", "dr-lee", "--role", "therapist")
    run("clients", "add", "Quillon Vaz", "--as", "dr-lee")
    for kind in ("recording", "analysis"):
        run("consent", "grant", "1", kind, "--as", "dr-lee")
    session = tmp_path / "s.txt"
    session.write_text(TEXT, encoding="utf-8")
    out = run("import", str(session), "--client", "1", "--as", "dr-lee")
    assert "`alliancelens jobs list` shows their state" in out and "jobs work" not in out
    rows = json.loads(run("jobs", "list", "--json", "--as", "dr-lee"))
    assert [(r["id"], r["status"]) for r in rows] == [(1, "done")]
    refused = runner.invoke(app, ["jobs", "work", "--as", "dr-lee"])
    assert refused.exit_code == 2


@pytest.mark.parametrize("deidentify", [False, True])
def test_import_warnings_never_show_the_header_id_or_a_speaker_label(
    home: Path, tmp_path: Path, deidentify: bool
) -> None:
    """Warnings name the session by position, and the hint names --client-speaker."""
    session = _imported_client(home, tmp_path)
    named = tmp_path / "week.txt"
    named.write_text(NAMED_TEXT, encoding="utf-8")
    args = ["import", str(named), "--client", "1", *(["--deidentify"] * deidentify)]
    result = runner.invoke(app, args)
    if deidentify and result.exit_code == 2 and "deid" in result.stderr:
        pytest.skip("the optional deid extra is not installed")
    assert result.exit_code == 0, result.output
    assert f"session 1 of 1 in {named}: " in result.stderr
    assert "--client-speaker N" in result.stderr and "--client N" not in result.stderr
    for secret in ("wilhelmina", "ashcroft", "bartholomew", "penhaligon", "2030"):
        assert secret not in result.stderr.casefold()
    del session


def test_skip_and_allow_duplicates_together_are_refused(home: Path, tmp_path: Path) -> None:
    """--skip-duplicates with --allow-duplicate exits 2 with one line and stores nothing."""
    session = _imported_client(home, tmp_path)
    result = runner.invoke(
        app,
        ["import", str(session), "--client", "1", "--skip-duplicates", "--allow-duplicate"],
    )
    assert result.exit_code == 2 and "contradict each other" in result.stderr
    assert json.loads(run("sessions", "list", "1", "--json")) == []
