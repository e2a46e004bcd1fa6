"""Recording measure forms: checked and scored first, access-controlled, encrypted, exported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers_records import ADMIN, PASSWORD, client_with_consents, therapist, transcript
from sqlalchemy import LargeBinary, select, type_coerce

from alliancelens import services
from alliancelens.domain.measures import MeasureAdministration
from alliancelens.errors import (
    AccessDeniedError,
    DuplicateFormError,
    ItemCountError,
    ItemRangeError,
    MeasureError,
    MissingItemsError,
    UnknownMeasureError,
    UnknownPopulationError,
    UsageError,
)
from alliancelens.measures import administrations_from_fhir, load_registry
from alliancelens.security import audit
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database
from alliancelens.storage.administrations import list_administrations
from alliancelens.storage.tables import AdministrationRow

PHQ9 = ["1", "2", "3", "1", "0", "2", "1", "1", "1"]  # total 12; item 9 above 0
FREE_TEXT = "synthetic answer about the orchard at Velmora"
DAY = dt.date(2026, 11, 2)


def _client(store: Database, *kinds: ConsentKind) -> tuple[int, Actor]:
    lee = therapist(store)
    return client_with_consents(store, lee, *kinds), lee


def test_record_scores_stores_and_audits(store: Database) -> None:
    """A PHQ-9 form is scored (total, band, item-9 flag), stored and audited without consent."""
    client, lee = _client(store)  # no consents at all: recording a score needs none
    recorded = services.record_measure(
        store, lee, client_id=client, measure="PHQ9", items=PHQ9, date=DAY, free_text=FREE_TEXT
    )
    assert (recorded.score.total, recorded.score.severity) == (12.0, "moderate")
    assert [f.kind for f in recorded.score.flags] == ["safety_item"]
    with store.transaction() as db:
        (stored,) = list_administrations(db, client_id=client)
        last = audit.entries(db)[-1]
    assert stored.administration.measure == "phq-9" and stored.administration.date == DAY
    assert stored.administration.responses == tuple(float(v) for v in PHQ9)
    assert stored.free_text == FREE_TEXT and stored.id == recorded.stored.id
    assert (last.action, last.resource, last.resource_id) == ("create", "measure", str(client))
    assert FREE_TEXT not in json.dumps(last.detail)


def test_phi_columns_are_encrypted(store: Database) -> None:
    """The date, responses and free text are ciphertext in the table."""
    client, lee = _client(store)
    services.record_measure(
        store, lee, client_id=client, measure="gad-7", items=[1] * 7, date=DAY, free_text=FREE_TEXT
    )
    columns = (
        AdministrationRow.administered_on,
        AdministrationRow.responses,
        AdministrationRow.free_text,
    )
    with store.transaction() as db:
        raw = db.execute(select(*(type_coerce(c, LargeBinary) for c in columns))).one()
    blob = b"".join(bytes(v) for v in raw)
    assert DAY.isoformat().encode() not in blob and FREE_TEXT.encode() not in blob
    assert b"[1" not in blob


@pytest.mark.parametrize(
    ("measure", "items", "error"),
    [
        ("phq-9", PHQ9[:8], ItemCountError),
        ("phq-9", [*PHQ9[:8], "4"], ItemRangeError),
        ("phq-9", [*PHQ9[:8], "1.5"], ItemRangeError),
        ("phq-9", [*PHQ9[:8], "often"], ItemRangeError),
        ("phq-9", [*PHQ9[:8], "NA"], MissingItemsError),
        ("no-such-scale", PHQ9, UnknownMeasureError),
    ],
)
def test_bad_forms_are_refused_and_not_stored(
    store: Database, measure: str, items: list[str], error: type[MeasureError]
) -> None:
    """Wrong counts, out-of-range or non-numeric items, unprorated gaps, unknown measures."""
    client, lee = _client(store)
    with pytest.raises(error):
        services.record_measure(store, lee, client_id=client, measure=measure, items=items)
    with store.transaction() as db:
        assert list_administrations(db, client_id=client) == []


def _outsider(store: Database, who: str) -> Actor:
    """Another therapist, or dr-lee's supervisor."""
    if who == "other-therapist":
        return therapist(store, "dr-ng")
    user = services.create_user(
        store, ADMIN, username="sup", password=PASSWORD, role=Role.SUPERVISOR
    )
    services.add_supervision(store, ADMIN, supervisor="sup", therapist="dr-lee")
    return services.actor_for(store, user)


@pytest.mark.parametrize("who", ["other-therapist", "supervisor"])
def test_outsiders_are_refused(store: Database, who: str) -> None:
    """Only the client's therapist (or an admin) may record a form for them."""
    client, _ = _client(store)
    with pytest.raises(AccessDeniedError):
        services.record_measure(
            store, _outsider(store, who), client_id=client, measure="phq-9", items=PHQ9
        )
    assert services.record_measure(store, ADMIN, client_id=client, measure="phq-9", items=PHQ9)


def test_future_dates_and_foreign_sessions_are_refused(store: Database, tmp_path: Path) -> None:
    """A form dated in the future, or linked to another client's session, is refused."""
    client, lee = _client(store)
    other = client_with_consents(store, lee, ConsentKind.RECORDING, name="Other Synthetic")
    session = services.import_transcript(
        store, lee, client_id=other, path=transcript(tmp_path), analyse=False
    ).session_ids[0]
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    with pytest.raises(UsageError, match="future"):
        services.record_measure(
            store, lee, client_id=client, measure="phq-9", items=PHQ9, date=tomorrow
        )
    with pytest.raises(UsageError, match="another client"):
        services.record_measure(
            store, lee, client_id=client, measure="phq-9", items=PHQ9, session_id=session
        )
    linked = services.record_measure(
        store, lee, client_id=other, measure="phq-9", items=PHQ9, session_id=session
    )
    assert linked.stored.session_id == session


def test_export_has_forms_and_a_fhir_bundle(store: Database) -> None:
    """The export lists each form with its score, and a FHIR Bundle that reads back the same."""
    client, lee = _client(store)
    services.record_measure(store, lee, client_id=client, measure="phq-9", items=PHQ9, date=DAY)
    services.record_measure(
        store, lee, client_id=client, measure="gad-7", items=["2"] * 7, free_text=FREE_TEXT
    )
    record = services.export_client(store, ADMIN, client_id=client)
    forms = record["measures"]
    assert [f["measure"] for f in forms] == ["phq-9", "gad-7"]
    assert forms[0]["score"]["total"] == 12.0 and forms[1]["score"]["total"] == 14.0
    assert forms[1]["free_text"] == FREE_TEXT and all(f["fhir"] for f in forms)
    resources = [e["resource"] for e in record["fhir"]["entry"]]
    assert {r["resourceType"] for r in resources} == {"QuestionnaireResponse"}
    back = administrations_from_fhir(record["fhir"], load_registry())
    assert [(a.measure, a.date, a.responses) for a in back] == [
        (f["measure"], dt.date.fromisoformat(f["date"]), tuple(f["responses"])) for f in forms
    ]


def test_duplicate_form_is_refused_and_replace_corrects_it(store: Database) -> None:
    """A second form of a measure for one client, date and session is refused; replace swaps it."""
    client, lee = _client(store)
    first = services.record_measure(
        store, lee, client_id=client, measure="phq-9", items=PHQ9, date=DAY
    )
    with pytest.raises(DuplicateFormError, match=f"form {first.stored.id} already records phq-9"):
        services.record_measure(store, lee, client_id=client, measure="phq-9", items=PHQ9, date=DAY)
    fixed = ["0"] * 9
    services.record_measure(
        store, lee, client_id=client, measure="phq-9", items=fixed, date=DAY, replace=True
    )
    with store.transaction() as db:
        (stored,) = list_administrations(db, client_id=client)
        actions = [e.action for e in audit.entries(db)[-2:]]
    assert stored.administration.responses == (0.0,) * 9
    assert actions == ["replace", "create"]


def test_recorded_population_is_matched_ignoring_case_and_unknown_refused(store: Database) -> None:
    """``Adult`` is stored as ``adult``; an unknown population is refused before storing."""
    client, lee = _client(store)
    recorded = services.record_measure(
        store, lee, client_id=client, measure="ors", items=["5"] * 4, date=DAY, population="Adult"
    )
    assert recorded.stored.administration.population == "adult"
    assert recorded.total_text == "20.0"
    with pytest.raises(UnknownPopulationError, match="adult, adolescent, child, caregiver"):
        services.record_measure(
            store, lee, client_id=client, measure="ors", items=["5"] * 4, population="grownup"
        )


def _srs(
    store: Database, lee: Actor, client: int, mark: str, day: int, *, population: str | None = None
) -> services.RecordedMeasure:
    return services.record_measure(
        store,
        lee,
        client_id=client,
        measure="srs",
        items=[mark] * 4,
        date=dt.date(2026, 10, 1) + dt.timedelta(days=day),
        population=population,
    )


def test_back_dated_form_is_judged_against_the_forms_before_it(store: Database) -> None:
    """Alerts are evaluated at the new form's place in the stored series, not at the latest."""
    client, lee = _client(store)
    _srs(store, lee, client, "9.9", 0)
    _srs(store, lee, client, "9.8", 14)
    late = _srs(store, lee, client, "9.4", 7)  # between the two: 39.6 -> 37.6 is a drop
    assert late.alerts is not None and [a.kind for a in late.alerts] == ["alliance_drop"]
    (drop,) = late.alerts
    assert drop.evidence.scores == (39.6, 37.6)


def test_population_defaults_to_the_clients_latest_form(store: Database) -> None:
    """Without a population: the most recent stored form's, else adult (and which is said)."""
    client, lee = _client(store)
    first = _srs(store, lee, client, "9.5", 0)
    assert first.population_source == "default"
    _srs(store, lee, client, "9.5", 3, population="caregiver")
    third = _srs(store, lee, client, "9.5", 6)
    assert third.stored.administration.population == "caregiver"


def _ors(
    store: Database, lee: Actor, client: int, mark: str, day: int, **options: str
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


def test_rules_that_cannot_run_for_a_child_are_listed_with_the_cutoff_position(
    store: Database,
) -> None:
    """A child's ORS fall raises nothing, so the record says which rules did not run, and why."""
    client, lee = _client(store)
    _ors(store, lee, client, "7.5", 0, population="child")
    fallen = _ors(store, lee, client, "2.5", 7)
    kinds = {n.kind for n in fallen.not_evaluated}
    assert {"reliable_deterioration", "not_on_track", "discuss_ending"} <= kinds
    assert fallen.alerts == ()
    (position,) = fallen.positions
    assert position.population == "child" and position.cutoff is None


def test_an_adult_form_has_every_rule_evaluated(store: Database) -> None:
    """No rule is listed as not evaluated for an adult ORS series (all rules have sources)."""
    client, lee = _client(store)
    _ors(store, lee, client, "6.0", 0)
    second = _ors(store, lee, client, "6.5", 7)
    assert second.not_evaluated == ()
    assert second.positions[0].in_concern_range is False  # 26.0 against the adult 25


def test_a_caregivers_form_of_the_same_session_is_stored_in_its_own_series(
    store: Database,
) -> None:
    """A caregiver's form on the child's date is stored; each form's alerts use its own series."""
    client, lee = _client(store)
    _ors(store, lee, client, "4.4", 0, population="child")
    parent = _ors(store, lee, client, "3.3", 0, population="caregiver", completed_by="caregiver")
    assert parent.stored.administration.completed_by == "caregiver"
    assert len(list_stored(store, client)) == 2
    later = _ors(store, lee, client, "4.5", 7, population="child")
    assert later.intake_shift is None and later.alerts == ()


def test_a_second_copy_from_the_same_rater_is_still_refused(store: Database) -> None:
    """The same respondent's second form of a session is a duplicate; the other rater's is kept."""
    client, lee = _client(store)
    _ors(store, lee, client, "4.4", 0, population="child")
    _ors(store, lee, client, "3.3", 0, population="caregiver", completed_by="caregiver")
    with pytest.raises(DuplicateFormError, match="completed by caregiver"):
        _ors(store, lee, client, "3.0", 0, population="caregiver", completed_by="Caregiver")
    with pytest.raises(DuplicateFormError, match="population child and this one adolescent"):
        _ors(store, lee, client, "4.0", 0, population="adolescent")
    assert len(list_stored(store, client)) == 2


def test_a_caregivers_form_between_two_client_forms_leaves_reliable_change_alone(
    store: Database,
) -> None:
    """The client's alerts are those of a client without the caregiver's form in between."""
    client, lee = _client(store)
    alone = client_with_consents(store, lee)
    for who in (client, alone):
        _ors(store, lee, who, "6.0", 0)  # 24.0
    parent = _ors(store, lee, client, "1.0", 7, population="caregiver", completed_by="caregiver")
    assert parent.alerts == ()  # the intake of the caregiver's own series, not 24.0 -> 4.0
    mixed, control = (_ors(store, lee, who, "4.5", 14) for who in (client, alone))  # 18.0
    assert "reliable_deterioration" in [str(a.kind) for a in mixed.alerts or ()]
    assert [(a.kind, a.reason) for a in mixed.alerts or ()] == [
        (a.kind, a.reason) for a in control.alerts or ()
    ]
    assert mixed.not_evaluated == control.not_evaluated


def test_replace_only_replaces_the_same_raters_form(store: Database) -> None:
    """--replace on the client's form leaves the caregiver's form of that session stored."""
    client, lee = _client(store)
    _ors(store, lee, client, "4.4", 0, population="child")
    _ors(store, lee, client, "3.3", 0, population="caregiver", completed_by="caregiver")
    _ors(store, lee, client, "4.6", 0, population="child", replace=True)
    forms = sorted((a.completed_by, a.responses[0]) for a in _admins(store, client))
    assert forms == [("caregiver", 3.3), ("client", 4.6)]


def _admins(store: Database, client: int) -> list[MeasureAdministration]:
    """The client's stored administrations."""
    with store.transaction() as db:
        return [s.administration for s in list_administrations(db, client_id=client)]


def list_stored(store: Database, client: int) -> list[object]:
    """The client's stored forms."""
    with store.transaction() as db:
        return list(list_administrations(db, client_id=client))


def test_a_form_dated_before_the_intake_says_the_baseline_moved(store: Database) -> None:
    """Back-dating before the first form says it is the new intake and which alerts changed."""
    client, lee = _client(store)
    _ors(store, lee, client, "4.0", 7)
    _ors(store, lee, client, "3.5", 14)  # 16.0 -> 14.0: no reliable change
    early = _ors(store, lee, client, "6.0", 0)  # 24.0 is now the intake: 24.0 -> 14.0
    shift = early.intake_shift
    assert shift is not None
    assert (shift.old_intake, shift.new_intake, shift.later_forms) == ("16.0", "24.0", 2)
    assert "reliable_deterioration" in shift.alerts_added and shift.alerts_removed == ()
    assert "now the intake" in shift.text
    later = _ors(store, lee, client, "3.6", 21)
    assert later.intake_shift is None


def test_a_first_caregiver_form_without_population_is_caregiver_not_child(
    store: Database,
) -> None:
    """The child's population never carries over to a caregiver's first form, and vice versa."""
    client, lee = _client(store)
    _ors(store, lee, client, "6.2", 0, population="child")
    parent = _ors(store, lee, client, "3.1", 0, completed_by="caregiver")
    assert parent.stored.administration.population == "caregiver"
    assert parent.population_source == "default for caregiver-rated forms"
    own = _ors(store, lee, client, "6.4", 7)
    assert (own.stored.administration.population, own.population_source) == (
        "child",
        "client's earlier forms",
    )


def test_a_back_dated_caregiver_intake_names_the_caregivers_series(store: Database) -> None:
    """The moved-baseline line of a caregiver's form says which rater's series moved."""
    client, lee = _client(store)
    for day in (7, 14):
        _ors(store, lee, client, "4.0", day, population="caregiver", completed_by="caregiver")
    early = _ors(store, lee, client, "2.0", 0, population="caregiver", completed_by="caregiver")
    assert early.intake_shift is not None
    assert "for ORS (completed by caregiver):" in early.intake_shift.text
