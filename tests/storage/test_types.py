"""Encrypted column types follow the key file while the process runs (rotation elsewhere)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import LargeBinary, select, type_coerce

from alliancelens import services
from alliancelens.storage import Database, people
from alliancelens.storage.crypto import Keyring
from alliancelens.storage.database import open_database
from alliancelens.storage.tables import ClientRow

ADMIN = services.local_admin()


def _key_of_name(database: Database, client_id: int) -> str:
    with database.transaction() as db:
        blob = db.scalar(
            select(type_coerce(ClientRow.name, LargeBinary)).where(ClientRow.id == client_id)
        )
    return Keyring.key_id_of(bytes(blob))


def test_running_process_follows_a_rotation_by_another(store: Database, tmp_path: Path) -> None:
    """A process open before `keys rotate` elsewhere reads re-encrypted rows and writes new ones
    under the new active key (never under the old one)."""
    before = store.keyring.active_id
    with store.transaction() as db:
        first = people.add_client(db, therapist_id=None, name="Ottilie Vantongeren").id
    other = open_database(store.settings)  # "another process": its own engine and keyring
    try:
        report = services.rotate(other, ADMIN)
    finally:
        other.close()
    assert report.active_key != before
    with store.transaction() as db:
        assert people.get_client(db, client_id=first).name == "Ottilie Vantongeren"
        second = people.add_client(db, therapist_id=None, name="Barnaby Quellwater").id
    assert _key_of_name(store, second) == report.active_key
