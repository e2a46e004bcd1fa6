"""``--replace`` says which alerts the correction withdrew or added (QA43 #14)."""

from __future__ import annotations

import datetime as dt

from helpers_records import client_with_consents, therapist

from alliancelens import services
from alliancelens.security.policy import Actor
from alliancelens.storage import Database


def _srs(
    store: Database, lee: Actor, client: int, items: list[str], day: int, **options: object
) -> services.RecordedMeasure:
    return services.record_measure(
        store,
        lee,
        client_id=client,
        measure="srs",
        items=items,
        date=dt.date(2026, 11, 2) + dt.timedelta(days=day),
        **options,  # type: ignore[arg-type]
    )


def test_correcting_a_typo_names_the_alerts_it_withdrew(store: Database) -> None:
    """QA43 #14: a mistyped SRS item (2.9 for 9.2) corrected with --replace lists its 3 alerts."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    _srs(store, lee, client, ["9.3", "9.4", "9.1", "9.3"], 0)
    _srs(store, lee, client, ["9.5", "9.4", "2.9", "9.6"], 7)
    fixed = _srs(store, lee, client, ["9.5", "9.4", "9.2", "9.6"], 7, replace=True)
    changed = fixed.replaced_alerts
    assert changed is not None and fixed.alerts == ()
    assert changed.withdrawn == ("alliance_below_cutoff", "alliance_drop", "alliance_item_low")
    assert changed.added == () and changed.form == fixed.replaced
    assert changed.text.startswith(
        f"alerts after the correction: withdrawn with form {fixed.replaced}"
    )


def test_correcting_an_earlier_form_names_alerts_changed_at_the_latest(store: Database) -> None:
    """Correcting the form before the latest says the latest form's drop was withdrawn too."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    _srs(store, lee, client, ["9.8", "9.8", "9.8", "9.8"], 0)  # 39.2, then a typo 39.2 -> 36.8
    _srs(store, lee, client, ["9.8", "9.8", "9.8", "7.4"], 7)
    _srs(store, lee, client, ["9.5", "9.5", "9.5", "9.5"], 14)  # 38.0: no drop after 36.8
    fixed = _srs(store, lee, client, ["9.8", "9.8", "9.8", "9.8"], 7, replace=True)
    changed = fixed.replaced_alerts
    assert changed is not None
    assert "alliance_drop" in changed.withdrawn  # 39.2 -> 36.8 was a drop at form 2
    assert changed.latest_added == ("alliance_drop",)  # 39.2 -> 38.0 is one now, at form 3


def test_a_correction_that_changes_no_alert_says_so(store: Database) -> None:
    """A replace with the same alerts before and after says the alerts are the same."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    _srs(store, lee, client, ["9.5", "9.5", "9.5", "9.5"], 0)
    fixed = _srs(store, lee, client, ["9.6", "9.5", "9.5", "9.5"], 0, replace=True)
    assert fixed.replaced_alerts is not None
    assert fixed.replaced_alerts.text.endswith(f"the same as form {fixed.replaced} raised")


def test_no_replace_no_replaced_alerts(store: Database) -> None:
    """A plain record (nothing replaced) carries no replaced_alerts."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    assert _srs(store, lee, client, ["9.5", "9.5", "9.5", "9.5"], 0).replaced_alerts is None
