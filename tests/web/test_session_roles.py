"""Session page (QA42): import warnings shown, speaker roles set from the page, times shown.

Every dialogue here was written for these tests.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.domain import ROLES_GUESSED
from alliancelens.storage import ConsentKind
from alliancelens.web._text import clock

from .web_helpers import World, actor_of, csrf_of, sign_in, unlabelled_controls

#: No role words, so the roles are guessed; speaker 1 (Orla) is the client.
GUESSED = (
    "[00:00:05] Orla: Can I ask you something first? Do you think I'm getting worse?\n"
    "[00:00:40] Brennan: I notice you're worried about that. I think we can look at it.\n"
    "[00:59:50] Orla: Why does nothing I try seem to work? What am I doing wrong?\n"
    "[01:13:05] Brennan: I hear how frustrated you are. I wonder what you have tried.\n"
    "[01:14:00] Orla: Sometimes I wish I could just go to sleep and not wake up.\n"
    "[01:14:30] Brennan: Thank you for telling me. I'd like to understand that wish.\n"
)
_FILES = itertools.count(1)


def _guessed_client(world: World, tmp_path: Path) -> tuple[int, int]:
    """A new client of therapist A with one analysed session whose roles were guessed."""
    owner = actor_of(world, "ther-a")
    client = services.create_client(world.database, owner, name="Test Client", identifier="X-1")
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, owner, client_id=client.id, kind=kind)
    path = tmp_path / f"orla-{next(_FILES)}.txt"
    path.write_text(GUESSED, encoding="utf-8")
    report = services.import_transcript(world.database, owner, client_id=client.id, path=path)
    return client.id, report.session_ids[0]


def _roles_form(page: str) -> dict[str, str]:
    """The hidden fields of the page's roles form."""
    form = page[page.index('action="/sessions/') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))


def test_session_page_lists_the_import_warnings(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """QA42 #6: the reader's warnings (here: roles guessed, on what evidence) are on the page."""
    _, session = _guessed_client(world, tmp_path)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session}").text
    assert "When the file was read" in page and "speaker role(s) guessed" in page
    assert "orla-" not in page.split("When the file was read")[1].split("</section>")[0]


def test_guessed_roles_notice_links_to_an_open_labelled_roles_form(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """QA42 #4: the "roles were guessed" notice leads to an open roles form, radios labelled."""
    _, session = _guessed_client(world, tmp_path)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session}").text
    assert 'href="#roles"' in page and '<details id="roles" open>' in page
    assert 'name="therapist" value="2"' in page and not unlabelled_controls(page)


def test_roles_form_sets_the_therapist_and_reanalyses_once(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """Sending the form sets the roles and re-analyses; the same form sent again acts once."""
    _, session = _guessed_client(world, tmp_path)
    sign_in(client, "ther-a")
    fields = {**_roles_form(client.get(f"/sessions/{session}").text), "therapist": "2"}
    first = client.post(f"/sessions/{session}/roles", data=fields)
    assert first.status_code == 303 and first.headers["location"] == f"/sessions/{session}#risk"
    owner = actor_of(world, "ther-a")
    jobs = len(services.list_jobs(world.database, services.local_admin()))
    again = client.post(f"/sessions/{session}/roles", data=fields)
    assert again.status_code == 303
    assert len(services.list_jobs(world.database, services.local_admin())) == jobs
    stored = services.view_session(world.database, owner, session_id=session).session
    assert ROLES_GUESSED not in stored.metadata
    page = client.get(f"/sessions/{session}").text
    assert "Speaker roles were guessed" not in page and "risk flag" in page


def test_roles_form_without_a_choice_changes_nothing(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """No speaker chosen: 400 leading back to the form, and the roles stay as they were."""
    _, session = _guessed_client(world, tmp_path)
    sign_in(client, "ther-a")
    fields = _roles_form(client.get(f"/sessions/{session}").text)
    response = client.post(f"/sessions/{session}/roles", data=fields)
    assert response.status_code == 400 and f"/sessions/{session}#roles" in response.text
    owner = actor_of(world, "ther-a")
    stored = services.view_session(world.database, owner, session_id=session).session
    assert stored.metadata.get(ROLES_GUESSED) == "yes"


def test_a_supervisor_gets_no_roles_form_and_may_not_post_one(
    client: TestClient, world: World
) -> None:
    """Setting roles follows the re-analysis rules: a supervisor is refused (403)."""
    sign_in(client, "sup-a")
    page = client.get(f"/sessions/{world.shared}").text
    assert 'id="roles"' not in page
    token = csrf_of(page)
    response = client.post(
        f"/sessions/{world.shared}/roles", data={"csrf_token": token, "therapist": "1"}
    )
    assert response.status_code == 403


def test_caseload_never_summarises_a_guessed_screen_as_no_risk(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """QA42 #2: a client whose one session has guessed roles is not 'No risk language flagged'."""
    client_id, session = _guessed_client(world, tmp_path)
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{client_id}").text
    assert "No risk language flagged" not in page
    assert "Risk screen needs review" in page and "speaker roles were guessed" in page
    assert f'href="/sessions/{session}#risk"' in page


def test_transcript_shows_start_times_past_the_hour(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """QA42 #10: utterance times are on the transcript, 1:13:05 and not 73:05."""
    _, session = _guessed_client(world, tmp_path)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session}").text
    assert '<span class="dim time">0:05</span>' in page
    assert '<span class="dim time">59:50</span>' in page and ">1:13:05<" in page
    assert "73:05" not in page


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, ""), (0.0, "0:00"), (65.4, "1:05"), (3599.9, "59:59"), (4385.0, "1:13:05")],
)
def test_clock_uses_hours_from_the_first_hour(seconds: float | None, shown: str) -> None:
    """Times are m:ss below an hour and h:mm:ss from it; unknown is empty."""
    assert clock(seconds) == shown
