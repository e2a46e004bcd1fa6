"""``--replace`` on the record path: replaces one stored form, or refuses and stores nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_records import client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.errors import MeasureError
from alliancelens.security.policy import Actor
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.administrations import list_administrations


def _client(store: Database, *kinds: ConsentKind) -> tuple[int, Actor]:
    lee = therapist(store)
    return client_with_consents(store, lee, *kinds), lee


def _ors(
    store: Database, lee: Actor, client: int, mark: str, day: int, **options: object
) -> services.RecordedMeasure:
    return services.record_measure(
        store,
        lee,
        client_id=client,
        measure="ors",
        items=[mark] * 4,
        date=dt.date(2026, 10, 1) + dt.timedelta(days=day),
        **options,  # type: ignore[arg-type]
    )


def list_stored(store: Database, client: int) -> list[object]:
    """The client's stored forms."""
    with store.transaction() as db:
        return list(list_administrations(db, client_id=client))


def test_replace_with_nothing_to_replace_is_refused_and_stores_nothing(store: Database) -> None:
    """--replace that matches no stored form refuses (one line), never adds a second form."""
    client, lee = _client(store)
    _ors(store, lee, client, "5.1", 0)
    with pytest.raises(MeasureError, match="nothing to replace") as caught:
        _ors(store, lee, client, "5.9", 3, replace=True)  # no form that day
    assert "\n" not in str(caught.value) and "without --replace" in (caught.value.hint or "")
    assert len(list_stored(store, client)) == 1


def test_replace_across_sessions_names_the_form_of_that_day(
    store: Database, tmp_path: Path
) -> None:
    """A same-day form under no session is named with how to move it; nothing is stored."""
    client, lee = _client(store, ConsentKind.RECORDING)
    session = services.import_transcript(
        store, lee, client_id=client, path=transcript(tmp_path), analyse=False
    ).session_ids[0]
    unlinked = _ors(store, lee, client, "5.1", 0)
    with pytest.raises(MeasureError, match="with session") as caught:
        _ors(store, lee, client, "5.2", 0, session_id=session, replace=True)
    assert f"delete-measure {unlinked.stored.id}" in (caught.value.hint or "")
    assert len(list_stored(store, client)) == 1


def test_replace_says_which_form_it_replaced(store: Database) -> None:
    """The result of a replacing record carries the id of the form it removed."""
    client, lee = _client(store)
    first = _ors(store, lee, client, "5.1", 0)
    assert first.replaced is None
    second = _ors(store, lee, client, "5.3", 0, replace=True)
    assert second.replaced == first.stored.id
