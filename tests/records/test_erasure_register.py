"""The erasure register (QA39 #4): delete-client records ids outside the database; a restore is
checked against it."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
from pathlib import Path

import pytest
from helpers_records import ADMIN, CLIENT_NAME, client_with_consents, therapist

from alliancelens import services
from alliancelens.errors import AccessDeniedError, UsageError
from alliancelens.records.deletion import (
    ERASURE_REGISTER,
    erase_client,
    erasure_check,
    read_register,
    register_path,
    restored_erasures,
)
from alliancelens.storage import Database

WHEN = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)


def test_erasure_appends_ids_only_to_a_private_register(store: Database) -> None:
    """delete-client writes id, time and check to a 0600 file in the data folder; no name."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    report = erase_client(store, ADMIN, client_id=client, now=WHEN)
    path = store.settings.home / ERASURE_REGISTER
    assert report.register == path == register_path(store)
    assert report.register_error is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    (entry,) = read_register(path)
    assert (entry.client_id, entry.deleted_at) == (client, WHEN)
    body = path.read_text("utf-8")
    assert CLIENT_NAME not in body and "MRN-000417" not in body
    assert services.list_clients(store, ADMIN) == []


def test_register_keeps_every_erasure(store: Database) -> None:
    """Each deletion adds one line; earlier lines stay (append only)."""
    lee = therapist(store)
    first, second = (client_with_consents(store, lee, name=n) for n in ("A Person", "B Person"))
    erase_client(store, ADMIN, client_id=first)
    erase_client(store, ADMIN, client_id=second)
    assert [e.client_id for e in read_register(register_path(store))] == [first, second]


def test_refused_erasure_registers_nothing(store: Database) -> None:
    """Another therapist is refused; nothing is deleted and the register is not created."""
    lee, other = therapist(store), therapist(store, "dr-other")
    client = client_with_consents(store, lee)
    with pytest.raises(AccessDeniedError):
        erase_client(store, other, client_id=client)
    assert not register_path(store).exists()
    assert [c.id for c in services.list_clients(store, ADMIN)] == [client]


def test_unwritable_register_refuses_before_deleting(store: Database) -> None:
    """A register that cannot be written (here: a folder in its place) deletes nothing."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    register_path(store).mkdir()
    with pytest.raises(UsageError, match="nothing was deleted"):
        erase_client(store, ADMIN, client_id=client)
    assert [c.id for c in services.list_clients(store, ADMIN)] == [client]


def test_restore_brings_back_an_erased_client_and_the_check_finds_it(
    backend: str, store: Database
) -> None:
    """After a restore the register names the erased client again; deleting it again clears it."""
    if backend != "sqlite":
        pytest.skip("restores a copy of the SQLite file")
    lee = therapist(store)
    client = client_with_consents(store, lee)
    db_file = store.settings.home / "alliancelens.db"
    backup = store.settings.home.parent / "backup.db"
    store.engine.dispose()
    shutil.copyfile(db_file, backup)
    erase_client(store, ADMIN, client_id=client)
    assert restored_erasures(store, ADMIN).restored == []
    store.engine.dispose()
    db_file.write_bytes(backup.read_bytes())  # "restore": the register is not part of it
    found = restored_erasures(store, ADMIN)
    assert [e.client_id for e in found.restored] == [client]
    assert (found.entries, found.reused) == (1, [])
    erase_client(store, ADMIN, client_id=client)
    assert restored_erasures(store, ADMIN).restored == []


def test_a_later_client_with_the_same_id_is_not_taken_for_the_erased_one(
    store: Database,
) -> None:
    """Same id, other creation time (a client made after a restore): reported as reused only."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    path = register_path(store)
    earlier = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    path.write_text(f"{client}\t2026-01-01T00:00:00+00:00\t{erasure_check(client, earlier)}\n")
    found = restored_erasures(store, ADMIN)
    assert found.restored == [] and [e.client_id for e in found.reused] == [client]


def test_check_is_for_administrators(store: Database) -> None:
    """A therapist may not check the register (maintenance)."""
    with pytest.raises(AccessDeniedError):
        restored_erasures(store, therapist(store))


@pytest.mark.parametrize(
    "line",
    ["7\tyesterday\t0123456789abcdef", "7\t2026-01-01T00:00:00\tnot-hex", "seven", "7\t\t\t"],
)
def test_malformed_register_line_is_named(tmp_path: Path, line: str) -> None:
    """A damaged line is a usage error naming the file and line number."""
    path = tmp_path / ERASURE_REGISTER
    path.write_text(f"# header\n{line}\n", encoding="utf-8")
    with pytest.raises(UsageError, match=rf"{ERASURE_REGISTER}, line 2: not a register line"):
        read_register(path)


def test_check_value_tells_clients_apart() -> None:
    """The check depends on the id and the creation time, and is 16 hex digits."""
    made = dt.datetime(2026, 5, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    values = {erasure_check(1, made), erasure_check(2, made), erasure_check(1, made.replace())}
    assert len(values) == 2 and all(len(v) == 16 for v in values)
    assert erasure_check(1, made) != erasure_check(1, made + dt.timedelta(microseconds=1))
