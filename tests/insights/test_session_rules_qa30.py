"""Session rules after QA qa30: which family member's rupture, and feedback evidence wording."""

from __future__ import annotations

from alliancelens.insights import InsightConfig, insights_for_caseload, session_record
from alliancelens.insights.model import SessionRecord
from alliancelens.testing import make_session

from .insights_helpers import caseload, episode

CONFIG = InsightConfig()


def _family_record(start: int) -> SessionRecord:
    session = make_session(
        ("therapist", "Who would like to start?"),
        ("Kim", "Me. Nothing is working at home."),
        ("therapist", "Priya, what do you make of that?"),
        ("Priya", "Whatever."),
        ("therapist", "Thanks, both of you."),
        ("Kim", "Okay."),
    )
    return session_record(
        session, {"ruptures": [{**episode(resolved=False), "start_index": start}]}
    )


def test_a_family_session_names_the_client_whose_rupture_it_is() -> None:
    """With two or more clients, the rupture insight's title names the episode's client."""
    (found,) = insights_for_caseload(
        caseload(_family_record(3)), CONFIG, rules=["unresolved_rupture"]
    )
    assert found.title.endswith("(Priya)")


def test_a_one_client_session_adds_no_name() -> None:
    """With one client the title stays as before (no speaker label added)."""
    session = make_session(("therapist", "Hello."), ("client", "Fine."), ("therapist", "Okay."))
    record = session_record(session, {"ruptures": [{**episode(resolved=False), "start_index": 1}]})
    (found,) = insights_for_caseload(caseload(record), CONFIG, rules=["unresolved_rupture"])
    assert found.title == "Unresolved withdrawal rupture"
