"""Imports point one way (docs/concepts.md, "Layers"): pure layers never import outer ones."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import alliancelens

PACKAGE = Path(alliancelens.__file__).parent
#: What each layer may import from alliancelens (besides itself).
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "errors": set(),
    "ingest": {"domain", "errors", "config"},
    "analysers": {"domain", "errors", "config", "models"},
    "measures": {"domain", "errors", "config"},
    "models": {"domain", "errors", "config", "ingest"},
    # Batch and evaluation run the analysis pipeline over corpora; they never touch the store.
    # Evaluation may use the pure measures layer (agreement statistics against client ratings).
    "batch": {"domain", "errors", "config", "ingest", "analysers", "models", "report"},
    "evaluation": {"domain", "errors", "config", "ingest", "analysers", "models", "measures"},
    # Insights are pure rules over summaries and measure reports (issue 7).
    "insights": {"domain", "measures"},
    # Progress notes read an analysis result (report codes/summary) and measures; no I/O.
    "notes": {"domain", "errors", "analysers", "measures", "report"},
}
# storage, security, records, jobs and deid have their own check: tests/storage/test_layers.py


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _our_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "alliancelens" and len(parts) > 1:
                found.add(parts[1])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_inner_layers(path: Path) -> None:
    """A module imports only its own layer and the layers inside it."""
    layer = _layer(path)
    illegal = _our_imports(path) - ALLOWED[layer] - {layer}
    assert not illegal, f"{layer} must not import {sorted(illegal)}"


def test_test_module_names_are_unique_outside_packages() -> None:
    """Test files in folders without __init__.py have unique names (pytest's rootdir import)."""
    root = Path(__file__).parent
    seen: dict[str, Path] = {}
    clashes: list[str] = []
    for path in sorted(root.rglob("test_*.py")):
        if (path.parent / "__init__.py").exists():
            continue
        if path.name in seen:
            clashes.append(f"{seen[path.name]} and {path}")
        seen[path.name] = path
    assert clashes == []
