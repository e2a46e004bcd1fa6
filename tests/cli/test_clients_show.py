"""``alliancelens clients show``: a client's measures over time, alerts, consents and sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app

runner = CliRunner()
TEXT = "Therapist: What stood out this week, Orla?\nClient: The tram strike, mostly.\n"
PASSWORD = {"ALLIANCELENS_NEW_PASSWORD": "a long enough passphrase"}


def run(*args: str) -> str:
    """Invoke the CLI; fail the test on a non-zero exit."""
    result = runner.invoke(app, list(args), env={**PASSWORD, "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def store(home: Path, tmp_path: Path) -> Path:
    """Client 1 of dr-lee: ORS 24 → 26 → 14 (the last linked to session 1), one SRS, consents."""
    run("init")
    for user, role in (("dr-lee", "therapist"), ("dr-kim", "therapist"), ("sup", "supervisor")):
        run("users", "add", user, "--role", role)
    run("users", "supervise", "sup", "dr-lee")
    run("clients", "add", "Orla Penhallow", "--as", "dr-lee")
    for kind in ("recording", "analysis"):
        run("consent", "grant", "1", kind, "--as", "dr-lee", "--on", "2026-01-05")
    transcript = tmp_path / "s.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    run("import", str(transcript), "--client", "1", "--date", "2026-03-16", "--as", "dr-lee")
    for day, mark, extra in (
        ("2026-03-02", "6", []),
        ("2026-03-09", "6.5", []),
        ("2026-03-16", "3.5", ["--session", "1"]),
    ):
        run("clients", "record-measure", "1", "ors", *[mark] * 4, "--date", day, *extra,
            "--as", "dr-lee")  # fmt: skip
    run("clients", "record-measure", "1", "srs", *["9.5"] * 4, "--date", "2026-03-16",
        "--as", "dr-lee")  # fmt: skip
    return home


def test_show_lists_each_form_with_change_cutoff_and_alerts(store: Path) -> None:
    """Totals oldest first, change since intake with its category, cut-off, and the alerts."""
    out = run("clients", "show", "1", "--as", "dr-lee")
    assert "Client 1: Orla Penhallow" in out
    assert "ORS — Outcome Rating Scale" in out and "SRS — Session Rating Scale" in out
    lines = [line for line in out.splitlines() if line.strip().startswith("2026-03-")]
    ors = [line for line in lines if "clinical cut-off" in line]
    assert [line.split()[0] for line in ors] == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert "intake" in ors[0] and "below the adult clinical cut-off 25" in ors[0]
    assert "+2.0 (no reliable change; needs 5)" in ors[1]
    assert "-10.0 (deteriorated)" in ors[2] and " 1 " in ors[2]  # linked to session 1
    assert "reliable_deterioration" in out and "recording: 2026-01-05" in out
    assert "session 1: 2026-03-16" in out


def test_show_json_carries_series_alerts_consents_and_sessions(store: Path) -> None:
    """--json: a series per measure and rater with cut-offs per form, alerts, consents, sessions."""
    shown = json.loads(run("clients", "show", "1", "--json", "--as", "dr-lee"))
    series = {t["measure"]: t for t in shown["trajectories"]}
    assert set(series) == {"ors", "srs"} and series["ors"]["completed_by"] == "client"
    last = series["ors"]["points"][-1]
    assert last["change"]["category"] == "deteriorated" and last["session"] == "1"
    assert last["cutoffs"] and last["cutoffs"][0]["in_concern_range"] is True
    assert "reliable_deterioration" in {a["kind"] for a in shown["alerts"]}
    assert [c["kind"] for c in shown["consents"]] == ["recording", "analysis"]
    assert [s["date"] for s in shown["sessions"]] == ["2026-03-16"]


def test_show_alerts_match_record_measure_and_insights(store: Path) -> None:
    """The alerts of show, of record-measure at that form and of insights are the same kinds."""
    shown = json.loads(run("clients", "show", "1", "--json", "--as", "dr-lee"))
    ors_kinds = {a["kind"] for a in shown["alerts"] if a["measure"] == "ors"}
    found = json.loads(run("insights", "client:1", "--json", "--as", "dr-lee"))
    titles = {i["title"] for i in found if i["rule"] == "measure_alerts"}
    assert {f"ORS: {kind.replace('_', ' ')}" for kind in ors_kinds} <= {
        t.split(" (")[0] for t in titles
    }
    assert "reliable_deterioration" in ors_kinds


@pytest.mark.parametrize("user", ["dr-kim", "sup"])
def test_show_is_refused_to_who_may_not_list_the_client(store: Path, user: str) -> None:
    """Another therapist and a supervisor get one error line (exit 2), no client name."""
    result = runner.invoke(app, ["clients", "show", "1", "--as", user])
    assert result.exit_code == 2 and "Orla" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_show_for_the_admin_and_a_client_without_forms(store: Path) -> None:
    """The admin sees any client; a client with no form says so instead of an empty table."""
    run("clients", "add", "Tobin Askew", "--as", "dr-lee")
    assert "Orla Penhallow" in run("clients", "show", "1")
    assert "no measure form is stored for this client" in run("clients", "show", "2")


def test_child_cutoff_is_worded_as_measures_score_words_it(store: Path) -> None:
    """A child's missing cut-off reads like `measures score`, never "none published"."""
    run("clients", "add", "Wren Atherley", "--as", "dr-lee")
    run("clients", "record-measure", "2", "srs", *["7.5"] * 4, "--date", "2026-03-20",
        "--population", "child", "--as", "dr-lee")  # fmt: skip
    out = run("clients", "show", "2", "--as", "dr-lee")
    scored = run("measures", "score", "srs", *["7.5"] * 4, "--population", "child")
    wording = "alliance cut-off: not available for this population (child); the SRS definition"
    assert wording in out and wording in scored
    assert "none published" not in out


def test_show_has_the_on_track_column_for_a_series_with_a_curve(store: Path) -> None:
    """QA43 #12: ORS rows carry "not on track (expected …, boundary …)" as the web page does."""
    out = run("clients", "show", "1", "--as", "dr-lee")
    rows = [line for line in out.splitlines() if line.strip().startswith("2026-03-16")]
    (third,) = [line for line in rows if "clinical cut-off" in line]
    assert "expected response" in out
    assert "not on track (expected" in third and "boundary" in third


def test_no_on_track_column_for_a_series_without_a_curve(store: Path) -> None:
    """The SRS (no expected-response curve) gets no expected-response column."""
    out = run("clients", "show", "1", "--as", "dr-lee")
    srs = out[out.index("SRS — Session Rating Scale") :].split("Current alerts")[0]
    assert "expected response" not in srs
