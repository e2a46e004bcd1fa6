"""Stopping a batch: SIGTERM takes the same clean path as Ctrl-C, and says what was kept.

Schedulers (SLURM, ``timeout``, systemd) stop a job with SIGTERM. By default that kills the
parent process at once and leaves its worker processes running, orphaned. While a batch runs,
:func:`sigterm_as_interrupt` turns SIGTERM into a :class:`KeyboardInterrupt` in the main thread,
so the runner stops its workers and keeps every finished checkpoint, exactly as for Ctrl-C. The
runner then raises :class:`BatchInterrupted`, which says which signal stopped the run and how
many inputs are checkpointed (a :class:`KeyboardInterrupt` still, for code that catches that).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["BatchInterrupted", "signal_of", "signals_deferred", "sigterm_as_interrupt"]


class BatchInterrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C (SIGINT) or SIGTERM; ``checkpointed`` inputs can be resumed."""

    def __init__(self, signum: int, checkpointed: int) -> None:
        super().__init__(signum, checkpointed)
        self.signum = signum
        self.checkpointed = checkpointed

    @property
    def exit_code(self) -> int:
        """What a shell reports for a process ended by this signal: 130 or 143."""
        return 128 + self.signum


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main thread was (like Ctrl-C)."""


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises a :class:`KeyboardInterrupt` (once) in the main thread.

    A second SIGTERM during the shutdown is ignored, so stopping the workers is not cut short.
    Outside the main thread (where signal handlers cannot be set) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False

    def handler(_signum: int, _frame: FrameType | None) -> None:
        nonlocal fired
        if not fired:
            fired = True
            raise _Terminated

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while inside; one that arrived is raised on leaving.

    For a step that must happen whole (a checkpoint written *and* counted), so the count a
    stopped run reports is exactly the number of parts on disk. Python runs signal handlers in
    the main thread whichever thread the operating system picked, so holding them is done by
    swapping the handlers, not by masking (a mask would not cover the executor's threads).
    Outside the main thread (where handlers cannot be set) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        held.append(signum)

    previous = {number: signal.signal(number, hold) for number in _DEFERRED}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        if held:
            signal.raise_signal(held[0])


_DEFERRED = (signal.SIGINT, signal.SIGTERM)


def signal_of(interrupt: KeyboardInterrupt) -> int:
    """The signal behind ``interrupt``: SIGTERM if our handler raised it, else SIGINT."""
    if isinstance(interrupt, BatchInterrupted):
        return interrupt.signum
    return int(signal.SIGTERM if isinstance(interrupt, _Terminated) else signal.SIGINT)
