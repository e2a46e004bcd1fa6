"""``alliancelens web --demo``'s seeding: the demo caseload, analysed, behind a working sign-in."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.config import Settings
from alliancelens.web import WebSettings, create_app
from alliancelens.web.demo import DEMO_CLIENTS, seed_demo

from .web_helpers import SECRET, sign_in


def test_demo_store_is_analysed_and_browsable(tmp_path: Path) -> None:
    """The demo therapist signs in with the printed password and sees analysed demo sessions."""
    database, login = seed_demo(Settings(home=tmp_path))
    try:
        admin = services.local_admin()
        clients = services.list_clients(database, admin)
        assert [c.name for c in clients] == list(DEMO_CLIENTS)
        assert login.sessions == sum(len(files) for files in DEMO_CLIENTS.values())
        app = create_app(
            database.settings, web_settings=WebSettings(secret=SECRET), database=database
        )
        browser = TestClient(app, follow_redirects=False)
        assert sign_in(browser, login.username, login.password) == 303
        alex = clients[0].id
        page = browser.get(f"/clients/{alex}").text
        assert "SRS" in page and "<polyline" in page
        first = services.list_sessions(database, admin, client_id=alex)[0].id
        session_page = browser.get(f"/sessions/{first}").text
        assert "Alliance estimate" in session_page and "NOT ANALYSED" not in session_page
        assert browser.get(f"/f/{login.form_token}").status_code == 200
    finally:
        database.close()
