"""The one-line diagnoses of a database that refuses a connection (pg_hba, password file)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from alliancelens.storage.engine import unavailable

URL = "postgresql://clinicrole:s3cret@127.0.0.1:5999/copydb"


def _refused(driver_text: str) -> OperationalError:
    return OperationalError("connect", {}, Exception(driver_text))


def test_pg_hba_refusal_says_pg_hba_not_server_down() -> None:
    """A "no pg_hba.conf entry" reply names pg_hba.conf, not a stopped server, in one line."""
    text = 'FATAL:  no pg_hba.conf entry for host "10.1.2.3", user "clinicrole", database "copydb"'
    message = unavailable(_refused(text), URL).message
    assert "pg_hba.conf" in message and "running" not in message
    assert "s3cret" not in message and "\n" not in message


@pytest.mark.parametrize(
    ("pgpassfile", "expected"),
    [("/srv/clinic/.pgpass", "PGPASSFILE=/srv/clinic/.pgpass"), (None, "~/.pgpass")],
)
def test_password_refusal_names_the_password_file_in_use(
    monkeypatch: pytest.MonkeyPatch, pgpassfile: str | None, expected: str
) -> None:
    """The wrong-password line points at PGPASSFILE when it is set, else at ~/.pgpass."""
    if pgpassfile is None:
        monkeypatch.delenv("PGPASSFILE", raising=False)
    else:
        monkeypatch.setenv("PGPASSFILE", pgpassfile)
    text = 'FATAL:  password authentication failed for user "clinicrole"'
    assert expected in unavailable(_refused(text), URL).message
