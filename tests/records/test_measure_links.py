"""Recording a form: which session it joins (QA37 #9, QA38 #6) and which definitions score it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from helpers_records import client_with_consents, therapist, transcript

from alliancelens import services
from alliancelens.errors import DefinitionError, DuplicateFormError
from alliancelens.security.policy import Actor
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.testing import temporary_store

DAY = dt.date(2026, 3, 10)
ORS = ["6.2", "6.3", "6.2", "6.3"]  # total 25.0: on the adult clinical cut-off


def _client_with_session(
    store: Database, tmp_path: Path, *dates: dt.date
) -> tuple[int, Actor, list[int]]:
    lee = therapist(store)
    client = client_with_consents(store, lee, ConsentKind.RECORDING)
    sessions = [
        services.import_transcript(
            store,
            lee,
            client_id=client,
            path=transcript(tmp_path, f"s{number}.txt"),
            analyse=False,
            session_date=day,
        ).session_ids[0]
        for number, day in enumerate(dates)
    ]
    return client, lee, sessions


def test_the_one_session_of_the_day_is_linked_and_said(store: Database, tmp_path: Path) -> None:
    """Without a session, the client's one session of the form's date is linked, and said so."""
    client, lee, (session,) = _client_with_session(store, tmp_path, DAY)
    recorded = services.record_measure(
        store, lee, client_id=client, measure="ors", items=ORS, date=DAY, link_same_day=True
    )
    assert recorded.stored.session_id == session
    assert f"linked to session {session}" in recorded.session_note


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        ((), "none of client"),
        ((DAY - dt.timedelta(days=1),), "none of client"),
        ((DAY, DAY), "2 of client"),
    ],
)
def test_an_unlinked_form_says_what_that_means(
    store: Database, tmp_path: Path, dates: tuple[dt.date, ...], words: str
) -> None:
    """No single session that day: the form stays unlinked and the note says who will miss it."""
    client, lee, _ = _client_with_session(store, tmp_path, *dates)
    recorded = services.record_measure(
        store, lee, client_id=client, measure="ors", items=ORS, date=DAY, link_same_day=True
    )
    assert recorded.stored.session_id is None
    assert recorded.session_note.startswith("not linked to a session")
    assert "supervisors" in recorded.session_note and words in recorded.session_note


def test_without_link_same_day_nothing_is_linked(store: Database, tmp_path: Path) -> None:
    """The use case's default (the dashboard chooses its own session) links nothing."""
    client, lee, _ = _client_with_session(store, tmp_path, DAY)
    recorded = services.record_measure(
        store, lee, client_id=client, measure="ors", items=ORS, date=DAY
    )
    assert recorded.stored.session_id is None


def test_a_same_day_copy_of_an_unlinked_form_is_still_a_duplicate(
    store: Database, tmp_path: Path
) -> None:
    """An unlinked form entered again is refused, not linked and kept as a second copy."""
    client, lee, _ = _client_with_session(store, tmp_path, DAY)
    services.record_measure(store, lee, client_id=client, measure="ors", items=ORS, date=DAY)
    with pytest.raises(DuplicateFormError):
        services.record_measure(
            store, lee, client_id=client, measure="ors", items=ORS, date=DAY, link_same_day=True
        )


@pytest.mark.parametrize(("offset", "words"), [(5, "5 days after"), (-1, "1 day before")])
def test_a_session_of_another_day_is_linked_with_a_warning(
    store: Database, tmp_path: Path, offset: int, words: str
) -> None:
    """A form linked to a session dated another day is kept, with a warning (QA38 #6)."""
    client, lee, (session,) = _client_with_session(store, tmp_path, DAY + dt.timedelta(offset))
    recorded = services.record_measure(
        store, lee, client_id=client, measure="ors", items=ORS, date=DAY, session_id=session
    )
    assert recorded.stored.session_id == session
    assert recorded.session_note.startswith(f"warning: session {session} is dated")
    assert words in recorded.session_note


@pytest.fixture
def clinic_store(tmp_path: Path) -> Iterator[Database]:
    """A SQLite store whose settings point ALLIANCELENS_MEASURES_DIR at a clinic ORS."""
    folder = tmp_path / "clinic"
    folder.mkdir()
    shipped = resources.files("alliancelens.measures") / "definitions" / "ors.toml"
    adult = 'concern = "below"\npopulation = "adult"'
    text = shipped.read_text(encoding="utf-8")
    assert adult in text
    local = text.replace(adult, 'concern = "at_or_below"\npopulation = "adult"')
    (folder / "ors.toml").write_text(local, encoding="utf-8")
    with temporary_store("sqlite", tmp_path / "home", measures_dir=folder) as database:
        yield database


def test_the_record_store_uses_the_measures_dir_setting(clinic_store: Database) -> None:
    """record_measure scores with ALLIANCELENS_MEASURES_DIR, as measures import does (QA38 #1b)."""
    lee = therapist(clinic_store)
    client = client_with_consents(clinic_store, lee)
    services.record_measure(
        clinic_store, lee, client_id=client, measure="ors", items=["4.5"] * 4, date=DAY
    )
    recorded = services.record_measure(
        clinic_store,
        lee,
        client_id=client,
        measure="ors",
        items=ORS,
        date=DAY + dt.timedelta(days=7),
    )
    (position,) = recorded.positions
    assert position.in_concern_range  # 25.0 is clinical under the clinic's rule
    assert recorded.definitions_source is not None
    assert recorded.definitions_source.scoring_changed == ("ors",)


def test_a_missing_measures_dir_setting_is_refused(tmp_path: Path) -> None:
    """A store whose ALLIANCELENS_MEASURES_DIR does not exist refuses to score, naming it."""
    with temporary_store("sqlite", tmp_path / "home", measures_dir=tmp_path / "nope") as store:
        lee = therapist(store)
        client = client_with_consents(store, lee)
        with pytest.raises(DefinitionError, match="ALLIANCELENS_MEASURES_DIR"):
            services.record_measure(store, lee, client_id=client, measure="ors", items=ORS)
