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

__all__ = ["BatchInterrupted", "signal_of", "sigterm_as_interrupt"]


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


def signal_of(interrupt: KeyboardInterrupt) -> int:
    """The signal behind ``interrupt``: SIGTERM if our handler raised it, else SIGINT."""
    if isinstance(interrupt, BatchInterrupted):
        return interrupt.signum
    return int(signal.SIGTERM if isinstance(interrupt, _Terminated) else signal.SIGINT)
