"""Shared fixtures for the measures tests: the shipped registry, no real user directory."""

from __future__ import annotations

import pytest

from alliancelens.measures import Registry, load_registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The shipped definitions only."""
    return load_registry()


@pytest.fixture(autouse=True)
def _no_user_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never read or write the real per-user definitions directory in tests."""
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(tmp_path_factory.mktemp("defs")))
