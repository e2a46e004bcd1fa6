"""docs/web.md lists every route the dashboard registers (method, path, router), and no other."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from alliancelens.config import Settings
from alliancelens.web import WebSettings, create_app

from .web_helpers import SECRET

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"
_ROW = re.compile(r"^\| (GET|POST) \| `([^`]+)` \| (\w+) \|", re.MULTILINE)

Route = tuple[str, str, str]


def _documented() -> set[Route]:
    """The rows of the "Routes" section: (method, path, router)."""
    text = DOCS.read_text("utf-8")
    assert "\n## Routes\n" in text, "docs/web.md has no Routes section"
    section = text.split("\n## Routes\n", 1)[1].split("\n## ", 1)[0]
    return {(m, p, r) for m, p, r in _ROW.findall(section)}


def _api_routes(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, APIRoute]]:
    """Each API route with its full path, also inside included routers (FastAPI 0.12x keeps
    an included router as one ``_IncludedRouter`` entry holding the original router)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _api_routes(inner.routes, prefix + getattr(context, "prefix", ""))


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> set[Route]:
    """Every (method, path, router module) of the app ``create_app`` builds (HEAD left out)."""
    settings = Settings(home=tmp_path_factory.mktemp("docs-routes"))
    application = create_app(settings, web_settings=WebSettings(secret=SECRET))
    found = {
        (method, path, route.endpoint.__module__.rsplit(".", 1)[-1])
        for path, route in _api_routes(application.routes)
        for method in route.methods - {"HEAD"}
    }
    assert len(found) >= 30, "the app's routes were not found: the comparison would be empty"
    return found


def test_every_registered_route_is_in_the_docs(registered: set[Route]) -> None:
    """A route the app registers but docs/web.md's Routes table lacks fails here."""
    assert not sorted(registered - _documented())


def test_every_documented_route_is_registered(registered: set[Route]) -> None:
    """A route listed in docs/web.md that the app no longer registers fails here."""
    assert not sorted(_documented() - registered)
