"""Measure alert evidence on the client page keeps the measure's own precision."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from alliancelens import services

from .web_helpers import World, actor_of, sign_in


def test_ors_alert_evidence_keeps_one_decimal(client: TestClient, world: World) -> None:
    """An ORS fall from 30.0 to 24.0 shows its evidence as "30.0, 24.0", not "30, 24"."""
    therapist = actor_of(world, "ther-a")
    today = dt.date.today()
    for days, mark in ((9, "7.5"), (2, "6.0")):
        services.record_measure(
            world.database,
            therapist,
            client_id=world.client_a,
            measure="ors",
            items=[mark] * 4,
            date=today - dt.timedelta(days=days),
        )
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert "30.0, 24.0 on" in page
    assert "Scores 30, 24 on" not in page
