"""The analyser contract, checked for every registered analyser."""

from __future__ import annotations

import inspect

import pytest

from alliancelens.analysers import available, create
from alliancelens.analysers.base import SESSION_CAPABILITIES, FindingSet
from alliancelens.domain import Scope, Session
from alliancelens.testing import make_session

NAMES = sorted(available())

SESSIONS = {
    "ordinary": make_session(
        ("therapist", "What would you like to focus on today?"),
        ("client", "My sleep, I think. It has been awful."),
        ("therapist", "Sleep has been awful, and you want that to change."),
        ("client", "Yes. I want to feel rested again."),
    ),
    "client_only": make_session(
        ("client", "I am not sure why I am here."), ("Partner", "Me neither.")
    ),
    "empty": Session(id="empty", utterances=(), speakers=()),
    "timed": make_session(
        ("therapist", "How are you?", 0.0, 2.0),
        ("client", "Tired.", 1.5, 3.0),
        ("therapist", "Tired?", 3.5, 4.0),
    ),
    "sparse_indexes": make_session(
        ("therapist", "Shall we start?"), ("client", "Okay."), indexes=[10, 20]
    ),
    # turns of punctuation or symbols only (QA36 #1: a therapist "..." crashed the risk screen)
    "punctuation_only": make_session(
        ("therapist", "..."),
        ("client", "I keep thinking everyone would be better off without me."),
        ("therapist", "?"),
        ("client", "!"),
        ("therapist", "."),
        ("client", "—"),
        ("therapist", "Mm."),
        ("client", "🙂"),
    ),
}


@pytest.mark.parametrize("name", NAMES)
def test_identity_is_declared(name: str) -> None:
    """Every analyser has a dotted name, a positive int version and declared requires/produces."""
    cls = available()[name]
    assert "." in cls.name and cls.name == name
    assert isinstance(cls.version, int) and cls.version >= 1
    assert cls.produces and all("." in kind for kind in cls.produces)
    assert isinstance(cls.requires, frozenset)
    assert cls.description


@pytest.mark.parametrize("name", NAMES)
def test_constructor_takes_keyword_only_parameters(name: str) -> None:
    """Constructors take only keyword-only parameters and store them for get_params()."""
    cls = available()[name]
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
    analyser = create(name)
    assert set(analyser.get_params()) == {p.name for p in params}


def _upstream_for(name: str, session: Session) -> FindingSet:
    """Findings of every analyser registered before ``name`` (what the pipeline would pass)."""
    found = FindingSet()
    for other in NAMES_IN_ORDER[: NAMES_IN_ORDER.index(name)]:
        found = found.plus(create(other).analyse(session, upstream=found))
    return found


NAMES_IN_ORDER = list(available())


@pytest.mark.parametrize("session_name", sorted(SESSIONS))
@pytest.mark.parametrize("name", NAMES)
def test_pure_deterministic_and_declared(name: str, session_name: str) -> None:
    """analyse() is deterministic, never mutates the session, and emits only declared kinds."""
    session = SESSIONS[session_name]
    before = repr(session)
    upstream = _upstream_for(name, session)
    analyser = create(name)
    first = analyser.analyse(session, upstream=upstream)
    second = analyser.analyse(session, upstream=upstream)
    assert first == second
    assert repr(session) == before
    indexes = session.indexes
    for finding in first:
        assert finding.kind in analyser.produces
        assert finding.provenance.analyser == name
        assert finding.provenance.version == analyser.version
        assert set(finding.evidence.utterance_indexes) <= indexes
        if finding.scope is Scope.UTTERANCE:
            assert finding.utterance_index in indexes


@pytest.mark.parametrize("name", NAMES)
def test_requirements_can_be_met(name: str) -> None:
    """Every requirement is a session capability or produced by an analyser registered earlier."""
    classes = available()
    known = set(SESSION_CAPABILITIES)
    for other in NAMES_IN_ORDER[: NAMES_IN_ORDER.index(name)]:
        known |= classes[other].produces
    assert classes[name].requires <= known
