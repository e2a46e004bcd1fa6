"""The one clock for times into a recording (CLI rupture table, dashboard transcript)."""

from __future__ import annotations

import pytest

from alliancelens.domain.clock import clock


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, ""),
        (-1.0, ""),
        (0.0, "0:00"),
        (22.9, "0:22"),
        (3599.0, "59:59"),
        (3600.0, "1:00:00"),
        (3635.0, "1:00:35"),
        (4385.0, "1:13:05"),
        (36000.0, "10:00:00"),
    ],
)
def test_clock_reads_hours_from_the_first_hour(seconds: float | None, shown: str) -> None:
    """m:ss under an hour, h:mm:ss from the first hour, "" when the time is unknown."""
    assert clock(seconds) == shown
