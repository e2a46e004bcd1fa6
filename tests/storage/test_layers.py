"""Imports of the record-store packages point one way (storage is below security, jobs, records)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import alliancelens

PACKAGE = Path(alliancelens.__file__).parent
ALLOWED: dict[str, set[str]] = {
    "storage": {"domain", "errors", "config"},
    "security": {"storage", "errors"},
    "jobs": {"storage", "errors", "config"},
    "deid": {"domain", "errors"},
    "records": {
        "analysers",
        "config",
        "deid",
        "domain",
        "errors",
        "ingest",
        "jobs",
        "measures",
        "security",
        "storage",
        "__init__",
    },
}
MODULES = sorted(p for layer in ALLOWED for p in (PACKAGE / layer).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "alliancelens" else ["alliancelens.__init__"]
        found |= {n.split(".")[1] for n in names if n.startswith("alliancelens.")}
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layer_imports(path: Path) -> None:
    """A record-store module imports only its own package and the layers below it."""
    layer = path.relative_to(PACKAGE).parts[0]
    assert not _imports(path) - ALLOWED[layer] - {layer}
