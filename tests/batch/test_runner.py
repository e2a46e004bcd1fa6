"""run_batch end to end: tables, manifest, failures, resume, slices and atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from alliancelens.batch import BatchProgress, run_batch
from alliancelens.batch import _runner as runner_module
from alliancelens.errors import UsageError
from batch.conftest import BAD, CSV, TEXT_A, TEXT_B

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
    assert tables["sessions"].column("session_id").to_pylist() == [
        "alpha",
        *[f"s{i}" for i in range(1, 6)],
        "b",
    ]


def test_a_bad_file_is_recorded_and_does_not_stop_the_run(
    first_run: tuple[Path, Path, dict[str, object]],
) -> None:
    """The unreadable file is a failure with code and message; the others are analysed."""
    _, _, state = first_run
    manifest = state["manifest"]
    assert manifest["totals"]["analysed"] == 3 and manifest["totals"]["failed"] == 1
    (failure,) = manifest["failures"]
    assert failure["code"] == "AL207" and failure["path"].endswith("bad.txt")
    assert failure["sha256"] and "bad.txt" in failure["message"]


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
    part = next(p for p in (out / ".parts").iterdir() if b'a.txt"' in p.read_bytes()[:2000])
    header, _, body = part.read_bytes().partition(b"\n")
    marker = json.loads(header)
    marker["not_ok_sessions"] = 1
    part.write_bytes(json.dumps(marker).encode() + b"\n" + body)
    totals = run_batch([corpus / "a.txt", corpus / "nested"], out, workers=1, resume=True)
    assert (totals.manifest["totals"]["analysed"], totals.manifest["totals"]["resumed"]) == (1, 1)
