"""QA40 #1: a risk screen that read none of the client's words is "not analysed", never "no risk".

The analyser's own count is not changed here: the tests give the pages a stored
``risk_screening.summary`` whose ``screened.utterances`` is 0 (what the analyser stores for a
session in a language it does not read) and check every page reads it as *not analysed*.
All text is synthetic.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.analysers import AnalysisResult, default_pipeline
from alliancelens.analysers import risk as risk_analyser
from alliancelens.analysers.base import FindingSet
from alliancelens.storage import ConsentKind
from alliancelens.testing import make_session
from alliancelens.web._analysis_view import session_view
from alliancelens.web._render import TEMPLATES
from alliancelens.web._risk_screen import (
    LANGUAGE_NOT_SUPPORTED,
    NO_CLIENT_UTTERANCES,
    NO_SCREENED_COUNT,
    screen_coverage,
)

from .web_helpers import World, actor_of, make_app, sign_in

#: Our own Spanish lines: the analyser reads English only.
SPANISH = (
    "Terapeuta: Buenas tardes, ¿qué tal la semana?\n"
    "Cliente: Fue una semana muy difícil, no dormí casi nada.\n"
    "Terapeuta: ¿Qué fue lo más pesado para usted?\n"
    "Cliente: Pienso que nada va a cambiar y ya no tengo fuerzas.\n"
)
SESSION = make_session(
    ("therapist", "What has this week been like?"),
    ("client", "Busy. Work was fine and I saw friends."),
    ("therapist", "What stood out?"),
    ("client", "A good dinner with my sister."),
)


def _screening(screened: object, **more: Any) -> dict[str, Any]:
    return {
        "screened": {"utterances": screened, **more},
        "not_screened": ["languages other than English"],
        "statement": "x",
    }


@pytest.mark.parametrize(
    ("screening", "turns", "missing", "unscreened"),
    [
        (_screening(0), SESSION, LANGUAGE_NOT_SUPPORTED, 0),
        (_screening(2), SESSION, None, 0),
        (_screening(1), SESSION, None, 1),
        (_screening(0), make_session(("therapist", "Hello?")), NO_CLIENT_UTTERANCES, 0),
        (_screening(0, interpreter_renderings_not_screened=2), SESSION, NO_CLIENT_UTTERANCES, 0),
        (_screening(None), SESSION, NO_SCREENED_COUNT, 0),
        (_screening(True), SESSION, NO_SCREENED_COUNT, 0),
        ({"statement": "x"}, SESSION, NO_SCREENED_COUNT, 0),
        ("not a summary", SESSION, NO_SCREENED_COUNT, 0),
    ],
)
def test_screen_coverage_reads_the_stored_counts(
    screening: object, turns: Any, missing: str | None, unscreened: int
) -> None:
    """Nothing screened (or no count) is a not-analysed reason; fewer lines read is a gap."""
    coverage = screen_coverage(screening, turns)
    assert (coverage.missing, coverage.unscreened) == (missing, unscreened)


def _with_screened(result: AnalysisResult, screened: int) -> AnalysisResult:
    """``result`` whose stored screening summary says ``screened`` utterances were read."""
    findings = []
    for finding in result.findings:
        changed = finding
        if finding.kind == "risk_screening.summary":
            value = {**finding.value, "screened": {**finding.value["screened"]}}
            value["screened"]["utterances"] = screened
            changed = dataclasses.replace(finding, value=value)
        findings.append(changed)
    return dataclasses.replace(result, findings=FindingSet(tuple(findings)))


def _panel(result: AnalysisResult) -> str:
    view = session_view(result, result.session)
    return TEMPLATES.get_template("_risk.html").render(view=view)


def test_session_panel_is_not_analysed_when_no_client_utterance_was_screened() -> None:
    """A finding with zero screened utterances gives the red NOT ANALYSED panel with the reason."""
    result = _with_screened(default_pipeline().run(SESSION), 0)
    html = _panel(result)
    assert "<strong>NOT ANALYSED</strong> (language not supported)" in html
    assert "This is not 'no risk'" in html
    assert "No risk language detected" not in html and "screened utterance" not in html


def test_session_panel_names_client_lines_left_unscreened() -> None:
    """A screen that read some client lines but not all says how many were left out and why."""
    result = _with_screened(default_pipeline().run(SESSION), 1)
    html = _panel(result)
    assert "NOT ANALYSED" not in html
    assert "1 client utterance not screened (language not supported)" in html


def test_session_panel_of_a_fully_screened_session_is_unchanged() -> None:
    """Every client line screened: the analyser's statement, no gap notice, not NOT ANALYSED."""
    html = _panel(default_pipeline().run(SESSION))
    assert "No risk language detected by this analyser in 2 screened" in html
    assert "not screened (" not in html and "NOT ANALYSED" not in html


def _read_nothing(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The analyser's summary as it stores it for a session in a language it does not read."""
    summary = ORIGINAL_SUMMARY(*args, **kwargs)
    summary["screened"]["utterances"] = 0
    summary["statement"] = "No client utterances to screen."
    return summary


ORIGINAL_SUMMARY = risk_analyser.screening_summary


@pytest.fixture(scope="module")
def unread(world: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int]:
    """(client id, session id): a new client of ther-a whose one session's screen read nothing."""
    owner = actor_of(world, "ther-a")
    client = services.create_client(world.database, owner, name="Ona Test-Lingua")
    for kind in ConsentKind:
        services.grant_consent(world.database, owner, client_id=client.id, kind=kind)
    path: Path = tmp_path_factory.mktemp("spanish") / "sesion.txt"
    path.write_text(SPANISH, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(risk_analyser, "screening_summary", _read_nothing)
        report = services.import_transcript(
            world.database, owner, client_id=client.id, path=path, therapists=["Terapeuta"]
        )
        services.work(world.database, services.local_admin())
    return client.id, report.session_ids[0]


@pytest.mark.parametrize("page", ["/", "/clients/{client}"])
def test_caseload_and_client_page_say_not_analysed_language_not_supported(
    world: World, unread: tuple[int, int], page: str
) -> None:
    """The caseload and client page name the unread session as not analysed, with the reason."""
    client_id, session_id = unread
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, "ther-a") == 303
    html = browser.get(page.format(client=client_id)).text
    row = html[html.index(f"/clients/{client_id}") :] if page == "/" else html
    row = row[: row.index("</ul>")]
    assert (
        "<strong>Risk language not analysed</strong> (language not supported) at "
        f'<a href="/sessions/{session_id}">'
    ) in row
    assert "No risk language flagged" not in row


def test_session_page_of_the_unread_session_is_not_analysed(
    world: World, unread: tuple[int, int]
) -> None:
    """The stored session's own page shows NOT ANALYSED (language not supported)."""
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, "ther-a") == 303
    html = browser.get(f"/sessions/{unread[1]}").text
    assert "<strong>NOT ANALYSED</strong> (language not supported)" in html
    assert "No risk language detected" not in html
