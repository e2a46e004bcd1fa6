"""The services layer: record-store use cases are re-exported lazily and stay the same objects."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from alliancelens import services


def _origin(name: str) -> object:
    """The object ``name`` denotes in the module that implements it."""
    for module in ("alliancelens.records", "alliancelens.storage", "alliancelens._stored_services"):
        found = importlib.import_module(module)
        if name in found.__all__:
            return getattr(found, name)
    return getattr(importlib.import_module("alliancelens.services"), name)


@pytest.mark.parametrize("name", services.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    """Every name in ``services.__all__`` is reachable and is the implementing module's object."""
    assert getattr(services, name) is _origin(name)


def test_unknown_name_is_an_attribute_error() -> None:
    """A name services does not export raises AttributeError (not a silent None)."""
    with pytest.raises(AttributeError, match="no_such_use_case"):
        _ = services.no_such_use_case  # type: ignore[attr-defined]


@pytest.mark.parametrize("module", ["sqlalchemy", "pydantic_settings", "alliancelens.records"])
def test_import_does_not_load_the_store(module: str) -> None:
    """Importing services (for the analysis use cases) loads neither the store nor settings."""
    probe = "import json, sys, alliancelens.services; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert module not in json.loads(proc.stdout)
