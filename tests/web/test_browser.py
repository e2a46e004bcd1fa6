"""The dashboard in a real browser: `alliancelens web --demo` driven by Playwright and Chromium.

Needs the ``playwright`` Python package (dev extra; its wheel bundles the driver) and Debian's
``/usr/bin/chromium`` (``ALLIANCELENS_TEST_CHROMIUM`` names another executable). Never run
``playwright install``: nothing is downloaded. Without either the tests skip, naming what is
missing — unless ``ALLIANCELENS_REQUIRE_BROWSER=1`` (``.ci/run`` sets it), where they fail, so CI
cannot skip them silently.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("ALLIANCELENS_TEST_CHROMIUM", "/usr/bin/chromium"))
# The stack notes' arguments for Debian's chromium under Playwright (docs/stack-notes.md, row 8).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY_TIMEOUT_S = 60.0  # seeding takes about 2 s here; CI machines may be slower
STOP_TIMEOUT_S = 15.0
PAGE_TIMEOUT_MS = 10_000
SIGN_IN = re.compile(r"demo sign-in: user (\S+), password (\S+)")
FORM_LINK = re.compile(r"one-time GAD-7 form link: (/f/[A-Za-z0-9_-]+)")
CSP_WORDS = "Content Security Policy"


def missing_requirements() -> str | None:
    """Why the browser tests cannot run here, or None when Playwright and Chromium are there."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)"
    return None


@dataclass
class DemoServer:
    """A running `alliancelens web --demo`: where it listens and what it printed."""

    process: subprocess.Popen[str]
    base_url: str
    username: str
    password: str
    form_link: str
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _drain(stream: IO[str], lines: list[str]) -> None:
    """Keep reading a pipe so the server never blocks on a full one (uvicorn logs every request)."""
    for line in stream:
        lines.append(line)


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait_until_ready(
    process: subprocess.Popen[str], port: int, out: list[str]
) -> tuple[str, str, str]:
    """Wait for the printed sign-in and form link and an open port; fail on exit or timeout."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`alliancelens web --demo` exited with {process.returncode} before ready")
        text = "".join(out)
        sign_in, link = SIGN_IN.search(text), FORM_LINK.search(text)
        if sign_in and link and _accepts(port):
            return sign_in.group(1), sign_in.group(2), link.group(1)
        time.sleep(0.1)
    pytest.fail(f"`alliancelens web --demo` was not ready within {READY_TIMEOUT_S:.0f} s")


def _stop(process: subprocess.Popen[str]) -> int:
    """SIGTERM (the demo's graceful stop), then SIGKILL if it hangs; its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            return process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"the demo server ignored SIGTERM for {STOP_TIMEOUT_S:.0f} s")
    return int(process.returncode)


def _demo_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("alliancelens-demo-*"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium through Playwright; skips (or fails in CI) without them."""
    reason = missing_requirements()
    if reason is not None:
        if os.environ.get("ALLIANCELENS_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ALLIANCELENS_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """`alliancelens web --demo` on a free port, its temp folder under a private TMPDIR.

    Always terminated at the end; its exit code must be 0 and its demo folder gone.
    """
    tmp = tmp_path_factory.mktemp("demo-tmp")
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    command = [sys.executable, "-m", "alliancelens", "web", "--demo", "--port", str(port)]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=_drain, args=(stream, lines), daemon=True)
        for stream, lines in ((process.stdout, out), (process.stderr, err))
    ]
    for reader in readers:
        reader.start()
    try:
        username, password, link = _wait_until_ready(process, port, out)
        assert len(_demo_folders(tmp)) == 1, "the demo store is not in the expected TMPDIR"
        yield DemoServer(process, f"http://127.0.0.1:{port}", username, password, link, out, err)
    finally:
        code = _stop(process)
        for reader in readers:
            reader.join(timeout=5)
    assert code == 0, f"the demo server exited with {code}: {''.join(err)[-2000:]}"
    assert _demo_folders(tmp) == [], "the demo's temporary folder was left behind"


@pytest.fixture
def console(browser: Browser) -> list[ConsoleMessage]:
    """Console messages of every page a test opens (filled by :func:`_context`)."""
    return []


def _context(
    browser: Browser, console: list[ConsoleMessage], width: int | None = None
) -> BrowserContext:
    size = {"width": width, "height": 800} if width else None
    context = browser.new_context(viewport=size) if size else browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT_MS)

    def record(message: ConsoleMessage) -> None:  # Playwright cannot wrap a builtin method
        console.append(message)

    context.on("console", record)
    return context


def _csp_errors(console: list[ConsoleMessage]) -> list[str]:
    return [m.text for m in console if CSP_WORDS in m.text]


def _style(page: Page, selector: str, prop: str) -> str:
    """The computed value of a CSS property (read through DevTools: the page's CSP allows no JS)."""
    return str(page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}"))


def _sign_in(page: Page, demo: DemoServer) -> None:
    page.goto(f"{demo.base_url}/")  # redirected to the sign-in form
    page.get_by_label("User name").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{demo.base_url}/")


def _check_stylesheet_applied(page: Page) -> None:
    """The CSS loaded under the CSP: computed styles differ from Chromium's defaults."""
    assert _style(page, "body", "marginTop") == "0px"  # default 8px
    assert _style(page, "header.top", "backgroundColor") == "rgb(247, 249, 250)"  # default none
    assert _style(page, "a.brand", "fontWeight") == "700"  # default 400


def _check_console_sees_csp_violations(
    context: BrowserContext, demo: DemoServer, console: list[ConsoleMessage]
) -> None:
    """Control for the console checks: an inline style slipped into a page is blocked and logged."""

    def inject_inline_style(route: Route) -> None:
        response = route.fetch()
        body = response.text().replace("<h1>", '<h1 style="color: red">', 1)
        route.fulfill(response=response, body=body)

    context.route(f"{demo.base_url}/login", inject_inline_style)
    page = context.new_page()
    page.goto(f"{demo.base_url}/login")
    assert _style(page, "h1", "color") != "rgb(255, 0, 0)"
    assert _csp_errors(console) != []


def test_therapist_walks_the_dashboard_in_chromium(
    browser: Browser, demo: DemoServer, console: list[ConsoleMessage]
) -> None:
    """Sign in, caseload, client page, session page with styled risk panel, evidence anchor."""
    context = _context(browser, console)
    page = context.new_page()
    _sign_in(page, demo)
    assert page.locator("h1").inner_text() == "Your caseload"
    _check_stylesheet_applied(page)
    page.get_by_role("link", name="Alex (demo)").click()
    assert "Alex (demo)" in page.locator("h1").inner_text()
    page.get_by_role("link", name=re.compile(r"^Session \d+$")).first.click()
    assert re.fullmatch(rf"{demo.base_url}/sessions/\d+", page.url)
    heading = page.locator("section#risk h2").inner_text()
    panel = page.locator("section#risk").inner_text()
    assert "for clinician review" in heading or "NOT ANALYSED" in panel
    assert _style(page, "section#risk", "borderTopStyle") == "solid"
    _check_stylesheet_applied(page)
    evidence = page.locator("section#alliance a[href^='#u']").first
    anchor = str(evidence.get_attribute("href"))
    evidence.click()
    page.wait_for_url(re.compile(re.escape(anchor) + "$"))
    target = page.locator(f"li{anchor}")
    assert target.evaluate("e => e.matches(':target')") is True
    assert _style(page, f"li{anchor}", "outlineStyle") == "solid"  # ol.transcript li:target
    context.close()
    assert _csp_errors(console) == []


def test_client_fills_the_one_time_form_link(
    browser: Browser, demo: DemoServer, console: list[ConsoleMessage]
) -> None:
    """An anonymous client sends the GAD-7 link once, then sees "used"; the CSP is enforced."""
    context = _context(browser, console)
    page = context.new_page()
    page.goto(demo.base_url + demo.form_link)
    fieldsets = page.locator("form.questionnaire fieldset")
    assert fieldsets.count() == 7  # GAD-7
    for i in range(fieldsets.count()):
        fieldsets.nth(i).locator("input[type=radio][value='1']").check()
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("h1").inner_text() == "Thank you"
    _check_stylesheet_applied(page)
    again = page.goto(demo.base_url + demo.form_link)
    assert again is not None and again.status == 410
    assert "already used" in page.locator("h1").inner_text()
    assert _csp_errors(console) == []
    _check_console_sees_csp_violations(context, demo, console)
    context.close()


PHONE_WIDTH = 375  # a small phone (the QA pass measured pages up to 555 px wide here)


def _page_width(page: Page) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def test_pages_fit_a_375_px_phone_screen(
    browser: Browser, demo: DemoServer, console: list[ConsoleMessage]
) -> None:
    """At 375 px no page scrolls sideways (tables scroll in their own box); selects are 16 px."""
    context = _context(browser, console, PHONE_WIDTH)
    page = context.new_page()
    _sign_in(page, demo)
    assert _page_width(page) <= PHONE_WIDTH, "caseload"
    page.get_by_role("link", name="Alex (demo)").click()
    client_url = page.url
    assert _page_width(page) <= PHONE_WIDTH, "client page"
    assert _style(page, ".table-wrap", "overflowX") == "auto"
    page.get_by_role("link", name=re.compile(r"^Session \d+$")).first.click()
    wide = page.evaluate(
        "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect()"
        ".right > 380 && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName + '.' + "
        "e.className + ' ' + e.outerHTML.slice(0, 120))"
    )
    assert _page_width(page) <= PHONE_WIDTH, f"session page: {wide}"
    risk_box = page.locator("section#risk")
    assert risk_box.bounding_box() is not None
    assert risk_box.bounding_box()["width"] <= PHONE_WIDTH  # type: ignore[index]
    page.goto(client_url + "/record-measure?measure=srs")
    assert _page_width(page) <= PHONE_WIDTH, "record a measure"
    assert float(_style(page, "select", "fontSize").removesuffix("px")) >= 16
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    context.close()
    assert _csp_errors(console) == []
