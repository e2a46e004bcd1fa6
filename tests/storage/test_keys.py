"""Key rotation keeps old keys readable; `keys retire` removes only keys nothing uses."""

from __future__ import annotations

from sqlalchemy import LargeBinary, type_coerce, update

from alliancelens import services
from alliancelens.storage import Database, people
from alliancelens.storage.crypto import Keyring, load_keyring
from alliancelens.storage.keys import key_ids_in_use
from alliancelens.storage.tables import ClientRow

ADMIN = services.local_admin()


def test_retire_keeps_a_key_a_stored_value_still_uses(store: Database) -> None:
    """A value written under the old key after a rotation (a stale process) keeps that key in
    the key file through `keys retire`, so it stays readable."""
    old_ring = load_keyring(store.settings)
    with store.transaction() as db:
        client = people.add_client(db, therapist_id=None, name="Peregrine Ashdown").id
    report = services.rotate(store, ADMIN)
    assert set(load_keyring(store.settings).keys) == {report.active_key, old_ring.active_id}
    stale = old_ring.encrypt(b"Peregrine Ashdown", aad=b"clients.name")
    with store.transaction() as db:
        column = type_coerce(ClientRow.name, LargeBinary)
        db.execute(update(ClientRow).where(ClientRow.id == client).values({column: stale}))
        assert key_ids_in_use(db) == {report.active_key, old_ring.active_id}
    retired = services.retire(store, ADMIN)
    assert retired.removed == () and retired.still_used == (old_ring.active_id,)
    with store.transaction() as db:
        assert people.get_client(db, client_id=client).name == "Peregrine Ashdown"
    assert Keyring.key_id_of(stale) in load_keyring(store.settings).keys
