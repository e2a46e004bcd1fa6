"""Use cases: a client fills in a form through an expiring one-time link.

The therapist (or an administrator) creates a link for one client and one *administrable* measure
(item wording and electronic use licensed: PHQ-9 and GAD-7 ship so; SRS, ORS and WAI-SR need an
imported licensed wording first). Only a hash of the random token is stored. Redeeming the token
checks and stores the form exactly as :func:`~alliancelens.records.measures.record_measure` does,
acting as the client through the link, and uses the link up in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session as DbSession

from alliancelens.domain.measures import AdministrationMode
from alliancelens.errors import AuthenticationError, LicenceError, UsageError
from alliancelens.measures import MeasureDefinition, Registry
from alliancelens.records._facts import authorise_client, client_target
from alliancelens.records.measures import (
    RecordedMeasure,
    checked_form,
    client_population,
    registry_for,
    store_form,
)
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, require
from alliancelens.storage import Database, formlinks
from alliancelens.storage.formlinks import FormLinkRecord

__all__ = ["FormLink", "create_form_link", "open_form_link", "redeem_form_link"]

#: Longest validity a link may be given (30 days); the CLI default is 72 hours.
MAX_LINK_HOURS = 24 * 30


@dataclass(frozen=True, slots=True)
class FormLink:
    """A new link: the token (shown once, never stored), its measure and when it expires."""

    id: int
    client_id: int
    measure: str
    token: str
    expires_at: dt.datetime


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _administrable(registry: Registry, measure: str) -> MeasureDefinition:
    defn = registry.get(measure)
    if not defn.administrable:
        raise LicenceError(
            f"{defn.short} cannot be given through a link: its item wording or electronic use "
            "is not licensed here",
            hint="import the licensed wording with `alliancelens measures import-definition FILE`, "
            "or record paper scores with `alliancelens clients record-measure`",
        )
    return defn


def create_form_link(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    measure: str,
    hours: float = 72,
    registry: Registry | None = None,
    now: dt.datetime | None = None,
) -> FormLink:
    """Create a one-time link for ``client_id`` to fill in ``measure`` within ``hours``."""
    if not 0 < hours <= MAX_LINK_HOURS:
        raise UsageError(f"--hours must be above 0 and at most {MAX_LINK_HOURS}")
    defn = _administrable(registry or registry_for(database), measure)
    token = secrets.token_urlsafe(32)
    created = _now(now)
    with database.transaction() as db:
        authorise_client(db, actor, Action.CREATE, client_id, Resource.MEASURE)
        link = formlinks.add_link(
            db,
            client_id=client_id,
            measure=defn.name,
            token_hash=formlinks.hash_token(token),
            created_by=actor.label,
            created_at=created,
            expires_at=created + dt.timedelta(hours=hours),
        )
        audit.append(
            db,
            actor=actor.label,
            action="create",
            resource="form_link",
            resource_id=client_id,
            detail={"measure": defn.name, "link": link.id, "hours": hours},
        )
    return FormLink(link.id, client_id, defn.name, token, link.expires_at)


def _valid_link(db: DbSession, token: str, now: dt.datetime) -> FormLinkRecord:
    """The unexpired, unused link for ``token``; one message for every failure but its reason."""
    link = formlinks.find_link(db, token_hash=formlinks.hash_token(token))
    if link is None:
        raise AuthenticationError("this form link is not valid; ask your therapist for a new one")
    if link.used_at is not None:
        raise AuthenticationError("this form link was already used; ask for a new one")
    if now >= link.expires_at:
        raise AuthenticationError("this form link has expired; ask your therapist for a new one")
    return link


def _link_actor(link: FormLinkRecord, actor: Actor | None) -> Actor:
    return actor or Actor(None, Role.CLIENT, f"form-link:{link.id}", client_id=link.client_id)


def open_form_link(
    database: Database,
    token: str,
    *,
    actor: Actor | None = None,
    registry: Registry | None = None,
    now: dt.datetime | None = None,
) -> MeasureDefinition:
    """The form a valid link offers (its definition, with item wording); the view is audited."""
    with database.transaction() as db:
        link = _valid_link(db, token, _now(now))
        who = _link_actor(link, actor)
        target = client_target(db, client_id=link.client_id, resource=Resource.MEASURE)
        require(who, Action.VIEW, _via_link(target))
        audit.append(
            db, actor=who.label, action="view", resource="form_link", resource_id=link.client_id
        )
    return _administrable(registry or registry_for(database), link.measure)


def redeem_form_link(
    database: Database,
    token: str,
    *,
    items: Sequence[str | float | None],
    free_text: str | None = None,
    actor: Actor | None = None,
    registry: Registry | None = None,
    now: dt.datetime | None = None,
) -> RecordedMeasure:
    """Submit the form of a valid link: checked, scored, stored (electronic, by the client)."""
    moment = _now(now)
    with database.transaction() as db:
        link = _valid_link(db, token, moment)
        who = _link_actor(link, actor)
        target = client_target(db, client_id=link.client_id, resource=Resource.MEASURE)
        require(who, Action.CREATE, _via_link(target))
        defn = _administrable(registry or registry_for(database), link.measure)
        administration, score = checked_form(
            defn,
            items,
            client_id=link.client_id,
            date=moment.date(),
            population=client_population(db, client_id=link.client_id)[0],  # as recorded before
            mode=AdministrationMode.ELECTRONIC,
            latest=moment.date(),
        )
        if not formlinks.mark_used(db, link_id=link.id, at=moment):
            raise AuthenticationError("this form link was already used; ask for a new one")
        stored = store_form(db, who, administration, free_text=free_text)
    return RecordedMeasure(stored, score)


def _via_link(target: Target) -> Target:
    return replace(target, via_form_link=True)
