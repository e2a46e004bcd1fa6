"""Store fixtures: each test runs on SQLite, and on PostgreSQL when a server is given."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alliancelens.storage import Database
from alliancelens.storage.testing import BACKENDS, postgres_url, temporary_store


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
