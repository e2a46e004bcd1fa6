"""The start page (``/``): a supervisor's list of the sessions shared with them."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

import alliancelens.web

from .web_helpers import CLIENT_NAME, SECRET_LINE, World, sign_in

TEMPLATES_DIR = Path(alliancelens.web.__file__).parent / "templates"

LINK = re.compile(r'href="/sessions/(\d+)"')


def test_supervisor_start_page_lists_exactly_the_viewable_sessions(
    client: TestClient, world: World
) -> None:
    """sup-a's start page links the shared session only, and every link it shows opens."""
    sign_in(client, "sup-a")
    page = client.get("/").text
    linked = {int(found) for found in LINK.findall(page)}
    assert linked == {world.shared}
    assert {world.unshared, world.unanalysed, world.b_session}.isdisjoint(linked)
    assert all(client.get(f"/sessions/{session_id}").status_code == 200 for session_id in linked)
    assert "ther-a" in page and "Session number" in page


def test_supervisor_start_page_shows_no_client_name_or_text(
    client: TestClient, world: World
) -> None:
    """The list names the therapist, never the client, and shows no transcript text."""
    sign_in(client, "sup-a")
    page = client.get("/").text
    assert f"Session {world.shared}" in page
    assert CLIENT_NAME not in page and SECRET_LINE not in page and "/clients/" not in page


def test_unassigned_supervisor_sees_an_empty_list(client: TestClient) -> None:
    """A supervisor with no supervisees is told they supervise nobody yet, with no session link."""
    sign_in(client, "sup-none")
    page = client.get("/").text
    assert "You supervise nobody yet" in page and not LINK.search(page)


def test_caseload_row_names_flagged_and_unanalysed_sessions(
    client: TestClient, world: World
) -> None:
    """The caseload row marks transcript risk flags and unanalysed sessions, never 'no risk'."""
    sign_in(client, "ther-a")
    page = client.get("/").text
    assert "Transcript risk language (for clinician review)" in page
    # utterance 3 only: #5 "Yes, I would like that." agrees to a proposal (risk.language v16);
    # the visible word is hidden from screen readers, whose link text says "utterance 3"
    assert (
        f'href="/sessions/{world.shared}#risk">session {world.shared}</a>, '
        '<span aria-hidden="true">utterance</span> <a href="/sessions/'
    ) in page
    assert '#u3"><span aria-hidden="true">#</span><span class="visually-hidden">utterance' in page
    assert (
        f'<strong>Risk language not analysed</strong> at <a href="/sessions/{world.unanalysed}"'
        in page
    )


def test_client_page_lists_risk_language_by_session_and_utterance(
    client: TestClient, world: World
) -> None:
    """The client page has a risk section naming session and utterance, and an insight alert."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    section = page[page.index('<section id="risk">') : page.index("Measure alerts")]
    assert f'href="/sessions/{world.shared}#u3"><span aria-hidden="true">#</span>' in section
    assert f"/sessions/{world.unanalysed}" in section and "not 'no risk'" in section
    assert "alert: Risk language for clinician review" in page


def test_supervisor_start_page_marks_risk_language(client: TestClient, world: World) -> None:
    """Each shared session on a supervisor's start page shows its transcript risk flags."""
    sign_in(client, "sup-a")
    page = client.get("/").text
    assert (
        'risk language for clinician review</strong>: <span aria-hidden="true">utterance</span>'
        in page
    )
    assert f'href="/sessions/{world.shared}#u3"' in page


def test_sessions_table_shows_the_session_date(client: TestClient, world: World) -> None:
    """The client's Sessions table has a session-date column (the date, or "none given")."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    table = page[page.index('id="cap-sessions"') :]
    assert "<th>Session date</th>" in table and "none given" in table


def test_measure_table_session_links_say_session(client: TestClient, world: World) -> None:
    """A measure form's session link reads "Session N", not a bare number."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert f'<a href="/sessions/{world.shared}">Session {world.shared}</a></td><td>' in page
    assert f'<a href="/sessions/{world.shared}">{world.shared}</a>' not in page


def test_risk_screen_line_points_to_possible_items_and_says_model_score() -> None:
    """ "No risk language flagged" mentions the possible items; the model number is a score."""
    marker = (TEMPLATES_DIR / "_risk_marker.html").read_text("utf-8")
    risk = (TEMPLATES_DIR / "_risk.html").read_text("utf-8")
    assert 'lower-confidence "possible" items, if any, are listed on each session page' in marker
    assert "model probability" not in risk and "model score" in risk
