"""A client's form link when the clinic's measure definitions cannot be loaded (QA38 #2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.config import DEFAULT_CRISIS_TEXT

from .web_helpers import World, make_app


def test_a_missing_definitions_folder_gives_the_client_a_plain_page(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The client sees "cannot be opened" with the urgent-help line: no folder, no setting, 503."""
    token = services.create_form_link(
        world.database, services.local_admin(), client_id=world.client_b, measure="gad-7"
    ).token
    missing = tmp_path / "clinic-defs-typo"
    broken = world.database.settings.model_copy(update={"measures_dir": missing})
    monkeypatch.setattr(world.database, "settings", broken)
    client = TestClient(make_app(world), follow_redirects=False)
    page = client.get(f"/f/{token}")
    assert page.status_code == 503
    assert "This form cannot be opened just now." in page.text
    assert DEFAULT_CRISIS_TEXT in page.text
    assert str(missing) not in page.text and "ALLIANCELENS" not in page.text
