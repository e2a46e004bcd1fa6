"""Shared fixtures: ../shared/data (and a skip for tests that need it), and record stores.

Store fixtures run each test on SQLite and, when ALLIANCELENS_TEST_POSTGRES_URL is set (.ci/run
sets it), on PostgreSQL too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alliancelens.storage import Database
from alliancelens.storage.testing import BACKENDS, postgres_url, temporary_store

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


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Database backend name; PostgreSQL skips cleanly without ALLIANCELENS_TEST_POSTGRES_URL."""
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("ALLIANCELENS_TEST_POSTGRES_URL is not set (.ci/run sets it)")
    return str(request.param)


@pytest.fixture
def store(backend: str, tmp_path: Path) -> Iterator[Database]:
    """An initialised, empty store with a key file in tmp_path."""
    with temporary_store(backend, tmp_path) as database:
        yield database
