"""Deleting one session or one measure form: cascade, access, confirmation and audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_records import ADMIN, SECRET_LINE, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.errors import AccessDeniedError, NotFoundError, UsageError
from alliancelens.records import stored_administrations
from alliancelens.security import audit
from alliancelens.security.policy import Actor
from alliancelens.storage import ConsentKind, Database

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)
PHQ9 = ["0", "1", "1", "0", "2", "0", "1", "0", "0"]


def _two_sessions(store: Database, tmp_path: Path) -> tuple[Actor, int, int, int]:
    """A therapist's client with two analysed sessions; the first has a form and a journal entry."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    first, second = (
        services.import_transcript(
            store, lee, client_id=client, path=transcript(tmp_path, name)
        ).session_ids[0]
        for name in ("one.txt", "two.txt")
    )
    services.record_measure(
        store,
        lee,
        client_id=client,
        measure="phq-9",
        items=PHQ9,
        date=dt.date(2026, 4, 2),
        session_id=first,
    )
    services.add_journal_entry(store, lee, text="Felt rushed at the end.", session_id=first)
    return lee, client, first, second


def test_delete_session_cascades_and_keeps_the_rest(store: Database, tmp_path: Path) -> None:
    """The session, its analyses, jobs and journal entry go; the other session and the form stay."""
    lee, client, first, second = _two_sessions(store, tmp_path)
    report = services.delete_session(store, lee, session_id=first)
    assert report.client_id == client
    assert report.counts == {
        "utterances": 4,
        "analyses": 1,
        "jobs": 1,
        "journal_entries": 1,
        "measure_forms_unlinked": 1,
    }
    assert [s.id for s in services.list_sessions(store, lee, client_id=client)] == [second]
    with pytest.raises(NotFoundError):
        services.view_session(store, lee, session_id=first)
    forms = stored_administrations(store, lee, client_id=client)
    assert len(forms) == 1 and forms[0].session is None
    assert all(j.session_id != first for j in services.list_jobs(store, ADMIN))
    assert services.list_journal(store, lee) == []


def test_delete_session_is_audited_by_ids_only(store: Database, tmp_path: Path) -> None:
    """The audit entry names the session and client ids and counts, never text."""
    lee, client, first, _ = _two_sessions(store, tmp_path)
    services.delete_session(store, lee, session_id=first)
    with store.transaction() as db:
        entry = audit.entries(db, limit=1)[0]
    assert (entry.action, entry.resource, entry.resource_id) == ("delete", "session", str(first))
    assert entry.detail["client"] == client and SECRET_LINE not in str(entry.detail)


def test_other_therapist_may_not_delete_and_nothing_changes(
    store: Database, tmp_path: Path
) -> None:
    """Another therapist is refused before the prompt; the session stays."""
    lee, client, first, _ = _two_sessions(store, tmp_path)
    other = therapist(store, "dr-ng")
    asked: list[bool] = []
    with pytest.raises(AccessDeniedError):
        services.delete_session(
            store, other, session_id=first, confirm=lambda: asked.append(True) or True
        )
    assert asked == [] and len(services.list_sessions(store, lee, client_id=client)) == 2


def test_answering_no_deletes_nothing(store: Database, tmp_path: Path) -> None:
    """A declined confirmation is a UsageError and the session stays."""
    lee, client, first, _ = _two_sessions(store, tmp_path)
    with pytest.raises(UsageError, match="cancelled: session"):
        services.delete_session(store, lee, session_id=first, confirm=lambda: False)
    assert len(services.list_sessions(store, lee, client_id=client)) == 2


def test_admin_deletes_a_measure_form(store: Database, tmp_path: Path) -> None:
    """An administrator deletes one form; the client keeps their sessions; it is audited."""
    lee, client, _, _ = _two_sessions(store, tmp_path)
    form = services.record_measure(
        store, lee, client_id=client, measure="phq-9", items=PHQ9, date=dt.date(2026, 4, 9)
    ).stored.id
    report = services.delete_measure_form(store, ADMIN, form_id=form)
    with store.transaction() as db:
        entry = audit.entries(db, limit=1)[0]
    assert (entry.resource, entry.resource_id) == ("measure", str(form))
    assert entry.detail["client"] == client == report.client_id
    assert len(stored_administrations(store, lee, client_id=client)) == 1


@pytest.mark.parametrize("who", ["other-therapist", "unknown-form"])
def test_measure_form_delete_refusals(store: Database, tmp_path: Path, who: str) -> None:
    """Someone else's form is refused; an unknown form id is NotFoundError naming the id."""
    lee, client, _, _ = _two_sessions(store, tmp_path)
    if who == "unknown-form":
        with pytest.raises(NotFoundError, match="no measure form with id 999"):
            services.delete_measure_form(store, lee, form_id=999)
    else:
        with pytest.raises(AccessDeniedError):
            services.delete_measure_form(store, therapist(store, "dr-ng"), form_id=1)
    assert len(stored_administrations(store, lee, client_id=client)) == 1
