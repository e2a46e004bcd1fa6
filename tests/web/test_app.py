"""App-wide guarantees: security headers, no external URLs, the session secret, error pages."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import alliancelens.web
from alliancelens.errors import KeyFileError
from alliancelens.web._security import SECURITY_HEADERS
from alliancelens.web.settings import SECRET_FILE, WebSettings, session_secret

from .web_helpers import World, sign_in

WEB = Path(alliancelens.web.__file__).parent
ASSETS = sorted(p for d in ("templates", "static") for p in (WEB / d).iterdir() if p.is_file())


@pytest.mark.parametrize("path", ["/login", "/", "/sessions/{shared}", "/f/unknown", "/nowhere"])
def test_every_page_has_the_security_headers(client: TestClient, world: World, path: str) -> None:
    """CSP, frame, sniffing and referrer headers and no-store on pages, errors included."""
    sign_in(client, "ther-a")
    response = client.get(path.format(**vars(world)))
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert response.headers["cache-control"] == "no-store"
    assert "script-src 'none'" in response.headers["content-security-policy"]


def test_stylesheet_is_served_locally(client: TestClient) -> None:
    """The one stylesheet comes from /static, with the security headers but cacheable."""
    response = client.get("/static/style.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in response.headers.get("cache-control", "")


@pytest.mark.parametrize("asset", ASSETS, ids=lambda p: p.name)
def test_templates_and_static_files_name_no_external_url(asset: Path) -> None:
    """No template or static file loads anything from another site (works offline, no CDN)."""
    text = asset.read_text("utf-8")
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE)


@pytest.mark.parametrize("asset", [p for p in ASSETS if p.suffix == ".html"], ids=lambda p: p.name)
def test_templates_have_no_script_or_inline_style(asset: Path) -> None:
    """Templates hold no <script> and no style= attributes (the CSP would block them)."""
    text = asset.read_text("utf-8").lower()
    assert "<script" not in text and "style=" not in text and "javascript:" not in text


def test_secret_file_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    """Without a secret setting a random one is written 0600 in the data directory and reused."""
    first = session_secret(WebSettings(), tmp_path)
    path = tmp_path / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) >= 32 and session_secret(WebSettings(), tmp_path) == first


def test_secret_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    """A web secret file that group or others may read is refused with what to do."""
    session_secret(WebSettings(), tmp_path)
    (tmp_path / SECRET_FILE).chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        session_secret(WebSettings(), tmp_path)


def test_short_secret_setting_is_refused(tmp_path: Path) -> None:
    """ALLIANCELENS_WEB_SECRET shorter than 32 characters is refused."""
    with pytest.raises(KeyFileError, match="shorter than 32"):
        session_secret(WebSettings(secret="too-short"), tmp_path)  # noqa: S106


def test_no_api_docs_are_served(client: TestClient) -> None:
    """The interactive API docs (which load a CDN script) are switched off."""
    assert [client.get(p).status_code for p in ("/docs", "/redoc", "/openapi.json")] == [404] * 3
