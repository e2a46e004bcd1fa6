"""Caseload building: sessions grouped by client through the measures file's session ids."""

from __future__ import annotations

from typing import Any

from alliancelens.domain import Session
from alliancelens.insights import build_caseloads
from alliancelens.measures import build_report, load_registry
from alliancelens.testing import make_session

from .insights_helpers import srs


def _session(session_id: str) -> tuple[Session, dict[str, Any]]:
    return make_session(("therapist", "Hello."), session_id=session_id), {}


def test_sessions_named_in_measures_join_that_client_in_date_order() -> None:
    """A transcript whose id is an administration's session joins that client, by date."""
    report = build_report([srs("b", 2, 9.0), srs("a", 5, 9.0)], load_registry())
    found = build_caseloads([_session("a"), _session("b"), _session("x")], report)
    by_client = {c.client: [s.session_id for s in c.sessions] for c in found}
    assert by_client == {"c1": ["b", "a"], "x": ["x"]}


def test_unnamed_sessions_go_to_the_default_client() -> None:
    """Without a measures mapping, every session belongs to the one client given."""
    found = build_caseloads([_session("s2"), _session("s1")], default_client="me")
    assert [(c.client, [s.session_id for s in c.sessions]) for c in found] == [("me", ["s1", "s2"])]


def test_measures_only_clients_get_a_caseload() -> None:
    """A client with measures and no transcript still gets a (measures-only) caseload."""
    report = build_report([srs("z", 1, 9.0)], load_registry())
    (found,) = build_caseloads([], report)
    assert found.client == "c1" and found.sessions == () and found.measures is not None
