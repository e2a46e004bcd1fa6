"""QA43 #10: withdrawing recording consent on the web says the stored sessions remain.

The confirmation page says before, and the client page after, that withdrawing deletes no
stored session and how to delete them, in the words ``alliancelens consent withdraw`` prints.
Everything here is synthetic.
"""

from __future__ import annotations

import html
from pathlib import Path

from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage import ConsentKind
from alliancelens.web._consent_view import CLI_DELETE_HOW, kept_sessions_text

from .web_helpers import TRANSCRIPT, World, actor_of, csrf_of, sign_in

WITHDRAW = "/clients/{client}/consents/withdraw"


def _client_with_session(world: World, tmp_path: Path) -> tuple[int, int]:
    """A new client of ther-a with recording and analysis consent and one stored session."""
    actor = actor_of(world, "ther-a")
    client_id = services.create_client(world.database, actor, name="Synthetic Person").id
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, actor, client_id=client_id, kind=kind)
    path = tmp_path / "session.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    report = services.import_transcript(
        world.database, actor, client_id=client_id, path=path, analyse=False
    )
    return client_id, report.session_ids[0]


def test_confirmation_page_says_stored_sessions_remain(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """Before withdrawing recording consent, the page says no stored session is deleted."""
    client_id, _ = _client_with_session(world, tmp_path)
    sign_in(client, "ther-a")
    page = html.unescape(
        client.get(WITHDRAW.format(client=client_id), params={"kind": "recording"}).text
    )
    assert "deletes none of the client's stored sessions" in page
    assert '"Delete this session" at the foot of its session page' in page


def test_client_page_after_withdrawal_lists_the_sessions_kept(
    client: TestClient, world: World, tmp_path: Path
) -> None:
    """After withdrawing, the client page names the stored sessions and how to delete them."""
    client_id, session_id = _client_with_session(world, tmp_path)
    sign_in(client, "ther-a")
    before = html.unescape(client.get(f"/clients/{client_id}").text)
    assert "withdrawing recording consent deletes none" not in before
    csrf = csrf_of(client.get("/clients/new").text)
    done = client.post(
        WITHDRAW.format(client=client_id),
        data={"csrf_token": csrf, "kind": "recording", "date": ""},
        follow_redirects=True,
    )
    page = html.unescape(done.text)
    assert (
        f"client {client_id} still has 1 stored session(s): {session_id}; withdrawing recording "
        'consent deletes none of them. Delete each one the client withdrew with "Delete this '
        'session"'
    ) in page
    assert f'"Delete client #{client_id}…"' in page


def test_command_line_wording_is_the_same_sentence() -> None:
    """With the command line's way to delete, the sentence is the one `consent withdraw` prints."""
    assert kept_sessions_text(2, [3, 4], CLI_DELETE_HOW) == (
        "client 2 still has 2 stored session(s): 3, 4; withdrawing recording consent deletes none "
        "of them. Delete each one the client withdrew with `alliancelens sessions delete SESSION` "
        "(or every record: `alliancelens delete-client 2`)"
    )
