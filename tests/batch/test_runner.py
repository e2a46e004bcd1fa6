"""run_batch end to end: tables, manifest, failures, resume, slices and atomic output."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from alliancelens.batch import BatchInterrupted, BatchProgress, run_batch
from alliancelens.batch import _runner as runner_module
from alliancelens.batch._engines import LocalEngine
from alliancelens.batch._spec import pseudonymous_session_id, sha256_hex
from alliancelens.errors import UsageError
from batch.conftest import BAD, CSV, TEXT_A, TEXT_B
from batch.test_engines import crash_on_ordinal_one

TABLE_FILES = [
    f"{t}.{s}" for t in ("findings", "sessions", "utterances") for s in ("csv", "parquet")
]


def _tables(folder: Path) -> dict[str, object]:
    return {
        t: pq.read_table(folder / f"{t}.parquet") for t in ("utterances", "sessions", "findings")
    }


def _same_tables(a: Path, b: Path) -> bool:
    return all(_tables(a)[t].equals(_tables(b)[t]) for t in ("utterances", "sessions", "findings"))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, object]]:
    """One run over the shared corpus (module-scoped: it spawns worker processes)."""
    root = tmp_path_factory.mktemp("runner")
    corpus = root / "corpus"
    (corpus / "nested").mkdir(parents=True)
    (corpus / "a.txt").write_text(TEXT_A, "utf-8")
    (corpus / "nested" / "b.txt").write_text(TEXT_B, "utf-8")
    (corpus / "many.csv").write_text(CSV, "utf-8")
    (corpus / "bad.txt").write_text(BAD, "utf-8")
    events: list[BatchProgress] = []
    run = run_batch([corpus], root / "out", workers=2, sessions_per_task=2, progress=events.append)
    return corpus, root / "out", {"manifest": run.manifest, "events": events}


def test_tables_and_manifest_are_written(first_run: tuple[Path, Path, dict[str, object]]) -> None:
    """Parquet and CSV tables plus manifest.json; nothing temporary is left behind."""
    _, out, _ = first_run
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([*TABLE_FILES, "manifest.json", ".parts"])
    tables = _tables(out)
    assert tables["sessions"].num_rows == 7  # a, b and five CSV sessions
    assert tables["utterances"].num_rows == 4 + 5 + 20
    a, many, b = (sha256_hex(text.encode()) for text in (TEXT_A, CSV, TEXT_B))
    assert tables["sessions"].column("session_id").to_pylist() == [
        pseudonymous_session_id(a, 1),
        *[pseudonymous_session_id(many, i) for i in range(1, 6)],
        pseudonymous_session_id(b, 1),
    ]
    assert tables["sessions"].column("input_path").to_pylist() == [
        "input-0001",
        *["input-0003"] * 5,
        "input-0004",
    ]


def test_a_bad_file_is_recorded_and_does_not_stop_the_run(
    first_run: tuple[Path, Path, dict[str, object]],
) -> None:
    """The unreadable file is a failure with code and message; the others are analysed."""
    _, _, state = first_run
    manifest = state["manifest"]
    assert manifest["totals"]["analysed"] == 3 and manifest["totals"]["failed"] == 1
    (failure,) = manifest["failures"]
    assert failure["code"] == "AL207" and failure["path"] == "input-0002"  # corpus/bad.txt
    assert failure["sha256"] and failure["message"].startswith("input-0002")
    assert "bad.txt" not in json.dumps(manifest)


def test_the_manifest_holds_no_transcript_text(
    first_run: tuple[Path, Path, dict[str, object]],
) -> None:
    """Inputs, hashes and analysers are in the manifest; no utterance text is."""
    _, out, _ = first_run
    text = (out / "manifest.json").read_text("utf-8")
    for phrase in ("awful", "manager", "talk alone", "said plainly", "rested"):
        assert phrase not in text
    manifest = json.loads(text)
    assert {i["status"] for i in manifest["inputs"]} == {"analysed", "failed"}
    assert manifest["pipeline"]["fingerprint"] and manifest["pipeline"]["analysers"]
    assert all(w["peak_rss_mb"] > 0 for w in manifest["workers"])
    for runs in manifest["analyser_runs"].values():  # every session, every analyser
        assert runs["ok"] + runs["failed"] + runs["skipped"] == 7


def test_default_tables_hold_no_text(first_run: tuple[Path, Path, dict[str, object]]) -> None:
    """Without --include-text no table has a text or speaker_label column or utterance text."""
    _, out, _ = first_run
    assert "text" not in _tables(out)["utterances"].column_names
    assert "awful" not in (out / "utterances.csv").read_text("utf-8")


def test_progress_is_reported_to_the_end(first_run: tuple[Path, Path, dict[str, object]]) -> None:
    """Progress events count up to every input and end with the done phase."""
    _, _, state = first_run
    events = state["events"]
    assert [e.done for e in events] == sorted(e.done for e in events)
    assert events[-1].phase == "done" and events[-1].done == events[-1].total == 4
    assert events[-1].sessions == 7 and events[-1].failed == 1


def test_resume_skips_unchanged_inputs_and_gives_the_same_tables(
    first_run: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    """--resume reuses every unchanged input; failed ones are tried again; tables are equal."""
    corpus, out, _ = first_run
    again = run_batch([corpus], out, workers=1, resume=True, sessions_per_task=2)
    totals = again.manifest["totals"]
    assert (totals["analysed"], totals["resumed"], totals["failed"]) == (0, 3, 1)
    fresh = run_batch([corpus], tmp_path / "fresh", workers=1)
    assert _same_tables(out, fresh.directory)


def test_resume_redoes_a_changed_file_and_a_changed_setup(
    first_run: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    """A file whose content changed is analysed again; so is everything when options change."""
    corpus, _, _ = first_run
    copy = tmp_path / "corpus"
    copy.mkdir()
    for name in ("a.txt", "many.csv"):
        (copy / name).write_bytes((corpus / name).read_bytes())
    out = tmp_path / "out"
    run_batch([copy], out, workers=1)
    (copy / "a.txt").write_text((corpus / "a.txt").read_text("utf-8") + "Client: Thanks.\n")
    changed = run_batch([copy], out, workers=1, resume=True).manifest["totals"]
    assert (changed["analysed"], changed["resumed"]) == (1, 1)
    texts = run_batch([copy], out, workers=1, resume=True, include_text=True).manifest["totals"]
    assert (texts["analysed"], texts["resumed"]) == (2, 0)
    assert "text" in pq.read_schema(out / "utterances.parquet").names


def test_without_resume_everything_is_analysed_again(
    first_run: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    """Finished parts are ignored unless --resume is given."""
    corpus, _, _ = first_run
    out = tmp_path / "out"
    run_batch([corpus / "a.txt"], out, workers=1)
    assert run_batch([corpus / "a.txt"], out, workers=1).manifest["totals"]["analysed"] == 1


def test_an_interrupted_write_keeps_the_previous_output(
    first_run: tuple[Path, Path, dict[str, object]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If writing the tables dies, the old manifest and its tables stay; resume then finishes."""
    corpus, _, _ = first_run
    out = tmp_path / "out"
    before = run_batch([corpus / "a.txt"], out, workers=1).manifest

    def die(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner_module, "write_tables", die)
    with pytest.raises(KeyboardInterrupt):
        run_batch([corpus / "a.txt", corpus / "nested"], out, workers=1)
    assert json.loads((out / "manifest.json").read_text("utf-8"))["run_id"] == before["run_id"]
    metadata = pq.read_schema(out / "sessions.parquet").metadata
    assert metadata[b"alliancelens.run_id"].decode() == before["run_id"]
    monkeypatch.undo()
    resumed = run_batch([corpus / "a.txt", corpus / "nested"], out, workers=1, resume=True)
    assert resumed.manifest["totals"]["resumed"] == 2  # b.txt finished before the "kill"


@pytest.mark.parametrize("problem", ["file", "nothing"])
def test_unusable_output_or_inputs_are_usage_errors(tmp_path: Path, problem: str) -> None:
    """An --output that is a file, or inputs without transcripts, stop with a usage error."""
    empty = tmp_path / "empty"
    empty.mkdir()
    target = tmp_path / "out"
    if problem == "file":
        target.write_text("x", "utf-8")
    with pytest.raises(UsageError):
        run_batch([empty], target, workers=1)


def test_resume_redoes_inputs_where_an_analyser_did_not_run(
    first_run: tuple[Path, Path, dict[str, object]], tmp_path: Path
) -> None:
    """An input with a session not fully analysed (e.g. a model was missing) is done again."""
    corpus, _, _ = first_run
    out = tmp_path / "out"
    run_batch([corpus / "a.txt", corpus / "nested"], out, workers=1)
    part = next(  # a.txt is input-0001: parts name inputs as the manifest does
        p for p in (out / ".parts").iterdir() if b'"input-0001"' in p.read_bytes()[:2000]
    )
    header, _, body = part.read_bytes().partition(b"\n")
    marker = json.loads(header)
    marker["not_ok_sessions"] = 1
    part.write_bytes(json.dumps(marker).encode() + b"\n" + body)
    totals = run_batch([corpus / "a.txt", corpus / "nested"], out, workers=1, resume=True)
    assert (totals.manifest["totals"]["analysed"], totals.manifest["totals"]["resumed"]) == (1, 1)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (tables, manifest, parts) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def finished(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of two good transcripts and a finished output folder for it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT_A, "utf-8")
    (corpus / "b.txt").write_text(TEXT_B, "utf-8")
    out = tmp_path / "out"
    run_batch([corpus], out, workers=1)
    return corpus, out


@pytest.mark.parametrize("resume", [True, False])
@pytest.mark.parametrize("inputs", ["typo", "all_fail"])
def test_a_run_where_nothing_succeeds_leaves_the_output_untouched(
    finished: tuple[Path, Path], inputs: str, resume: bool
) -> None:
    """A mistyped path or only failing inputs: tables, manifest and .parts stay byte-identical."""
    corpus, out = finished
    before = _snapshot(out)
    bad = corpus.parent / "bad.txt"
    bad.write_text(BAD, "utf-8")
    given = [corpus.parent / "corpsu"] if inputs == "typo" else [bad]
    run = run_batch(given, out, workers=1, resume=resume)
    assert not run.written and run.manifest["totals"]["failed"] == 1
    assert _snapshot(out) == before and len(list((out / ".parts").iterdir())) == 2


def test_a_new_output_folder_is_not_left_behind_when_nothing_succeeds(tmp_path: Path) -> None:
    """Every input failing into a folder that did not exist creates no folder at all."""
    (tmp_path / "bad.txt").write_text(BAD, "utf-8")
    run = run_batch([tmp_path / "bad.txt"], tmp_path / "new" / "out", workers=1)
    assert not run.written and not (tmp_path / "new" / "out").exists()


@pytest.mark.parametrize("problem", ["missing", "empty_folder"])
def test_parts_of_other_inputs_are_kept_when_an_input_names_nothing(
    finished: tuple[Path, Path], problem: str
) -> None:
    """With a missing path or empty folder the tables are written but no part is pruned."""
    corpus, out = finished
    other = corpus.parent / "other"
    if problem == "empty_folder":
        other.mkdir()
    run = run_batch([corpus / "a.txt", other], out, workers=1, resume=True)
    assert run.written and not run.complete
    assert run.manifest["output"] == {
        "written": True,
        "stale_parts_deleted": None,
        "stale_parts_kept": 1,
    }
    assert pq.read_table(out / "sessions.parquet").num_rows == 1
    assert len(list((out / ".parts").iterdir())) == 2  # b.txt's part survives
    assert run.empty_inputs == (["<empty folder 1>"] if problem == "empty_folder" else [])
    assert [run.real_name(name) for name in run.empty_inputs] == (
        [str(other)] if problem == "empty_folder" else []
    )
    pruned = run_batch([corpus / "a.txt"], out, workers=1, resume=True)
    assert pruned.complete and pruned.manifest["output"]["stale_parts_deleted"] == 1
    assert len(list((out / ".parts").iterdir())) == 1


def test_a_failed_inputs_own_checkpoint_is_kept(
    finished: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input whose worker dies this time keeps its earlier part; the run still prunes."""
    corpus, out = finished
    (out / ".parts" / "stale.part").write_bytes(b"{}\n")  # a part of no current input

    def crashing(name: str, **options: object) -> LocalEngine:
        return LocalEngine(1, function=crash_on_ordinal_one)

    monkeypatch.setattr(runner_module, "make_engine", crashing)
    run = run_batch([corpus], out, workers=1)
    assert [f["code"] for f in run.failures] == ["AL302"]
    assert run.complete and run.manifest["output"]["stale_parts_deleted"] == 1
    assert len(list((out / ".parts").iterdir())) == 2  # a.txt's new part and b.txt's old one


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"format": "pdf"}, "--format: unknown format 'pdf'"),
        ({"therapists": [""]}, "--therapist: a name is empty"),
        ({"clients": ["  "]}, "--client: a name is empty"),
    ],
)
def test_options_that_fail_every_input_are_refused_before_any_work(
    finished: tuple[Path, Path], options: dict[str, object], message: str
) -> None:
    """An unknown --format or an empty name is a usage error; the output folder is untouched."""
    corpus, out = finished
    before = _snapshot(out)
    with pytest.raises(UsageError, match=message):
        run_batch([corpus], out, workers=1, **options)  # type: ignore[arg-type]
    assert _snapshot(out) == before


def test_an_interrupt_reports_the_inputs_checkpointed(finished: tuple[Path, Path]) -> None:
    """Ctrl-C during a run raises BatchInterrupted with the finished count; parts stay."""
    corpus, out = finished
    before = _snapshot(out)["manifest.json"]

    def interrupt(state: BatchProgress) -> None:
        if state.done == 1:
            raise KeyboardInterrupt

    with pytest.raises(BatchInterrupted) as caught:
        run_batch([corpus], out, workers=1, progress=interrupt)
    assert (caught.value.signum, caught.value.checkpointed) == (signal.SIGINT, 1)
    assert caught.value.exit_code == 130
    assert (out / "manifest.json").read_bytes() == before


def test_only_empty_folders_is_an_error_naming_them(tmp_path: Path) -> None:
    """Inputs that are all empty folders: the error names them and says what to do."""
    folders = [tmp_path / name for name in ("one", "two")]
    for folder in folders:
        folder.mkdir()
    with pytest.raises(UsageError) as caught:
        run_batch(folders, tmp_path / "out", workers=1)
    assert f"{folders[0]}, {folders[1]}" in caught.value.message
    assert "name the files explicitly" in caught.value.message


def test_tables_with_text_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Every file of a run, text tables included, is mode 0600 in a new 0700 folder."""
    import os

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(TEXT_A, "utf-8")
    old = os.umask(0o022)
    try:
        out = run_batch([corpus], tmp_path / "out", workers=1, include_text=True).directory
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o700
    files = [p for p in out.iterdir() if p.is_file()]
    assert any(p.name == "utterances.csv" for p in files)
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in files), {
        p.name: oct(p.stat().st_mode & 0o777) for p in files
    }


def test_a_bad_session_of_a_multi_session_file_fails_alone(tmp_path: Path) -> None:
    """The file's other sessions are analysed (in every slice); the failure names file+position."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lone = CSV.replace("s3,1,client,", "s3,1,therapist,").replace("s3,3,client,", "s3,3,therapist,")
    (corpus / "study.csv").write_text(lone, "utf-8")
    run = run_batch([corpus], tmp_path / "out", workers=1, sessions_per_task=2)
    ids = pq.read_table(tmp_path / "out" / "sessions.parquet").column("session_id").to_pylist()
    digest = sha256_hex(lone.encode())
    assert ids == [pseudonymous_session_id(digest, n) for n in (1, 2, 4, 5)]
    totals = run.manifest["totals"]
    assert (totals["analysed"], totals["failed"], totals["sessions_failed"]) == (1, 0, 1)
    (failure,) = run.failures
    assert failure["session"] == 3 and failure["code"] == "AL207"
    assert failure["message"].startswith("input-0001, session 3 of 5, line ")
    assert run.with_real_names(failure["message"]).startswith(f"{corpus / 'study.csv'}, session")
    assert "interlocutor column" in failure["message"]
    assert run.manifest["inputs"][0]["sessions_failed"] == 1
    resumed = run_batch([corpus], tmp_path / "out", workers=1, sessions_per_task=2, resume=True)
    assert resumed.manifest["totals"]["resumed"] == 1
    assert resumed.failures == run.failures
