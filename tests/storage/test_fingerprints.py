"""Keyed per-client file fingerprints: one file imported for two clients is not linkable."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from alliancelens.storage import Database, people, transcripts
from alliancelens.storage.fingerprints import client_tag, keyed_digest
from alliancelens.storage.tables import SessionRow
from alliancelens.testing import make_session

FILE = hashlib.sha256(b"synthetic transcript bytes for the fingerprint tests").hexdigest()
SECRET = bytes(range(32))


@pytest.mark.parametrize(("first", "second"), [(1, 2), (2, 12), (7, 70)])
def test_the_same_file_gives_unrelated_tags_for_two_clients(first: int, second: int) -> None:
    """Tags of one file differ between clients (also ids that share digits)."""
    file_tag = keyed_digest(SECRET, FILE)
    a = client_tag(SECRET, client_id=first, file_tag=file_tag)
    b = client_tag(SECRET, client_id=second, file_tag=file_tag)
    assert a != b and file_tag not in (a, b) and len(a) == len(b) == 64


def test_a_tag_is_the_same_for_the_same_client_and_file() -> None:
    """The tag is deterministic, which the per-client duplicate check needs."""
    file_tag = keyed_digest(SECRET, FILE)
    assert client_tag(SECRET, client_id=3, file_tag=file_tag) == client_tag(
        SECRET, client_id=3, file_tag=file_tag
    )


def test_stored_rows_of_two_clients_do_not_match_but_each_finds_its_own(store: Database) -> None:
    """Same bytes for two clients: two different stored values; each client's re-import found."""
    with store.transaction() as db:
        clients = [
            people.add_client(db, therapist_id=None, name=f"Synthetic Person {n}").id
            for n in (1, 2)
        ]
        sessions = [
            transcripts.add_session(
                db,
                client_id=client,
                session=make_session(("therapist", "Where shall we begin?")),
                source_name=None,
                source_format="text",
                content_sha256=FILE,
            )
            for client in clients
        ]
    with store.transaction() as db:
        stored = db.scalars(select(SessionRow.content_sha256).order_by(SessionRow.id)).all()
        found = [
            transcripts.imported_with_content(db, client_id=c, content_sha256=FILE) for c in clients
        ]
    assert len(set(stored)) == 2 and FILE not in stored
    assert found == [[sessions[0]], [sessions[1]]]
