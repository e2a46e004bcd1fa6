"""Adding a file of forms to a client's record: all or nothing, audited, refusals by line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers_records import ADMIN, client_with_consents, therapist

from alliancelens import services
from alliancelens.errors import AccessDeniedError, ImportRowError
from alliancelens.measures import bundle, load_registry, read_administrations
from alliancelens.security import audit
from alliancelens.storage import Database
from alliancelens.storage.administrations import list_administrations

HEADER = "client,date,session,measure,items,population\n"
ROWS = (
    "Orla Vantree,2026-09-01,v1,ORS,5.5 5.5 5.5 5.5,adolescent\n"
    "Orla Vantree,2026-09-01,v1,SRS,9.7 9.7 9.7 9.7,adolescent\n"
    "Orla Vantree,2026-09-08,v2,ORS,6.0 6.1 6.0 6.2,adolescent\n"
    "Orla Vantree,2026-09-08,v2,SRS,9.0 9.1 9.0 9.0,adolescent\n"
)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "forms.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _stored(store: Database, client: int) -> list[tuple[str, str, str]]:
    with store.transaction() as db:
        return [
            (
                s.administration.measure,
                s.administration.date.isoformat(),
                s.administration.population,
            )
            for s in list_administrations(db, client_id=client)
        ]


def test_every_form_is_stored_audited_and_reported(store: Database, tmp_path: Path) -> None:
    """Four rows become four stored forms (population kept), one import entry, and alerts."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    result = services.import_forms(store, lee, client_id=client, path=_csv(tmp_path, HEADER + ROWS))
    assert len(result.stored) == 4
    assert _stored(store, client)[0] == ("ors", "2026-09-01", "adolescent")
    with store.transaction() as db:
        last = audit.entries(db)[-1]
    assert (last.action, last.resource, last.detail["forms"]) == ("import", "measure", 4)
    assert "Orla" not in json.dumps(last.detail)
    (report,) = result.report.clients
    assert "alliance_drop" in {a.kind for a in report.alerts}  # 38.8 -> 36.1


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("Orla Vantree,2026-09-08,v2,ORS,6.0 6.1 6.0 6.2,adolescent\n", 6, "same client"),
        ("Brannock Ilse,2026-09-15,v3,SRS,9 9 9 9,adult\n", 6, "different client"),
        ("Orla Vantree,2026-09-15,v3,SRS,9 9 9 12,adolescent\n", 6, "is outside 0.0–10.0"),
    ],
)
def test_a_bad_form_stores_nothing_and_names_the_line(
    store: Database, tmp_path: Path, extra: str, line: int, words: str
) -> None:
    """One refused row (duplicate, second client, bad item) refuses the file: nothing stored."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    path = _csv(tmp_path, HEADER + ROWS + extra)
    with pytest.raises(ImportRowError) as caught:
        services.import_forms(store, lee, client_id=client, path=path)
    assert caught.value.line == line and words in caught.value.problem
    assert "Brannock" not in str(caught.value) and "Orla" not in str(caught.value)
    assert _stored(store, client) == []


RATERS = (
    "client,date,session,measure,items,population,completed_by\n"
    "Orla Vantree,2026-09-01,v1,ORS,6 6 6 6,adult,client\n"
    "Orla Vantree,2026-09-01,v1,ORS,7 7 7 7,caregiver,caregiver\n"
    "Orla Vantree,2026-09-08,v2,ORS,4.5 4.5 4.5 4.5,adult,client\n"
    "Orla Vantree,2026-09-08,v2,ORS,7 7 7 7,caregiver,Caregiver\n"
)


def test_a_file_of_two_raters_stores_both_series(store: Database, tmp_path: Path) -> None:
    """A CSV with the client's and the caregiver's forms stores all four, in two series."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    result = services.import_forms(store, lee, client_id=client, path=_csv(tmp_path, RATERS))
    assert [s.administration.completed_by for s in result.stored] == [
        "client",
        "caregiver",
        "client",
        "caregiver",
    ]
    (report,) = result.report.clients
    assert [(t.completed_by, t.totals) for t in report.trajectories] == [
        ("client", (24.0, 18.0)),
        ("caregiver", (28.0, 28.0)),
    ]
    assert {(a.kind, a.completed_by) for a in report.alerts} == {
        ("reliable_deterioration", "client")
    }


def test_a_second_copy_of_one_raters_form_refuses_the_file(store: Database, tmp_path: Path) -> None:
    """The caregiver's form twice (another row) refuses the whole file; nothing is stored."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    extra = "Orla Vantree,2026-09-08,v2,ORS,6 6 6 6,caregiver,caregiver\n"
    with pytest.raises(ImportRowError) as caught:
        services.import_forms(store, lee, client_id=client, path=_csv(tmp_path, RATERS + extra))
    assert caught.value.line == 6 and "respondent" in caught.value.problem
    assert _stored(store, client) == []


def test_a_form_already_stored_is_refused_naming_it(store: Database, tmp_path: Path) -> None:
    """Adding the same file twice: the second time names line 2 and the stored form."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    path = _csv(tmp_path, HEADER + ROWS)
    first = services.import_forms(store, lee, client_id=client, path=path)
    with pytest.raises(ImportRowError) as caught:
        services.import_forms(store, lee, client_id=client, path=path)
    assert caught.value.line == 2
    assert f"form {first.stored[0].id} already records ors" in caught.value.problem
    assert len(_stored(store, client)) == 4


def test_fhir_export_round_trips_into_another_clients_record(
    store: Database, tmp_path: Path
) -> None:
    """A FHIR bundle is read with JSON paths; the forms join the named client's record."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    registry = load_registry()
    forms = read_administrations(_csv(tmp_path, HEADER + ROWS), registry)
    path = tmp_path / "forms.json"
    path.write_text(json.dumps(bundle(forms, registry)), encoding="utf-8")
    result = services.import_forms(store, lee, client_id=client, path=path)
    assert len(result.stored) == 4 and result.stored[0].session_id is None


def test_another_therapist_may_not_add_forms(store: Database, tmp_path: Path) -> None:
    """The measure/create permission is checked: another therapist is refused, nothing stored."""
    owner = therapist(store)
    client = client_with_consents(store, owner)
    other = therapist(store, "dr-other")
    with pytest.raises(AccessDeniedError):
        services.import_forms(store, other, client_id=client, path=_csv(tmp_path, HEADER + ROWS))
    assert _stored(store, client) == []


NO_POPULATION = "client,date,measure,items\nHollis Werth,2026-10-12,ors,3 3 3 3\n"


def test_a_file_without_population_takes_the_clients_stored_population(
    store: Database, tmp_path: Path
) -> None:
    """Rows without a population join a child's record as child, and the result says why."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    services.record_measure(
        store,
        lee,
        client_id=client,
        measure="ors",
        items=["8"] * 4,
        population="child",
        date=dt.date(2026, 10, 5),
    )
    result = services.import_forms(store, lee, client_id=client, path=_csv(tmp_path, NO_POPULATION))
    assert [(d.place, d.population, d.source) for d in result.defaulted] == [
        (2, "child", "client's earlier forms")
    ]
    assert [p for _, _, p in _stored(store, client)] == ["child", "child"]


TWO_RATERS_NO_POPULATION = (
    "client,date,measure,items,completed_by,population\n"
    "Wren Ashby,2026-10-20,ors,6 6 6 6,client,\n"
    "Wren Ashby,2026-10-20,ors,3 3 3 3,caregiver,\n"
    "Wren Ashby,2026-10-20,srs,9 9 9 9,client,child\n"
)


def _rated(store: Database, client: int) -> list[tuple[str, str]]:
    with store.transaction() as db:
        return [
            (s.administration.completed_by, s.administration.population)
            for s in list_administrations(db, client_id=client)
        ]


@pytest.mark.parametrize(
    ("caregiver_before", "caregiver_source"),
    [(False, "default for caregiver-rated forms"), (True, "caregiver's earlier forms")],
)
def test_each_respondent_takes_their_own_population(
    store: Database, tmp_path: Path, caregiver_before: bool, caregiver_source: str
) -> None:
    """A caregiver row without a population never takes the child's; each row is reported."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    services.record_measure(
        store,
        lee,
        client_id=client,
        measure="ors",
        items=["5"] * 4,
        population="child",
        date=dt.date(2026, 10, 6),
    )
    if caregiver_before:
        services.record_measure(
            store,
            lee,
            client_id=client,
            measure="ors",
            items=["4"] * 4,
            population="caregiver",
            completed_by="caregiver",
            date=dt.date(2026, 10, 6),
        )
    path = _csv(tmp_path, TWO_RATERS_NO_POPULATION)
    result = services.import_forms(store, lee, client_id=client, path=path)
    assert [(d.place, d.completed_by, d.population, d.source) for d in result.defaulted] == [
        (2, "client", "child", "client's earlier forms"),
        (3, "caregiver", "caregiver", caregiver_source),
    ]
    assert _rated(store, client)[-3:] == [
        ("client", "child"),
        ("caregiver", "caregiver"),
        ("client", "child"),
    ]


def test_a_file_giving_every_population_reports_no_default(store: Database, tmp_path: Path) -> None:
    """Rows that all carry a population leave ``defaulted`` empty (nothing was assumed)."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    result = services.import_forms(store, lee, client_id=client, path=_csv(tmp_path, HEADER + ROWS))
    assert result.defaulted == ()


def test_a_fhir_caregiver_response_without_population_is_named_by_json_path(
    store: Database, tmp_path: Path
) -> None:
    """FHIR: a caregiver response lacking the population extension is listed by its path."""
    lee = therapist(store)
    source = client_with_consents(store, lee)
    services.record_measure(
        store,
        lee,
        client_id=source,
        measure="ors",
        items=["7"] * 4,
        population="adolescent",
        date=dt.date(2026, 10, 1),
    )
    services.record_measure(
        store,
        lee,
        client_id=source,
        measure="ors",
        items=["2"] * 4,
        population="caregiver",
        completed_by="caregiver",
        date=dt.date(2026, 10, 1),
    )
    data = services.export_client(store, ADMIN, client_id=source)["fhir"]
    for entry in data["entry"]:
        entry["resource"]["extension"] = [
            e for e in entry["resource"]["extension"] if not e["url"].endswith("population")
        ]
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    target = services.create_client(store, lee, name="Ivo Pendle").id
    result = services.import_forms(store, lee, client_id=target, path=path, other_subject=True)
    assert [(d.place, d.completed_by, d.population) for d in result.defaulted] == [
        ("entry[0].resource", "client", "adult"),
        ("entry[1].resource", "caregiver", "caregiver"),
    ]


def _fhir_of(store: Database, client: int, tmp_path: Path) -> Path:
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(services.export_client(store, ADMIN, client_id=client)["fhir"]))
    return path


def test_another_clients_fhir_export_is_refused_unless_asked(
    store: Database, tmp_path: Path
) -> None:
    """A bundle naming another client's record number is refused by JSON path (no identifier)."""
    lee = therapist(store)
    source = services.create_client(store, lee, name="Pell Arden", identifier="RN-55120").id
    target = services.create_client(store, lee, name="Quin Dorrow", identifier="RN-55121").id
    services.record_measure(
        store, lee, client_id=source, measure="srs", items=["9"] * 4, date=dt.date(2026, 10, 5)
    )
    path = _fhir_of(store, source, tmp_path)
    with pytest.raises(ImportRowError) as caught:
        services.import_forms(store, lee, client_id=target, path=path)
    text = str(caught.value)
    assert "subject.identifier" in text and "--other-subject" in text
    assert "RN-5512" not in text and "Pell" not in text
    assert _stored(store, target) == []
    forced = services.import_forms(store, lee, client_id=target, path=path, other_subject=True)
    assert len(forced.stored) == 1
