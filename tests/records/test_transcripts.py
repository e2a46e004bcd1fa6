"""Importing, viewing, sharing and analysing transcripts, with consents and access checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_records import (
    ADMIN,
    PASSWORD,
    SECRET_LINE,
    client_with_consents,
    therapist,
    transcript,
)

from alliancelens import services
from alliancelens.analysers import default_pipeline
from alliancelens.errors import AccessDeniedError, ConsentError
from alliancelens.security.policy import Role
from alliancelens.storage import ConsentKind, Database, JobStatus, jobrows

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)


def test_import_stores_sessions_and_runs_analysis_in_process(
    store: Database, tmp_path: Path
) -> None:
    """With both consents an import stores the session and the in-process job analyses it."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    report = services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    assert len(report.session_ids) == 1 and len(report.job_ids) == 1
    stored = services.view_session(store, lee, session_id=report.session_ids[0])
    assert SECRET_LINE in stored.session.utterances[1].text
    analyses = services.get_analyses(store, lee, session_id=report.session_ids[0])
    assert len(analyses) == 1 and analyses[0].findings
    assert [r.name for r in analyses[0].runs] == [a.name for a in default_pipeline().analysers]
    assert next(r for r in analyses[0].runs if r.name == "talk.statistics").status.value == "ok"
    with store.transaction() as db:
        assert jobrows.get_job(db, job_id=report.job_ids[0]).status is JobStatus.DONE


def test_import_refuses_without_recording_consent(store: Database, tmp_path: Path) -> None:
    """No recording consent: nothing is stored and the error names the consent and the fix."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.ANALYSIS)
    with pytest.raises(ConsentError, match=rf"recording consent of client {client} has not been"):
        services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    assert services.list_sessions(store, lee, client_id=client) == []


def test_analysis_refuses_without_analysis_consent(store: Database, tmp_path: Path) -> None:
    """Import works without analysis consent, but no job is queued and a request is refused."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    report = services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    assert report.job_ids == () and report.analysis_skipped is not None
    with pytest.raises(ConsentError, match=r"analysis consent .* has not been recorded") as caught:
        services.request_analysis(store, lee, session_id=report.session_ids[0])
    assert "consent grant" in str(caught.value)


def test_withdrawn_consent_stops_processing(store: Database, tmp_path: Path) -> None:
    """After withdrawal a queued job is cancelled and stores nothing, and requests are refused."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    queued: list[int] = []

    class Hold:  # a backend that keeps jobs queued
        name = "hold"

        def submit(self, job_id: int) -> None:
            queued.append(job_id)

    report = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), backend=Hold()
    )
    cancelled = services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.ANALYSIS)
    assert cancelled == 1
    outcome = services.work(store, ADMIN)
    assert outcome.outcomes == ()
    assert services.get_analyses(store, lee, session_id=report.session_ids[0]) == []
    with pytest.raises(ConsentError, match="was withdrawn"):
        services.request_analysis(store, lee, session_id=report.session_ids[0])


def test_analysis_is_idempotent(store: Database, tmp_path: Path) -> None:
    """Requesting the same analysis again returns the same done job; nothing is duplicated."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    report = services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    again = services.request_analysis(store, lee, session_id=report.session_ids[0])
    assert again == report.job_ids[0]
    assert len(services.get_analyses(store, lee, session_id=report.session_ids[0])) == 1


def test_other_therapist_cannot_import_view_or_analyse(store: Database, tmp_path: Path) -> None:
    """Nobody reads across therapists."""
    lee, kim = therapist(store, "dr-lee"), therapist(store, "dr-kim")
    client = client_with_consents(store, lee, *BOTH)
    session = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path)
    ).session_ids[0]
    with pytest.raises(AccessDeniedError):
        services.import_transcript(store, kim, client_id=client, path=transcript(tmp_path))
    with pytest.raises(AccessDeniedError):
        services.view_session(store, kim, session_id=session)
    with pytest.raises(AccessDeniedError):
        services.get_analyses(store, kim, session_id=session)


def test_supervisor_sees_only_shared_sessions_with_consent(store: Database, tmp_path: Path) -> None:
    """A supervisor views a supervisee's session only once shared, and only with consent."""
    lee = therapist(store)
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    supervisor = services.actor_for(store, user)
    client = client_with_consents(store, lee, *BOTH)
    session = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path)
    ).session_ids[0]
    with pytest.raises(AccessDeniedError, match="not shared"):
        services.view_session(store, supervisor, session_id=session)
    with pytest.raises(ConsentError, match="supervision-sharing consent"):
        services.share_session(store, lee, session_id=session)
    services.grant_consent(store, lee, client_id=client, kind=ConsentKind.SUPERVISION_SHARING)
    services.share_session(store, lee, session_id=session)
    assert services.view_session(store, supervisor, session_id=session).session.utterances
    assert services.get_analyses(store, supervisor, session_id=session)
    services.withdraw_consent(store, lee, client_id=client, kind=ConsentKind.SUPERVISION_SHARING)
    with pytest.raises(AccessDeniedError, match="not consented"):
        services.view_session(store, supervisor, session_id=session)
