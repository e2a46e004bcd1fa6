"""``alliancelens web --demo``'s seeding: the demo caseload, analysed, behind a working sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.config import Settings
from alliancelens.errors import UsageError
from alliancelens.web import WebSettings, create_app
from alliancelens.web.demo import DEMO_CLIENTS, demo_settings, seed_demo

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
        # default allow-list (loopback names): the browser talks to 127.0.0.1 as a real one would
        browser = TestClient(app, base_url="http://127.0.0.1:8765", follow_redirects=False)
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


_OUTSIDE = {
    "ALLIANCELENS_DATABASE_URL": "postgresql://clinic@db.example/records",
    "ALLIANCELENS_KEY": "A" * 43 + "=",
    "ALLIANCELENS_KEY_FILE": "/srv/clinic/keyring.json",
    "ALLIANCELENS_REDIS_URL": "redis://queue.example:6379/0",
}


def test_demo_settings_ignore_the_real_store_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shell pointing at the clinic's database, key and queue cannot redirect the demo."""
    for name, value in _OUTSIDE.items():
        monkeypatch.setenv(name, value)
    settings = demo_settings(tmp_path)
    assert settings.database_url is None and settings.key is None
    assert settings.key_file is None and settings.redis_url is None
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'alliancelens.db'}"


@pytest.mark.parametrize("name", sorted(_OUTSIDE))
def test_seed_demo_refuses_settings_naming_a_real_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Seeding refuses settings with an outside database, key or queue; nothing is made."""
    monkeypatch.setenv(name, _OUTSIDE[name])
    with pytest.raises(UsageError, match="throwaway store"):
        seed_demo(Settings(home=tmp_path / "home"))
    assert not (tmp_path / "home").exists()


def test_seed_demo_refuses_a_data_directory_in_use(tmp_path: Path) -> None:
    """Seeding refuses a data directory that already holds files (an existing store)."""
    (tmp_path / "alliancelens.db").write_bytes(b"")
    with pytest.raises(UsageError, match="empty data directory"):
        seed_demo(Settings(home=tmp_path))
