"""``record-measure`` says a PHQ-9 change no rule judges instead of a bare "no alerts" (QA43 #8)."""

from __future__ import annotations

import datetime as dt

from helpers_records import client_with_consents, therapist

from alliancelens import services
from alliancelens.storage import Database


def test_phq9_worsening_is_said_with_its_size(store: Database) -> None:
    """PHQ-9 9 -> 17 (no item 9): the record carries "change since first form: +8 (…)"."""
    lee = therapist(store)
    client = client_with_consents(store, lee)
    for day, items in ((0, "1 1 1 2 1 1 1 1 0"), (28, "2 3 2 2 2 2 2 2 0")):
        recorded = services.record_measure(
            store,
            lee,
            client_id=client,
            measure="phq-9",
            items=items.split(),
            date=dt.date(2026, 10, 26) + dt.timedelta(days=day),
        )
    assert recorded.alerts == ()
    assert recorded.change_text.startswith("change since first form: +8 (no reliable-change")
