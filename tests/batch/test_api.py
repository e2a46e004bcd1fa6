"""The notebook API: analyse_corpus -> pandas DataFrames; reading a batch output folder."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyarrow.parquet as pq
import pytest

import alliancelens
from alliancelens.batch import CorpusFailuresWarning, CorpusTables, analyse_corpus
from alliancelens.batch.api import _tables
from alliancelens.errors import UsageError, WorkerLostError
from batch.conftest import CSV, TEXT_A


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> CorpusTables:
    """analyse_corpus over a two-file corpus, kept in an output folder."""
    root = tmp_path_factory.mktemp("api")
    (root / "a.txt").write_text(TEXT_A, "utf-8")
    (root / "many.csv").write_text(CSV, "utf-8")
    return analyse_corpus(root, workers=1, output=root / "out", include_text=True)


def test_analyse_corpus_returns_three_dataframes(tables: CorpusTables) -> None:
    """Utterances, sessions and findings are DataFrames with one row per item."""
    assert isinstance(tables.utterances, pd.DataFrame)
    assert len(tables.sessions) == 6 and len(tables.utterances) == 24
    assert set(tables.findings["session_id"]) <= set(tables.sessions["session_id"])
    assert tables.manifest["totals"]["sessions"] == 6


def test_missing_integers_are_nullable_not_float(tables: CorpusTables) -> None:
    """utterance_index is a nullable integer column (null for session findings)."""
    assert str(tables.findings["utterance_index"].dtype) == "Int64"
    assert str(tables.utterances["index"].dtype) == "Int64"
    assert tables.utterances["text"].iloc[0].startswith("What would you like")


def test_the_top_level_name_is_lazy() -> None:
    """alliancelens.analyse_corpus is the batch API, and importing alliancelens loads no pandas."""
    assert alliancelens.analyse_corpus is analyse_corpus
    code = "import sys, alliancelens; print('pandas' in sys.modules, 'pyarrow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_a_temporary_output_folder_is_removed(tmp_path: Path) -> None:
    """Without output= the tables come back and no folder is left in the working directory."""
    (tmp_path / "a.txt").write_text("Therapist: Hello?\nClient: Hi.\n", "utf-8")
    result = analyse_corpus(str(tmp_path / "a.txt"), workers=1, keep_ids=True)
    assert list(result.sessions["session_id"]) == ["a"]
    assert "text" not in result.utterances.columns


def test_ids_and_paths_are_pseudonyms_unless_kept(tmp_path: Path) -> None:
    """By default neither the `# id:` header nor the file name reaches the tables (QA39 #3)."""
    (tmp_path / "Orla Fenwick.txt").write_text(TEXT_A, "utf-8")
    result = analyse_corpus(str(tmp_path), workers=1)
    assert list(result.sessions["input_path"]) == ["input-0001"]
    assert all(s.startswith("s-") for s in result.sessions["session_id"])
    assert "alpha" not in set(result.utterances["session_id"])
    assert "Fenwick" not in str(result.manifest)


def test_reading_tables_of_another_run_is_refused(tables: CorpusTables, tmp_path: Path) -> None:
    """Tables whose run_id differs from the manifest's (an interrupted run) are refused."""
    folder = Path(tables.manifest["inputs"][0]["path"]).parent / "out"
    table = pq.read_table(folder / "sessions.parquet")
    table = table.replace_schema_metadata({"alliancelens.run_id": "someone-else"})
    pq.write_table(table, folder / "sessions.parquet")
    with pytest.raises(UsageError, match="another run"):
        CorpusTables.read(folder)
    with pytest.raises(UsageError, match="no readable manifest"):
        CorpusTables.read(tmp_path)


@pytest.mark.parametrize("keep", [True, False])
def test_every_input_failing_is_an_error_not_old_or_empty_tables(
    tmp_path: Path, keep: bool
) -> None:
    """When no input succeeds, analyse_corpus raises (naming the first failure), output intact."""
    good, bad = tmp_path / "a.txt", tmp_path / "bad.txt"
    good.write_text(TEXT_A, "utf-8")
    bad.write_text("Client: I talk alone.\nClient: Still me.\n", "utf-8")
    out = tmp_path / "out" if keep else None
    if out is not None:
        analyse_corpus(good, workers=1, output=out)
    before = (out / "manifest.json").read_bytes() if out is not None else b""
    with pytest.raises(UsageError, match=r"no input could be analysed \(1 failed.*\[AL207\]"):
        analyse_corpus(bad, workers=1, output=out)
    if out is not None:
        assert (out / "manifest.json").read_bytes() == before


def test_a_call_while_a_worker_is_starting_asks_for_the_main_guard(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """analyse_corpus run by a spawned worker re-importing a script names the __main__ guard."""
    monkeypatch.setattr(multiprocessing.current_process(), "_inheriting", True, raising=False)
    with pytest.raises(UsageError, match=r'worker process was starting.*if __name__ == "__main__"'):
        analyse_corpus(tmp_path, workers=1)


def test_every_worker_dying_does_not_blame_the_inputs() -> None:
    """When every input was lost with its worker, the error says what to do, not 'bad input'."""
    failures = [{"code": WorkerLostError.code, "message": f"s-{n}.txt: lost"} for n in (1, 2)]
    run = SimpleNamespace(written=False, failures=failures)
    with pytest.raises(UsageError, match=r"inputs were not the problem.*__main__") as caught:
        _tables(run)  # type: ignore[arg-type]
    assert "s-1.txt" not in str(caught.value)


def test_reading_an_unfinished_folder_names_resume_for_python(tmp_path: Path) -> None:
    """CorpusTables.read on a folder without a manifest names resume=True as well as --resume."""
    with pytest.raises(UsageError, match=r"--resume, or resume=True in Python"):
        CorpusTables.read(tmp_path)


def test_some_inputs_failing_warns_with_count_and_codes(tmp_path: Path) -> None:
    """Tables for the good inputs come back, with a CorpusFailuresWarning naming count and codes."""
    (tmp_path / "ok.txt").write_text(TEXT_A, "utf-8")
    (tmp_path / "solo.txt").write_text("Patient: Only my voice here.\nPatient: Still.\n", "utf-8")
    (tmp_path / "blank.txt").write_text("", "utf-8")
    with pytest.warns(CorpusFailuresWarning, match=r"2 of 3 input\(s\) failed.*AL201 ×1, AL207 ×1"):
        tables = analyse_corpus(tmp_path, workers=1)
    assert tables.manifest["totals"]["failed"] == 2 and len(tables.sessions) == 1


def test_no_failures_gives_no_warning(tmp_path: Path) -> None:
    """A run in which every input succeeds emits no CorpusFailuresWarning."""
    (tmp_path / "ok.txt").write_text(TEXT_A, "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusFailuresWarning)
        analyse_corpus(tmp_path, workers=1)


def test_a_script_without_the_main_guard_stops_at_the_first_refusing_worker(
    tmp_path: Path,
) -> None:
    """One worker traceback and one final UsageError, not one traceback per task (QA36 item 8)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"t{n}.txt").write_text(TEXT_A.replace("alpha", f"alpha{n}"), "utf-8")
    script = tmp_path / "unguarded.py"
    script.write_text(
        f"from alliancelens import analyse_corpus\nanalyse_corpus({str(corpus)!r}, workers=2)\n",
        "utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 1
    assert done.stderr.count("Traceback") == 2
    assert (
        done.stderr.rstrip()
        .splitlines()[-1]
        .startswith("alliancelens.errors.UsageError: the worker processes cannot start")
    )
    assert 'if __name__ == "__main__"' in done.stderr.rstrip().splitlines()[-1]
