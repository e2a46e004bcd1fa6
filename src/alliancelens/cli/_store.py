"""Shared bits of the record-store commands: open the store as the acting user, print JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from alliancelens import services

if TYPE_CHECKING:
    from alliancelens.config import Settings
    from alliancelens.security.policy import Actor
    from alliancelens.storage import Database

__all__ = ["AsOpt", "ClientArg", "JsonOpt", "echo_json", "opened"]

AsOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this user (default: ALLIANCELENS_USER, else the local administrator).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
ClientArg = Annotated[int, typer.Argument(help="Internal client id (see `clients list`).")]


@contextmanager
def opened(as_user: str | None) -> Iterator[tuple[Database, Actor, Settings]]:
    """Open the configured store and resolve who is acting; always closes it."""
    from alliancelens.config import load_settings  # noqa: PLC0415 - keeps start-up fast

    settings = load_settings()
    database = services.open_database(settings)
    try:
        actor = services.resolve_actor(database, as_user or settings.user)
        yield database, actor, settings
    finally:
        database.close()


def echo_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))
