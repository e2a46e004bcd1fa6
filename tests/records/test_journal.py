"""The reflection journal: private to its therapist, shared with supervisors only on request."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript
from sqlalchemy import text

from alliancelens import services
from alliancelens.errors import AccessDeniedError, NotFoundError, UsageError
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database

REFLECTION = "I felt impatient when the client went quiet; it reminded me of my own brother"


def _supervisor(store: Database, of: str = "dr-lee", name: str = "sup") -> Actor:
    user = services.create_user(
        store, ADMIN, username=name, password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor=name, therapist=of)
    return services.actor_for(store, user)


def _session(store: Database, lee: Actor, tmp_path: Path, *consents: ConsentKind) -> int:
    client = client_with_consents(store, lee, ConsentKind.RECORDING, *consents)
    report = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), analyse=False
    )
    return report.session_ids[0]


def test_entry_is_stored_encrypted_and_listed_for_its_therapist(store: Database) -> None:
    """The therapist reads back their entry; the database holds only ciphertext."""
    lee = therapist(store)
    entry = services.add_journal_entry(store, lee, text=REFLECTION, prompt="What did you feel?")
    assert [e.text for e in services.list_journal(store, lee)] == [REFLECTION]
    assert entry.shared is False
    with store.transaction() as db:
        raw_text, raw_prompt = db.execute(text("SELECT text, prompt FROM journal_entries")).one()
    assert b"impatient" not in bytes(raw_text) and b"What did" not in bytes(raw_prompt)


def test_nobody_else_reads_an_unshared_journal(store: Database) -> None:
    """Supervisors see none of it, other therapists and administrators are refused."""
    lee = therapist(store)
    sup = _supervisor(store)
    other = therapist(store, "dr-other")
    services.add_journal_entry(store, lee, text=REFLECTION)
    assert services.list_journal(store, sup, therapist_id=lee.user_id) == []
    for actor in (other, ADMIN):
        with pytest.raises(AccessDeniedError, match="private"):
            services.list_journal(store, actor, therapist_id=lee.user_id)


def test_shared_entry_is_visible_to_the_supervisor_only(store: Database) -> None:
    """After sharing, the therapist's supervisor sees that entry; another supervisor does not."""
    lee = therapist(store)
    sup = _supervisor(store)
    therapist(store, "dr-other")
    other_sup = _supervisor(store, of="dr-other", name="sup-2")
    kept = services.add_journal_entry(store, lee, text="kept private")
    shared = services.add_journal_entry(store, lee, text=REFLECTION)
    assert services.share_journal_entry(store, lee, entry_id=shared.id).shared
    assert [e.id for e in services.list_journal(store, sup, therapist_id=lee.user_id)] == [
        shared.id
    ]
    assert [e.id for e in services.list_journal(store, lee)] == [kept.id, shared.id]
    with pytest.raises(AccessDeniedError):
        services.list_journal(store, other_sup, therapist_id=lee.user_id)
    services.share_journal_entry(store, lee, entry_id=shared.id, shared=False)
    assert services.list_journal(store, sup, therapist_id=lee.user_id) == []


@pytest.mark.parametrize(("consent", "visible"), [(True, True), (False, False)])
def test_shared_entry_about_a_session_needs_supervision_consent(
    store: Database, tmp_path: Path, consent: bool, visible: bool
) -> None:
    """An entry about a client's session reaches the supervisor only with that client's consent."""
    lee = therapist(store)
    sup = _supervisor(store)
    extra = (ConsentKind.SUPERVISION_SHARING,) if consent else ()
    session = _session(store, lee, tmp_path, *extra)
    entry = services.add_journal_entry(store, lee, text=REFLECTION, session_id=session)
    services.share_journal_entry(store, lee, entry_id=entry.id)
    seen = services.list_journal(store, sup, therapist_id=lee.user_id)
    assert [e.session_id for e in seen] == ([session] if visible else [])


def test_only_the_author_shares_or_links_own_sessions(store: Database, tmp_path: Path) -> None:
    """Supervisors cannot share entries; a therapist cannot attach another's session."""
    lee = therapist(store)
    sup = _supervisor(store)
    other = therapist(store, "dr-other")
    session = _session(store, lee, tmp_path)
    entry = services.add_journal_entry(store, lee, text=REFLECTION)
    with pytest.raises(AccessDeniedError):
        services.share_journal_entry(store, sup, entry_id=entry.id)
    with pytest.raises(AccessDeniedError):
        services.add_journal_entry(store, other, text="about a stranger", session_id=session)


def test_refusals_name_the_entry_or_session_never_the_client(
    store: Database, tmp_path: Path
) -> None:
    """Another therapist is refused with journal words that never say which client it is about."""
    lee = therapist(store)
    other = therapist(store, "dr-other")
    session = _session(store, lee, tmp_path)
    entry = services.add_journal_entry(store, lee, text=REFLECTION, session_id=session)
    with pytest.raises(AccessDeniedError, match=f"journal entry {entry.id}: it is not yours") as ex:
        services.share_journal_entry(store, other, entry_id=entry.id)
    with pytest.raises(AccessDeniedError, match=f"about session {session}: it is not one") as ex2:
        services.add_journal_entry(store, other, text="about a stranger", session_id=session)
    assert "client" not in str(ex.value) + str(ex2.value)


def test_supervisor_without_therapist_is_told_to_pass_it(store: Database) -> None:
    """A supervisor listing without a therapist id is told to pass --therapist ID, not refused."""
    therapist(store)
    with pytest.raises(UsageError, match="--therapist ID"):
        services.list_journal(store, _supervisor(store))


@pytest.mark.parametrize(
    ("who", "words", "error"),
    [("admin", REFLECTION, UsageError), ("therapist", "   ", UsageError)],
)
def test_refused_entries(store: Database, who: str, words: str, error: type[Exception]) -> None:
    """Only therapists keep a journal, and an entry needs text."""
    actor = ADMIN if who == "admin" else therapist(store)
    with pytest.raises(error):
        services.add_journal_entry(store, actor, text=words)


def test_unknown_entry_is_not_found(store: Database) -> None:
    """Sharing an entry id that does not exist says so."""
    with pytest.raises(NotFoundError, match="no journal entry 99"):
        services.share_journal_entry(store, therapist(store), entry_id=99)


def test_deleting_the_client_deletes_entries_about_their_sessions(
    store: Database, tmp_path: Path
) -> None:
    """Erasing a client removes journal entries tied to their sessions; others stay."""
    lee = therapist(store)
    session = _session(store, lee, tmp_path)
    about = services.add_journal_entry(store, lee, text=REFLECTION, session_id=session)
    general = services.add_journal_entry(store, lee, text="a general reflection")
    client_id = services.list_clients(store, lee)[0].id
    services.delete_client(store, ADMIN, client_id=client_id)
    remaining = [e.id for e in services.list_journal(store, lee)]
    assert about.id not in remaining and remaining == [general.id]


def test_deletion_summary_counts_the_journal_entries_removed(
    store: Database, tmp_path: Path
) -> None:
    """delete_client's counts include the journal entries about the client's sessions."""
    lee = therapist(store)
    session = _session(store, lee, tmp_path)
    for words in ("first synthetic reflection", "second synthetic reflection"):
        services.add_journal_entry(store, lee, text=words, session_id=session)
    services.add_journal_entry(store, lee, text="a general reflection")
    client_id = services.list_clients(store, lee)[0].id
    report = services.delete_client(store, ADMIN, client_id=client_id)
    assert report.counts["journal_entries"] == 2
