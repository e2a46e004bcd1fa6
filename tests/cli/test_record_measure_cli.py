"""``clients record-measure`` and the measures commands after QA38/QA37/QA39: dates, sessions,
which definitions are in force, and one-line refusals."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
PASSWORD = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}
TEXT = "Therapist: How was the fortnight?\nClient: Slow, but the allotment helped.\n"
FORMS = (
    "client,date,measure,items\n"
    "heron,2026-03-02,ORS,4.5 4.5 4.5 4.5\n"
    "heron,2026-03-09,ORS,6.2 6.3 6.2 6.3\n"
)


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def one_client(home: Path) -> Path:
    """An initialised store with therapist dr-owner's client 1."""
    _ok("init")
    added = runner.invoke(app, ["users", "add", "dr-owner", "--role", "therapist"], env=PASSWORD)
    assert added.exit_code == 0, added.output
    _ok("clients", "add", "Wren Aldous", "--therapist", "dr-owner")
    return home


def _clinic_ors(folder: Path) -> Path:
    """A clinic ORS definition in ``folder`` whose adult cut-off counts 25.0 as clinical."""
    shipped = resources.files("alliancelens.measures") / "definitions" / "ors.toml"
    adult = 'concern = "below"\npopulation = "adult"'
    text = shipped.read_text(encoding="utf-8")
    assert adult in text
    folder.mkdir(parents=True, exist_ok=True)
    local = text.replace(adult, 'concern = "at_or_below"\npopulation = "adult"')
    (folder / "ors.toml").write_text(local, encoding="utf-8")
    return folder


@pytest.mark.parametrize("date", ["2026-13-01", "23/11/2026", "1987-02-30"])
@pytest.mark.usefixtures("one_client")
def test_a_bad_date_is_refused_without_repeating_it(date: str) -> None:
    """--date errors never repeat the value (it may be a birthday) and carry a code (QA38 #7)."""
    result = runner.invoke(
        app, ["clients", "record-measure", "1", "srs", "9", "9", "9", "9", "--date", date]
    )
    assert result.exit_code == 2
    assert date not in result.stderr
    assert "--date: not a date" in result.stderr and "[AL001]" in result.stderr


@pytest.mark.usefixtures("one_client")
def test_session_and_no_session_together_are_refused() -> None:
    """--session and --no-session contradict each other: one line, exit 2."""
    args = ["clients", "record-measure", "1", "srs", "9", "9", "9", "9"]
    result = runner.invoke(app, [*args, "--session", "1", "--no-session"])
    assert result.exit_code == 2 and "not both" in result.stderr


@pytest.mark.usefixtures("one_client")
def test_record_measure_links_the_day_and_says_so(tmp_path: Path) -> None:
    """Without --session the day's one session is linked, and the output says so (QA37 #9)."""
    _ok("consent", "grant", "1", "recording")
    transcript = tmp_path / "s.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    _ok("import", str(transcript), "--client", "1", "--date", "2026-03-09", "--no-analyse")
    args = ["clients", "record-measure", "1", "srs", "9", "9", "9", "9"]
    out = _ok(*args, "--date", "2026-03-09")
    assert "linked to session 1, the client's only session dated 2026-03-09" in out
    data = json.loads(_ok(*args, "--date", "2026-03-02", "--json"))
    assert data["session_id"] is None
    assert data["session_note"].startswith("not linked to a session")
    off = json.loads(_ok(*args, "--date", "2026-03-05", "--session", "1", "--json"))
    assert off["session_note"].startswith("warning: session 1 is dated 2026-03-09, 4 days after")


@pytest.mark.usefixtures("one_client")
def test_the_chart_uses_the_measures_dir_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """record-measure and clients show classify with ALLIANCELENS_MEASURES_DIR (QA38 #1b)."""
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(_clinic_ors(tmp_path / "clinic")))
    base = ["clients", "record-measure", "1", "ors"]
    _ok(*base, "4.5", "4.5", "4.5", "4.5", "--date", "2026-03-02")
    out = _ok(*base, "6.2", "6.3", "6.2", "6.3", "--date", "2026-03-09")
    assert "ORS 25.0 is at or below the adult clinical cut-off of 25" in out
    assert f"definitions: shipped definitions, with the clinic's own from {tmp_path}" in out
    shown = json.loads(_ok("clients", "show", "1", "--json"))
    assert "improved" in json.dumps(shown) and "recovered" not in json.dumps(shown)


@pytest.mark.parametrize("how", ["option", "variable"])
def test_a_mistyped_definitions_folder_exits_2(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """measures import with a folder that does not exist: one line, exit 2, no report (QA38 #2)."""
    forms = tmp_path / "forms.csv"
    forms.write_text(FORMS, encoding="utf-8")
    typo = tmp_path / "defz"
    args = ["measures", "import", str(forms)]
    if how == "option":
        args += ["--definitions", str(typo)]
    else:
        monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(typo))
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stdout == ""
    named = "--definitions" if how == "option" else "ALLIANCELENS_MEASURES_DIR"
    assert f"error: {named}: the definitions folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_report_names_its_definitions(home: Path, tmp_path: Path) -> None:
    """measures import prints which definitions scored it, and uses the clinic's rule."""
    forms = tmp_path / "forms.csv"
    forms.write_text(FORMS, encoding="utf-8")
    folder = _clinic_ors(tmp_path / "clinic")
    result = runner.invoke(
        app, ["measures", "import", str(forms), "--definitions", str(folder), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["definitions"]["directory"] == str(folder)
    assert data["clients"][0]["trajectories"][0]["points"][-1]["change"]["category"] == "improved"


def test_import_definition_does_not_create_a_mistyped_folder(home: Path, tmp_path: Path) -> None:
    """import-definition into a --definitions folder that does not exist is refused, not created."""
    source = _clinic_ors(tmp_path / "src") / "ors.toml"
    typo = tmp_path / "clinc"
    result = runner.invoke(
        app, ["measures", "import-definition", str(source), "--definitions", str(typo)]
    )
    assert result.exit_code == 2 and not typo.exists()
    created = runner.invoke(app, ["measures", "import-definition", str(source)])
    assert created.exit_code == 0, created.output
    assert (home / "measures" / "ors.toml").is_file()  # the default folder is created
