"""The evaluate all command: tables, JSON and Markdown files, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.testing import labelled_example

runner = CliRunner()

#: A labelled excerpt in the ruptures-examples layout, written for this test.
SESSION = labelled_example(
    "sess-961",
    "session",
    [
        ("therapist", "How did the week go?"),
        ("client", "Fine."),
        ("therapist", "What was hardest about it?"),
        ("client", "Nothing."),
    ],
    category="withdrawal",
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A data root with a ruptures-examples folder and an unreadable annomi folder."""
    (tmp_path / "ruptures-examples").mkdir()
    (tmp_path / "ruptures-examples" / "sess-961.json").write_text(
        json.dumps(SESSION), encoding="utf-8"
    )
    (tmp_path / "annomi").mkdir()
    return tmp_path


def test_tables_json_and_markdown(root: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Exit 0 with one table per corpus; -o and --markdown write the full report and tables."""
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(
        app,
        [
            "evaluate",
            "all",
            "--data-root",
            str(root),
            "-o",
            str(out / "report.json"),
            "--markdown",
            str(out / "report.md"),
        ],
        env={"COLUMNS": "200"},  # long temporary paths fold at 80 columns and split the words
    )
    assert result.exit_code == 0, result.output
    assert "ruptures-examples: evaluated" in result.stdout
    assert "annomi: failed" in result.stdout and "no AnnoMI-full.csv" in result.stdout
    assert "epitome: not found at" in result.stdout
    document = json.loads((out / "report.json").read_text("utf-8"))
    assert len(document["models_sha256"]["risk"]) == 64
    assert "| ruptures | rupture episode recall |" in (out / "report.md").read_text("utf-8")


def test_json_on_stdout(root: Path) -> None:
    """--json prints the report with each evaluation's status and reason."""
    result = runner.invoke(app, ["evaluate", "all", "--data-root", str(root), "--json"])
    assert result.exit_code == 0, result.output
    statuses = {c["corpus"]: c["status"] for c in json.loads(result.stdout)["corpora"]}
    assert statuses["annomi"] == "failed" and statuses["ruptures-examples"] == "evaluated"


@pytest.mark.parametrize("make", [False, True], ids=["absent root", "root without corpora"])
def test_exit_2_when_nothing_could_be_evaluated(tmp_path: Path, make: bool) -> None:
    """A missing root, or one where no corpus could be evaluated, exits 2 with one line."""
    target = tmp_path / "root"
    if make:
        (target / "annomi").mkdir(parents=True)
    result = runner.invoke(app, ["evaluate", "all", "--data-root", str(target)])
    assert result.exit_code == 2
    assert "--data-root" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("option", ["--output", "--markdown"])
def test_bad_output_path_is_refused_before_evaluating(
    root: Path, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing output folder exits 2 naming its option, before any evaluation runs."""
    from alliancelens.evaluation import all_eval

    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("evaluated before checking the output path")

    monkeypatch.setattr(all_eval, "evaluate_all", never)
    missing = root / "no-such-folder" / "report.out"
    result = runner.invoke(app, ["evaluate", "all", "--data-root", str(root), option, str(missing)])
    assert result.exit_code == 2
    assert f"{option} {missing}: folder" in result.stderr and "Traceback" not in result.output


def test_long_reasons_fold_instead_of_being_cut(tmp_path: Path) -> None:
    """On an 80-column terminal a long path in a failure reason wraps whole, never ends in '…'."""
    root = tmp_path / ("a-folder-name-long-enough-to-overflow-an-eighty-column-table" * 2)
    (root / "annomi").mkdir(parents=True)
    result = runner.invoke(
        app, ["evaluate", "all", "--data-root", str(root)], env={"COLUMNS": "80"}
    )
    table = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert table and not [line for line in table if "…" in line]
    cells = "".join(line.split("│")[-2].strip() for line in table)
    assert "AnnoMI-full.csv" in cells and f"{root.name}/annomi" in cells


@pytest.mark.parametrize(
    ("options", "heading"),
    [([], "AllianceLens evaluation:"), (["--held-out"], "AllianceLens independent evaluation:")],
)
def test_held_out_option_sets_the_heading(root: Path, options: list[str], heading: str) -> None:
    """Only --held-out (on data that is not development data) makes the report 'independent'."""
    result = runner.invoke(app, ["evaluate", "all", "--data-root", str(root), *options])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith(heading)
