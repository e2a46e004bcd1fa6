"""Web session page: a form's alerts are listed once, with the linked forms (not as insights too).

Synthetic transcript and names, written for these tests.
"""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage import ConsentKind

from .web_helpers import World, actor_of, sign_in

TALK = (
    "Therapist: What would you like to look at today?\n"
    "Client: The shed roof, it keeps leaking onto the bikes.\n"
    "Therapist: The leak keeps coming back. What have you tried so far?\n"
    "Client: A tarp, but the wind pulls it off.\n"
)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_session_form_alert_is_not_repeated_as_an_insight(client: TestClient, world: World) -> None:
    """A low SRS at the session: listed under the linked forms, not again under insights."""
    actor = actor_of(world, "ther-a")
    client_id = services.create_client(world.database, actor, name="Ottoline Brackwater").id
    for kind in ConsentKind:
        services.grant_consent(world.database, actor, client_id=client_id, kind=kind)
    path = world.database.settings.home / "shed.txt"
    path.write_text(TALK, encoding="utf-8")
    session = services.import_transcript(
        world.database, actor, client_id=client_id, path=path, session_date=dt.date(2026, 10, 6)
    ).session_ids[0]
    services.record_measure(
        world.database,
        actor,
        client_id=client_id,
        measure="SRS",
        items=["8.5", "8.0", "7.5", "8.2"],
        date=dt.date(2026, 10, 6),
        session_id=session,
        link_same_day=False,
    )
    sign_in(client, "ther-a")
    page = _text(client.get(f"/sessions/{session}").text)
    assert "SRS alliance below cutoff (2026-10-06)" in page
    assert "alliance below cutoff (warning)" not in page
