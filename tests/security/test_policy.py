"""The authorisation matrix: every role x resource x action x relationship to the record."""

from __future__ import annotations

import itertools

import pytest

from alliancelens.errors import AccessDeniedError
from alliancelens.security.policy import Action, Actor, Resource, Role, Target, decide, require

ME = 10  # the therapist whose clients these are
OTHER = 11  # another therapist
MY_CLIENT, OTHER_CLIENT = 100, 101

ACTORS = {
    "admin": Actor(1, Role.ADMIN, "user:1"),
    "therapist": Actor(ME, Role.THERAPIST, f"user:{ME}"),
    "other-therapist": Actor(OTHER, Role.THERAPIST, f"user:{OTHER}"),
    "supervisor": Actor(20, Role.SUPERVISOR, "user:20", supervisees=frozenset({ME})),
    "other-supervisor": Actor(21, Role.SUPERVISOR, "user:21", supervisees=frozenset({OTHER})),
    "client": Actor(30, Role.CLIENT, "user:30", client_id=MY_CLIENT),
    "other-client": Actor(31, Role.CLIENT, "user:31", client_id=OTHER_CLIENT),
}

#: Relationships of a record (of therapist ME's client MY_CLIENT unless named otherwise).
RELATIONS = {
    "shared+consent": {"shared_for_supervision": True, "supervision_consent": True},
    "shared, no consent": {"shared_for_supervision": True, "supervision_consent": False},
    "not shared": {"shared_for_supervision": False, "supervision_consent": True},
    "via form link": {"via_form_link": True},
}

ALL = set(Action)
CLINICAL = {
    Resource.CLIENT,
    Resource.CONSENT,
    Resource.SESSION,
    Resource.ANALYSIS,
    Resource.MEASURE,
}


def _allowed(actor: str, relation: str) -> set[tuple[Resource, Action]]:
    """The expected allowed (resource, action) pairs, written out per actor."""
    if actor == "admin":  # everything but therapists' private journals
        return set(itertools.product(set(Resource) - {Resource.JOURNAL}, Action))
    if actor == "therapist":  # own client's records and own journal, whatever the sharing state
        return set(itertools.product(CLINICAL | {Resource.JOURNAL}, ALL))
    if actor == "supervisor" and relation == "shared+consent":
        return {
            (Resource.SESSION, Action.VIEW),
            (Resource.ANALYSIS, Action.VIEW),
            (Resource.JOURNAL, Action.VIEW),
        }
    if actor == "client" and relation == "via form link":
        return {(Resource.MEASURE, Action.VIEW), (Resource.MEASURE, Action.CREATE)}
    return set()  # other therapist, other supervisor, other client: nothing at all


CASES = list(itertools.product(ACTORS, RELATIONS, Resource, Action))


@pytest.mark.parametrize(("actor", "relation", "resource", "action"), CASES)
def test_matrix(actor: str, relation: str, resource: Resource, action: Action) -> None:
    """decide() allows exactly the expected pairs for each actor and relationship."""
    target = Target(resource, therapist_id=ME, client_id=MY_CLIENT, **RELATIONS[relation])
    expected = (resource, action) in _allowed(actor, relation)
    assert decide(ACTORS[actor], action, target).allowed is expected


@pytest.mark.parametrize(("resource", "action"), list(itertools.product(Resource, Action)))
def test_nobody_reads_across_therapists(resource: Resource, action: Action) -> None:
    """A therapist is refused everything on another therapist's client, even when shared."""
    target = Target(
        resource,
        therapist_id=OTHER,
        client_id=OTHER_CLIENT,
        shared_for_supervision=True,
        supervision_consent=True,
        via_form_link=True,
    )
    assert not decide(ACTORS["therapist"], action, target).allowed


def test_unowned_client_is_admin_only() -> None:
    """A client with no therapist is not anybody's 'own' client."""
    target = Target(Resource.CLIENT, therapist_id=None, client_id=5)
    assert decide(ACTORS["admin"], Action.VIEW, target).allowed
    assert not decide(Actor(None, Role.THERAPIST, "x"), Action.VIEW, target).allowed


def test_require_names_ids_and_reason_only() -> None:
    """A refusal says who (by id and role), what and why, by internal ids."""
    target = Target(Resource.SESSION, therapist_id=ME, client_id=MY_CLIENT)
    with pytest.raises(AccessDeniedError) as caught:
        require(ACTORS["supervisor"], Action.VIEW, target)
    message = str(caught.value)
    assert "user:20 (supervisor) may not view session of client 100" in message
    assert "not shared this session" in message


def test_refused_client_record_is_named_once() -> None:
    """Refused on a client record itself, the message says "client N", not "client of client"."""
    target = Target(Resource.CLIENT, therapist_id=ME, client_id=MY_CLIENT, record_id=MY_CLIENT)
    with pytest.raises(AccessDeniedError) as caught:
        require(ACTORS["other-therapist"], Action.EXPORT, target)
    assert f"may not export client {MY_CLIENT}:" in str(caught.value)
    assert "client of client" not in str(caught.value)


@pytest.mark.parametrize(
    ("target", "record"),
    [
        (Target(Resource.SESSION, therapist_id=ME, client_id=MY_CLIENT, record_id=7), 7),
        (Target(Resource.MEASURE, therapist_id=ME, client_id=MY_CLIENT), None),
    ],
)
def test_refusal_facts_keep_record_and_client_apart(target: Target, record: int | None) -> None:
    """The audit facts of a refusal carry the record asked for and, separately, its client."""
    with pytest.raises(AccessDeniedError) as caught:
        require(ACTORS["other-therapist"], Action.VIEW, target)
    assert caught.value.refusal is not None
    assert caught.value.refusal["record"] == record
    assert caught.value.refusal["client"] == MY_CLIENT


def test_a_therapist_refused_maintenance_reads_plain_words() -> None:
    """'may not view system: … system records' reads as maintenance for administrators."""
    with pytest.raises(AccessDeniedError) as caught:
        require(ACTORS["therapist"], Action.VIEW, Target(Resource.SYSTEM))
    message = str(caught.value)
    assert "may not view maintenance records (keys, analysis jobs, retention)" in message
    assert "maintenance is for administrators; ask one" in message
    assert "system" not in message
