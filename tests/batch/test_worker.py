"""The worker function: read, analyse a slice of sessions, return bytes or a failure."""

from __future__ import annotations

import pyarrow as pa

from alliancelens.analysers import default_pipeline
from alliancelens.batch._spec import RunSpec, pseudonymous_session_id, sha256_hex
from alliancelens.batch._worker import Task, lost, merge_runs, run_task
from batch.conftest import BAD, CSV, TEXT_A

SPEC = RunSpec.from_pipeline(default_pipeline())
KEEP_IDS = RunSpec.from_pipeline(default_pipeline(), keep_ids=True)


def _table(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


def test_a_good_file_gives_tables_and_facts() -> None:
    """A readable file comes back as three tables plus format, session count and memory."""
    result = run_task(Task(0, "a.txt", TEXT_A.encode(), SPEC))
    assert result.failure is None
    assert (result.format, result.total_sessions, result.sessions) == ("text", 1, 1)
    assert _table(result.tables["utterances"]).num_rows == 4
    pseudonym = pseudonymous_session_id(sha256_hex(TEXT_A.encode()), 1)
    assert _table(result.tables["sessions"]).column("session_id").to_pylist() == [pseudonym]
    assert result.session_ids == (pseudonym,)  # the `# id: alpha` header is not used
    assert result.peak_rss_mb > 0 and result.worker


def test_a_slice_analyses_only_its_sessions() -> None:
    """start/count pick sessions of a multi-session file; the total is always reported."""
    result = run_task(Task(0, "many.csv", CSV.encode(), KEEP_IDS, start=2, count=2))
    sessions = _table(result.tables["sessions"]).column("session_id").to_pylist()
    assert sessions == ["s3", "s4"] and result.total_sessions == 5


def test_pseudonyms_number_sessions_by_their_place_in_the_file() -> None:
    """Without keep_ids a slice's sessions are named by the file's hash and their position."""
    result = run_task(Task(0, "many.csv", CSV.encode(), SPEC, start=2, count=2))
    sessions = _table(result.tables["sessions"]).column("session_id").to_pylist()
    digest = sha256_hex(CSV.encode())
    assert sessions == [pseudonymous_session_id(digest, n) for n in (3, 4)]


def test_an_unreadable_file_is_a_failure_without_its_text() -> None:
    """Bad input comes back as a failure (code + message naming the file), never raised."""
    result = run_task(Task(0, "bad.txt", BAD.encode(), SPEC))
    assert result.failure is not None
    assert result.failure.code == "AL207"
    assert "bad.txt" in result.failure.message
    assert "talk alone" not in result.failure.message
    assert result.tables == {}


def test_unexpected_errors_are_failures_with_only_the_type() -> None:
    """A bug while reading is recorded as AL301 with the exception type, not its text."""
    broken = RunSpec(SPEC.analysers, therapists=(object(),))  # type: ignore[arg-type]
    result = run_task(Task(0, "a.txt", TEXT_A.encode(), broken))
    assert result.failure is not None
    assert result.failure.code == "AL301"
    assert "internal error" in result.failure.message


def test_lost_names_the_file_and_reason() -> None:
    """A task whose worker died becomes an AL302 failure naming the file."""
    result = lost(Task(3, "x.vtt", b"", SPEC), "the worker process died")
    assert result.failure is not None
    assert result.failure.code == "AL302" and "x.vtt" in result.failure.message


def test_analyser_outcomes_are_tallied_per_analyser() -> None:
    """Each analyser's ok/failed/skipped counts add up to the sessions of the task."""
    result = run_task(Task(0, "many.csv", CSV.encode(), SPEC, start=0, count=3))
    assert set(result.analyser_runs) == {a.name for a in SPEC.analysers}
    for entry in result.analyser_runs.values():
        assert entry["ok"] + entry["failed"] + entry["skipped"] == 3
        assert sum(entry["reasons"].values()) == entry["failed"] + entry["skipped"]


def test_merge_runs_adds_tallies() -> None:
    """Tallies of several tasks add up, reasons included."""
    total: dict[str, dict[str, object]] = {}
    one = {"a": {"ok": 1, "failed": 1, "skipped": 0, "reasons": {"X: broke": 1}}}
    merge_runs(total, one)
    merge_runs(total, one)
    assert total == {"a": {"ok": 2, "failed": 2, "skipped": 0, "reasons": {"X: broke": 2}}}
