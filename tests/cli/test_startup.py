"""Start-up of the ``alliancelens`` command: building every command imports no heavy library.

``--help`` and light commands must not pay for the record store (SQLAlchemy, Alembic), pydantic
settings, numpy and the shipped models, or the batch/web stacks: commands import those when they
run. Checked in a fresh interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "alembic",
    "fastapi",
    "numpy",
    "pandas",
    "pyarrow",
    "pydantic_settings",
    "sklearn",
    "sqlalchemy",
    "torch",
    "alliancelens.config",
    "alliancelens.measures",
    "alliancelens.models",
    "alliancelens.records",
    "alliancelens.storage.database",
)
_PROBE = """
import json, sys
from typer.main import get_command
from alliancelens.cli import app
get_command(app)  # what --help does: builds every command and resolves its options
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def loaded() -> set[str]:
    """Modules loaded after importing the CLI and building all of its commands."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    return set(json.loads(proc.stdout))


def test_probe_builds_the_commands(loaded: set[str]) -> None:
    """The probe really imported the CLI and typer (so the checks below can fail)."""
    assert {"alliancelens.cli", "alliancelens.cli.measures", "typer.main"} <= loaded


@pytest.mark.parametrize("module", HEAVY)
def test_heavy_module_not_imported_at_start_up(module: str, loaded: set[str]) -> None:
    """Building the command line does not import this heavy module."""
    assert module not in loaded
