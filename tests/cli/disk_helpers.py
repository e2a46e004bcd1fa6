"""A simulated full disk for tests of output files (``os.fdopen`` streams that fail to write)."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest


class _FullDisk:
    """A binary stream whose writes fail as on a full disk."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every binary file opened with ``os.fdopen`` fail to write (ENOSPC)."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real_fdopen(fd, mode, *args, **kwargs)
        return _FullDisk(stream) if "w" in mode else stream

    monkeypatch.setattr(os, "fdopen", fdopen)
