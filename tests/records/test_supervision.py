"""What a supervisor sees of a client: shared sessions, their linked forms, the consent state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.domain import MeasureAdministration
from alliancelens.errors import AccessDeniedError, NotFoundError
from alliancelens.measures import load_registry
from alliancelens.records.supervision import (
    PARTIAL_SERIES_TEXT,
    PER_FORM_ALERTS,
    VisibleForms,
    scored_forms,
    sharing_blocked,
    supervisee_names,
    therapist_scope,
    visible_caseload,
    visible_caseload_forms,
    visible_forms,
    visible_session_ids,
)
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database

#: Synthetic, written for these tests.
TALK = (
    "Therapist: What has the fortnight been like with the allotment?\n"
    "Client: Busy, the beans came up and the neighbour helped with the fence.\n"
    "Therapist: What did it mean to you that he offered?\n"
    "Client: It felt good to be asked round for tea after.\n"
)
ALL = (ConsentKind.RECORDING, ConsentKind.ANALYSIS, ConsentKind.SUPERVISION_SHARING)


@dataclass(frozen=True)
class Setup:
    """Dr Lee's client with a shared and an unshared session and three ORS forms."""

    owner: Actor
    supervisor: Actor
    client: int
    shared: int
    unshared: int


def _ors(store: Database, client: int, day: int, session: int | None, value: str) -> None:
    services.record_measure(
        store,
        ADMIN,
        client_id=client,
        measure="ORS",
        items=[value] * 4,
        date=dt.date(2026, 10, day),
        session_id=session,
    )


@pytest.fixture
def setup(store: Database, tmp_path: Path) -> Setup:
    """One shared session (ORS 5.0 ×4 linked), one unshared (ORS 6.0 linked), one unlinked form."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *ALL)
    path = transcript(tmp_path, text=TALK)
    shared, unshared = (
        services.import_transcript(
            store, lee, client_id=client, path=path, allow_duplicate=True
        ).session_ids[0]
        for _ in range(2)
    )
    services.work(store, ADMIN)
    services.share_session(store, lee, session_id=shared)
    _ors(store, client, 1, shared, "5")
    _ors(store, client, 8, unshared, "6")
    _ors(store, client, 15, None, "7")
    user = services.create_user(
        store, ADMIN, username="sup-k", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup-k", therapist="dr-lee")
    return Setup(lee, services.actor_for(store, user), client, shared, unshared)


def test_supervisor_sees_only_forms_linked_to_shared_sessions(
    store: Database, setup: Setup
) -> None:
    """The supervisor gets the shared session's form only, marked linked-only."""
    found = visible_forms(store, setup.supervisor, client_id=setup.client)
    assert found is not None and found.linked_only
    assert [a.session for a in found.administrations] == [str(setup.shared)]


def test_therapist_sees_every_form(store: Database, setup: Setup) -> None:
    """The client's therapist keeps seeing all three forms, not marked linked-only."""
    found = visible_forms(store, setup.owner, client_id=setup.client)
    assert found is not None and not found.linked_only and len(found.administrations) == 3


def test_withdrawn_consent_hides_forms_and_is_named(store: Database, setup: Setup) -> None:
    """After withdrawal nothing is visible to the supervisor, and the therapist is told why."""
    assert sharing_blocked(store, setup.owner, client_id=setup.client) is None
    services.withdraw_consent(
        store, setup.owner, client_id=setup.client, kind=ConsentKind.SUPERVISION_SHARING
    )
    assert visible_forms(store, setup.supervisor, client_id=setup.client) is None
    assert visible_session_ids(store, setup.supervisor, client_id=setup.client) == ()
    why = sharing_blocked(store, setup.owner, client_id=setup.client)
    assert why is not None and "consent withdrawn on" in why


def test_supervisor_caseload_is_exactly_the_shared_sessions(store: Database, setup: Setup) -> None:
    """``client:N`` for a supervisor: the shared session and its linked form, marked incomplete.

    QA37 #1: the caseload used to carry no form at all once one was withheld, so the rules
    missed the SRS linked to a shared session. The series rules still need every form, so the
    caseload says it is incomplete (the insights then use per-form results only).
    """
    caseload, found = visible_caseload_forms(store, setup.supervisor, client_id=setup.client)
    assert [r.session_id for r in caseload.results] == [setup.shared]
    assert [a.session for a in caseload.administrations] == [str(setup.shared)]
    assert found.linked_only and not found.complete  # two of the three forms are withheld
    same = visible_caseload(store, setup.supervisor, client_id=setup.client)
    assert same.administrations == caseload.administrations


def test_therapist_caseload_forms_are_complete(store: Database, setup: Setup) -> None:
    """The client's therapist gets every form, marked complete and not linked-only."""
    caseload, found = visible_caseload_forms(store, setup.owner, client_id=setup.client)
    assert len(caseload.administrations) == 3 and found.complete and not found.linked_only


@pytest.mark.parametrize("named", ["dr-lee", "ID"])
def test_supervisor_names_a_supervisee_by_name_or_id(
    store: Database, setup: Setup, named: str
) -> None:
    """QA37 #7: ``therapist:USER`` takes the sign-in name or the id; shared clients only."""
    text = str(setup.owner.user_id) if named == "ID" else named
    scope = therapist_scope(store, setup.supervisor, therapist=text)
    assert (scope.therapist_id, scope.therapist) == (setup.owner.user_id, "dr-lee")
    assert scope.client_ids == (setup.client,) and scope.shared_only


def test_therapist_scope_refuses_others_and_needs_something_shared(
    store: Database, setup: Setup
) -> None:
    """Not a supervisee, another therapist, or nothing shared: one-line refusals."""
    other = therapist(store, "dr-ortiz")
    with pytest.raises(AccessDeniedError, match="not a therapist you supervise"):
        therapist_scope(store, setup.supervisor, therapist="dr-ortiz")
    with pytest.raises(AccessDeniedError, match="only their own caseload"):
        therapist_scope(store, other, therapist="dr-lee")
    assert therapist_scope(store, ADMIN, therapist="dr-lee").client_ids == (setup.client,)
    assert not therapist_scope(store, setup.owner, therapist="dr-lee").shared_only
    services.share_session(store, setup.owner, session_id=setup.shared, shared=False)
    with pytest.raises(NotFoundError, match="sessions shared"):
        therapist_scope(store, setup.supervisor, therapist="dr-lee")


def _ors_form(day: int, total: float, session: str) -> MeasureAdministration:
    """An adult ORS form whose four marks sum to ``total``."""
    mark = total / 4
    return MeasureAdministration("client 1", dt.date(2026, 9, day), "ors", (mark,) * 4, session)


@pytest.mark.parametrize("complete", [True, False])
def test_series_results_need_every_form(complete: bool) -> None:
    """A gappy visible series keeps totals but drops change, on-track status and series alerts."""
    forms = (_ors_form(2, 24.0, "1"), _ors_form(9, 18.0, "2"), _ors_form(16, 12.0, "3"))
    found = VisibleForms(1, forms, linked_only=True, complete=complete)
    report, partial = scored_forms(found, load_registry())
    assert report is not None
    (trajectory,) = report.clients[0].trajectories
    assert [p.score.total for p in trajectory.points] == [24.0, 18.0, 12.0]
    kinds = {a.kind for a in report.clients[0].alerts}
    if complete:
        assert partial is None and trajectory.points[-1].change is not None
        assert "reliable_deterioration" in kinds
    else:
        assert partial == PARTIAL_SERIES_TEXT
        assert all(p.change is None and p.expected is None for p in trajectory.points)
        assert kinds <= PER_FORM_ALERTS


def test_supervisor_caseload_without_shared_sessions_says_open_session(
    store: Database, setup: Setup
) -> None:
    """A client with nothing shared is refused with a message pointing at ``session:ID``."""
    services.share_session(store, setup.owner, session_id=setup.shared, shared=False)
    with pytest.raises(AccessDeniedError, match="session:ID"):
        visible_caseload(store, setup.supervisor, client_id=setup.client)


def test_supervisee_names_are_sign_in_names(store: Database, setup: Setup) -> None:
    """A supervisor's supervisees are named by sign-in name; other roles get none."""
    assert supervisee_names(store, setup.supervisor) == {setup.owner.user_id: "dr-lee"}
    assert supervisee_names(store, setup.owner) == {}
