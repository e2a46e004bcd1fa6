"""QA40 #5: refused actions lead back to where they came from, keeping what was typed.

All text is synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage import ConsentKind
from alliancelens.web.routers import imports

from .web_helpers import TRANSCRIPT, World, actor_of, csrf_of, make_app, sign_in


def _browser(world: World, user: str = "ther-a") -> TestClient:
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, user) == 303
    return browser


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b"  \n\n"),
        ("scan.pdf", b"%PDF-1.4\x00\x01\x02 not text"),
        ("nolabels.txt", b"hello there\nhow are you\n"),
    ],
)
def test_unreadable_upload_shows_the_form_again_keeping_date_and_label(
    world: World, name: str, data: bytes
) -> None:
    """A file the readers refuse re-shows the upload form: the file field marked, typing kept."""
    browser = _browser(world)
    fields = {
        "csrf_token": csrf_of(browser.get("/").text),
        "session_date": "2026-01-05",
        "therapist_label": "Dr Imaginary",
    }
    response = browser.post(
        f"/clients/{world.client_a}/import", data=fields, files={"transcript": (name, data)}
    )
    page = response.text
    assert response.status_code == 400 and "Cannot read the file" in page
    assert f'action="/clients/{world.client_a}/import"' in page  # the form, not a dead end
    assert 'value="2026-01-05"' in page and 'value="Dr Imaginary"' in page
    assert 'id="transcript" type="file" name="transcript" aria-invalid="true"' in page
    assert f"Transcript file: {name}" in page and "Nothing was stored" in page


def test_speaker_label_refusal_keeps_the_label_typed(world: World) -> None:
    """A label no speaker matches comes back in its field, to be corrected."""
    browser = _browser(world)
    fields = {"csrf_token": csrf_of(browser.get("/").text), "therapist_label": "Dr Nobody Here"}
    response = browser.post(
        f"/clients/{world.client_a}/import",
        data=fields,
        files={"transcript": ("s.txt", (TRANSCRIPT + "Client: once more.\n").encode())},
    )
    assert response.status_code == 400 and 'value="Dr Nobody Here"' in response.text


def test_oversize_upload_page_links_back_to_the_upload_box(world: World) -> None:
    """The 413 page of an upload links to the client's Add a session box."""
    browser = _browser(world)
    token = csrf_of(browser.get("/").text)
    big = b"x" * (imports.MAX_UPLOAD_BYTES + imports.ENVELOPE_BYTES + 1)
    response = browser.post(
        f"/clients/{world.client_a}/import",
        data={"csrf_token": token},
        files={"transcript": ("big.txt", big)},
    )
    assert response.status_code == 413
    assert f'href="/clients/{world.client_a}#add-session"' in response.text


def test_delete_without_the_box_links_back_to_the_session(world: World) -> None:
    """Delete without ticking the box: 400, nothing deleted, a link back to the Delete box."""
    browser = _browser(world)
    page = browser.get(f"/sessions/{world.unshared}").text
    response = browser.post(
        f"/sessions/{world.unshared}/delete", data={"csrf_token": csrf_of(page)}
    )
    assert response.status_code == 400 and "Confirm: tick the box" in response.text
    assert f'href="/sessions/{world.unshared}#delete"' in response.text
    assert browser.get(f"/sessions/{world.unshared}").status_code == 200


def test_share_without_consent_links_to_the_consents_box_and_back(
    world: World, tmp_path: Path
) -> None:
    """Sharing without supervision-sharing consent: 409 linking to the Consents box and back."""
    therapist = actor_of(world, "ther-a")
    new = services.create_client(world.database, therapist, name="Synthetic Share Case").id
    services.grant_consent(world.database, therapist, client_id=new, kind=ConsentKind.RECORDING)
    path = tmp_path / "s.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    session = services.import_transcript(
        world.database, therapist, client_id=new, path=path, analyse=False
    ).session_ids[0]
    browser = _browser(world)
    page = browser.get(f"/sessions/{session}").text
    response = browser.post(
        f"/sessions/{session}/share", data={"csrf_token": csrf_of(page), "shared": "true"}
    )
    assert response.status_code == 409
    assert f'href="/clients/{new}#consents"' in response.text
    assert f'href="/sessions/{session}"' in response.text
