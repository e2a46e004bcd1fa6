"""The consent check names which state a missing consent is in (QA27 #6)."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers_records import client_with_consents, therapist

from alliancelens import services
from alliancelens.errors import ConsentError
from alliancelens.records._facts import require_consent, today
from alliancelens.storage import ConsentKind, Database, people


def _refusal(store: Database, client: int) -> str:
    with store.transaction() as db, pytest.raises(ConsentError) as caught:
        require_consent(db, client_id=client, kind=ConsentKind.RECORDING, purpose="the upload")
    return caught.value.message


def test_a_grant_starting_after_today_is_not_yet_in_force(store: Database) -> None:
    """A stored future grant (from before such dates were refused) is "not yet", not withdrawn."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    later = today() + dt.timedelta(days=400)
    with store.transaction() as db:  # written straight to storage, as an old version could
        people.add_consent(
            db, client_id=client, kind=ConsentKind.RECORDING, granted_on=later, recorded_by="x"
        )
    message = _refusal(store, client)
    assert f"is not yet in force (recorded from {later.isoformat()})" in message
    assert "withdrawn" not in message and "--correct-start" in message


def test_a_withdrawn_grant_names_its_withdrawal_day(store: Database) -> None:
    """A withdrawn consent says when it was withdrawn."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    kind = ConsentKind.RECORDING
    services.grant_consent(store, lee, client_id=client, kind=kind, on=dt.date(2024, 9, 9))
    services.withdraw_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 1, 20))
    assert "was withdrawn on 2025-01-20, so the upload cannot go ahead" in _refusal(store, client)


def test_a_consent_never_given_says_so(store: Database) -> None:
    """No grant at all: "has not been recorded" and the plain grant command."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.ANALYSIS)
    message = _refusal(store, client)
    assert "has not been recorded" in message
    assert f"`alliancelens consent grant {client} recording` once the client agrees" in message


def test_a_consent_in_force_today_passes(store: Database) -> None:
    """A grant that started today lets the action go ahead."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    with store.transaction() as db:
        require_consent(db, client_id=client, kind=ConsentKind.RECORDING, purpose="the upload")
