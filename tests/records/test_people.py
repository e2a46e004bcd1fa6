"""Users, supervision, clients and consents through the services layer."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers_records import ADMIN, CLIENT_NAME, PASSWORD, client_with_consents, therapist

from alliancelens import services
from alliancelens.errors import AccessDeniedError, AuthenticationError, NotFoundError, UsageError
from alliancelens.records._facts import today
from alliancelens.security import audit
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database


def test_users_are_created_by_admins_with_argon2_hashes(store: Database) -> None:
    """Admins create users; the stored hash is argon2id; therapists cannot create users."""
    lee = therapist(store)
    with store.transaction() as db:
        from alliancelens.storage import people

        assert (people.password_hash_of(db, username="dr-lee") or "").startswith("$argon2id$")
    with pytest.raises(AccessDeniedError):
        services.create_user(store, lee, username="x", password=PASSWORD, role=Role.ADMIN)
    assert [u.username for u in services.list_users(store, ADMIN)] == ["dr-lee"]


def test_duplicate_user_and_bad_client_link_are_refused(store: Database) -> None:
    """User names are unique, and only client users link to a client record."""
    therapist(store)
    with pytest.raises(UsageError, match="already exists"):
        therapist(store)
    with pytest.raises(UsageError, match="--client"):
        services.create_user(store, ADMIN, username="c", password=PASSWORD, role=Role.CLIENT)


def test_authenticate(store: Database) -> None:
    """The right password signs in; a wrong one fails with a generic message and is audited."""
    therapist(store)
    actor = services.authenticate(store, "dr-lee", PASSWORD)
    assert actor.role is Role.THERAPIST
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        services.authenticate(store, "dr-lee", "not the password at all")
    with pytest.raises(AuthenticationError):
        services.authenticate(store, "nobody", PASSWORD)
    with store.transaction() as db:
        actions = [e.action for e in audit.entries(db)]
    assert actions.count("login-failed") == 2 and "login" in actions


def test_unknown_user_name_costs_a_password_verification(
    store: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown name is checked against a dummy hash, so timing does not reveal who exists."""
    from alliancelens.security import passwords

    therapist(store)
    checked: list[str] = []
    real = passwords.verify_password

    def counting(stored_hash: str, password: str) -> bool:
        checked.append(stored_hash[:9])
        return real(stored_hash, password)

    monkeypatch.setattr(passwords, "verify_password", counting)
    with pytest.raises(AuthenticationError, match="wrong user name or password"):
        services.authenticate(store, "nobody", PASSWORD)
    assert checked == ["$argon2id"]


def test_therapists_see_only_their_own_clients(store: Database) -> None:
    """list_clients and get_client never cross therapists."""
    lee, kim = therapist(store, "dr-lee"), therapist(store, "dr-kim")
    mine = client_with_consents(store, lee)
    theirs = client_with_consents(store, kim, name="Other Person")
    assert [c.id for c in services.list_clients(store, lee)] == [mine]
    assert [c.id for c in services.list_clients(store, kim)] == [theirs]
    assert {c.id for c in services.list_clients(store, ADMIN)} == {mine, theirs}
    assert services.get_client(store, lee, client_id=mine).name == CLIENT_NAME
    with pytest.raises(AccessDeniedError) as caught:
        services.get_client(store, lee, client_id=theirs)
    assert "Other Person" not in str(caught.value)


def test_supervisors_see_no_client_lists(store: Database) -> None:
    """A supervisor gets no client list (only shared sessions)."""
    lee = therapist(store)
    client_with_consents(store, lee)
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    assert services.list_clients(store, services.actor_for(store, user)) == []


def test_unknown_client_is_named_by_id(store: Database) -> None:
    """An unknown client id gives NotFoundError with the command that lists clients."""
    with pytest.raises(NotFoundError, match="no client with id 99"):
        services.get_client(store, ADMIN, client_id=99)


def test_consent_grant_withdraw_history(store: Database) -> None:
    """Consents have dates; withdrawal closes the grant; history keeps both."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.ANALYSIS)
    services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS)
    history = services.consent_history(store, lee, client_id=client)
    assert [(c.kind, c.withdrawn_on is not None) for c in history] == [(ConsentKind.ANALYSIS, True)]
    with pytest.raises(UsageError, match="no analysis consent in force"):
        services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS)


def test_granting_a_consent_in_force_is_refused_until_withdrawn(store: Database) -> None:
    """A grant while one is in force is refused naming its date; after withdrawal it works."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    first = dt.date(2026, 11, 1)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING, on=first)
    with pytest.raises(UsageError, match="already recorded from 2026-11-01, so no second grant"):
        services.grant_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    history = services.consent_history(store, lee, client_id=client)
    assert [c.withdrawn_on is None for c in history] == [False, True]


def _history(store: Database, actor: Actor, client: int) -> list[tuple[str, str | None]]:
    return [
        (c.granted_on.isoformat(), c.withdrawn_on.isoformat() if c.withdrawn_on else None)
        for c in services.consent_history(store, actor, client_id=client)
    ]


def test_a_grant_dated_after_today_is_refused_and_nothing_stored(store: Database) -> None:
    """QA27 #6: a consent cannot be recorded as given on a day that has not come yet."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(UsageError, match="cannot be in the future"):
        services.grant_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS, on=tomorrow)
    assert _history(store, lee, client) == []


@pytest.mark.parametrize(
    ("withdraw_on", "message"),
    [
        (dt.date(2025, 2, 28), "a withdrawal cannot be dated before it"),
        (None, "cannot be in the future"),
    ],
)
def test_a_withdrawal_before_its_grant_or_after_today_is_refused(
    store: Database, withdraw_on: dt.date | None, message: str
) -> None:
    """QA27 #6: no "2020-01-01 until 2019-01-01"; no withdrawal dated in the future."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    granted = dt.date(2025, 3, 1)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS, on=granted)
    day = withdraw_on or today() + dt.timedelta(days=3)
    with pytest.raises(UsageError, match=message):
        services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS, on=day)
    assert _history(store, lee, client) == [("2025-03-01", None)]


def test_correcting_the_start_moves_it_and_audits_both_dates(store: Database) -> None:
    """QA29 #4: a correction changes the open grant's start; no withdrawal enters the history."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    earlier = today() - dt.timedelta(days=40)
    record = services.grant_consent(
        store, lee, client_id=client, kind=ConsentKind.RECORDING, on=earlier, correct_start=True
    )
    assert record.granted_on == earlier
    assert _history(store, lee, client) == [(earlier.isoformat(), None)]
    with store.transaction() as db:
        (entry,) = [e for e in audit.entries(db) if e.detail.get("corrected") == "granted_on"]
    assert (entry.action, entry.detail["from"], entry.detail["to"]) == (
        "update",
        today().isoformat(),
        earlier.isoformat(),
    )
    assert "withdrawn" not in entry.detail


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (dt.date(2025, 5, 1), "was withdrawn on 2025-06-30; a grant cannot start before"),
        (dt.date(2025, 7, 15), "already starts on 2025-07-15; nothing was corrected"),
    ],
)
def test_a_correction_that_would_overlap_or_change_nothing_is_refused(
    store: Database, start: dt.date, message: str
) -> None:
    """A corrected start may not reach back into an earlier, withdrawn grant."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    kind = ConsentKind.SUPERVISION_SHARING
    services.grant_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 1, 10))
    services.withdraw_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 6, 30))
    services.grant_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 7, 15))
    with pytest.raises(UsageError, match=message):
        services.grant_consent(
            store, lee, client_id=client, kind=kind, on=start, correct_start=True
        )
    assert _history(store, lee, client)[-1] == ("2025-07-15", None)


def test_a_correction_without_an_open_grant_is_refused(store: Database) -> None:
    """Nothing to correct: the message names the plain grant command instead."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    with pytest.raises(UsageError, match="no open analysis consent whose start could be"):
        services.grant_consent(
            store,
            lee,
            client_id=client,
            kind=ConsentKind.ANALYSIS,
            on=dt.date(2025, 4, 2),
            correct_start=True,
        )
    assert _history(store, lee, client) == []


def test_a_new_grant_cannot_start_before_the_last_withdrawal(store: Database) -> None:
    """Grants of one kind never overlap: a re-grant dated inside the old one is refused."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    kind = ConsentKind.ANALYSIS
    services.grant_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 2, 1))
    services.withdraw_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 8, 1))
    with pytest.raises(UsageError, match="was withdrawn on 2025-08-01"):
        services.grant_consent(store, lee, client_id=client, kind=kind, on=dt.date(2025, 3, 1))
    assert _history(store, lee, client) == [("2025-02-01", "2025-08-01")]
