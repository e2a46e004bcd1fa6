"""The root typer application and global options."""

from __future__ import annotations

from typing import Annotated

import typer

from alliancelens import __version__

__all__ = ["app"]

app = typer.Typer(
    name="alliancelens",
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
