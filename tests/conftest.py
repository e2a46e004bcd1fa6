"""Shared fixtures: the location of ../shared/data, and a skip for tests that need it."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip ``shared_data`` tests cleanly when ../shared/data is absent."""
    if SHARED_DATA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"{SHARED_DATA} is not present")
    for item in items:
        if "shared_data" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared_data() -> Path:
    """Path of ../shared/data (tests using it must be marked ``shared_data``)."""
    return SHARED_DATA
