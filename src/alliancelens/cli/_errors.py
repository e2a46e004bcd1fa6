"""The one place that maps errors to exit codes and one-line messages.

Exit codes (documented in ``docs/cli.md``):

* ``0`` — success;
* ``1`` — internal error (a bug: please report it; set ``ALLIANCELENS_DEBUG=1`` for a traceback);
* ``2`` — bad input or usage: an unreadable transcript, an unknown format or option value, a
  prompt cancelled or left without an answer (no terminal);
* ``3`` — the analysis finished but at least one analyser failed or was skipped (*not analysed*);
* ``4`` — ``jobs work``: at least one background job failed for good (no attempt left);
* ``130`` — interrupted with Ctrl-C;
* ``143`` — ``batch`` stopped by SIGTERM (workers ended, checkpoints kept);
* ``141`` — the output went to a pipe that closed early (``... | head``); nothing is printed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

from alliancelens.errors import (
    AllianceLensError,
    IngestError,
    MeasureError,
    PipelineError,
    UsageError,
)

__all__ = [
    "EXIT_ANALYSER_FAILED",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_JOBS_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "exit_code_for",
    "fail",
    "stderr",
    "user_errors",
]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_ANALYSER_FAILED = 3
EXIT_JOBS_FAILED = 4
#: 128 + SIGPIPE: what the shell reports for a command whose output pipe closed early.
EXIT_BROKEN_PIPE = 141

#: Where errors and notes go. ``emoji=False``: a user value such as a file name with ``:smile:``
#: in it is printed as typed, never turned into an emoji (QA39 #10); markup in user values is
#: escaped by :func:`fail` (callers printing their own lines escape or pass ``markup=False``).
stderr = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


def exit_code_for(exc: AllianceLensError) -> int:
    """Exit code for one of our errors."""
    if isinstance(exc, IngestError | UsageError | MeasureError | PipelineError):
        return EXIT_USAGE
    return EXIT_INTERNAL


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one error line on stderr and return the ``typer.Exit`` to raise."""
    stderr.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def parse_day(text: str | None, option: str) -> dt.date | None:
    """``YYYY-MM-DD`` given to ``option`` as a date (None when not given); one-line refusal.

    The refusal names the option and the format, never the value typed: a session or consent
    date is a fact about a client (docs/security.md, "Error messages").
    """
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option}: not a date; use YYYY-MM-DD (e.g. 2026-11-17)") from None


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn our errors into one line on stderr and the documented exit code; no traceback."""
    try:
        yield
    except AllianceLensError as exc:
        raise fail(f"{exc.message} [{exc.code}]", exit_code_for(exc)) from None
    except (KeyboardInterrupt, typer.Exit, typer.Abort, BrokenPipeError):
        raise  # BrokenPipeError: the root group ends quietly (alliancelens.cli._app)
    except Exception as exc:
        invalid = _invalid_settings(exc)
        if invalid is not None:
            raise fail(f"{invalid.message} [{invalid.code}]", EXIT_USAGE) from None
        if os.environ.get("ALLIANCELENS_DEBUG"):
            raise
        raise fail(
            f"internal error ({type(exc).__name__}); this is a bug, please report it "
            "(set ALLIANCELENS_DEBUG=1 to see the traceback)",
            EXIT_INTERNAL,
        ) from None


#: Environment-variable prefix of each settings class (pydantic names the class as ``title``).
_SETTINGS_PREFIXES = {"Settings": "ALLIANCELENS_", "WebSettings": "ALLIANCELENS_WEB_"}


def _invalid_settings(exc: Exception) -> UsageError | None:
    """A :class:`SettingsError` for pydantic's error about one of our settings classes."""
    prefix = _SETTINGS_PREFIXES.get(str(getattr(exc, "title", "")))
    if type(exc).__name__ != "ValidationError" or prefix is None:
        return None
    from alliancelens.config import settings_error  # noqa: PLC0415 - loads pydantic

    return settings_error(exc, prefix)  # type: ignore[arg-type]
