"""Web session page: the alerts raised at the session's own forms, after later forms (QA43 #3)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.storage import ConsentKind

from .web_helpers import World, actor_of, sign_in

#: Synthetic, written for these tests (nothing a risk screen would flag).
TALK = (
    "Therapist: What would you like to look at today?\n"
    "Client: The garden plan, it keeps slipping down the list.\n"
    "Therapist: Slipping down the list. What gets in front of it?\n"
    "Client: Work emails mostly, I answer them in the evening.\n"
)


@dataclass(frozen=True)
class Sessions:
    """A client of ther-a with three sessions, each with a linked SRS, and one unlinked SRS."""

    client: int
    low: int  # SRS 32.2 here: below the cut-off, a drop of 2.8 and an item of 7.5
    last: int  # SRS 38.0 here: no alert


def _srs(world: World, client: int, day: int, session: int | None, items: list[str]) -> None:
    services.record_measure(
        world.database,
        actor_of(world, "ther-a"),
        client_id=client,
        measure="SRS",
        items=items,
        date=dt.date(2026, 10, day),
        session_id=session,
        link_same_day=False,
    )


@pytest.fixture(scope="module")
def sessions(world: World) -> Sessions:
    """Built once per module: SRS 35.0, 32.2 (low) and 38.0 at three shared sessions."""
    actor = actor_of(world, "ther-a")
    client = services.create_client(world.database, actor, name="Perpetua Quillfeather").id
    for kind in ConsentKind:
        services.grant_consent(world.database, actor, client_id=client, kind=kind)
    path = world.database.settings.home / "talk.txt"
    path.write_text(TALK, encoding="utf-8")
    ids = [
        services.import_transcript(
            world.database,
            actor,
            client_id=client,
            path=path,
            session_date=dt.date(2026, 10, d),
            allow_duplicate=True,  # one file stands for three sessions here
        ).session_ids[0]
        for d in (5, 12, 19)
    ]
    for session in ids:
        services.share_session(world.database, actor, session_id=session)
    _srs(world, client, 5, ids[0], ["9.0", "8.5", "8.6", "8.9"])
    _srs(world, client, 12, ids[1], ["8.5", "8.0", "7.5", "8.2"])
    _srs(world, client, 19, ids[2], ["9.5", "9.5", "9.5", "9.5"])
    return Sessions(client, ids[1], ids[2])


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_session_page_keeps_its_srs_alerts_after_a_later_srs(
    client: TestClient, sessions: Sessions
) -> None:
    """QA43 #3: the low SRS's session lists cut-off, drop and item alerts after a later SRS."""
    sign_in(client, "ther-a")
    page = _text(client.get(f"/sessions/{sessions.low}").text)
    for kind in ("alliance below cutoff", "alliance drop", "alliance item low"):
        assert f"SRS {kind} (2026-10-12)" in page
    later = _text(client.get(f"/sessions/{sessions.last}").text)
    assert "SRS alliance" not in later


def test_supervisor_with_a_withheld_form_sees_flags_but_no_drop(
    client: TestClient, world: World, sessions: Sessions
) -> None:
    """A supervisor (one form unlinked, so withheld) sees the form's own flags, never the drop."""
    _srs(world, sessions.client, 26, None, ["9.1", "9.1", "9.1", "9.1"])
    sign_in(client, "sup-a")
    page = _text(client.get(f"/sessions/{sessions.low}").text)
    assert "SRS alliance below cutoff (2026-10-12)" in page
    assert "alliance drop" not in page
