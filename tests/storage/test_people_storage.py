"""Client lists survive a row whose encryption key is missing."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import LargeBinary, type_coerce, update

from alliancelens.storage import Database, people
from alliancelens.storage.crypto import Keyring, generate_key
from alliancelens.storage.tables import ClientRow


def test_a_row_under_a_missing_key_does_not_hide_the_others(
    store: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """A client whose key is missing is listed as "cannot be decrypted — key <id> missing" (and
    logged by ids only), and the other clients still list."""
    lost = Keyring.single(generate_key())
    with store.transaction() as db:
        kept = people.add_client(db, therapist_id=None, name="Isolde Wetherall").id
        broken = people.add_client(db, therapist_id=None, name="Lucan Fairweather").id
        blob = lost.encrypt(b"Lucan Fairweather", aad=b"clients.name")
        column = type_coerce(ClientRow.name, LargeBinary)
        db.execute(update(ClientRow).where(ClientRow.id == broken).values({column: blob}))
    with caplog.at_level(logging.WARNING), store.transaction() as db:
        listed = {c.id: c for c in people.list_clients(db)}
        owner = people.client_owner(db, client_id=broken)
    assert listed[kept].name == "Isolde Wetherall" and listed[kept].missing_key is None
    assert listed[broken].name == (
        f"cannot be decrypted — key {lost.active_id} missing; see docs/security.md"
    )
    assert listed[broken].missing_key == lost.active_id and owner is None
    assert lost.active_id in caplog.text and "Fairweather" not in caplog.text
