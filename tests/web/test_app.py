"""App-wide guarantees: headers (500s too), escaping, CSRF, body limits, secret, Host allow-list."""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

import alliancelens.web
from alliancelens.errors import KeyFileError, UsageError
from alliancelens.web import create_app
from alliancelens.web._render import TEMPLATES
from alliancelens.web._security import SECURITY_HEADERS, check_csrf
from alliancelens.web.app import MAX_FORM_BYTES, SESSION_COOKIE, body_limit
from alliancelens.web.routers import (
    auth,
    clients,
    forms,
    imports,
    journal,
    measures,
    people,
    sessions,
    users,
)
from alliancelens.web.settings import SECRET_FILE, WebSettings, session_secret

from .web_helpers import SECRET, World, csrf_of, make_app, sign_in

WEB = Path(alliancelens.web.__file__).parent
ASSETS = sorted(
    p
    for d in ("templates", "static")
    for p in (WEB / d).iterdir()
    if p.is_file() and p.suffix in (".html", ".css")
)


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


#: Synthetic text an unexpected error carries: it must reach neither the page nor the log.
_BOOM = "Yusuf Quillfeather said the harbour secret"


def _failing_app(world: World) -> TestClient:
    """A browser on an app with one extra route that fails unexpectedly."""
    application = make_app(world)

    @application.get("/boom")
    def boom() -> None:
        raise RuntimeError(_BOOM)

    return TestClient(application, follow_redirects=False)


def test_unexpected_error_page_keeps_security_headers(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """A 500 is the generic page with every security header; its text is not shown or logged."""
    caplog.set_level(logging.DEBUG)
    response = _failing_app(world).get("/boom")
    assert response.status_code == 500 and "Internal error" in response.text
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert response.headers["cache-control"] == "no-store"
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "RuntimeError" in logged
    assert _BOOM not in response.text and _BOOM not in logged


def test_templates_autoescape_whatever_their_name() -> None:
    """The template environment escapes every template, not only those named *.html."""
    assert TEMPLATES.env.autoescape is True


_XSS = '<b id="x">Eve</b>" onmouseover="alert(1)'


def test_client_fields_are_escaped_in_pages_and_attributes(client: TestClient) -> None:
    """Markup typed into a client's name and identifier is shown as text, in text and values."""
    sign_in(client, "ther-a")
    token = csrf_of(client.get("/clients/new").text)
    data = {"csrf_token": token, "name": _XSS, "identifier": _XSS[:60]}
    refused = client.post("/clients/new", data={**data, "notes": "n" * 6000})
    assert refused.status_code == 400 and "&lt;b id=&#34;x&#34;&gt;" in refused.text
    created = client.post("/clients/new", data=data)
    assert created.status_code == 303
    pages = (refused.text, client.get(created.headers["location"]).text, client.get("/").text)
    for text in pages:
        assert '<b id="x">' not in text and '" onmouseover=' not in text


def test_tampered_session_cookie_is_ignored(client: TestClient) -> None:
    """A cookie whose signature does not match counts as no sign-in (redirect, not an error)."""
    assert sign_in(client, "ther-a") == 303
    value = client.cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, value[:-4] + ("AAAA" if value[-4:] != "AAAA" else "BBBB"))
    response = client.get("/")
    assert response.status_code == 303 and response.headers["location"] == "/login"


#: Every route of the dashboard (the routers the app includes).
ROUTES = [
    r
    for module in (auth, people, clients, sessions, forms, users, measures, imports, journal)
    for r in module.router.routes
    if isinstance(r, APIRoute)
]


def test_every_post_route_checks_the_csrf_token() -> None:
    """Each state-changing (POST) route depends on the CSRF check; none is registered without."""
    posts = [r for r in ROUTES if "POST" in r.methods]
    assert len(posts) >= 10
    for route in posts:
        assert check_csrf in [d.call for d in route.dependant.dependencies], route.path


def test_routes_use_only_get_or_post() -> None:
    """Every route is GET (HEAD allowed for monitoring) or POST, never both."""
    for route in ROUTES:
        assert route.methods in ({"GET"}, {"GET", "HEAD"}, {"POST"}), route.path


@pytest.mark.parametrize("path", ["/login", "/f/unknown-token", "/logout"])
def test_oversize_form_body_is_refused_before_parsing(client: TestClient, path: str) -> None:
    """A multipart body over the form limit is refused with 413 (headers on), even anonymously."""
    token = csrf_of(client.get("/login").text)
    big = b"x" * (MAX_FORM_BYTES + 1)
    response = client.post(path, data={"csrf_token": token}, files={"f": ("a.txt", big)})
    assert response.status_code == 413 and "too large" in response.text
    assert response.headers["x-frame-options"] == "DENY"


def test_chunked_body_without_length_is_cut_at_the_limit(client: TestClient) -> None:
    """A body without Content-Length is refused once the bytes received pass the limit."""
    token = csrf_of(client.get("/login").text)

    def chunks() -> Iterator[bytes]:
        yield f"csrf_token={token}&username=".encode()
        for _ in range(5):
            yield b"a" * (MAX_FORM_BYTES // 4)

    response = client.post(
        "/login",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/clients/3/import", imports.MAX_UPLOAD_BYTES + imports.ENVELOPE_BYTES),
        ("/clients/3/consents", MAX_FORM_BYTES),
        ("/login", MAX_FORM_BYTES),
    ],
)
def test_body_limit_per_path(path: str, limit: int) -> None:
    """Only the transcript upload may send more than the small form limit."""
    assert body_limit(path)[0] == limit


def _loopback_app(world: World, bind_host: str | None = None) -> TestClient:
    """A browser on an app built with the default allow-list (no ALLIANCELENS_WEB_ALLOWED_HOSTS)."""
    web = WebSettings(secret=SECRET)
    app = create_app(
        world.database.settings, web_settings=web, database=world.database, bind_host=bind_host
    )
    return TestClient(app, follow_redirects=False)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "testserver", "127.0.0.2"])
@pytest.mark.parametrize("path", ["/login", "/f/unknown", "/"])
def test_disallowed_host_gets_a_bare_400(world: World, host: str, path: str) -> None:
    """A Host outside the default allow-list gets 400 with no page of ours (DNS rebinding)."""
    response = _loopback_app(world).get(path, headers={"host": host})
    assert response.status_code == 400
    assert response.text == "Invalid host header" and "set-cookie" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:8765", "localhost:8765", "LOCALHOST", "[::1]:8765"]
)
def test_loopback_hosts_are_allowed_by_default(world: World, host: str) -> None:
    """The default allow-list answers the loopback names, with or without a port."""
    response = _loopback_app(world).get("/login", headers={"host": host})
    assert response.status_code == 200 and "csrf_token" in response.text


def test_named_bind_host_is_allowed(world: World) -> None:
    """The address the server binds to joins the default allow-list."""
    browser = _loopback_app(world, bind_host="192.168.1.5")
    assert browser.get("/login", headers={"host": "192.168.1.5:8765"}).status_code == 200
    assert browser.get("/login", headers={"host": "192.168.1.6:8765"}).status_code == 400


def test_setting_replaces_the_default_hosts(world: World) -> None:
    """ALLIANCELENS_WEB_ALLOWED_HOSTS (the setting) is the whole list: loopback is then out."""
    browser = TestClient(make_app(world, allowed_hosts="dash.example.org"))
    assert browser.get("/login", headers={"host": "dash.example.org"}).status_code == 200
    assert browser.get("/login", headers={"host": "localhost"}).status_code == 400


@pytest.mark.parametrize("bind", ["0.0.0.0", "::"])  # noqa: S104
def test_wildcard_bind_without_the_setting_is_refused(world: World, bind: str) -> None:
    """A wildcard bind with no allow-list setting builds no app (never 'allow every host')."""
    with pytest.raises(UsageError, match="ALLIANCELENS_WEB_ALLOWED_HOSTS"):
        _loopback_app(world, bind_host=bind)


SELECT_FONT = "select, textarea, input:not([type=checkbox]):not([type=radio]) { font-size: max("
STYLE = (Path(alliancelens.web.__file__).parent / "static" / "style.css").read_text("utf-8")


@pytest.mark.parametrize("user", ["ther-a", "admin-web", "sup-a", "client-a"])
def test_every_page_has_a_skip_link_and_a_title_matching_its_heading(
    world: World, user: str
) -> None:
    """The start page of every role has a skip link to <main id="main"> and title == h1."""
    browser = TestClient(make_app(world), follow_redirects=True)
    sign_in(browser, user)
    page = browser.get("/").text
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    title = re.search(r"<title>(.*?) · AllianceLens</title>", page)
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert title and heading and title[1] == heading[1]


def test_favicon_is_served_so_no_page_logs_a_404(client: TestClient) -> None:
    """The favicon every page names is served (no console 404 on each load)."""
    page = client.get("/login").text
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon and client.get(icon[1]).status_code == 200


@pytest.mark.parametrize("path", ["/", "/clients/{client_a}", "/sessions/{shared}", "/users"])
def test_tables_scroll_in_their_own_named_box(world: World, path: str) -> None:
    """Every table sits in a focusable scroll region named by the table's caption."""
    browser = TestClient(make_app(world), follow_redirects=True)
    sign_in(browser, "admin-web")
    page = browser.get(path.format(client_a=world.client_a, shared=world.shared)).text
    tables = page.count("<table")
    assert tables > 0
    wrapped = re.findall(
        r'<div class="table-wrap" role="region" aria-labelledby="([^"]+)" tabindex="0">\s*'
        r'<table[^>]*>\s*<caption id="([^"]+)"',
        page,
    )
    assert len(wrapped) == tables and all(a == b for a, b in wrapped)


def test_stylesheet_is_responsive_and_selects_are_readable() -> None:
    """The CSS has a small-screen media query, scrolling table boxes and 16 px form fonts."""
    assert "@media (max-width: 40rem)" in STYLE
    assert ".table-wrap { overflow-x: auto; position: relative;" in STYLE
    assert "input, button, select, textarea { font: inherit;" in STYLE
    assert SELECT_FONT in STYLE
