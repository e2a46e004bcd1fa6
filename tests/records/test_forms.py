"""One-time form links: administrable measures only, hashed token, expiry, single use."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers_records import ADMIN, client_with_consents, therapist
from sqlalchemy import select

from alliancelens import services
from alliancelens.errors import (
    AccessDeniedError,
    AuthenticationError,
    ItemRangeError,
    LicenceError,
    UsageError,
)
from alliancelens.security import audit
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import Database
from alliancelens.storage.administrations import list_administrations
from alliancelens.storage.tables import FormLinkRow

GAD7 = ["1", "2", "0", "1", "3", "2", "1"]  # total 10
NOW = dt.datetime.now(dt.UTC)


def _link(store: Database, hours: float = 72) -> tuple[int, services.FormLink]:
    lee = therapist(store)
    client = client_with_consents(store, lee)
    return client, services.create_form_link(
        store, lee, client_id=client, measure="GAD7", hours=hours, now=NOW
    )


def test_redeem_records_an_electronic_form(store: Database) -> None:
    """A valid token stores the form as the client, electronic mode, and uses the link up."""
    client, link = _link(store)
    defn = services.open_form_link(store, link.token)
    assert defn.name == "gad-7" and all(item.text for item in defn.items)
    recorded = services.redeem_form_link(store, link.token, items=GAD7, free_text="synthetic")
    assert recorded.score.total == 10.0
    with store.transaction() as db:
        (stored,) = list_administrations(db, client_id=client)
        entries = audit.entries(db)
        row = db.scalar(select(FormLinkRow))
    assert stored.administration.mode.value == "electronic" and stored.free_text == "synthetic"
    assert entries[-1].actor == f"form-link:{link.id}" and entries[-1].resource == "measure"
    assert row is not None and row.used_at is not None
    assert row.token_hash != link.token and link.token not in row.token_hash


def test_a_used_link_cannot_be_reused(store: Database) -> None:
    """The second submission through the same link is refused and stores nothing."""
    client, link = _link(store)
    services.redeem_form_link(store, link.token, items=GAD7)
    with pytest.raises(AuthenticationError, match="already used"):
        services.redeem_form_link(store, link.token, items=GAD7)
    with store.transaction() as db:
        assert len(list_administrations(db, client_id=client)) == 1


@pytest.mark.parametrize(
    ("hours_later", "message"), [(71.9, None), (72, "expired"), (500, "expired")]
)
def test_links_expire(store: Database, hours_later: float, message: str | None) -> None:
    """A link works until its expiry and is refused from then on."""
    _, link = _link(store, hours=72)
    when = NOW + dt.timedelta(hours=hours_later)
    if message is None:
        assert services.redeem_form_link(store, link.token, items=GAD7, now=when)
        return
    with pytest.raises(AuthenticationError, match=message):
        services.redeem_form_link(store, link.token, items=GAD7, now=when)


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 43])
def test_wrong_tokens_are_refused(store: Database, token: str) -> None:
    """A token that matches no link is refused (for viewing and for submitting)."""
    _link(store)
    with pytest.raises(AuthenticationError, match="not valid"):
        services.open_form_link(store, token)
    with pytest.raises(AuthenticationError, match="not valid"):
        services.redeem_form_link(store, token, items=GAD7)


def test_bad_items_leave_the_link_usable(store: Database) -> None:
    """A refused form does not use the link up: the client can correct it and submit."""
    _, link = _link(store)
    with pytest.raises(ItemRangeError):
        services.redeem_form_link(store, link.token, items=[*GAD7[:6], "7"])
    assert services.redeem_form_link(store, link.token, items=GAD7).score.total == 10.0


@pytest.mark.parametrize("measure", ["srs", "ors", "wai-sr"])
def test_only_administrable_measures_get_links(store: Database, measure: str) -> None:
    """Measures without licensed wording are refused with a hint naming import-definition."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    with pytest.raises(LicenceError, match="licensed") as caught:
        services.create_form_link(store, lee, client_id=client, measure=measure)
    assert "`alliancelens measures import-definition FILE`" in str(caught.value)


@pytest.mark.parametrize("hours", [0, -1, 24 * 30 + 1])
def test_link_lifetime_is_bounded(store: Database, hours: float) -> None:
    """A link lives more than zero hours and at most 30 days."""
    with pytest.raises(UsageError, match="--hours"):
        _link(store, hours=hours)


def test_other_therapists_and_other_clients_are_refused(store: Database) -> None:
    """Only the client's therapist creates links; a signed-in other client cannot redeem one."""
    client, link = _link(store)
    other = therapist(store, "dr-ng")
    with pytest.raises(AccessDeniedError):
        services.create_form_link(store, other, client_id=client, measure="gad-7")
    stranger = Actor(None, Role.CLIENT, "user:99", client_id=client + 1000)
    with pytest.raises(AccessDeniedError):
        services.redeem_form_link(store, link.token, items=GAD7, actor=stranger)
    assert services.redeem_form_link(store, link.token, items=GAD7, actor=ADMIN)


def test_delete_client_removes_links(store: Database) -> None:
    """Deleting the client deletes its links and forms."""
    client, link = _link(store)
    services.redeem_form_link(store, link.token, items=GAD7)
    report = services.delete_client(store, ADMIN, client_id=client)
    assert report.counts["form_links"] == 1 and report.counts["measure_administrations"] == 1
    with pytest.raises(AuthenticationError):
        services.open_form_link(store, link.token)
