"""Users, supervision, clients and consents through the services layer."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers_records import ADMIN, CLIENT_NAME, PASSWORD, client_with_consents, therapist

from alliancelens import services
from alliancelens.errors import AccessDeniedError, AuthenticationError, NotFoundError, UsageError
from alliancelens.security import audit
from alliancelens.security.policy import Role
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
    with pytest.raises(UsageError, match="already in force since 2026-11-01; withdraw it first"):
        services.grant_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.RECORDING)
    history = services.consent_history(store, lee, client_id=client)
    assert [c.withdrawn_on is None for c in history] == [False, True]
