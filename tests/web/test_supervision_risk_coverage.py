"""A screen that read no client line is never "none flagged" for a supervisor or risk_overview.

F3 / QA40 #1: the supervisor's start page, ``services.risk_overview`` and
``services.session_risk_status`` use the coverage test of insights/risk_coverage.py, as the
caseload does. The stored ``risk_screening.summary`` says 0 utterances screened (what the
analyser stores for a session in a language it does not read). All text is synthetic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.analysers import risk as risk_analyser
from alliancelens.storage import ConsentKind

from .web_helpers import World, actor_of, make_app, sign_in

#: Our own Spanish lines, with nothing the screen would flag even if it read them.
SPANISH = (
    "Terapeuta: Buenas tardes, ¿cómo va el huerto?\n"
    "Cliente: Bien, los tomates ya están rojos y las judías crecen.\n"
    "Terapeuta: ¿Qué le gustaría plantar la próxima temporada?\n"
    "Cliente: Calabazas, creo, y quizá algunas fresas para mi nieta.\n"
)
ORIGINAL = risk_analyser.screening_summary


def _read_nothing(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The analyser's screening summary as stored for a language it does not read."""
    summary = ORIGINAL(*args, **kwargs)
    summary["screened"]["utterances"] = 0
    summary["not_screened"] = ["client utterances in languages other than English"]
    return summary


@pytest.fixture(scope="module")
def spanish(world: World, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int]:
    """(client id, session id): ther-a's client whose one shared session's screen read nothing."""
    owner = actor_of(world, "ther-a")
    client = services.create_client(world.database, owner, name="Aurelia Synthetica")
    for kind in ConsentKind:
        services.grant_consent(world.database, owner, client_id=client.id, kind=kind)
    path: Path = tmp_path_factory.mktemp("es") / "huerto.txt"
    path.write_text(SPANISH, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(risk_analyser, "screening_summary", _read_nothing)
        report = services.import_transcript(
            world.database, owner, client_id=client.id, path=path, therapists=["Terapeuta"]
        )
        services.work(world.database, services.local_admin())
    session_id = report.session_ids[0]
    services.share_session(world.database, owner, session_id=session_id)
    return client.id, session_id


def test_risk_overview_and_session_status_say_not_analysed(
    world: World, spanish: tuple[int, int]
) -> None:
    """risk_overview and session_risk_status: not analysed, never none_flagged."""
    client_id, session_id = spanish
    owner = actor_of(world, "ther-a")
    states = services.risk_overview(world.database, owner, client_id=client_id)
    assert [(s.session_id, s.state) for s in states] == [(str(session_id), "not_analysed")]
    one = services.session_risk_status(world.database, owner, session_id=session_id)
    assert one.state == "not_analysed"


def test_supervisor_start_page_says_not_analysed(world: World, spanish: tuple[int, int]) -> None:
    """The supervisor's row for the shared session reads "not analysed", not "none flagged"."""
    _, session_id = spanish
    browser = TestClient(make_app(world), follow_redirects=False)
    assert sign_in(browser, "sup-a") == 303
    html = browser.get("/").text
    row = html[html.index(f'<a href="/sessions/{session_id}">Session {session_id}</a>') :]
    row = row[: row.index("</tr>")]
    assert "<strong>not analysed</strong>" in row
    assert "none flagged" not in row
