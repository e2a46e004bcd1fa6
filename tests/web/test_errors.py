"""Errors map to HTTP status codes in one place (web._errors.status_for)."""

from __future__ import annotations

import pytest

from alliancelens.errors import (
    AccessDeniedError,
    AllianceLensError,
    ConsentError,
    IngestError,
    ItemRangeError,
    KeyFileError,
    NotFoundError,
    UsageError,
)
from alliancelens.web._errors import status_for


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (AccessDeniedError("no"), 403),
        (NotFoundError("gone"), 404),
        (ConsentError("missing consent"), 409),
        (KeyFileError("bad key"), 400),
        (UsageError("bad argument"), 400),
        (ItemRangeError("item 2 out of range"), 400),
        (IngestError("not a transcript", file="upload.txt"), 400),
        (AllianceLensError("unexpected"), 500),
    ],
)
def test_status_for(error: AllianceLensError, status: int) -> None:
    """Each error class gets its documented HTTP status (anything unplanned is 500)."""
    assert status_for(error) == status
