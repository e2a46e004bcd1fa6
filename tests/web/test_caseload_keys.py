"""The caseload survives a client whose data is under a missing key (its own module: own store)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import LargeBinary, select, type_coerce, update

from alliancelens.storage import people
from alliancelens.storage.crypto import Keyring, generate_key
from alliancelens.storage.tables import ClientRow

from .web_helpers import CLIENT_NAME, World, sign_in


def test_a_client_under_a_missing_key_is_one_unreadable_row(
    client: TestClient, world: World
) -> None:
    """The caseload opens (200), lists the other client and marks the broken row unreadable."""
    lost = Keyring.single(generate_key())
    with world.database.transaction() as db:
        owner = db.execute(select(ClientRow.therapist_id).where(ClientRow.id == world.client_a))
        therapist = owner.scalar_one()
        broken = people.add_client(db, therapist_id=therapist, name="Lucan Fairweather")
        column = type_coerce(ClientRow.name, LargeBinary)
        blob = lost.encrypt(b"Lucan Fairweather", aad=b"clients.name")
        db.execute(update(ClientRow).where(ClientRow.id == broken.id).values({column: blob}))
    sign_in(client, "ther-a")
    response = client.get("/")
    assert response.status_code == 200
    assert CLIENT_NAME in response.text
    assert "cannot be decrypted — a key is missing" in response.text
    assert "Fairweather" not in response.text
