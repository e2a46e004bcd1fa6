"""The sparkline's points and a client's measures as page data."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from alliancelens.web._measures_view import SPARK_HEIGHT, SPARK_WIDTH, sparkline_points

from .web_helpers import World, sign_in


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ((), ""),
        ((5.0,), f"{SPARK_WIDTH / 2:.1f},{SPARK_HEIGHT / 2:.1f}"),
        ((0.0, 10.0), f"3.0,{SPARK_HEIGHT - 3:.1f} {SPARK_WIDTH - 3:.1f},3.0"),
        ((-5.0, 20.0), f"3.0,{SPARK_HEIGHT - 3:.1f} {SPARK_WIDTH - 3:.1f},3.0"),  # clamped
    ],
    ids=["none", "one", "low-to-high", "outside-the-scale"],
)
def test_sparkline_points(totals: tuple[float, ...], expected: str) -> None:
    """Totals map onto a fixed 0-10 scale: low at the bottom, oldest on the left, clamped."""
    assert sparkline_points(totals, 0.0, 10.0) == expected


def test_client_page_shows_measure_table_sparkline_and_alert(
    client: TestClient, world: World
) -> None:
    """The client page has the PHQ-9 row, an SVG polyline and the item-9 alert with its rule."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert "PHQ-9" in page and "<polyline" in page and "<svg" in page
    assert "item 9" in page and "Rule:" in page
    assert f'href="/sessions/{world.shared}"' in page


def test_dashboard_lists_the_latest_alert(client: TestClient, world: World) -> None:
    """Therapist A's dashboard shows the client's PHQ-9 alert next to the client."""
    sign_in(client, "ther-a")
    page = client.get("/").text
    assert f"/clients/{world.client_a}" in page and "phq-9" in page and "urgent" in page


def test_client_page_lists_insights_or_says_none_fired(client: TestClient, world: World) -> None:
    """The client page has the insights section over the analysed sessions (never an error)."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    assert "Insights" in page and "No analysed session yet" not in page
