"""Erasing a client from journals (QA39 #1): the author edits, deletes and searches own entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript
from sqlalchemy import text

from alliancelens import services
from alliancelens.errors import AccessDeniedError, NotFoundError, UsageError
from alliancelens.records.journal import (
    delete_journal_entry,
    edit_journal_entry,
    mentions_own_client,
    search_journal,
    unlinked_journal_authors,
)
from alliancelens.security import audit
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database

#: An invented client and a reflection about them, not linked to any session.
CLIENT = "Orsolya Penhallow-Tran"
ABOUT_CLIENT = "General: orsolya reminds me of my aunt; the tangerine kite story"


def _supervisor(store: Database) -> Actor:
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    return services.actor_for(store, user)


def _raw_journal(store: Database) -> bytes:
    with store.transaction() as db:
        rows = db.execute(text("SELECT text FROM journal_entries")).scalars()
        return b"".join(bytes(r) for r in rows)


def test_author_deletes_own_entry_audited_by_id(store: Database) -> None:
    """The author deletes an entry; it is gone and the audit entry holds the id, not the text."""
    lee = therapist(store)
    kept = services.add_journal_entry(store, lee, text="kept")
    gone = services.add_journal_entry(store, lee, text=ABOUT_CLIENT)
    delete_journal_entry(store, lee, entry_id=gone.id)
    with store.transaction() as db:
        entry = audit.entries(db, limit=1)[0]
    assert [e.id for e in services.list_journal(store, lee)] == [kept.id]
    assert (entry.action, entry.resource, entry.resource_id) == ("delete", "journal", str(gone.id))
    assert "tangerine" not in str(entry.detail)


def test_author_edits_own_entry_and_old_text_is_gone(store: Database) -> None:
    """Editing replaces the text (no trace of the old one in the rows) and keeps the prompt."""
    lee = therapist(store)
    entry = services.add_journal_entry(store, lee, text=ABOUT_CLIENT, prompt="What moved you?")
    edited = edit_journal_entry(store, lee, entry_id=entry.id, text="General: my aunt")
    assert (edited.text, edited.prompt) == ("General: my aunt", "What moved you?")
    with store.transaction() as db:
        assert audit.entries(db, limit=1)[0].action == "update"
    assert [e.text for e in services.list_journal(store, lee)] == ["General: my aunt"]
    assert b"tangerine" not in _raw_journal(store)


@pytest.mark.parametrize("who", ["admin", "other therapist", "supervisor"])
@pytest.mark.parametrize("action", ["delete", "edit"])
def test_only_the_author_edits_or_deletes(store: Database, who: str, action: str) -> None:
    """Administrators, other therapists and supervisors (even of a shared entry) are refused."""
    lee = therapist(store)
    actors = {
        "admin": ADMIN,
        "other therapist": therapist(store, "dr-other"),
        "supervisor": _supervisor(store),
    }
    entry = services.add_journal_entry(store, lee, text=ABOUT_CLIENT)
    services.share_journal_entry(store, lee, entry_id=entry.id)
    actor = actors[who]
    call = (
        (lambda: delete_journal_entry(store, actor, entry_id=entry.id))
        if action == "delete"
        else (lambda: edit_journal_entry(store, actor, entry_id=entry.id, text="changed"))
    )
    with pytest.raises(AccessDeniedError, match=f"journal entry {entry.id}: it is not yours"):
        call()
    assert [e.text for e in services.list_journal(store, lee)] == [ABOUT_CLIENT]


def test_declined_confirmation_deletes_nothing(store: Database) -> None:
    """A confirm that answers no keeps the entry and says nothing was changed."""
    lee = therapist(store)
    entry = services.add_journal_entry(store, lee, text=ABOUT_CLIENT)
    with pytest.raises(UsageError, match="nothing was changed"):
        delete_journal_entry(store, lee, entry_id=entry.id, confirm=lambda: False)
    assert len(services.list_journal(store, lee)) == 1


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s, a: delete_journal_entry(s, a, entry_id=99), NotFoundError),
        (lambda s, a: edit_journal_entry(s, a, entry_id=99, text="x"), NotFoundError),
        (lambda s, a: edit_journal_entry(s, a, entry_id=1, text="  "), UsageError),
        (lambda s, a: search_journal(s, a, text=" "), UsageError),
    ],
)
def test_bad_requests(store: Database, call: object, error: type[Exception]) -> None:
    """An unknown entry is not found; empty new text or search text is a usage error."""
    lee = therapist(store)
    services.add_journal_entry(store, lee, text="an entry")
    with pytest.raises(error):
        call(store, lee)  # type: ignore[operator]


@pytest.mark.parametrize("needle", ["orsolya", "ORSOLYA", "tangerine kite", "aunt"])
def test_search_finds_own_entries_in_any_case(store: Database, needle: str) -> None:
    """The author's search matches text or prompt in any case; the term is not audited."""
    lee = therapist(store)
    other = therapist(store, "dr-other")
    services.add_journal_entry(store, lee, text="nothing to see")
    hit = services.add_journal_entry(store, lee, text=ABOUT_CLIENT)
    services.add_journal_entry(store, other, text=ABOUT_CLIENT)  # not lee's: never found
    assert [e.id for e in search_journal(store, lee, text=needle)] == [hit.id]
    with store.transaction() as db:
        entry = audit.entries(db, limit=1)[0]
    assert entry.detail == {"entries": [hit.id], "search": True}
    assert needle.casefold() not in str(entry.detail).casefold()


@pytest.mark.parametrize("who", ["admin", "supervisor"])
def test_search_is_for_the_author_only(store: Database, who: str) -> None:
    """Administrators and supervisors cannot search journals (they do not read them)."""
    therapist(store)
    actor = ADMIN if who == "admin" else _supervisor(store)
    with pytest.raises(UsageError, match="only a therapist"):
        search_journal(store, actor, text="orsolya")


def test_unlinked_entries_survive_client_deletion_until_the_author_deletes_them(
    store: Database, tmp_path: Path
) -> None:
    """delete-client takes the linked entry; the unlinked one stays until its author deletes it."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING, name=CLIENT)
    session = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), analyse=False
    ).session_ids[0]
    services.add_journal_entry(store, lee, text="the tangerine kite, linked", session_id=session)
    services.add_journal_entry(store, lee, text=ABOUT_CLIENT)
    services.delete_client(store, ADMIN, client_id=client)
    assert unlinked_journal_authors(store, ADMIN) == {lee.user_id: 1}
    (left,) = search_journal(store, lee, text="orsolya")
    delete_journal_entry(store, lee, entry_id=left.id)
    assert b"tangerine" not in _raw_journal(store)
    assert services.list_journal(store, lee) == []
    assert unlinked_journal_authors(store, ADMIN) == {}


def test_unlinked_authors_counts_only_what_the_actor_may_know(store: Database) -> None:
    """Admins see every therapist's count; a therapist only their own; others nothing."""
    lee, other = therapist(store), therapist(store, "dr-other")
    for actor, n in ((lee, 2), (other, 1)):
        for i in range(n):
            services.add_journal_entry(store, actor, text=f"entry {i}")
    assert unlinked_journal_authors(store, ADMIN) == {lee.user_id: 2, other.user_id: 1}
    assert unlinked_journal_authors(store, other) == {other.user_id: 1}
    assert unlinked_journal_authors(store, _supervisor(store)) == {}


@pytest.mark.parametrize(
    ("words", "named"),
    [
        ("Orsolya reminds me of my aunt", True),
        ("thinking of penhallow-tran today", True),
        ("TRAN again", True),
        ("record MRN-000417 needs a call", True),
        ("a transparent session", False),  # "tran" inside a word is not the name
        ("nothing personal here", False),
    ],
)
def test_mentions_own_client(store: Database, words: str, named: bool) -> None:
    """A whole word of the therapist's client's name, or the identifier, is noticed in any case."""
    lee = therapist(store)
    client_with_consents(store, lee, name=CLIENT)
    assert mentions_own_client(store, lee, text=words) is named


def test_mentions_only_the_therapists_own_clients(store: Database) -> None:
    """Another therapist's client's name is not looked for (that therapist cannot know it)."""
    lee, other = therapist(store), therapist(store, "dr-other")
    client_with_consents(store, lee, name=CLIENT)
    assert mentions_own_client(store, other, text="Orsolya again") is False
