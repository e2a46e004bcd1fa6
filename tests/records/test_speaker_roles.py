"""Correcting the speaker roles of a stored session, and the import warnings kept with it (QA42).

Every dialogue here was written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.domain import ROLES_GUESSED, Role
from alliancelens.errors import AccessDeniedError, UsageError
from alliancelens.records.transcripts import IMPORT_WARNINGS
from alliancelens.report import codes_and_summary
from alliancelens.security.policy import Actor
from alliancelens.security.policy import Role as UserRole
from alliancelens.storage import ConsentKind, Database

BOTH = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)
#: No role words: the roles are guessed. Speaker 1 (Orla) is the client; she asks anxious
#: questions, and at her fourth turn voices a passive wish not to wake up.
GUESSED = (
    "Orla: Can I ask you something first? Do you think I'm getting worse?\n"
    "Brennan: I notice you're worried about that. I think we can look at it together.\n"
    "Orla: Why does nothing I try seem to work? What am I doing wrong?\n"
    "Brennan: I hear how frustrated you are. I wonder what you have tried this week.\n"
    "Orla: Is it normal to feel like this? Will it ever stop?\n"
    "Brennan: I can't promise when, but I have seen people find their way through this.\n"
    "Orla: Sometimes I wish I could just go to sleep and not wake up.\n"
    "Brennan: Thank you for telling me. I'd like to understand more about that wish.\n"
)


def _guessed(store: Database, tmp_path: Path) -> tuple[Actor, int, int]:
    """A therapist, a consenting client and one analysed session whose roles were guessed."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    path = transcript(tmp_path, "orla-2026-11-20.txt", GUESSED)
    report = services.import_transcript(store, lee, client_id=client, path=path)
    return lee, client, report.session_ids[0]


def test_import_stores_the_reader_warnings_without_the_file_name(
    store: Database, tmp_path: Path
) -> None:
    """QA42 #6: the reader's warnings are stored with the session, the file called 'the file'."""
    lee, _, session = _guessed(store, tmp_path)
    stored = services.view_session(store, lee, session_id=session).session
    notes = stored.metadata[IMPORT_WARNINGS].split("\n")
    assert any("speaker role(s) guessed" in n for n in notes)
    assert all("orla" not in n.casefold() and str(tmp_path) not in n for n in notes)
    assert all("Brennan" not in n for n in notes)


def test_import_warning_names_the_roles_command(store: Database, tmp_path: Path) -> None:
    """QA42 #4: an import whose roles were guessed says how to correct them after the import."""
    lee = therapist(store)
    client = client_with_consents(store, lee, *BOTH)
    path = transcript(tmp_path, "s.txt", GUESSED)
    report = services.import_transcript(store, lee, client_id=client, path=path)
    (session,) = report.session_ids
    assert any(f"alliancelens sessions roles {session} --therapist N" in w for w in report.warnings)


def test_setting_the_therapist_fixes_roles_and_reanalyses(store: Database, tmp_path: Path) -> None:
    """QA42 #4: roles set on a stored session change its utterances and its stored analysis."""
    lee, _, session = _guessed(store, tmp_path)
    report = services.set_speaker_roles(store, lee, session_id=session, therapists=["2"])
    assert report.roles == ((1, Role.CLIENT), (2, Role.THERAPIST)) and report.job_id is not None
    stored = services.stored_result(store, lee, session_id=session)
    current = stored.result.session
    assert ROLES_GUESSED not in current.metadata
    assert [u.role for u in current.utterances[:2]] == [Role.CLIENT, Role.THERAPIST]
    screening = codes_and_summary(stored.result)[1]["risk_screening"]
    assert not screening.get("roles_guessed")
    flagged = {int(f["index"]) for f in codes_and_summary(stored.result)[1]["risk"]}
    assert 6 in flagged  # the wish, now read as the client's own words
    assert "speaker role(s) guessed" not in current.metadata.get(IMPORT_WARNINGS, "")


def test_labels_work_like_numbers_and_an_unchanged_role_queues_nothing(
    store: Database, tmp_path: Path
) -> None:
    """A label (any case) names a speaker as a number does; the same roles again are a no-op."""
    lee, _, session = _guessed(store, tmp_path)
    first = services.set_speaker_roles(store, lee, session_id=session, therapists=["brennan"])
    again = services.set_speaker_roles(store, lee, session_id=session, clients=["1"])
    assert first.changed and first.job_id is not None
    assert not again.changed and again.job_id is None


def test_roles_change_is_audited_without_labels(store: Database, tmp_path: Path) -> None:
    """The audit entry gives speaker numbers and roles, never a label (labels are often names)."""
    lee, _, session = _guessed(store, tmp_path)
    services.set_speaker_roles(store, lee, session_id=session, therapists=["Brennan"])
    entries = [
        e
        for e in services.list_audit(store, ADMIN, services.AuditFilter(action="update"))
        if e.action == "update" and e.resource == "session" and e.resource_id == str(session)
    ]
    assert entries and entries[-1].detail["roles"] == {"1": "client", "2": "therapist"}
    assert "Brennan" not in repr(entries[-1]) and "Orla" not in repr(entries[-1])


@pytest.mark.parametrize(
    ("therapists", "clients"),
    [((), ()), (("Nobody",), ()), (("3",), ()), (("1",), ("orla",))],
    ids=["nothing", "unknown-label", "no-speaker-3", "both-roles"],
)
def test_bad_role_options_are_refused_without_labels(
    store: Database, tmp_path: Path, therapists: tuple[str, ...], clients: tuple[str, ...]
) -> None:
    """Missing, unknown or contradictory names are one usage error naming no label."""
    lee, _, session = _guessed(store, tmp_path)
    with pytest.raises(UsageError) as caught:
        services.set_speaker_roles(
            store, lee, session_id=session, therapists=therapists, clients=clients
        )
    assert "Orla" not in str(caught.value) and "Brennan" not in str(caught.value)
    stored = services.view_session(store, lee, session_id=session).session
    assert stored.metadata.get(ROLES_GUESSED) == "yes"  # nothing changed


def test_a_supervisor_may_not_set_roles(store: Database, tmp_path: Path) -> None:
    """Setting roles needs the rights of re-analysis: a supervisor is refused."""
    _, _, session = _guessed(store, tmp_path)
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=UserRole.SUPERVISOR
    )
    supervisor = services.actor_for(store, user)
    with pytest.raises(AccessDeniedError):
        services.set_speaker_roles(store, supervisor, session_id=session, therapists=["2"])
