"""Fixtures of the web tests: one shared store per module, a fresh app and browser per test.

The store is built once per module and backend (import and analysis take about a second); each
test gets a fresh app (so a fresh sign-in throttle) over it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens.storage.testing import BACKENDS, postgres_url, temporary_store

from .web_helpers import World, build_world, make_app


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The shared store with every role's users and records, on SQLite (and PostgreSQL in CI)."""
    if request.param == "postgresql" and postgres_url() is None:
        pytest.skip("ALLIANCELENS_TEST_POSTGRES_URL is not set (.ci/run sets it)")
    home = tmp_path_factory.mktemp("web-store")
    with temporary_store(str(request.param), home) as database:
        yield build_world(database, home)


@pytest.fixture
def app(world: World) -> FastAPI:
    """A fresh app (fresh throttle) over the shared store."""
    return make_app(world)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    """A browser without a session."""
    return TestClient(app, follow_redirects=False)
