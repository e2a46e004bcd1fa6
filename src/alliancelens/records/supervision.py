"""Use cases: what a supervisor sees of a client — shared sessions and the forms linked to them.

The rule (docs/web.md "Supervisors", docs/security.md "Access"): under supervision-sharing
consent a supervisor sees the sessions a supervisee shared (the policy's ``session``/``view``),
their analyses and the client-rated measure forms **linked to those sessions** (an SRS or ORS
recorded with ``--session``). Forms linked to a session that is not shared, and forms linked to no
session, stay with the client's therapist. The rule is applied here, in the service layer, by
asking the policy about each session a form is linked to; no page or command filters on its own.

Therapists and administrators get the client's forms and sessions as before (the ``measure``
and ``session`` permissions on the client).

Series rules need the whole series. When some of the client's forms are withheld, change since
intake, the drop rule, the expected-response status and the other trajectory alerts would be
computed on a gappy series and be wrong (QA 24: a withheld session made "not on track" vanish and
a false "alliance drop" appear). So :func:`scored_forms` then keeps only what each form says on its
own (totals, severity, the per-form alerts) and the views say why the rest is not shown.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from alliancelens.domain.measures import MeasureAdministration
from alliancelens.errors import AccessDeniedError, NotFoundError
from alliancelens.measures import MeasuresReport, Registry, build_report
from alliancelens.measures.alerts import AlertKind
from alliancelens.records._facts import authorise_client, session_target, today
from alliancelens.records.stored_results import (
    StoredCaseload,
    StoredResult,
    _administrations,
    _load,
    _missing,
    stored_caseload,
)
from alliancelens.records.transcripts import list_shared_sessions
from alliancelens.security import audit
from alliancelens.security.policy import Action, Actor, Resource, Role, decide
from alliancelens.storage import ConsentKind, Database, people, transcripts
from alliancelens.storage.administrations import list_administrations

__all__ = [
    "LINKED_ONLY_TEXT",
    "PARTIAL_SERIES_TEXT",
    "PER_FORM_ALERTS",
    "TherapistScope",
    "VisibleForms",
    "scored_forms",
    "therapist_scope",
    "visible_caseload",
    "visible_caseload_forms",
    "visible_forms",
    "visible_session_ids",
]

#: The visible line a supervisor's views carry instead of silently leaving forms out.
LINKED_ONLY_TEXT = (
    "Measures shown to supervisors: only the client-rated forms linked to sessions shared with "
    "you; forms given at other sessions, or not linked to a session, stay with the therapist."
)


#: Said instead of trajectory alerts and on-track status when some of the client's forms are
#: withheld from the viewer (the series rules need every form).
PARTIAL_SERIES_TEXT = (
    "Change since intake, on-track status and trajectory alerts are not shown for this client: "
    "some of the client's forms were given at sessions not shared with you or are not linked to "
    "a session, and these need the whole series (the therapist sees them)."
)
#: Alert kinds one form raises on its own (clinical-reference.md §1.5 SRS cut-off and item rule,
#: §4.1 PHQ-9 item 9); every other kind reads the series.
PER_FORM_ALERTS = frozenset(
    {AlertKind.ALLIANCE_BELOW_CUTOFF, AlertKind.ALLIANCE_ITEM_LOW, AlertKind.SAFETY_ITEM}
)


@dataclass(frozen=True, slots=True)
class VisibleForms:
    """A client's forms the actor may see; ``linked_only`` when limited to shared sessions.

    ``complete`` is False when some of the client's forms are withheld from the actor.
    """

    client_id: int
    administrations: tuple[MeasureAdministration, ...]
    linked_only: bool
    complete: bool = True


def scored_forms(
    found: VisibleForms | None, registry: Registry
) -> tuple[MeasuresReport | None, str | None]:
    """The visible forms scored, and the line to show when series results were left out.

    With every form visible this is :func:`~alliancelens.measures.build_report` as is. With some
    withheld, each point keeps its score, severity and per-form flags, but change since intake and
    the expected-response status are dropped, and only :data:`PER_FORM_ALERTS` are kept.
    """
    if found is None or not found.administrations:
        return None, None
    report = build_report(found.administrations, registry)
    if found.complete:
        return report, None
    clients = tuple(
        dataclasses.replace(
            client,
            alerts=tuple(a for a in client.alerts if a.kind in PER_FORM_ALERTS),
            trajectories=tuple(
                dataclasses.replace(
                    t,
                    points=tuple(
                        dataclasses.replace(p, change=None, expected=None) for p in t.points
                    ),
                )
                for t in client.trajectories
            ),
        )
        for client in report.clients
    )
    return dataclasses.replace(report, clients=clients), PARTIAL_SERIES_TEXT


def _viewable_ids(db: DbSession, actor: Actor, client_id: int) -> list[int]:
    """The client's stored sessions the policy lets ``actor`` view, by id (no audit entry)."""
    return [
        summary.id
        for summary in transcripts.list_sessions(db, client_id=client_id)
        if decide(
            actor,
            Action.VIEW,
            session_target(db, session_id=summary.id, resource=Resource.SESSION),
        ).allowed
    ]


def visible_session_ids(database: Database, actor: Actor, *, client_id: int) -> tuple[int, ...]:
    """The client's sessions ``actor`` may open (a supervisor: the shared ones), by id."""
    with database.transaction() as db:
        return tuple(_viewable_ids(db, actor, client_id))


def visible_forms(database: Database, actor: Actor, *, client_id: int) -> VisibleForms | None:
    """The client's measure forms ``actor`` may see (``client`` ``"client <id>"``); audited.

    Therapists and administrators: every form (``None`` when the policy refuses them). A
    supervisor: the forms linked to sessions they may view (``None`` when they may view none of
    the client's sessions). A client account: ``None``.
    """
    with database.transaction() as db:
        if actor.role is not Role.SUPERVISOR:
            try:
                return VisibleForms(client_id, _administrations(db, actor, client_id), False)
            except AccessDeniedError:
                return None
        sessions = _viewable_ids(db, actor, client_id)
        if not sessions:
            return None
        label = f"client {client_id}"
        every = list_administrations(db, client_id=client_id)
        forms = tuple(
            dataclasses.replace(stored.administration, client=label)
            for stored in every
            if stored.session_id in sessions
        )
        audit.append(
            db,
            actor=actor.label,
            action="view",
            resource="measure",
            resource_id=client_id,
            detail={"linked_to_shared_sessions": len(sessions), "forms": len(forms)},
        )
        return VisibleForms(client_id, forms, True, complete=len(forms) == len(every))


def visible_caseload(database: Database, actor: Actor, *, client_id: int) -> StoredCaseload:
    """A client's analysed sessions and forms as ``actor`` may see them.

    Therapists and administrators: :func:`stored_caseload`. A supervisor: exactly the sessions
    shared with them (``AccessDeniedError`` when none is, saying supervisors open shared
    sessions) and the forms linked to those sessions. :func:`visible_caseload_forms` also says
    whether some of the client's forms are withheld (then only per-form results may be used).
    """
    return visible_caseload_forms(database, actor, client_id=client_id)[0]


def visible_caseload_forms(
    database: Database, actor: Actor, *, client_id: int
) -> tuple[StoredCaseload, VisibleForms]:
    """:func:`visible_caseload` and the forms in it, with ``complete`` (one audited read).

    QA37 #1: a supervisor's caseload used to carry no form at all once one of the client's forms
    was withheld, so ``feedback_not_elicited`` fired on sessions with a linked SRS and the forms
    vanished without a word. Now it carries every form linked to a shared session, and
    ``VisibleForms.complete`` tells the caller to score them with :func:`scored_forms` (per-form
    results only) and to say what was left out.
    """
    if actor.role is not Role.SUPERVISOR:
        caseload = stored_caseload(database, actor, client_id=client_id)
        return caseload, VisibleForms(client_id, caseload.administrations, False)
    with database.transaction() as db:
        sessions = _viewable_ids(db, actor, client_id)
        if not sessions:
            raise AccessDeniedError(
                f"{actor.label} ({actor.role}) has no session of client {client_id} shared for "
                "supervision; supervisors see a client's shared sessions only (list them with "
                "`alliancelens sessions shared`, open one as `session:ID`)"
            )
        results: list[StoredResult] = []
        unanalysed: list[int] = []
        for session_id in sessions:
            try:
                results.append(_load(db, actor, session_id))
            except NotFoundError:
                unanalysed.append(session_id)
        if not results:
            raise _missing(db, unanalysed[0])
    found = visible_forms(database, actor, client_id=client_id)
    if found is None:  # consent withdrawn between the two reads: no form, said as withheld
        found = VisibleForms(client_id, (), True, complete=False)
    results.sort(key=_order)
    caseload = StoredCaseload(client_id, tuple(results), found.administrations, tuple(unanalysed))
    return caseload, found


def _order(stored: StoredResult) -> tuple[bool, object, int]:
    date = stored.result.session.date
    return date is None, date.isoformat() if date else "", stored.session_id


def sharing_blocked(database: Database, actor: Actor, *, client_id: int) -> str | None:
    """Why the client's shared sessions are not visible to supervisors today; ``None``: they are.

    A session stays marked shared when the client withdraws supervision-sharing consent, but
    the policy hides it from supervisors from that day: every view of the share state must say
    so (``"not visible to supervisors: supervision-sharing consent withdrawn on 2026-11-23"``).
    Needs ``view`` on the client's consents (therapist or administrator).
    """
    with database.transaction() as db:
        authorise_client(db, actor, Action.VIEW, client_id, Resource.CONSENT)
        grants = [
            c
            for c in people.consents(db, client_id=client_id)
            if c.kind is ConsentKind.SUPERVISION_SHARING
        ]
    on = today()
    if any(c.active_on(on) for c in grants):
        return None
    withdrawn = [c.withdrawn_on for c in grants if c.withdrawn_on is not None]
    if withdrawn:
        return (
            "not visible to supervisors: supervision-sharing consent withdrawn on "
            f"{max(withdrawn).isoformat()}"
        )
    return "not visible to supervisors: no supervision-sharing consent in force"


def supervisee_names(database: Database, actor: Actor) -> dict[int, str]:
    """A supervisor's supervisees by user id: their sign-in names (not PHI); others get ``{}``.

    Every supervisor view names a therapist the same way (the sign-in name, as on the start
    page), never "therapist user 2" on one page and "thera-a" on the next.
    """
    if actor.role is not Role.SUPERVISOR:
        return {}
    with database.transaction() as db:
        return {i: people.get_user(db, user_id=i).username for i in sorted(actor.supervisees)}


@dataclass(frozen=True, slots=True)
class TherapistScope:
    """One therapist's clients as ``actor`` may review them (``insights therapist:USER``)."""

    therapist_id: int
    therapist: str  # the sign-in name (not PHI)
    client_ids: tuple[int, ...]
    #: True for a supervisor: only the sessions shared with them are read.
    shared_only: bool


def _named(users: dict[int, str], text: str) -> int | None:
    """The id of the user ``text`` names (a sign-in name, or the id as digits) among ``users``."""
    wanted = text.strip()
    if wanted.isdigit() and int(wanted) in users:
        return int(wanted)
    return next((i for i, name in users.items() if name == wanted), None)


def therapist_scope(database: Database, actor: Actor, *, therapist: str) -> TherapistScope:
    """Whose clients ``insights therapist:USER`` reads, and which of them, for ``actor``.

    ``therapist`` is a sign-in name or a user id (QA37 #7: a supervisor knows the name). A
    supervisor: one of their supervisees, and the clients with a session of theirs shared with
    the supervisor today (``NotFoundError`` when none is); a therapist: only themselves, every
    client of theirs; an administrator: any therapist, every client of theirs. Anything else is
    refused (``AccessDeniedError``). Client names are never read; each caseload read afterwards
    is audited as usual.
    """
    if actor.role is Role.SUPERVISOR:
        names = supervisee_names(database, actor)
        found = _named(names, therapist)
        if found is None:
            raise AccessDeniedError(
                f"{therapist!r} is not a therapist you supervise; `alliancelens users list` "
                "shows the ones you do (name and id)"
            )
        shared = list_shared_sessions(database, actor)
        clients = tuple(sorted({s.summary.client_id for s in shared if s.therapist_id == found}))
        if not clients:
            raise NotFoundError(
                f"no session of {names[found]} is shared with you for supervision today; "
                "`alliancelens sessions shared` lists the ones that are"
            )
        return TherapistScope(found, names[found], clients, True)
    if actor.role not in (Role.THERAPIST, Role.ADMIN):
        raise AccessDeniedError(
            f"{actor.label} ({actor.role}) may not review a therapist's caseload; "
            "therapists, their supervisors and administrators may"
        )
    with database.transaction() as db:
        if actor.role is Role.THERAPIST:
            me = people.get_user(db, user_id=actor.user_id) if actor.user_id else None
            users = {me.id: me.username} if me else {}
        else:
            users = {u.id: u.username for u in people.list_users(db) if u.role == Role.THERAPIST}
        found = _named(users, therapist)
        if found is None:
            raise (
                AccessDeniedError(
                    f"{therapist!r}: a therapist reviews only their own caseload "
                    "(give your own user name)"
                )
                if actor.role is Role.THERAPIST
                else NotFoundError(
                    f"no therapist user {therapist!r}; `alliancelens users list` shows them"
                )
            )
        clients = tuple(
            c for c in people.client_ids(db) if people.client_owner(db, client_id=c) == found
        )
    if not clients:
        raise NotFoundError(f"therapist {users[found]} has no clients")
    return TherapistScope(found, users[found], clients, False)
