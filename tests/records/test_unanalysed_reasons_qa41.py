"""QA41 #7: a "Session not analysed" reason names the analysis job's state; web names no command."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_records import client_with_consents, therapist, transcript
from sqlalchemy import update

from alliancelens import services
from alliancelens.errors import QueueUnavailableError
from alliancelens.records import unanalysed_reasons
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.tables import JobRow

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)


class _Down:
    """A queue that takes nothing: the job stays queued in the database."""

    name = "rq"

    def submit(self, job_id: int) -> None:
        raise QueueUnavailableError(f"cannot hand job {job_id} to Redis")


def _reason(store: Database, tmp_path: Path, state: str | None, *, web: bool) -> str:
    """The one reason for a session whose latest analysis job is in ``state`` (None: no job)."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    report = services.import_transcript(
        store,
        lee,
        client_id=client,
        path=transcript(tmp_path),
        backend=_Down(),
        analyse=bool(state),
    )
    if state is not None:
        with store.transaction() as db:
            db.execute(
                update(JobRow)
                .where(JobRow.id == report.job_ids[0])
                .values(status=state, attempts=0 if state == "queued" else 3)
            )
    [(session_id, reason)] = unanalysed_reasons(store, lee, client_id=client, web=web)
    assert session_id == report.session_ids[0]
    return reason


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("failed", "its analysis failed (job 1, after 3 attempt(s)); run `alliancelens sessions"),
        ("queued", "its analysis is queued (job 1); if it stays queued, run `alliancelens jobs"),
        ("running", "its analysis is running (job 1)"),
        (None, "no stored analysis yet; run `alliancelens jobs work`"),
    ],
)
def test_cli_reason_names_the_analysis_job_state(
    store: Database, tmp_path: Path, state: str | None, expected: str
) -> None:
    """The CLI reason says failed (job, attempts) / queued / running, else "not run yet"."""
    assert expected in _reason(store, tmp_path, state, web=False)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("failed", "its analysis failed (job 1, after 3 attempt(s)); use Analyse this session"),
        ("queued", "its analysis is queued (job 1); it appears here once it has run"),
        ("running", "its analysis is running (job 1)"),
        (None, "no stored analysis yet; use Analyse this session on the session's page"),
    ],
)
def test_web_reason_names_the_job_state_and_no_cli_command(
    store: Database, tmp_path: Path, state: str | None, expected: str
) -> None:
    """The dashboard reason names the job state and the button, never an `alliancelens` command."""
    reason = _reason(store, tmp_path, state, web=True)
    assert expected in reason and "alliancelens" not in reason and "`" not in reason


def test_web_reason_without_analysis_consent_names_no_cli_command(
    store: Database, tmp_path: Path
) -> None:
    """Missing analysis consent, on the dashboard: the consent and the button, no command."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    [(_, reason)] = unanalysed_reasons(store, lee, client_id=client, web=True)
    assert "analysis consent is not in force" in reason and "alliancelens" not in reason
    [(_, cli)] = unanalysed_reasons(store, lee, client_id=client)
    assert "`alliancelens consent grant" in cli
