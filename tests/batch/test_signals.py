"""SIGTERM handled like Ctrl-C: the handler, and a real batch whose workers must all stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from alliancelens.batch._signals import (
    BatchInterrupted,
    signal_of,
    signals_deferred,
    sigterm_as_interrupt,
)
from batch.conftest import TEXT_A, TEXT_B

#: Enough files that a 2-worker run is still busy when the signal arrives.
FILES = 300
CLI = "from alliancelens.cli import main; main()"


def _terminate_twice() -> None:
    """SIGTERM to this process; then, as if during the shutdown, SIGTERM again."""
    with sigterm_as_interrupt():
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler runs before this returns
        finally:
            os.kill(os.getpid(), signal.SIGTERM)  # must not raise a second time


def test_sigterm_inside_becomes_a_keyboard_interrupt_once() -> None:
    """The first SIGTERM raises KeyboardInterrupt (read back as SIGTERM); a second is ignored."""
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt) as caught:
        _terminate_twice()
    assert signal_of(caught.value) == signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_signal_inside_a_deferred_step_arrives_after_it() -> None:
    """SIGTERM sent during signals_deferred() interrupts only once the step is whole."""
    steps: list[str] = []

    def step() -> None:
        with sigterm_as_interrupt():
            with signals_deferred():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.2)  # undeferred, the handler would have raised by now
                steps.append("written")
                steps.append("counted")
            time.sleep(5)  # the held-back signal is delivered on leaving

    with pytest.raises(KeyboardInterrupt) as caught:
        step()
    assert steps == ["written", "counted"]
    assert signal_of(caught.value) == signal.SIGTERM


def test_a_deferred_step_without_a_signal_leaves_the_handlers_as_they_were() -> None:
    """After a deferred step with no signal, SIGINT and SIGTERM have their old handlers."""
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    with signals_deferred():
        pass
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_outside_the_main_thread_nothing_is_installed() -> None:
    """In another thread (no signal handlers possible) the context manager is a no-op."""
    seen: list[object] = []

    def body() -> None:
        with sigterm_as_interrupt():
            seen.append(signal.getsignal(signal.SIGTERM))

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [signal.getsignal(signal.SIGTERM)]


@pytest.mark.parametrize(
    ("interrupt", "signum", "code"),
    [
        (KeyboardInterrupt(), signal.SIGINT, 130),
        (BatchInterrupted(signal.SIGTERM, 4), signal.SIGTERM, 143),
    ],
)
def test_signal_of_and_exit_codes(interrupt: KeyboardInterrupt, signum: int, code: int) -> None:
    """Plain Ctrl-C is SIGINT (exit 130); a SIGTERM stop keeps its signal (exit 143)."""
    assert signal_of(interrupt) == signum
    assert BatchInterrupted(signal_of(interrupt), 0).exit_code == code


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (psutil when installed, else /proc)."""
    try:
        import psutil  # type: ignore[import-untyped]

        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except ImportError:
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(stat.parent.name)] = int(fields[1])
        found: set[int] = set()
        frontier = {pid}
        while frontier:
            frontier = {p for p, parent in parents.items() if parent in frontier} - found
            found |= frontier
        return found


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signalled_batch_stops_every_worker_and_keeps_checkpoints(
    tmp_path: Path, signum: int, code: int
) -> None:
    """Sent to the batch process alone, SIGTERM/SIGINT leave no worker alive and keep parts."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(FILES):
        (corpus / f"s{number:03d}.txt").write_text(TEXT_A if number % 2 else TEXT_B, "utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-c", CLI, "batch", str(corpus), "-o", str(out), "-w", "2"]
    process = subprocess.Popen(
        [*command, "--no-progress"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while not any((out / ".parts").glob("*.part")) and time.monotonic() < deadline:
            assert process.poll() is None, "the batch ended before it could be signalled"
            time.sleep(0.2)
        workers = _descendants(process.pid)
        assert len(workers) >= 2  # two pool workers (plus multiprocessing's resource tracker)
        process.send_signal(signum)
        _, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, errors
    assert "stopped: " in errors and "--resume to continue" in errors
    deadline = time.monotonic() + 15
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _running(pid)]
    kept = len(list((out / ".parts").glob("*.part")))
    assert 0 < kept < FILES
    assert f"stopped: {kept} input(s) checkpointed" in errors
    assert not (out / "manifest.json").exists()
