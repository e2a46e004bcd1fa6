"""Reading the audit log: administrators only, filters, and the read itself is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers_records import ADMIN, CLIENT_NAME, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.errors import AccessDeniedError, UsageError
from alliancelens.security import audit
from alliancelens.storage import ConsentKind, Database


def _two_clients(store: Database, tmp_path: Path) -> tuple[int, int]:
    """dr-lee's client A (one session, viewed) and dr-ng's client B (consents only)."""
    lee, ng = therapist(store), therapist(store, "dr-ng")
    a = client_with_consents(store, lee, ConsentKind.RECORDING)
    b = client_with_consents(store, ng, ConsentKind.RECORDING, name="Orrin Vale")
    (session,) = services.import_transcript(
        store, lee, client_id=a, path=transcript(tmp_path), analyse=False
    ).session_ids
    services.view_session(store, lee, session_id=session)
    services.list_sessions(store, lee, client_id=a)
    services.consent_history(store, ng, client_id=b)
    return a, b


def test_only_administrators_read_the_log(store: Database, tmp_path: Path) -> None:
    """A therapist is refused (AL605)."""
    _two_clients(store, tmp_path)
    lee = services.resolve_actor(store, "dr-lee")
    with pytest.raises(AccessDeniedError):
        services.list_audit(store, lee, services.AuditFilter())


def test_client_filter_finds_that_clients_reads_and_changes(
    store: Database, tmp_path: Path
) -> None:
    """--client finds the client's creation, consent, session create/view and listing only."""
    a, b = _two_clients(store, tmp_path)
    found = services.list_audit(store, ADMIN, services.AuditFilter(client_id=a))
    seen = {(e.action, e.resource) for e in found}
    assert {("create", "client"), ("create", "consent"), ("create", "session")} <= seen
    assert {("view", "session")} <= seen
    assert all(str(e.detail.get("client", a)) == str(a) for e in found)
    assert not [e for e in found if e.resource == "consent" and e.resource_id == str(b)]


@pytest.mark.parametrize(
    ("wanted", "expected_actions"),
    [
        ({"user": "dr-ng", "action": "view"}, {("view", "consent")}),
        ({"action": "view", "until": dt.date(2000, 1, 1)}, set()),
    ],
    ids=["user-and-action", "before-everything"],
)
def test_user_action_and_date_filters(
    store: Database, tmp_path: Path, wanted: dict[str, object], expected_actions: set[object]
) -> None:
    """User names map to their audit label; action and dates narrow the list."""
    _two_clients(store, tmp_path)
    found = services.list_audit(store, ADMIN, services.AuditFilter(**wanted))  # type: ignore[arg-type]
    assert {(e.action, e.resource) for e in found} == expected_actions


def test_reading_the_log_is_audited_without_client_data(store: Database, tmp_path: Path) -> None:
    """The listing writes one 'view audit' entry with the filters and the match count."""
    a, _ = _two_clients(store, tmp_path)
    found = services.list_audit(store, ADMIN, services.AuditFilter(client_id=a))
    with store.transaction() as db:
        entry = audit.entries(db, limit=1)[0]
    assert (entry.action, entry.resource) == ("view", "audit")
    assert dict(entry.detail) == {"client": a, "entries": len(found)}
    assert CLIENT_NAME not in str([e.detail for e in found])


#: Synthetic transcript for the id-reuse tests (different from the helpers' text on purpose).
OTHER_TEXT = (
    "Therapist: Where would you like to start this afternoon?\n"
    "Client: With the allotment, the frost took every seedling we planted.\n"
)
GAD7 = [1, 0, 2, 1, 0, 1, 0]


def _reused_session_id(store: Database, tmp_path: Path) -> tuple[int, int, int]:
    """Client A's session is shared, journaled and deleted; then client B imports one."""
    lee, ng = therapist(store), therapist(store, "dr-ng")
    kinds = (ConsentKind.RECORDING, ConsentKind.ANALYSIS, ConsentKind.SUPERVISION_SHARING)
    a = client_with_consents(store, lee, *kinds)
    b = client_with_consents(store, ng, *kinds, name="Orrin Vale")
    (first,) = services.import_transcript(
        store, lee, client_id=a, path=transcript(tmp_path), analyse=True
    ).session_ids
    services.share_session(store, lee, session_id=first)
    services.add_journal_entry(store, lee, text="I rushed the ending.", session_id=first)
    services.delete_session(store, lee, session_id=first)
    (second,) = services.import_transcript(
        store, ng, client_id=b, path=transcript(tmp_path, "b.txt", OTHER_TEXT), analyse=False
    ).session_ids
    # Schema 0011: ids are never handed out again, on SQLite too (older stores did reuse them;
    # entries still name their client, so such old entries never mix two clients either).
    assert second != first
    return a, b, first


def test_a_reused_session_id_never_mixes_two_clients(store: Database, tmp_path: Path) -> None:
    """Each client's listing names only that client; the deleted session's history stays."""
    a, b, session = _reused_session_id(store, tmp_path)
    for_a = services.list_audit(store, ADMIN, services.AuditFilter(client_id=a))
    for_b = services.list_audit(store, ADMIN, services.AuditFilter(client_id=b))
    assert {e.detail.get("client") for e in for_a} == {a}
    assert {e.detail.get("client") for e in for_b} == {b}
    about_a = {(e.action, e.resource) for e in for_a if e.resource_id == str(session)}
    assert {("create", "session"), ("update", "session"), ("delete", "session")} <= about_a
    assert ("create", "journal") in {(e.action, e.resource) for e in for_a}
    assert ("create", "analysis") in {(e.action, e.resource) for e in for_a}
    assert [e.action for e in for_b if e.resource == "session"] == ["create"]


def test_measure_entries_are_matched_by_their_client(store: Database) -> None:
    """A form of client B whose id equals client A's id is not listed under A, and back."""
    lee = therapist(store)
    a = client_with_consents(store, lee)
    b = client_with_consents(store, lee, name="Orrin Vale")
    services.record_measure(store, lee, client_id=b, measure="gad-7", items=GAD7)
    own = services.record_measure(store, lee, client_id=a, measure="gad-7", items=GAD7)
    services.delete_measure_form(store, lee, form_id=own.stored.id)
    for_a = services.list_audit(store, ADMIN, services.AuditFilter(client_id=a))
    measures = [(e.action, e.detail.get("client")) for e in for_a if e.resource == "measure"]
    assert measures == [("create", a), ("delete", a)]


def _without_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    """Write entries as releases before write-time client ids did (detail as given)."""

    def as_given(*entry: object) -> dict[str, object]:
        detail = entry[-1]
        assert isinstance(detail, Mapping)
        return dict(detail)

    monkeypatch.setattr(audit, "_with_client", as_given)


def test_entries_written_before_client_ids_are_attributed_by_replay(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old entries: a reused session id splits by create/delete; each part goes to its client."""
    _without_clients(monkeypatch)
    a, b, _ = _reused_session_id(store, tmp_path)
    monkeypatch.undo()
    for_a = services.list_audit(store, ADMIN, services.AuditFilter(client_id=a))
    for_b = services.list_audit(store, ADMIN, services.AuditFilter(client_id=b))
    seqs_a, seqs_b = {e.seq for e in for_a}, {e.seq for e in for_b}
    assert not seqs_a & seqs_b
    assert ("update", "session") in {(e.action, e.resource) for e in for_a}
    assert ("create", "analysis") in {(e.action, e.resource) for e in for_a}
    creates = {e.seq for e in for_a + for_b if (e.action, e.resource) == ("create", "session")}
    assert len(creates) == 2 and len(creates & seqs_a) == 1
    assert all(e.detail.get("client", b) == b for e in for_b)


def test_old_measure_entries_use_the_client_id_they_were_written_with(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Old 'create measure' entries name the client as resource id: form ids are not used."""
    _without_clients(monkeypatch)
    lee = therapist(store)
    a = client_with_consents(store, lee)
    b = client_with_consents(store, lee, name="Orrin Vale")
    services.record_measure(store, lee, client_id=b, measure="gad-7", items=GAD7)
    monkeypatch.undo()
    for_a = services.list_audit(store, ADMIN, services.AuditFilter(client_id=a))
    assert not [e for e in for_a if e.resource == "measure"]


@pytest.mark.parametrize(
    ("wanted", "said"),
    [
        ({"user": "dr-leee"}, "no user named dr-leee"),
        ({"action": "remove"}, "unknown action remove"),
        ({"since": dt.date(2026, 5, 2), "until": dt.date(2026, 5, 1)}, "is before --since"),
    ],
    ids=["user", "action", "dates"],
)
def test_filters_that_cannot_match_raise(
    store: Database, tmp_path: Path, wanted: dict[str, object], said: str
) -> None:
    """A typo in a filter is a UsageError naming it, not an empty result."""
    _two_clients(store, tmp_path)
    with pytest.raises(UsageError, match=said):
        services.list_audit(store, ADMIN, services.AuditFilter(**wanted))  # type: ignore[arg-type]
