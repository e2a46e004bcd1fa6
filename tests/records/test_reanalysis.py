"""Outdated stored analyses: their state, the views' notices, init's count and bulk re-analysis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.analysers.registry import available
from alliancelens.config import Settings
from alliancelens.errors import AccessDeniedError, JobError
from alliancelens.records.freshness import AnalysisState
from alliancelens.security import audit
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database, migrate, transcripts
from alliancelens.storage.crypto import load_keyring
from alliancelens.storage.engine import make_engine
from alliancelens.storage.testing import temporary_database_url

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)
#: Synthetic, written for these tests: no risk wording at all, so a screen flags nothing.
CALM = (
    "Therapist: Where shall we start this afternoon?\n"
    "Client: The garden club asked me to run the autumn show and I said yes.\n"
    "Therapist: How does it feel to have said yes?\n"
    "Client: Nervous, but mostly pleased that they trusted me with it.\n"
)


def _stored(store: Database, tmp_path: Path, n: int = 1) -> tuple[Actor, int, list[int]]:
    """A therapist, a consenting client and ``n`` analysed calm sessions."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    ids = [
        services.import_transcript(
            store, lee, client_id=client, path=transcript(tmp_path, f"c{i}.txt", CALM)
        ).session_ids[0]
        for i in range(n)
    ]
    return lee, client, ids


def _newer_risk(monkeypatch: pytest.MonkeyPatch) -> int:
    """Install a risk screen one version newer than the one stored analyses were made by."""
    risk = available()["risk.language"]
    monkeypatch.setattr(risk, "version", risk.version + 1)
    return risk.version


def test_state_is_current_after_import(store: Database, tmp_path: Path) -> None:
    """A session analysed by the installed analysers is 'current'."""
    lee, client, (session,) = _stored(store, tmp_path)
    states = services.session_analyses(store, lee, client_id=client)
    assert states[session].state is AnalysisState.CURRENT and states[session].outdated == ()


def test_upgraded_analyser_makes_stored_analyses_outdated(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the installed risk screen's version rises, the stored analysis is 'outdated'."""
    lee, client, (session,) = _stored(store, tmp_path)
    old = _newer_risk(monkeypatch) - 1
    state = services.session_analyses(store, lee, client_id=client)[session]
    assert state.state is AnalysisState.OUTDATED
    assert [(r.name, r.stored, r.current) for r in state.outdated] == [
        ("risk.language", old, old + 1)
    ]
    assert services.count_outdated(store).outdated == (session,)


def test_outdated_risk_screen_is_never_summarised_as_no_risk(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note from an outdated unflagged risk screen opens saying so and how to re-analyse."""
    lee, _, (session,) = _stored(store, tmp_path)
    _newer_risk(monkeypatch)
    drafted, stored = services.note_for_stored(store, lee, session_id=session, format="soap")
    assert stored.risk_outdated is not None and stored.outdated_notice is not None
    opening = [s.text for s in drafted.sections[0].sentences]
    assert opening[0].startswith(f"Session {session}: analysis made with an older analyser")
    assert f"sessions analyse {session}" in opening[0]
    assert "screened with an older version" in opening[1] and "not 'no risk'" in opening[1]


def test_current_note_has_no_outdated_notice(store: Database, tmp_path: Path) -> None:
    """A current analysis gives a note without any outdated notice."""
    lee, _, (session,) = _stored(store, tmp_path)
    drafted, stored = services.note_for_stored(store, lee, session_id=session, format="soap")
    texts = " ".join(s.text for section in drafted.sections for s in section.sentences)
    assert stored.outdated_notice is None and "older" not in texts


def test_reanalyse_outdated_refreshes_and_lists_purged(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bulk re-analysis runs outdated sessions and lists purged ones as not re-analysable."""
    lee, client, (fresh, purged) = _stored(store, tmp_path, n=2)
    newer_risk = _newer_risk(monkeypatch)
    with store.transaction() as db:
        transcripts.purge_text(db, session_id=purged)
    report = services.reanalyse_outdated(store, lee, client_id=client)
    assert [s for s, _ in report.jobs] == [fresh] and report.purged == (purged,)
    states = services.session_analyses(store, lee, client_id=client)
    assert states[fresh].state is AnalysisState.CURRENT
    assert states[purged].state is AnalysisState.PURGED and states[purged].outdated
    assert services.count_outdated(store).purged == (purged,)
    again = services.reanalyse_outdated(store, lee, client_id=client)
    assert again.jobs == () and again.purged == (purged,)
    assert newer_risk == available()["risk.language"].version


def test_reanalyse_skips_others_clients_and_reports_missing_consent(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --client a therapist re-analyses only their own; a withdrawn consent is named."""
    lee, client, (session,) = _stored(store, tmp_path)
    _newer_risk(monkeypatch)
    other = therapist(store, "dr-ng")
    assert services.reanalyse_outdated(store, other).jobs == ()
    services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS)
    report = services.reanalyse_outdated(store, ADMIN)
    assert report.jobs == () and [s for s, _ in report.refused] == [session]
    assert "analysis consent" in report.refused[0][1]


def test_analyse_refuses_a_purged_session_before_queueing(store: Database, tmp_path: Path) -> None:
    """Asking to analyse a purged session is AL609 and queues no job."""

    lee, _, (session,) = _stored(store, tmp_path)
    with store.transaction() as db:
        transcripts.purge_text(db, session_id=session)
    before = services.list_jobs(store, ADMIN)
    with pytest.raises(JobError, match="purged") as raised:
        services.request_analysis(store, lee, session_id=session)
    assert raised.value.code == "AL609" and services.list_jobs(store, ADMIN) == before


def test_init_after_an_upgrade_is_audited(backend: str, tmp_path: Path) -> None:
    """initialise_store on a store at the previous schema audits the upgrade (from, to)."""

    previous = migrate.revisions()[-2]
    with temporary_database_url(backend, tmp_path) as url:
        settings = Settings(home=tmp_path, database_url=url)
        engine = make_engine(settings, keyring=load_keyring(settings, create=True))
        migrate.upgrade(engine, previous)
        engine.dispose()
        done = services.initialise_store(settings)
        try:
            assert done.upgraded_from == previous and done.upgraded_to == migrate.head_revision()
            assert done.outdated == services.OutdatedCount((), ())
            with done.database.transaction() as db:
                last = audit.entries(db, limit=1)[0]
            assert (last.action, last.resource) == ("upgrade", "schema")
            assert dict(last.detail) == {"from": previous, "to": done.upgraded_to}
            again = services.initialise_store(settings)
            again.database.close()
            assert again.upgraded_from is None
        finally:
            done.database.close()


def test_import_before_the_recording_consent_warns(store: Database, tmp_path: Path) -> None:
    """A session dated before the recording consent began is stored with one warning."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    services.grant_consent(
        store, lee, client_id=client, kind=ConsentKind.RECORDING, on=dt.date(2026, 6, 1)
    )
    early = services.import_transcript(
        store,
        lee,
        client_id=client,
        path=transcript(tmp_path, "a.txt", CALM),
        session_date=dt.date(2026, 5, 20),
    )
    covered = services.import_transcript(
        store,
        lee,
        client_id=client,
        path=transcript(tmp_path, "b.txt", CALM),
        session_date=dt.date(2026, 6, 2),
    )
    assert [w for w in early.warnings if "recording consent" in w] and early.session_ids
    assert not [w for w in covered.warnings if "recording consent" in w]
    assert "2026" not in " ".join(early.warnings)


def test_supervisor_reads_the_state_of_a_shared_session_only(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """session_analysis: a supervisor reads a shared session's state, never an unshared one's."""
    lee, client, (shared, private) = _stored(store, tmp_path, n=2)
    user = services.create_user(
        store, ADMIN, username="sup-ng", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup-ng", therapist="dr-lee")
    supervisor = services.actor_for(store, user)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.SUPERVISION_SHARING)
    services.share_session(store, lee, session_id=shared)
    version = _newer_risk(monkeypatch)
    state = services.session_analysis(store, supervisor, session_id=shared)
    assert (state.session_id, state.state) == (shared, AnalysisState.OUTDATED)
    assert [(r.name, r.current) for r in state.outdated] == [("risk.language", version)]
    with pytest.raises(AccessDeniedError):
        services.session_analysis(store, supervisor, session_id=private)


def test_not_analysed_insights_name_each_unanalysed_session_with_its_reason(
    store: Database, tmp_path: Path
) -> None:
    """Sessions without analysis (no consent, or not run) each get a row; analysed ones none."""
    lee, client, (analysed,) = _stored(store, tmp_path)
    skipped = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path, "later.txt", CALM), analyse=False
    ).session_ids[0]
    rows = services.not_analysed_insights(store, lee, client_id=client)
    assert [(r.rule, r.evidence[0].session_id) for r in rows] == [
        ("session_not_analysed", str(skipped))
    ]
    assert f"sessions analyse {skipped}" in rows[0].explanation
    assert (
        services.not_analysed_insights(store, lee, client_id=client, session_ids=(analysed,)) == ()
    )
