"""Stored insights see the forms the viewer may see, for a session and its client (QA37 #1, #4).

A supervisor's client view used to drop every form once one was withheld, and ``session:ID``
attached no form at all, so ``feedback_not_elicited`` fired on sessions with a linked SRS.
The transcripts are synthetic, written for these tests: no one asks for feedback at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens._stored_services import therapist_insights
from alliancelens.insights import Insight
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database

#: Synthetic: a short session whose closing turns ask nothing about the session.
TALK = (
    "Therapist: Where would you like to start this week?\n"
    "Client: The allotment, the beans finally came up.\n"
    "Therapist: After all that rain, that must have felt good.\n"
    "Client: It did. The neighbour helped me with the fence too.\n"
    "Therapist: What was it like to be helped?\n"
    "Client: Strange, but nice. I am not used to it.\n"
    "Therapist: Let us pick up the fence story next time.\n"
    "Client: Okay, see you then.\n"
)
ALL = (ConsentKind.RECORDING, ConsentKind.ANALYSIS, ConsentKind.SUPERVISION_SHARING)


@dataclass(frozen=True)
class Shared:
    """A shared session with a linked SRS, and a client SRS linked to no session."""

    owner: Actor
    supervisor: Actor
    client: int
    session: int


def _srs(store: Database, client: int, day: int, session: int | None) -> None:
    services.record_measure(
        store,
        ADMIN,
        client_id=client,
        measure="SRS",
        items=["9.5"] * 4,
        date=dt.date(2026, 10, day),
        session_id=session,
    )


@pytest.fixture
def shared(store: Database, tmp_path: Path) -> Shared:
    """Dr Lee shares one analysed session (SRS linked); a second SRS is linked to nothing."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *ALL)
    path = transcript(tmp_path, text=TALK)
    (session,) = services.import_transcript(store, lee, client_id=client, path=path).session_ids
    services.work(store, ADMIN)
    services.share_session(store, lee, session_id=session)
    _srs(store, client, 1, session)
    user = services.create_user(
        store, ADMIN, username="sup-k", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup-k", therapist="dr-lee")
    return Shared(lee, services.actor_for(store, user), client, session)


def _rules(found: Sequence[Insight]) -> list[str]:
    return [i.rule for i in found]


@pytest.mark.parametrize("who", ["owner", "supervisor"])
def test_session_view_sees_the_linked_srs(store: Database, shared: Shared, who: str) -> None:
    """``session:ID`` reads the SRS linked to the session: no "feedback not asked" growth area."""
    actor = getattr(shared, who)
    result, _ = services.insights_for_stored(store, actor, session_id=shared.session)
    assert "feedback_not_elicited" not in _rules(result.insights)


def test_session_view_without_a_form_still_names_the_growth_area(
    store: Database, shared: Shared, tmp_path: Path
) -> None:
    """The same talk in a session with no SRS linked does get the growth area (the rule runs)."""
    path = transcript(tmp_path, "second.txt", TALK)
    (other,) = services.import_transcript(
        store, shared.owner, client_id=shared.client, path=path
    ).session_ids
    services.work(store, ADMIN)
    result, _ = services.insights_for_stored(store, shared.owner, session_id=other)
    assert "feedback_not_elicited" in _rules(result.insights)


def test_supervisor_keeps_linked_forms_when_another_is_withheld(
    store: Database, shared: Shared
) -> None:
    """An unlinked form withholds the series, not the linked SRS; a visible row says so."""
    _srs(store, shared.client, 8, None)
    result, caseload = services.insights_for_stored(
        store, shared.supervisor, client_id=shared.client
    )
    rules = _rules(result.insights)
    assert "feedback_not_elicited" not in rules
    assert rules.count("measures_withheld") == 1
    assert [a.session for a in caseload.administrations] == [str(shared.session)]
    assert not any(t.metric.startswith("measure.") for t in result.client_trends)
    own, _ = services.insights_for_stored(store, shared.owner, client_id=shared.client)
    assert "measures_withheld" not in _rules(own.insights)
    assert any(t.metric == "measure.SRS" for t in own.client_trends)


def test_therapist_view_summarises_the_shared_sessions(store: Database, shared: Shared) -> None:
    """``therapist:USER`` as the supervisor reads the shared session and counts its patterns."""
    summary, missing = therapist_insights(store, shared.supervisor, therapist="dr-lee")
    assert missing == ()
    assert summary.therapist == "dr-lee" and summary.sessions == (
        (f"client {shared.client}", str(shared.session)),
    )
    assert {p.rule for p in summary.patterns} == set(_rules(summary.insights))
