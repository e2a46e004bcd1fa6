"""``alliancelens measures …`` commands: output, JSON shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.measures import demo_csv

runner = CliRunner()


@pytest.fixture(autouse=True)
def definitions_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point ALLIANCELENS_MEASURES_DIR at an empty folder (never the real user directory)."""
    folder = tmp_path / "defs"
    folder.mkdir()  # a folder given on purpose must exist (QA38 #2)
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(folder))
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["measures", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_the_five_measures() -> None:
    """list prints every shipped measure and its wording status."""
    code, out, _ = _run("list")
    assert code == 0
    for name in ("srs", "ors", "wai-sr", "phq-9", "gad-7"):
        assert name in out
    assert "label-only" in out


def test_list_json() -> None:
    """list --json gives one object per measure with cut-offs and their citations."""
    code, out, _ = _run("list", "--json")
    data = {m["name"]: m for m in json.loads(out)}
    assert code == 0
    assert data["ors"]["cutoffs"][0]["rule"].startswith(
        "Miller, Duncan, Brown, Sparks & Claud 2003"
    )
    assert data["phq-9"]["administrable"] is True


SCORES = [
    # (measure, items, total, subscales, severity, flag kinds)
    ("srs", ["9", "9", "9", "9"], 36, {}, None, []),
    (
        "srs",
        ["8.5", "9.2", "7", "9"],
        33.7,
        {},
        None,
        ["alliance_below_cutoff", "alliance_item_low"],
    ),
    ("ors", ["4.1", "4.6", "4.2", "4.3"], 17.2, {}, None, []),
    ("wai-sr", ["4"] * 12, 48, {"goal": 16, "task": 16, "bond": 16}, None, []),
    ("phq-9", ["1", "2", "1", "1", "0", "0", "1", "0", "1"], 7, {}, "mild", ["safety_item"]),
    ("gad-7", ["3"] * 7, 21, {}, "severe", []),
    ("PHQ9", ["0"] * 9, 0, {}, "minimal", []),
]


@pytest.mark.parametrize(("measure", "items", "total", "subscales", "severity", "kinds"), SCORES)
def test_score_json(  # noqa: PLR0917 - one parameter per table column
    measure: str,
    items: list[str],
    total: float,
    subscales: dict[str, int],
    severity: str | None,
    kinds: list[str],
) -> None:
    """score --json prints measure, total, subscales, severity and flags with kind and reason."""
    code, out, _ = _run("score", measure, *items, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["total"], data["subscales"], data["severity"]) == (total, subscales, severity)
    assert [f["kind"] for f in data["flags"]] == kinds
    assert all(f["reason"] for f in data["flags"])


def test_score_table() -> None:
    """score without --json prints the total, severity and each flag with its rule."""
    code, out, _ = _run("score", "phq-9", "1", "2", "1", "1", "0", "0", "1", "0", "1")
    assert code == 0
    assert "PHQ-9 total 7" in out and "mild" in out
    assert "URGENT safety_item" in out and "rule:" in out


def test_score_table_with_subscales() -> None:
    """WAI-SR subscales are listed."""
    code, out, _ = _run("score", "wai-sr", *["5"] * 12)
    assert code == 0 and "goal: 20" in out


REFUSED = [
    (["srs", "8", "9", "7", "10.5"], "item 4 (Overall) is outside"),
    (["srs", "8", "9", "7"], "has 4 items but 3"),
    (["ors", "8", "NA", "7", "9"], "item 2 (Interpersonally) missing"),
    (
        ["phq-9", "--", "-1", "0", "0", "0", "0", "0", "0", "0", "0"],
        "item 1 (Interest or pleasure) is outside",
    ),
    (["bdi", "1"], "unknown measure (known measures:"),
    (["ors", "1", "1", "1", "1", "--population", "martian"], "--population: is not a known"),
]


@pytest.mark.parametrize(("args", "words"), REFUSED)
def test_refused_input_exits_2_with_one_line(args: list[str], words: str) -> None:
    """A refused input exits 2 with one line on stderr naming the item; nothing on stdout."""
    code, out, err = _run("score", "--json", *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and words in err


def test_import_table_and_json() -> None:
    """import prints each client's trajectories and alerts; --json the full report."""
    code, out, _ = _run("import", str(demo_csv()))
    assert code == 0
    assert "Client alex" in out and "not_on_track" in out and "fit_check" in out
    assert "discuss_ending" in out
    code, out, _ = _run("import", str(demo_csv()), "--json")
    assert code == 0
    assert json.loads(out)["clients"][0]["client"] == "alex"


def test_import_options() -> None:
    """--disable, windows and --history change which alerts are reported."""
    code, out, _ = _run(
        "import", str(demo_csv()), "--json", "--disable", "fit_check", "--ending-window", "6"
    )
    kinds = {a["kind"] for c in json.loads(out)["clients"] for a in c["alerts"]}
    assert code == 0
    assert "fit_check" not in kinds and "discuss_ending" not in kinds
    code, out, _ = _run("import", str(demo_csv()), "--history")
    assert code == 0 and "2026-09-14" in out


def test_import_rejects_impossible_windows() -> None:
    """A fit-check window longer than --fit-check-after exits 2 naming both options and a code."""
    code, _, err = _run("import", str(demo_csv()), "--fit-check-after", "2")
    assert code == 2 and "fit_check_after_sessions" not in err
    assert "--fit-check-after (2) must be at least --fit-check-window (3)" in err
    assert "[AL001]" in err and "--help" in err and len(err.strip().splitlines()) == 1


def test_import_bad_row_names_line_not_client(tmp_path: Path) -> None:
    """A bad row exits 2 naming file, line and field, never the client id."""
    path = tmp_path / "bad.csv"
    path.write_text("client,date,measure,items\nSecret Name,2026-09-07,srs,9 9 9 12\n")
    code, _, err = _run("import", str(path))
    assert code == 2
    assert "line 2, items" in err and "Secret Name" not in err


def test_client_without_alerts(tmp_path: Path) -> None:
    """A client with nothing to flag is shown with 'No alerts'."""
    path = tmp_path / "ok.csv"
    path.write_text("client,date,measure,items\nc,2026-09-07,srs,9.5 9.5 9.5 9.5\n")
    code, out, _ = _run("import", str(path))
    assert code == 0 and "No alerts" in out and "intake only" in out


def test_questionnaire_and_export_fhir_are_valid() -> None:
    """questionnaire prints a valid Questionnaire; export-fhir a valid Bundle."""
    code, out, _ = _run("questionnaire", "phq-9")
    assert code == 0
    Questionnaire.model_validate(json.loads(out))
    code, out, _ = _run("export-fhir", str(demo_csv()))
    assert code == 0
    assert len(Bundle.model_validate(json.loads(out)).entry or []) == 36


def test_import_definition_then_list(tmp_path: Path, definitions_dir: Path) -> None:
    """import-definition stores licensed wording; list then reports it as imported."""
    source = tmp_path / "srs.toml"
    lines = [
        "format = 1",
        "[wording]",
        'measure = "srs"',
        'licensee = "Example Practice"',
        'licence_reference = "L-1"',
        "electronic_use = true",
    ]
    for i in range(1, 5):
        lines += ["[[items]]", f'id = "{i}"', f'text = "Placeholder {i}"']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = _run("import-definition", str(source))
    assert code == 0 and "imported wording for srs" in out
    assert (definitions_dir / "srs.wording.toml").is_file()
    code, out, _ = _run("list", "--json")
    srs = next(m for m in json.loads(out) if m["name"] == "srs")
    assert (srs["wording"], srs["administrable"]) == ("licensed (imported)", True)
    code, _, err = _run("import-definition", str(source))
    assert code == 2 and "--replace" in err


def _clinic_csv(tmp_path: Path) -> Path:
    """Eight ORS clients following target 30, rate 0.4 exactly (a noise-free clinic)."""
    import math

    rows = ["client,date,measure,items"]
    for c, intake in enumerate([12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 15.0, 17.0]):
        for s in range(1, 5):
            total = round(intake + 0.4 * math.log(s) * (30 - intake), 1)
            items = [round(total / 4, 1)] * 3
            items.append(round(total - sum(items), 1))
            rows.append(f"c{c},2026-09-{7 + 7 * (s - 1):02d},ors,{' '.join(map(str, items))}")
    path = tmp_path / "clinic.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_estimate(tmp_path: Path) -> None:
    """estimate fits target and rate from a clinic's data and prints a TOML block or JSON."""
    path = _clinic_csv(tmp_path)
    code, out, _ = _run("estimate", str(path), "--measure", "ors", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["target"], data["clients"], data["follow_ups"]) == (30.0, 8, 24)
    assert data["rate"] == pytest.approx(0.4, abs=0.01)
    code, out, _ = _run("estimate", str(path))
    assert code == 0 and "[expected_response]" in out and 'tag = "local"' in out
    assert "replace its [expected_response] table with" in " ".join(out.split())


def test_estimate_with_too_little_data_exits_2() -> None:
    """Two demo clients are too few to estimate from."""
    code, _, err = _run("estimate", str(demo_csv()))
    assert code == 2 and "need at least 5 clients" in err


def test_measures_demo() -> None:
    """measures demo shows the demo clients' alerts (table and JSON)."""
    code, out, _ = _run("demo")
    assert code == 0 and "alliance_below_cutoff" in out and "not_on_track" in out
    code, out, _ = _run("demo", "--json")
    assert code == 0 and json.loads(out)["clients"][1]["client"] == "robin"


def test_top_level_demo_surfaces_measures_alerts() -> None:
    """`alliancelens demo` (what `make demo` runs) ends with the measures alerts."""
    result = runner.invoke(app, ["demo"])
    assert "Client-rated measures" in result.stdout
    assert "alliance_below_cutoff" in result.stdout and "not_on_track" in result.stdout


def test_top_level_demo_json_has_no_measures_table() -> None:
    """`alliancelens demo --json` stays pure JSON."""
    result = runner.invoke(app, ["demo", "--json"])
    assert "Client-rated measures" not in result.stdout


def test_default_definitions_dir_follows_alliancelens_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --definitions, imports go to `measures` in ALLIANCELENS_HOME."""
    monkeypatch.delenv("ALLIANCELENS_MEASURES_DIR")
    monkeypatch.setenv("ALLIANCELENS_HOME", str(tmp_path / "home"))
    source = tmp_path / "own.toml"
    source.write_text(
        (Path(__file__).resolve().parents[2] / "src/alliancelens/measures/definitions/gad-7.toml")
        .read_text("utf-8")
        .replace('name = "gad-7"', 'name = "gad-7-local"')
        .replace('aliases = ["gad7", "gad"]', "aliases = []")
        .replace('short = "GAD-7"', 'short = "GAD-7L"'),
        encoding="utf-8",
    )
    code, out, _ = _run("import-definition", str(source))
    assert code == 0, out
    assert (tmp_path / "home" / "measures" / "gad-7-local.toml").is_file()


_SESSIONS = demo_csv().parent / "sessions"


def test_compare_demo_files_table() -> None:
    """compare on demo files pairs alex-01 and alex-03 with their SRS and exits 0."""
    files = [_SESSIONS / "alex-01-intake.txt", _SESSIONS / "alex-03.json"]
    code, out, _ = _run("compare", str(demo_csv()), *map(str, files))
    assert code == 0, out
    assert "2 sessions from 2 therapists: far too few to judge agreement." in out
    assert "SRS 33.4/40" in out and "needs at least 3 pairs" in out


def test_compare_demo_json_as_one_therapist() -> None:
    """--demo --as-therapist puts the three alex sessions under one therapist, n=3, with rho."""
    code, out, _ = _run("compare", "--demo", "--as-therapist", "Dr. Morgan Lee", "--json")
    data = json.loads(out)
    (row,) = data["therapists"]
    assert code == 0
    assert (row["therapist"], row["measure"], row["n"]) == ("Dr. Morgan Lee", "srs", 3)
    assert [p["session"] for p in data["pairs"]] == ["alex-01", "alex-02", "alex-03"]
    assert row["spearman"] is not None
    assert data["statement"] == "3 sessions from 1 therapist: far too few to judge agreement."


@pytest.mark.parametrize(
    "content",
    [
        "client,date,measure\nalex,2026-09-07,SRS\n",
        "client,date,measure,items\nc,2026-13-01,srs,9 9 9 9\n",
    ],
)
def test_compare_bad_csv_is_one_line_exit_2(tmp_path: Path, content: str) -> None:
    """A bad measures file exits 2 with one error line on stderr and no traceback."""
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    code, _, err = _run("compare", str(bad), str(_SESSIONS / "alex-03.json"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "bad.csv" in err and "Traceback" not in err


def test_compare_needs_files_or_demo() -> None:
    """Without a measures file and transcripts (or --demo) compare exits 2 and says what to give."""
    code, _, err = _run("compare")
    assert code == 2
    assert "--demo" in err


def test_score_places_a_single_ors_against_the_clinical_cutoff() -> None:
    """A single ORS says whether it is below the population's cut-off, as a reference point."""
    code, out, _ = _run("score", "ors", "6.2", "6.2", "6.3", "6.2")
    assert code == 0 and "below the adult clinical cut-off of 25" in " ".join(out.split())
    code, out, _ = _run(
        "score", "ors", "6.2", "6.2", "6.3", "6.2", "--population", "Child", "--json"
    )
    (cutoff,) = json.loads(out)["cutoffs"]
    assert (cutoff["population"], cutoff["value"], cutoff["in_concern_range"]) == (
        "child",
        None,
        None,
    )


@pytest.mark.parametrize(("kind", "code"), [("not_a_kind", 2), ("ALLIANCE-DROP", 0)])
def test_import_disable_validates_kinds(kind: str, code: int) -> None:
    """--disable refuses an unknown kind (exit 2, valid kinds listed) and matches case-blind."""
    result, _, err = _run("import", str(demo_csv()), "--disable", kind)
    assert result == code
    assert ("valid kinds:" in err) is (code == 2)


def test_import_refuses_to_turn_off_the_safety_prompt() -> None:
    """--disable safety_item exits 2 with one line saying the prompt cannot be turned off."""
    code, out, err = _run("import", str(demo_csv()), "--disable", "Safety-Item")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "safety_item cannot be turned off" in err and "§10" in err


def test_import_report_says_which_alerts_were_turned_off() -> None:
    """Text and JSON reports name the disabled kinds; with none disabled the list is empty."""
    code, out, _ = _run("import", str(demo_csv()), "--disable", "discuss-ending")
    assert code == 0
    assert "Alerts turned off for this report: discuss_ending" in " ".join(out.split())
    _, data, _ = _run("import", str(demo_csv()), "--json", "--disable", "fit_check")
    assert json.loads(data)["disabled_alerts"] == ["fit_check"]
    _, plain, _ = _run("import", str(demo_csv()), "--json")
    assert json.loads(plain)["disabled_alerts"] == []


def test_import_alerts_say_for_clinician_review() -> None:
    """Every alert line of the import report carries the words 'for clinician review'."""
    _, out, _ = _run("import", str(demo_csv()))
    lines = [ln for ln in out.splitlines() if ln.strip().startswith(("WARNING", "INFO", "URGENT"))]
    assert lines and all("(for clinician review;" in ln for ln in lines)


def test_list_shows_verification_tags() -> None:
    """list marks each cut-off, band set and rule with its tag; --json has a tag per value."""
    _, out, _ = _run("list")
    flat = " ".join(out.split())
    assert "[V]" in flat and "[S]" in flat
    _, data, _ = _run("list", "--json")
    by_name = {m["name"]: m for m in json.loads(data)}
    assert {c["tag"] for c in by_name["ors"]["cutoffs"]} <= {"V", "S"}
    assert by_name["phq-9"]["severity_tag"] == "S"
    srs_rules = {r["kind"]: r for r in by_name["srs"]["rules"]}
    assert srs_rules["alliance_item_low"]["tag"] == "S"
    assert srs_rules["drop"]["populations"] == ["adult", "adolescent"]


def test_record_adds_a_files_forms_to_a_stored_client(home: Path, tmp_path: Path) -> None:
    """measures record stores every row for --client; a second run is refused by line."""
    assert runner.invoke(app, ["init"]).exit_code == 0
    added = runner.invoke(
        app,
        ["users", "add", "dr-vale", "--role", "therapist"],
        env={"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"},
    )
    assert added.exit_code == 0
    assert (
        runner.invoke(app, ["clients", "add", "Tamsin Roe", "--therapist", "dr-vale"]).exit_code
        == 0
    )
    path = tmp_path / "paper.csv"
    path.write_text(
        "client,date,measure,items\n"
        "Quennell,2026-09-01,srs,9.9 9.9 9.9 9.9\n"
        "Quennell,2026-09-08,srs,9.5 9.5 9.5 9.5\n",
        encoding="utf-8",
    )
    code, out, _ = _run("record", str(path), "--client", "1", "--json")
    data = json.loads(out)
    assert code == 0 and data["stored"] == [1, 2]
    assert [a["kind"] for a in data["report"]["clients"][0]["alerts"]] == ["alliance_drop"]
    again, _, err = _run("record", str(path), "--client", "1")
    assert again == 2 and "paper.csv, line 2: form 1 already records srs" in err
    assert "Quennell" not in err


def test_a_childs_report_names_the_rules_not_evaluated(tmp_path: Path) -> None:
    """A child's falling ORS never reads as a bare 'No alerts': unevaluated rules are listed."""
    path = tmp_path / "young.csv"
    path.write_text(
        "client,date,measure,items,population\n"
        "t,2026-04-06,ors,7 7 7 7,child\nt,2026-04-13,ors,3 3 3 3,child\n"
    )
    code, out, _ = _run("import", str(path))
    words = " ".join(out.split())  # rich wraps lines at the terminal width
    assert code == 0 and "No alerts raised" in words
    assert "not evaluated for this population" in words and "reliable_deterioration" in words
    code, out, _ = _run("import", str(path), "--json")
    (client,) = json.loads(out)["clients"]
    assert client["alerts"] == []
    assert {n["kind"] for n in client["not_evaluated"]} >= {
        "reliable_deterioration",
        "not_on_track",
    }


def _stored_client(name: str) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    added = runner.invoke(
        app,
        ["users", "add", "dr-lark", "--role", "therapist"],
        env={"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"},
    )
    assert added.exit_code == 0
    assert runner.invoke(app, ["clients", "add", name, "--therapist", "dr-lark"]).exit_code == 0


def test_record_names_only_the_rows_whose_population_was_assumed(
    home: Path, tmp_path: Path
) -> None:
    """Only rows without a population are reported, by line and rater; none: no such line."""
    _stored_client("Juno Farrant")
    full = tmp_path / "full.csv"
    full.write_text(
        "client,date,measure,items,population,completed_by\n"
        "j,2026-09-01,ors,5 5 5 5,adolescent,client\n"
        "j,2026-09-01,ors,4 4 4 4,caregiver,caregiver\n",
        encoding="utf-8",
    )
    code, out, _ = _run("record", str(full), "--client", "1")
    assert code == 0 and "no population in the file" not in out
    assert "stored as adult" not in out and "(default)" not in out
    sparse = tmp_path / "sparse.csv"
    sparse.write_text(
        "client,date,measure,items,population,completed_by\n"
        "j,2026-09-08,ors,5.5 5.5 5.5 5.5,,client\n"
        "j,2026-09-08,srs,9 9 9 9,adolescent,client\n"
        "j,2026-09-08,ors,4.5 4.5 4.5 4.5,,caregiver\n",
        encoding="utf-8",
    )
    code, out, _ = _run("record", str(sparse), "--client", "1")
    assert code == 0
    assert (
        "no population in the file: line 2 (completed by client) stored as adolescent "
        "(client's earlier forms)" in out
    )
    assert (
        "no population in the file: line 4 (completed by caregiver) stored as caregiver "
        "(caregiver's earlier forms)" in out
    )
    assert "line 3" not in out


def test_record_json_lists_the_assumed_populations(home: Path, tmp_path: Path) -> None:
    """--json gives each defaulted row with its line, rater, population and source."""
    _stored_client("Odile Marsh")
    path = tmp_path / "forms.csv"
    path.write_text(
        "client,date,measure,items,completed_by\no,2026-09-01,ors,3 3 3 3,caregiver\n",
        encoding="utf-8",
    )
    code, out, _ = _run("record", str(path), "--client", "1", "--json")
    assert code == 0
    assert json.loads(out)["defaulted_populations"] == [
        {
            "line": 2,
            "completed_by": "caregiver",
            "population": "caregiver",
            "source": "default for caregiver-rated forms",
        }
    ]


def test_score_for_a_child_says_the_definition_has_no_cutoff_not_none_published() -> None:
    """A child's ORS cut-off line points to the ORS page instead of claiming none exists."""
    code, out, _ = _run("score", "ors", "6.1", "6.0", "5.9", "6.2", "--population", "child")
    words = " ".join(out.split())
    assert code == 0
    assert "not available for this population (child); the ORS definition has none" in words
    assert "none is published" not in words
