"""Notes and insights from stored sessions: rebuilt results, access, audit, purge, caseloads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist

from alliancelens import services
from alliancelens.errors import AccessDeniedError, NotFoundError
from alliancelens.insights import Insight
from alliancelens.notes import build_note
from alliancelens.security import audit
from alliancelens.security.policy import Role
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.testing import temporary_store

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)
PHQ9 = ["1", "2", "3", "1", "0", "2", "1", "1", "1"]


def _demo(name: str) -> Path:
    return next(p for p in services.demo_files() if p.name.startswith(name))


def _imported(store: Database, *names: str) -> tuple[int, list[int]]:
    """A client of dr-lee with both consents and the named demo files imported and analysed."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    ids = [
        services.import_transcript(store, lee, client_id=client, path=_demo(n)).session_ids[0]
        for n in names
    ]
    services.work(store, ADMIN)
    return client, ids


def _shape(found: tuple[Insight, ...]) -> list[tuple[Any, ...]]:
    """What an insight says, without session ids (stored ids differ from file ids)."""
    return [(i.kind, i.rule, i.title, [e.utterance_indexes for e in i.evidence]) for i in found]


@pytest.mark.parametrize("fmt", ["soap", "dap", "birp"])
def test_stored_note_equals_the_note_from_the_file(store: Database, fmt: str) -> None:
    """A note from the stored analysis has the same sections as one analysed from the file."""
    _, (session,) = _imported(store, "riley-07")
    lee = services.actor_for(store, services.list_users(store, ADMIN)[-1])
    drafted, stored = services.note_for_stored(store, lee, session_id=session, format=fmt)
    fresh = build_note(services.analyse_paths([_demo("riley-07")]).results[0], fmt)
    assert drafted.sections == fresh.sections
    assert stored.result.session.id == str(session) and stored.text_purged_at is None


def test_stored_note_includes_the_sessions_stored_forms(store: Database) -> None:
    """A stored session's note scores the forms recorded for that session, without --measures."""
    client, (session,) = _imported(store, "riley-07")
    services.record_measure(
        store,
        ADMIN,
        client_id=client,
        measure="PHQ9",
        items=PHQ9,
        date=dt.date(2026, 9, 7),
        session_id=session,
    )
    drafted, _ = services.note_for_stored(store, ADMIN, session_id=session, format="soap")
    texts = [s.text for section in drafted.sections for s in section.sentences]
    assert any(t.startswith("PHQ-9 total 12") for t in texts), texts


def test_supervisor_note_shows_only_the_shared_sessions_linked_forms(store: Database) -> None:
    """A supervisor's note has the shared session's linked form, no unlinked one, and says so."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH, ConsentKind.SUPERVISION_SHARING)
    path = _demo("riley-07")
    (session,) = services.import_transcript(store, lee, client_id=client, path=path).session_ids
    services.work(store, ADMIN)
    services.record_measure(
        store, ADMIN, client_id=client, measure="PHQ9", items=PHQ9, session_id=session
    )
    services.record_measure(
        store, ADMIN, client_id=client, measure="GAD7", items=["1"] * 7, date=dt.date(2026, 9, 1)
    )
    services.share_session(store, lee, session_id=session)
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    sup = services.actor_for(store, user)
    drafted, _ = services.note_for_stored(store, sup, session_id=session, format="soap")
    owner, _ = services.note_for_stored(store, lee, session_id=session, format="soap")
    seen = [s.text for sec in drafted.sections for s in sec.sentences]
    assert any(t.startswith("PHQ-9 total") for t in seen)
    assert not any("GAD" in t for t in seen)
    assert any(t.startswith("Measures shown to supervisors") for t in seen)
    assert not any(
        s.text.startswith("Measures shown to supervisors")
        for sec in owner.sections
        for s in sec.sentences
    )


def test_supervisor_note_page_audits_no_refusal(store: Database) -> None:
    """A supervisor drafting an allowed note leaves views only: no "refused" entry for forms."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH, ConsentKind.SUPERVISION_SHARING)
    (session,) = services.import_transcript(
        store, lee, client_id=client, path=_demo("alex-01")
    ).session_ids
    services.work(store, ADMIN)
    services.share_session(store, lee, session_id=session)
    user = services.create_user(
        store, ADMIN, username="reviewer", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="reviewer", therapist="dr-lee")
    reviewer = services.actor_for(store, user)
    services.note_for_stored(store, reviewer, session_id=session, format="dap")
    with store.transaction() as db:
        mine = [e for e in audit.entries(db) if e.actor == reviewer.label]
    assert [(e.action, e.resource) for e in mine] == [
        ("view", "session"),
        ("view", "analysis"),
        ("view", "measure"),  # the forms linked to the shared session (none here)
    ]


def test_refused_session_is_audited_with_its_own_id(store: Database) -> None:
    """A refused session view names the session asked for; the client id is in the detail."""
    client, (session,) = _imported(store, "alex-01")
    kim = therapist(store, "dr-kim")
    with pytest.raises(AccessDeniedError):
        services.stored_result(store, kim, session_id=session)
    with store.transaction() as db:
        last = audit.entries(db)[-1]
    assert (last.actor, last.action, last.resource, last.resource_id) == (
        kim.label,
        "refused",
        "session",
        str(session),
    )
    assert dict(last.detail) == {"action": "view", "client": client}


def test_viewing_a_stored_result_is_audited(store: Database) -> None:
    """Rebuilding a result writes view entries for the session and its analysis."""
    _, (session,) = _imported(store, "riley-07")
    stored = services.stored_result(store, ADMIN, session_id=session)
    with store.transaction() as db:
        last = audit.entries(db)[-2:]
    assert [(e.action, e.resource) for e in last] == [("view", "session"), ("view", "analysis")]
    assert last[0].resource_id == str(session) and last[1].resource_id == str(stored.analysis_id)


def test_other_therapist_is_refused(store: Database) -> None:
    """A therapist who does not own the client cannot rebuild its session or caseload."""
    client, (session,) = _imported(store, "riley-07")
    kim = therapist(store, "dr-kim")
    with pytest.raises(AccessDeniedError):
        services.stored_result(store, kim, session_id=session)
    with pytest.raises(AccessDeniedError):
        services.insights_for_stored(store, kim, client_id=client)


def test_missing_analysis_names_the_missing_consent(store: Database) -> None:
    """A session imported without analysis consent has no result; the error names that consent."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    report = services.import_transcript(store, lee, client_id=client, path=_demo("riley-07"))
    fix = f"alliancelens consent grant {client} analysis"
    with pytest.raises(NotFoundError, match=fix):
        services.stored_result(store, lee, session_id=report.session_ids[0])
    with pytest.raises(NotFoundError, match=fix):
        services.insights_for_stored(store, lee, client_id=client)


def test_missing_analysis_with_consent_says_to_run_jobs_work(store: Database) -> None:
    """With analysis consent in force, an unanalysed session's error says to run jobs work."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING, ConsentKind.ANALYSIS)
    report = services.import_transcript(
        store, lee, client_id=client, path=_demo("riley-07"), analyse=False
    )
    with pytest.raises(NotFoundError, match="alliancelens jobs work"):
        services.stored_result(store, lee, session_id=report.session_ids[0])


def test_purged_session_note_says_quotes_are_unavailable(backend: str, tmp_path: Path) -> None:
    """After retention purges the text the note still builds, without quotes, and says why."""
    with temporary_store(backend, tmp_path, retention_days=30) as store:
        _, (session,) = _imported(store, "riley-07")
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
        assert services.purge_expired(store, ADMIN, now=later) == [session]
        drafted, stored = services.note_for_stored(store, ADMIN, session_id=session, format="soap")
    first = drafted.sections[0].sentences
    assert stored.text_purged_at is not None
    assert first[0].text.startswith("Client quotes are unavailable")
    assert first[0].evidence[0].details["analyser"] == "retention"
    texts = [s.text for section in drafted.sections for s in section.sentences]
    assert not any('"' in t for t in texts)
    assert any("utterance 27: (quote unavailable: text purged)" in t for t in texts)


def test_client_insights_use_date_order_and_stored_measures(store: Database) -> None:
    """client:ID insights equal the files' (sessions in date order) and attach stored forms."""
    client, ids = _imported(store, "alex-03", "alex-01")  # imported out of date order
    services.record_measure(
        store, ADMIN, client_id=client, measure="PHQ9", items=PHQ9, date=dt.date(2026, 9, 7)
    )
    result, caseload = services.insights_for_stored(store, ADMIN, client_id=client)
    (loaded,) = result.caseloads
    assert [r.session_id for r in loaded.sessions] == [str(ids[1]), str(ids[0])]
    assert loaded.measures is not None and loaded.client == f"client {client}"
    assert caseload.unanalysed == ()
    files = services.insights_for([_demo("alex-01"), _demo("alex-03")])
    # the stored PHQ-9 form adds its own alert (rule measure_alerts); the rest is the files'
    from_forms = [i for i in result.insights if i.rule == "measure_alerts"]
    assert [i.title for i in from_forms] == ["PHQ-9: safety item (urgent)"]
    # strengths read from the per-utterance codes cite utterances only where the codes are
    # passed: the store passes them, services.insights_for does not (yet)
    coded = {"reflective_listening", "complex_reflections", "mi_adherent_responses"}
    rest = [i for i in result.insights if i.rule != "measure_alerts" and i.rule not in coded]
    assert _shape(rest) == _shape([i for i in files.insights if i.rule not in coded])
    assert all(e.utterance_indexes for i in result.insights if i.rule in coded for e in i.evidence)


def test_exactly_one_of_session_and_client(store: Database) -> None:
    """insights_for_stored needs a session id or a client id, not both or neither."""
    with pytest.raises(services.UsageError):
        services.insights_for_stored(store, ADMIN)
