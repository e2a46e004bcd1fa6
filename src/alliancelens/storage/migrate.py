"""Alembic migrations shipped inside the package: upgrade, and check the schema revision."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from alliancelens.errors import SchemaError

__all__ = ["check_revision", "current_revision", "head_revision", "revisions", "upgrade"]


def _config() -> Config:
    config = Config()
    location = Path(str(resources.files("alliancelens.storage") / "migrations"))
    config.set_main_option("script_location", str(location))
    return config


def head_revision() -> str:
    """The newest revision this version of AllianceLens ships."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise SchemaError("no migrations found in this installation; reinstall AllianceLens")
    return head


def revisions() -> list[str]:
    """Every shipped revision, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (default: newest), in one transaction."""
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def check_revision(engine: Engine) -> None:
    """Raise :class:`SchemaError` unless the database is at the newest revision."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is None:
        raise SchemaError("the database is not initialised; run `alliancelens init`")
    if current not in revisions():
        raise SchemaError(
            f"the database is at schema revision {current}, which this version does not know "
            "(it was written by a newer AllianceLens); upgrade AllianceLens"
        )
    raise SchemaError(
        f"the database is at schema revision {current}, this version needs {head}; "
        "run `alliancelens init` to upgrade it (back it up first)"
    )
