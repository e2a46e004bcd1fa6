"""Importing, viewing, sharing and analysing transcripts, with consents and access checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers_records import (
    ADMIN,
    CLIENT_NAME,
    PASSWORD,
    SECRET_LINE,
    client_with_consents,
    therapist,
    transcript,
)
from sqlalchemy import func, select

from alliancelens import services
from alliancelens.analysers import default_pipeline
from alliancelens.errors import (
    AccessDeniedError,
    ConsentError,
    DuplicateImportError,
    NotFoundError,
    UsageError,
)
from alliancelens.records import transcripts as records_transcripts
from alliancelens.records.jobs import backend_for
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database, JobStatus, jobrows
from alliancelens.storage.tables import SessionRow

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


def _shared_world(store: Database, tmp_path: Path) -> tuple[dict[str, Actor], dict[str, int]]:
    """dr-lee (supervised by sup) and dr-kim; sessions in every sharing and consent state."""
    lee, kim = therapist(store, "dr-lee"), therapist(store, "dr-kim")
    actors = {"lee": lee, "kim": kim}
    for name in ("sup", "sup-none"):
        user = services.create_user(
            store, ADMIN, username=name, password=PASSWORD, role=Role.SUPERVISOR
        )
        if name == "sup":
            services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
        actors[name] = services.actor_for(store, user)
    everything = (*BOTH, ConsentKind.SUPERVISION_SHARING)
    a = client_with_consents(store, lee, *everything)
    withdrawn = client_with_consents(store, lee, *everything)
    c = client_with_consents(store, kim, *everything)
    path = transcript(tmp_path)
    ids = {
        name: services.import_transcript(
            store, owner, client_id=client, path=path, analyse=False, allow_duplicate=True
        ).session_ids[0]
        for name, owner, client in (
            ("shared", lee, a),
            ("unshared", lee, a),
            ("withdrawn", lee, withdrawn),
            ("other", kim, c),
        )
    }
    for name, owner in (("shared", lee), ("withdrawn", lee), ("other", kim)):
        services.share_session(store, owner, session_id=ids[name])
    services.withdraw_consent(store, lee, client_id=withdrawn, kind=ConsentKind.SUPERVISION_SHARING)
    return actors, ids


def test_supervisor_lists_exactly_the_sessions_they_may_view(
    store: Database, tmp_path: Path
) -> None:
    """The supervisor's list is every session view_session lets them open, and no other."""
    actors, ids = _shared_world(store, tmp_path)
    sup = actors["sup"]
    listed = services.list_shared_sessions(store, sup)
    assert [s.summary.id for s in listed] == [ids["shared"]]
    assert listed[0].therapist == "dr-lee" and listed[0].therapist_id == actors["lee"].user_id
    for session_id in ids.values():
        if session_id in {s.summary.id for s in listed}:
            assert services.view_session(store, sup, session_id=session_id).session.utterances
        else:
            with pytest.raises(AccessDeniedError):
                services.view_session(store, sup, session_id=session_id)


def test_shared_list_carries_no_text_or_client_name(store: Database, tmp_path: Path) -> None:
    """The listing holds summaries only: neither transcript text nor the client's name."""
    actors, _ = _shared_world(store, tmp_path)
    dumped = repr(services.list_shared_sessions(store, actors["sup"]))
    assert SECRET_LINE not in dumped and CLIENT_NAME not in dumped


@pytest.mark.parametrize(
    ("who", "expected"),
    [("sup-none", []), ("lee", ["shared"]), ("kim", ["other"]), ("admin", ["shared", "other"])],
)
def test_shared_list_scope_by_role(
    store: Database, tmp_path: Path, who: str, expected: list[str]
) -> None:
    """Unsupervising supervisors list nothing; therapists their own; admins every therapist's."""
    actors, ids = _shared_world(store, tmp_path)
    actor = ADMIN if who == "admin" else actors[who]
    listed = [s.summary.id for s in services.list_shared_sessions(store, actor)]
    assert listed == [ids[name] for name in expected]


def test_shared_list_refuses_client_accounts(store: Database, tmp_path: Path) -> None:
    """A client account may not list shared sessions (the policy's refusal)."""
    actors, _ = _shared_world(store, tmp_path)
    client_id = services.list_clients(store, actors["lee"])[0].id
    user = services.create_user(
        store, ADMIN, username="client", password=PASSWORD, role=Role.CLIENT, client_id=client_id
    )
    with pytest.raises(AccessDeniedError, match="clients may only"):
        services.list_shared_sessions(store, services.actor_for(store, user))


def test_shared_list_follows_unsharing(store: Database, tmp_path: Path) -> None:
    """Once the therapist stops sharing, the session leaves the supervisor's list."""
    actors, ids = _shared_world(store, tmp_path)
    services.share_session(store, actors["lee"], session_id=ids["shared"], shared=False)
    assert services.list_shared_sessions(store, actors["sup"]) == []


DEMO_JSON = Path(__file__).parents[2] / "src/alliancelens/demo/sessions/alex-03.json"


def test_import_stores_the_given_session_date(store: Database, tmp_path: Path) -> None:
    """A session date given to the import is stored; without one a text file has none."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    services.grant_consent(
        store, lee, client_id=client, kind=ConsentKind.RECORDING, on=dt.date(2026, 1, 5)
    )
    dated = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), session_date=dt.date(2026, 3, 14)
    )
    plain = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path, "b.txt")
    )
    view = services.view_session(store, lee, session_id=dated.session_ids[0])
    assert view.session.date == dt.date(2026, 3, 14) and dated.warnings == ()
    assert services.view_session(store, lee, session_id=plain.session_ids[0]).session.date is None


def test_given_date_wins_over_the_files_date(store: Database) -> None:
    """A JSON file's own date is replaced by the given one, with a warning that holds no date."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    kept = services.import_transcript(store, lee, client_id=client, path=DEMO_JSON)
    assert services.view_session(store, lee, session_id=kept.session_ids[0]).session.date == (
        dt.date(2026, 9, 21)
    )
    given = services.import_transcript(
        store,
        lee,
        client_id=client,
        path=DEMO_JSON,
        session_date=dt.date(2026, 9, 20),
        allow_duplicate=True,
    )
    stored = services.view_session(store, lee, session_id=given.session_ids[0])
    assert stored.session.date == dt.date(2026, 9, 20)
    note = next(w for w in given.warnings if "another session date" in w)
    assert "2026" not in note


def test_future_session_date_is_refused_and_stores_nothing(store: Database, tmp_path: Path) -> None:
    """A session date after today is refused before anything is stored."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    with pytest.raises(UsageError, match="--date is after today") as caught:
        services.import_transcript(
            store, lee, client_id=client, path=transcript(tmp_path), session_date=tomorrow
        )
    assert tomorrow.isoformat() not in str(caught.value)  # the typed date is not repeated
    assert services.list_sessions(store, lee, client_id=client) == []


def test_undated_sessions_sort_after_dated_ones(store: Database, tmp_path: Path) -> None:
    """In the stored caseload dated sessions come in date order and undated ones last."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    undated = services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    late, early = (
        services.import_transcript(
            store, lee, client_id=client, path=transcript(tmp_path, f"{day}.txt"), session_date=day
        )
        for day in (dt.date(2026, 5, 2), dt.date(2026, 4, 1))
    )
    caseload = services.stored_caseload(store, lee, client_id=client)
    assert [r.session_id for r in caseload.results] == [
        early.session_ids[0],
        late.session_ids[0],
        undated.session_ids[0],
    ]


def test_import_with_the_queue_down_is_stored_once_and_queued(
    store: Database, tmp_path: Path
) -> None:
    """With Redis unreachable the import succeeds (no error), its job waits in the database and
    the next `jobs work` analyses the one stored session."""
    from alliancelens.errors import QueueUnavailableError

    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)

    class Down:  # a queue server that cannot be reached
        name = "rq"

        def submit(self, job_id: int) -> None:
            raise QueueUnavailableError(f"cannot hand job {job_id} to Redis")

    report = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), backend=Down()
    )
    assert report.unsubmitted == report.job_ids and len(report.job_ids) == 1
    assert [s.id for s in services.list_sessions(store, lee, client_id=client)] == list(
        report.session_ids
    )
    assert services.get_analyses(store, lee, session_id=report.session_ids[0]) == []
    services.work(store, ADMIN)
    assert services.get_analyses(store, lee, session_id=report.session_ids[0])


def test_refused_session_list_names_the_list_and_is_audited(
    store: Database, tmp_path: Path
) -> None:
    """A supervisor refused a client's session list is told about the list (not "session"),
    and the refusal is in the audit log by ids."""
    from alliancelens.security import audit

    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    sup_user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    sup = services.actor_for(store, sup_user)
    with pytest.raises(AccessDeniedError, match=f"may not list the sessions of client {client}"):
        services.list_sessions(store, sup, client_id=client)
    with store.transaction() as db:
        last = audit.entries(db)[-1]
    assert (last.actor, last.action, last.resource, last.resource_id) == (
        sup.label,
        "refused",
        "session",
        None,  # a list, not one record: the client id is in the detail
    )
    assert dict(last.detail) == {"action": "view", "client": client}


def test_reimport_of_the_same_file_is_refused_and_stores_nothing(
    store: Database, tmp_path: Path
) -> None:
    """The same bytes for the same client: refused, naming the earlier session; nothing stored."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    path = transcript(tmp_path, "week-3.txt")
    first = services.import_transcript(store, lee, client_id=client, path=path, analyse=False)
    copy = tmp_path / "renamed copy.txt"
    copy.write_bytes(path.read_bytes())
    with pytest.raises(DuplicateImportError) as caught:
        services.import_transcript(store, lee, client_id=client, path=copy)
    message = str(caught.value)
    assert f"as session {first.session_ids[0]};" in message and "--allow-duplicate" in message
    assert caught.value.earlier == first.session_ids and "\n" not in message
    assert len(services.list_sessions(store, lee, client_id=client)) == 1
    assert services.list_jobs(store, ADMIN) == []  # the refused import queued no job either


def test_allow_duplicate_stores_again_and_names_the_earlier_session(
    store: Database, tmp_path: Path
) -> None:
    """With allow_duplicate the same bytes are stored again; ``duplicate_of`` names the first."""
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    path = transcript(tmp_path)
    first = services.import_transcript(store, lee, client_id=client, path=path, analyse=False)
    again = services.import_transcript(
        store, lee, client_id=client, path=path, analyse=False, allow_duplicate=True
    )
    assert again.duplicate_of == first.session_ids and not again.skipped_duplicate
    assert len(services.list_sessions(store, lee, client_id=client)) == 2


def test_same_file_for_another_client_is_not_a_duplicate(store: Database, tmp_path: Path) -> None:
    """Duplicates are looked for within one client's record only."""
    lee = therapist(store)
    one = client_with_consents(store, lee, ConsentKind.RECORDING)
    two = client_with_consents(store, lee, ConsentKind.RECORDING, name="Second Client")
    path = transcript(tmp_path)
    services.import_transcript(store, lee, client_id=one, path=path, analyse=False)
    report = services.import_transcript(store, lee, client_id=two, path=path, analyse=False)
    assert report.duplicate_of == () and len(report.session_ids) == 1


def test_skip_duplicates_stores_and_queues_nothing(store: Database, tmp_path: Path) -> None:
    """With skip_duplicates a known file stores no session and queues no job; a changed one does."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    path = transcript(tmp_path)
    first = services.import_transcript(store, lee, client_id=client, path=path)
    skipped = services.import_transcript(
        store, lee, client_id=client, path=path, skip_duplicates=True
    )
    assert skipped.skipped_duplicate and skipped.duplicate_of == first.session_ids
    assert skipped.session_ids == () and skipped.job_ids == ()
    assert len(services.list_sessions(store, lee, client_id=client)) == 1
    changed = transcript(tmp_path, text="Therapist: Hello.\nClient: Hi.\n")
    fresh = services.import_transcript(
        store, lee, client_id=client, path=changed, skip_duplicates=True
    )
    assert not fresh.skipped_duplicate and len(fresh.session_ids) == 1


def test_deidentified_import_keeps_no_file_name(store: Database, tmp_path: Path) -> None:
    """`import --deidentify` stores neither the file name nor a name-bearing session key."""
    pytest.importorskip("presidio_analyzer")
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    path = transcript(tmp_path, "petronella_voss_2025-10-30.txt")
    report = services.import_transcript(
        store, lee, client_id=client, path=path, analyse=False, deidentify=True
    )
    stored = services.view_session(store, lee, session_id=report.session_ids[0])
    assert stored.source_name is None and stored.summary.deidentified
    assert stored.session.id == "session-1"


class _DeletesClientFirst:
    """A job backend that erases the client (as another user would) before running the job."""

    name = "in-process"

    def __init__(self, store: Database, client_id: int) -> None:
        self.store, self.client_id = store, client_id
        self.inner = backend_for(store)

    def submit(self, job_id: int) -> None:
        """Delete the client, then run the (now deleted) job as the in-process backend does."""
        services.delete_client(self.store, ADMIN, client_id=self.client_id)
        self.inner.submit(job_id)


def test_import_report_leaves_out_what_a_concurrent_client_deletion_removed(
    store: Database, tmp_path: Path
) -> None:
    """A client erased while its import's analysis runs: no sessions or jobs claimed, flag set."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    note = "Therapist: Where shall we start?\nClient: With the orchard fence I mended.\n"
    report = services.import_transcript(
        store,
        lee,
        client_id=client,
        path=transcript(tmp_path, text=note),
        backend=_DeletesClientFirst(store, client),
    )
    assert (report.session_ids, report.job_ids, report.client_deleted) == ((), (), True)


def test_import_refuses_to_store_for_a_client_deleted_while_the_file_was_read(
    store: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client erased between the consent check and storing: one clear error, nothing stored."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    real_read = records_transcripts.read_file

    def read_then_lose_client(*args: Any, **kwargs: Any) -> Any:
        services.delete_client(store, ADMIN, client_id=client)
        return real_read(*args, **kwargs)

    monkeypatch.setattr(records_transcripts, "read_file", read_then_lose_client)
    with pytest.raises(NotFoundError, match=rf"client {client} was deleted while the file"):
        services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    with store.transaction() as db:
        assert db.scalar(select(func.count()).select_from(SessionRow)) == 0


def test_import_report_is_unchanged_when_nothing_was_deleted(
    store: Database, tmp_path: Path
) -> None:
    """Without a concurrent deletion the report lists its session and job, flag unset."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    report = services.import_transcript(store, lee, client_id=client, path=transcript(tmp_path))
    assert len(report.session_ids) == 1 and len(report.job_ids) == 1
    assert report.client_deleted is False
