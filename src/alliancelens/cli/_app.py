"""The root typer application, global options, and how the whole command line ends.

:class:`RootGroup` makes every command end the documented way (``docs/cli.md``, exit codes):
a usage error is one line with a pointer to ``--help`` (exit 2), a prompt cancelled or left
without an answer is one line (exit 2), and output piped into a program that exits early ends
quietly with 141, as the shell reports for commands killed by SIGPIPE.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from alliancelens import __version__
from alliancelens.cli import _help
from alliancelens.cli._errors import EXIT_BROKEN_PIPE, EXIT_OK, fail

__all__ = ["RootGroup", "app"]

#: Commands listed first in ``alliancelens --help``, in this order; the rest follow as registered.
EVERYDAY_COMMANDS = ("analyze", "demo", "insights", "note", "deidentify", "formats", "schema")
#: The prefix the validation library puts before a value's error (``Value error, ...``).
_VALIDATION_PREFIX = re.compile(r"\bValue error, ")
#: The parser's (pydantic's) wording for a value of the wrong type, in plain words.
_PLAIN_TYPES = (
    (re.compile(r"Input should be a valid integer(?:, unable to parse string as an integer)?"),
     "not a whole number"),
    (re.compile(r"Input should be a valid number(?:, unable to parse string as a number)?"),
     "not a number"),
)  # fmt: skip


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the final flush cannot fail again (Python docs, SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def _stdout_identity() -> tuple[int, int] | None:
    """Device and inode behind stdout's descriptor (None when it has none)."""
    try:
        info = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):  # no descriptor (a test runner's buffer) or closed
        return None
    return info.st_dev, info.st_ino


def _devnull_identity() -> tuple[int, int]:
    info = Path(os.devnull).stat()
    return info.st_dev, info.st_ino


def usage_line(exc: ClickException) -> str:
    """One line for a usage error: click's message without the prefix, and where help is."""
    message = _VALIDATION_PREFIX.sub("", exc.format_message()).rstrip(".")
    for wording, plain in _PLAIN_TYPES:
        message = wording.sub(plain, message)
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "alliancelens"
    return f"{message}; see `{path} --help`"


class RootGroup(TyperGroup):
    """The ``alliancelens`` group: everyday commands first; one-line endings for every failure."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Everyday commands first, then the others in the order they were registered."""
        names = super().list_commands(ctx)
        first = [name for name in EVERYDAY_COMMANDS if name in names]
        return first + [name for name in names if name not in first]

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a closed output pipe ends quietly with exit code 141."""
        before = _stdout_identity()
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except SystemExit as exc:
            # rich handles a closed pipe itself: stdout to /dev/null, then SystemExit(1)
            if exc.code == 1 and before != _stdout_identity() == _devnull_identity():
                raise typer.Exit(EXIT_BROKEN_PIPE) from None
            raise

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run like click's ``main`` but print usage errors and cancelled prompts as one line."""
        extra["windows_expand_args"] = windows_expand_args
        code = self._run(args, prog_name, complete_var, **extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(
        self,
        args: Sequence[str] | None,
        prog_name: str | None,
        complete_var: str | None,
        **extra: Any,
    ) -> int:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except NoArgsIsHelpError as exc:
            typer.echo(exc.format_message())
            return exc.exit_code
        except UsageError as exc:
            return _exit_code(fail(usage_line(exc), exc.exit_code))
        except ClickException as exc:
            return _exit_code(fail(exc.format_message(), exc.exit_code))
        except typer.Abort:  # a prompt got Ctrl-C or end of input (no terminal)
            typer.echo("", err=True)  # end the prompt's line
            return _exit_code(
                fail("cancelled at the prompt (no answer was given); nothing was changed")
            )
        return result if isinstance(result, int) else EXIT_OK


def _exit_code(exit_: typer.Exit) -> int:
    return exit_.exit_code


_help.install()

app = typer.Typer(
    name="alliancelens",
    cls=RootGroup,
    help="Local-first therapeutic-alliance intelligence: analyse session transcripts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"alliancelens {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Local-first therapeutic-alliance intelligence: analyse session transcripts."""
    del version
