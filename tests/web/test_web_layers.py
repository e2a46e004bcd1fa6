"""The web package is a thin door: no SQL, no storage repository, no tables in web code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import alliancelens.web

WEB = Path(alliancelens.web.__file__).parent
MODULES = sorted(WEB.rglob("*.py"))
#: storage names the web may use: the open-store type and plain record types only.
FORBIDDEN_PREFIXES = (
    "sqlalchemy",
    "alliancelens.storage.",
    "alliancelens.security.audit",
    "alliancelens.records._facts",
)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(WEB)))
def test_web_module_touches_no_tables(path: Path) -> None:
    """A web module imports neither SQLAlchemy nor storage internals nor the audit log."""
    assert not {m for m in _imports(path) if m.startswith(FORBIDDEN_PREFIXES)}
