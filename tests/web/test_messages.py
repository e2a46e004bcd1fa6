"""Our errors in web words: what to do on the page, never a CLI command or flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.errors import (
    AccessDeniedError,
    AllianceLensError,
    ConsentError,
    LicenceError,
    NotFoundError,
    UnknownFormatError,
    UsageError,
)
from alliancelens.storage import ConsentKind
from alliancelens.web._messages import consent_message, web_message

from .web_helpers import TRANSCRIPT, World, actor_of, csrf_of, sign_in


@pytest.mark.parametrize(
    ("error", "status", "shown"),
    [
        (
            ConsentError(
                "supervision-sharing consent of client 1 has not been recorded, so sharing "
                "cannot go ahead; record it with `alliancelens consent grant 1 "
                "supervision-sharing` once the client agrees"
            ),
            409,
            "Record the client's supervision-sharing consent in the Consents box",
        ),
        (
            UnknownFormatError("not a recognised transcript format", file="scan.pdf", hint="--x"),
            400,
            "scan.pdf: not a recognised transcript format (.txt, .vtt, .srt, .json, .csv or .docx)",
        ),
        (
            LicenceError(
                "SRS cannot be given through a link",
                hint="import it with `alliancelens measures import-definition FILE`",
            ),
            400,
            "SRS cannot be given through a link. Record paper scores with 'Record a measure'",
        ),
        (
            NotFoundError("no client with id 999; `alliancelens clients list` shows them"),
            404,
            "No client with id 999.",
        ),
        (UsageError("--hours must be above 0"), 400, "That cannot be done here."),
        (UsageError("Shared: send shared=true"), 400, "Shared: send shared=true"),
    ],
    ids=["consent", "format", "licence", "not-found", "flag-only", "plain"],
)
def test_web_message(error: AllianceLensError, status: int, shown: str) -> None:
    """Each message keeps the problem and says what to do in the browser, without the CLI."""
    text = web_message(error, status)
    assert shown in text and "`alliancelens" not in text and "--" not in text


def test_consent_message_names_every_missing_consent() -> None:
    """Two missing consents are both named, with the Consents box as the place to record them."""
    text = consent_message(3, [ConsentKind.RECORDING, ConsentKind.ANALYSIS], "it cannot go on")
    assert "recording and analysis consents are not in force" in text
    assert "Consents box on the client page" in text


def test_unknown_client_page_names_no_cli_command(client: TestClient) -> None:
    """The 404 page of an unknown client says so without a CLI command."""
    sign_in(client, "ther-a")
    response = client.get(f"/clients/{10**9}")
    assert response.status_code == 404 and f"No client with id {10**9}." in response.text
    assert "alliancelens clients" not in response.text


def test_share_without_consent_names_the_consents_box(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """Sharing a session of a client without sharing consent: 409 naming the page's box."""
    therapist = actor_of(world, "ther-a")
    new = services.create_client(world.database, therapist, name="Synthetic Person").id
    services.grant_consent(world.database, therapist, client_id=new, kind=ConsentKind.RECORDING)
    path = tmp_path / "s.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    report = services.import_transcript(
        world.database, therapist, client_id=new, path=path, analyse=False
    )
    session = report.session_ids[0]
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session}").text
    response = client.post(
        f"/sessions/{session}/share", data={"csrf_token": csrf_of(page), "shared": "true"}
    )
    assert response.status_code == 409 and "Consents box on the client page" in response.text
    assert "supervision-sharing consent" in response.text
    assert "alliancelens consent" not in response.text


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        (
            "user:3 (therapist) may not view client 1: therapists may only access "
            "their own clients' records",
            "This client is not on your caseload.",
        ),
        (
            "user:3 (therapist) may not view user: therapists have no access to user records",
            "User accounts can be seen only by an administrator.",
        ),
        (
            "user:4 (supervisor) may not view session of client 1: not shared for supervision",
            "This record is not shared with you.",
        ),
        (
            "user:4 (supervisor) may not view session of client 1: the client has not consented "
            "to supervision sharing",
            "This session is not visible to you: the client has not consented",
        ),
        (
            "user:4 (supervisor) may not view client 1: supervisors may only view shared sessions "
            "and their analyses",
            "A client's record stays with the therapist;",
        ),
        (
            "user:4 (supervisor) may not delete session of client 1: supervisors may only "
            "view shared sessions and their analyses",
            "Supervisors cannot delete sessions; ask the client's therapist or an administrator.",
        ),
        (
            "user:4 (supervisor) may not update session of client 1: supervisors may only "
            "view shared sessions and their analyses",
            "Supervisors cannot change sessions;",
        ),
    ],
)
def test_refusals_are_in_plain_words_without_ids_or_roles(message: str, shown: str) -> None:
    """A 403 page says what is out of reach and who can open it; no user ids or policy rules."""
    text = web_message(AccessDeniedError(message), 403)
    assert text.startswith(shown)
    assert "user:" not in text and "may not" not in text and "(therapist)" not in text


def test_other_therapists_client_page_is_refused_in_plain_words(
    client: TestClient, world: World
) -> None:
    """Another therapist opening a client gets the plain refusal, not the policy's sentence."""
    sign_in(client, "ther-b")
    response = client.get(f"/clients/{world.client_a}")
    assert response.status_code == 403 and "This client is not on your caseload." in response.text
    assert "user:" not in response.text


def test_supervisor_deleting_a_shared_session_is_told_supervisors_cannot_delete(
    client: TestClient, world: World
) -> None:
    """A session shared with the supervisor: the refusal names the role, not sharing."""
    sign_in(client, "sup-a")
    page = client.get(f"/sessions/{world.shared}")
    assert page.status_code == 200
    data = {"csrf_token": csrf_of(page.text), "confirm": "yes"}
    refused = client.post(f"/sessions/{world.shared}/delete", data=data)
    assert refused.status_code == 403
    assert "Supervisors cannot delete sessions" in refused.text
    assert "not shared with you" not in refused.text
