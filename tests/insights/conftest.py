"""Shared fixtures for the insight tests: never read the real per-user measures directory."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_user_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point the measures definitions directory at an empty temporary folder."""
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(tmp_path_factory.mktemp("defs")))
