"""An upload whose analysis job Redis did not take says so on the page and in the web log."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from alliancelens.errors import QueueUnavailableError
from alliancelens.records import transcripts as records_transcripts

from .web_helpers import World, csrf_of, sign_in

#: Synthetic transcript text that must reach no log line.
LINE = "the cobalt lighthouse timetable I keep redrawing"


class _Down:
    """A job backend whose queue server cannot be reached (Redis down or refusing the login)."""

    name = "rq"

    def submit(self, job_id: int) -> None:
        """Refuse, as RQBackend does when Redis is unavailable."""
        raise QueueUnavailableError(f"cannot hand job {job_id} to Redis (ConnectionError)")


def test_upload_with_the_queue_down_says_so_and_logs_one_line(
    client: TestClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Not "reload in a moment": the page says the queue is unavailable; one AL612 log line."""
    monkeypatch.setattr(records_transcripts, "backend_for", lambda _database: _Down())
    sign_in(client, "ther-a")
    text = f"Therapist: Where shall we start?\nClient: With {LINE}.\n".encode()
    fields = {"csrf_token": csrf_of(client.get("/").text), "allow_duplicate": "1"}
    with caplog.at_level(logging.INFO, logger="alliancelens.web"):
        response = client.post(
            f"/clients/{world.client_a}/import",
            data=fields,
            files={"transcript": ("talk.txt", text)},
        )
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.endswith("?queue=unavailable")
    page = client.get(location).text
    status_line = page[page.index('id="job-status"') :]
    status_line = status_line[: status_line.index("</p>")]
    assert "the analysis queue is unavailable" in status_line
    assert "reload this page" not in status_line and "alliancelens" not in status_line
    lines = [r.getMessage() for r in caplog.records if "queue unavailable" in r.getMessage()]
    assert len(lines) == 1 and "AL612" in lines[0] and LINE not in lines[0]
