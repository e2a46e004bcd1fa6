"""The session page: evidence anchors, the risk panel (never "no risk" when not analysed), logs."""

from __future__ import annotations

import dataclasses
import logging
import re
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.analysers import Pipeline, default_pipeline
from alliancelens.domain import ROLES_GUESSED
from alliancelens.security import audit
from alliancelens.storage import ConsentKind
from alliancelens.testing import make_session
from alliancelens.web._analysis_view import session_view
from alliancelens.web._render import TEMPLATES

from .web_helpers import (
    CLIENT_NAME,
    SECRET_LINE,
    TRANSCRIPT,
    World,
    actor_of,
    csrf_of,
    sign_in,
)

NOT_ANALYSED = "This is not 'no risk': read the transcript for risk yourself."


def test_alliance_evidence_links_to_transcript_anchors(client: TestClient, world: World) -> None:
    """Every alliance evidence link #uN has a transcript line with id uN, highlighted."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.shared}").text
    alliance = page[page.index('id="alliance"') : page.index('id="ruptures"')]
    linked = set(re.findall(r'href="#u(\d+)"', alliance))
    assert linked, "the stored analysis cites no utterance"
    for index in linked:
        assert re.search(rf'<li id="u{index}" class="[^"]*evidence', page), index


def test_alliance_panel_says_what_the_index_means(client: TestClient, world: World) -> None:
    """The alliance panel says 50 = no evidence, the measured accuracy and the method doc."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.shared}").text
    alliance = page[page.index('id="alliance"') : page.index('id="ruptures"')]
    assert "50 = no evidence either way" in alliance and "Spearman 0.12" in alliance
    assert "docs/analysers/alliance.md" in alliance


def test_risk_panel_is_labelled_for_clinician_review(client: TestClient, world: World) -> None:
    """An analysed session's risk panel says 'for clinician review' and shows the statement."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.shared}").text
    panel = page[page.index('id="risk"') : page.index('id="alliance"')]
    assert "for clinician review" in panel and "NOT ANALYSED" not in panel
    assert "not a risk assessment" in panel


def test_unanalysed_session_shows_not_analysed_risk_panel(client: TestClient, world: World) -> None:
    """A session without a stored analysis shows NOT ANALYSED, never a 'no risk' statement."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.unanalysed}").text
    assert "NOT ANALYSED" in page and NOT_ANALYSED in page
    assert "No risk language detected" not in page
    assert SECRET_LINE in page  # the transcript is still there to read


def test_session_without_a_job_offers_an_analyse_button(client: TestClient, world: World) -> None:
    """A session imported without analysis offers a web button, not a CLI command, to analyse."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.unanalysed}").text
    status = page[page.index('id="job-status"') : page.index('id="risk"')]
    assert "no analysis job" in status and "alliancelens" not in status
    assert f'action="/sessions/{world.unanalysed}/analyse"' in status
    assert "Analyse this session" in status
    assert "the analysis job has not finished" not in page


def test_analyse_button_queues_and_runs_the_analysis(client: TestClient, world: World) -> None:
    """POST /sessions/{id}/analyse (with CSRF) analyses the session; without CSRF it is 403."""
    path = world.database.settings.home / "session.txt"
    actor = actor_of(world, "ther-a")
    (fresh,) = services.import_transcript(
        world.database,
        actor,
        client_id=world.client_a,
        path=path,
        analyse=False,
        allow_duplicate=True,  # the world's file again, as a fresh session
    ).session_ids
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{fresh}").text
    assert "NOT ANALYSED" in page
    assert client.post(f"/sessions/{fresh}/analyse").status_code == 403
    response = client.post(f"/sessions/{fresh}/analyse", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 303 and response.headers["location"] == f"/sessions/{fresh}"
    assert "NOT ANALYSED" not in client.get(f"/sessions/{fresh}").text


def _pipeline_without(name: str) -> Pipeline:
    return Pipeline([a for a in default_pipeline().analysers if a.name != name])


def test_missing_risk_analyser_renders_not_analysed() -> None:
    """A stored analysis without the risk analyser renders the NOT ANALYSED panel."""
    session = make_session(("T", "How are you?"), ("C", "I do not see the point of anything."))
    view = session_view(_pipeline_without("risk.language").run(session), session)
    assert view.risk is None and view.risk_missing == "not in the pipeline"
    html = TEMPLATES.get_template("_risk.html").render(view=view)
    assert "NOT ANALYSED" in html and NOT_ANALYSED in html


def test_risk_analyser_without_screening_summary_is_not_analysed() -> None:
    """A risk run marked ok but with no screening summary still counts as not analysed."""
    session = make_session(("T", "How are you?"), ("C", "Fine."))
    result = default_pipeline().run(session)
    kept = [f for f in result.findings if f.kind != "risk_screening.summary"]
    stripped = type(result)(result.session, type(result.findings)(kept), result.runs)
    view = session_view(stripped, session)
    assert view.risk is None and "missing" in (view.risk_missing or "")


@pytest.mark.parametrize("page", ["/sessions/{shared}", "/clients/{client_a}", "/"])
def test_logs_hold_no_transcript_text_or_client_name(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture, page: str
) -> None:
    """Serving a page logs nothing of the transcript or the client's name (any logger)."""
    sign_in(client, "ther-a")
    with caplog.at_level(logging.DEBUG):
        response = client.get(page.format(**vars(world)))
    assert response.status_code == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert SECRET_LINE not in logged and CLIENT_NAME not in logged


def test_note_draft_page_renders(client: TestClient, world: World) -> None:
    """The progress-note draft of an analysed session renders as a draft in the chosen format."""
    sign_in(client, "ther-a")
    response = client.get(f"/sessions/{world.shared}/note?format=dap")
    assert response.status_code == 200 and "(DAP)" in response.text


def test_note_draft_evidence_links_to_transcript_anchors(client: TestClient, world: World) -> None:
    """Each utterance number in the web note's [evidence: …] links to the session's #uN anchor."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.shared}/note").text
    linked = re.findall(rf'href="/sessions/{world.shared}#u(\d+)">(\d+)</a>', page)
    assert linked and all(anchor == shown for anchor, shown in linked)
    assert "&lt;a href" not in page  # links are markup, not escaped text


def test_note_draft_evidence_says_utterance_once(client: TestClient, world: World) -> None:
    """Screen readers hear "utterance 7", not "utterance utterance 7" (no hidden duplicate word)."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.shared}/note").text
    assert "[evidence: utterance" in page
    assert 'utterance <a href="/sessions/' in page
    assert '<span class="visually-hidden">utterance </span>' not in page.split("<pre", 1)[1]


def test_view_session_use_case_is_audited(client: TestClient, world: World) -> None:
    """Opening a session page writes audit entries through the use cases (actor = the user)."""
    sign_in(client, "ther-b")
    client.get(f"/sessions/{world.b_session}")
    with world.database.transaction() as db:
        entries = audit.entries(db)
    label = actor_of(world, "ther-b").label
    mine = [e for e in entries if e.actor == label and e.resource == "session"]
    assert any(e.action == "view" and e.resource_id == str(world.b_session) for e in mine)


def test_therapist_shares_a_session_with_the_supervisor(client: TestClient, world: World) -> None:
    """Sharing through the page (with CSRF) opens the session to the supervisor; ther-b may not."""
    path = world.database.settings.home / "session.txt"
    actor = actor_of(world, "ther-a")
    (fresh,) = services.import_transcript(
        world.database,
        actor,
        client_id=world.client_a,
        path=path,
        analyse=False,
        allow_duplicate=True,  # the world's file again, as a fresh session
    ).session_ids
    supervisor = TestClient(client.app, follow_redirects=False)
    sign_in(supervisor, "sup-a")
    assert supervisor.get(f"/sessions/{fresh}").status_code == 403
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{fresh}").text
    assert "Share with my supervisors" in page
    data = {"csrf_token": csrf_of(page), "shared": "true"}
    assert client.post(f"/sessions/{fresh}/share", data={"shared": "true"}).status_code == 403
    assert client.post(f"/sessions/{fresh}/share", data=data).status_code == 303
    assert supervisor.get(f"/sessions/{fresh}").status_code == 200
    other = TestClient(client.app, follow_redirects=False)
    sign_in(other, "ther-b")
    data = {"csrf_token": csrf_of(other.get("/").text), "shared": "false"}
    assert other.post(f"/sessions/{fresh}/share", data=data).status_code == 403


@pytest.mark.parametrize("data", [{}, {"shared": "yes"}, {"shared": ""}, {"shared": "1"}])
def test_share_without_a_known_shared_value_is_400(
    client: TestClient, world: World, data: dict[str, str]
) -> None:
    """A share POST with a missing or unknown ``shared`` is a 400 naming it; nothing changes."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.unshared}").text
    response = client.post(
        f"/sessions/{world.unshared}/share", data={"csrf_token": csrf_of(page), **data}
    )
    assert response.status_code == 400 and "Shared: send shared=true" in response.text
    assert 'class="who"' in response.text  # the error page keeps the signed-in header
    summaries = services.list_sessions(
        world.database, actor_of(world, "ther-a"), client_id=world.client_a
    )
    assert not next(s for s in summaries if s.id == world.unshared).shared_for_supervision


def test_unknown_note_format_is_400_naming_the_formats(client: TestClient, world: World) -> None:
    """``format=xyz`` on the note page is a 400 naming soap, dap and birp."""
    sign_in(client, "ther-a")
    response = client.get(f"/sessions/{world.shared}/note?format=xyz")
    assert response.status_code == 400 and "Format: choose soap, dap or birp." in response.text


def test_set_aside_matches_are_highlighted_in_the_transcript() -> None:
    """An utterance the risk panel links as set aside is highlighted like other evidence."""
    session = make_session(
        ("T", "Have you had thoughts of ending your life?"),
        ("C", "No, I would never kill myself."),
    )
    view = session_view(default_pipeline().run(session), session)
    assert view.risk is not None and view.risk["set_aside"] == [1]
    assert view.utterances[1].evidence


def _unanalysed_session(world: World, *, analysis_consent: bool = True) -> tuple[int, int]:
    """A fresh session imported without analysis: (client id, session id)."""
    owner = actor_of(world, "ther-a")
    new = services.create_client(world.database, owner, name="Synthetic Unanalysed")
    kinds = [ConsentKind.RECORDING] + ([ConsentKind.ANALYSIS] if analysis_consent else [])
    for kind in kinds:
        services.grant_consent(world.database, owner, client_id=new.id, kind=kind)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.txt"
        path.write_text(TRANSCRIPT, encoding="utf-8")
        report = services.import_transcript(
            world.database, owner, client_id=new.id, path=path, analyse=False
        )
    return new.id, report.session_ids[0]


def test_note_of_an_unanalysed_session_says_so_and_links_back(
    client: TestClient, world: World
) -> None:
    """A note for an existing session without analysis is not "Not found": it links back."""
    client_id, session_id = _unanalysed_session(world)
    sign_in(client, "ther-a")
    response = client.get(f"/sessions/{session_id}/note")
    assert response.status_code == 409 and "Not found" not in response.text
    assert f"session {session_id} is not analysed" in response.text
    assert f'<a href="/sessions/{session_id}">' in response.text
    assert f'<a href="/clients/{client_id}">' in response.text


def test_analyse_without_consent_links_to_the_clients_consents(
    client: TestClient, world: World
) -> None:
    """The 409 for a missing analysis consent links to the client's Consents box."""
    client_id, session_id = _unanalysed_session(world, analysis_consent=False)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session_id}").text
    response = client.post(f"/sessions/{session_id}/analyse", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 409 and "Consent needed" in response.text
    assert f'<a href="/clients/{client_id}#consents">' in response.text
    assert f'<a href="/sessions/{session_id}">Back to session {session_id}</a>' in response.text


def test_cited_and_risk_lines_are_marked_in_text_not_colour_alone() -> None:
    """Transcript lines carry a text marker: "risk flag" for risk lines, "cited" for evidence."""
    session = make_session(
        ("T", "How have things been since we last met?"),
        ("C", "I keep thinking about killing myself, I have a plan."),
        ("T", "Thank you for telling me. Can we talk about how safe you are right now?"),
    )
    view = session_view(default_pipeline().run(session), session)
    html = TEMPLATES.get_template("session.html").render(
        view=view, session_id=1, client_id=1, analysed=True, actor=None
    )
    line = html[html.index('<li id="u1"') : html.index("</li>", html.index('<li id="u1"'))]
    assert '<span class="mark mark-risk">risk flag</span>' in line and "risk-line" in line
    cited = [i for i, u in enumerate(view.utterances) if u.evidence and i != 1]
    if cited:
        other = html[html.index(f'<li id="u{cited[0]}"') :]
        assert '<span class="mark' in other[: other.index("</li>")]


def test_transcript_legend_only_when_something_is_cited(client: TestClient, world: World) -> None:
    """A session without analysis does not claim that lines are highlighted."""
    _, session_id = _unanalysed_session(world)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session_id}").text
    assert "Lines an analysis above cites" not in page and "Highlighted lines" not in page


def test_session_heading_separates_session_and_client(client: TestClient, world: World) -> None:
    """The heading reads "Session N · client M", never "client #M" next to "#3" utterances."""
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{world.shared}").text
    assert f'<h1>Session {world.shared} <span class="dim">· client {world.client_a} ·' in page
    assert "client #" not in page


def test_guessed_roles_open_the_risk_panel_with_a_warning() -> None:
    """When speaker roles were guessed, the risk panel says first that the screen is unreliable."""
    session = make_session(
        ("Ash", "how has the week been"),
        ("Bo", "rough i keep thinking everyone would cope fine without me"),
    )
    guessed = dataclasses.replace(session, metadata={**session.metadata, ROLES_GUESSED: "yes"})
    view = session_view(default_pipeline().run(guessed), guessed)
    html = TEMPLATES.get_template("_risk.html").render(view=view)
    assert view.risk is not None and view.risk["roles_guessed"] is True
    assert html.count("Speaker roles were guessed") == 1 and "--therapist" not in html
    plain = TEMPLATES.get_template("_risk.html").render(
        view=session_view(default_pipeline().run(session), session)
    )
    assert "Speaker roles were guessed" not in plain


_COUPLE = (
    "Therapist: What brings you both in this week?\n"
    "Partner A: We keep arguing about money and I end up shouting.\n"
    "Partner B: And I go quiet, because nothing I say lands.\n"
    "Therapist: So one of you gets louder and the other goes silent. What happens next?\n"
    "Partner A: I want to try talking before payday instead of after.\n"
    "Partner B: I'd like that too, honestly.\n"
)


def _couple_session(world: World) -> int:
    """A stored, analysed couple session of ther-a's first client."""
    owner = actor_of(world, "ther-a")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "couple.txt"
        path.write_text(_COUPLE, encoding="utf-8")
        report = services.import_transcript(
            world.database, owner, client_id=world.client_a, path=path, analyse=True
        )
    return report.session_ids[0]


def test_couple_note_page_asks_whose_note_then_drafts_it(client: TestClient, world: World) -> None:
    """A couple session's note page lists its clients; a chosen member gets only their draft."""
    session_id = _couple_session(world)
    sign_in(client, "ther-a")
    chooser = client.get(f"/sessions/{session_id}/note")
    assert chooser.status_code == 200 and "Note for Partner A" in chooser.text
    assert '<pre class="note">' not in chooser.text
    assert "member=2" in chooser.text and "member=Partner" not in chooser.text  # no names in URLs
    draft = client.get(f"/sessions/{session_id}/note", params={"member": "2"})
    assert draft.status_code == 200 and '<pre class="note">' in draft.text
    assert "payday" not in draft.text.split('<pre class="note">')[1]  # Partner A's words stay out
    wrong = client.get(f"/sessions/{session_id}/note", params={"member": "Partner B"})
    assert (
        wrong.status_code == 400 and "Member:" in wrong.text and "Note for Partner B" in wrong.text
    )


def test_unanalysed_banner_names_a_withdrawn_analysis_consent(
    client: TestClient, world: World
) -> None:
    """Consent withdrawn after a grant: the banner says withdrawn, with the day, not 'or before'."""
    client_id, session_id = _unanalysed_session(world)
    owner = actor_of(world, "ther-a")
    services.withdraw_consent(world.database, owner, client_id=client_id, kind=ConsentKind.ANALYSIS)
    sign_in(client, "ther-a")
    page = client.get(f"/sessions/{session_id}").text
    assert "analysis consent was withdrawn on " in page
    assert "or before the client&#39;s analysis consent was recorded" not in page


@pytest.mark.parametrize(
    ("consent", "expected"),
    [(False, "analysis consent has not been recorded"), (True, "imported without analysing it")],
)
def test_unanalysed_banner_says_which_consent_state(
    client: TestClient, world: World, consent: bool, expected: str
) -> None:
    """Never granted: 'has not been recorded'; granted and in force: imported without analysis."""
    _, session_id = _unanalysed_session(world, analysis_consent=consent)
    sign_in(client, "ther-a")
    assert expected in client.get(f"/sessions/{session_id}").text
