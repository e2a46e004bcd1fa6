"""Reading the audit log: administrators only, filters, and the read itself is audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_records import ADMIN, CLIENT_NAME, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.errors import AccessDeniedError
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
