"""The retention purge leaves no name, file-name key or client quote behind."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from alliancelens import services
from alliancelens.security.policy import Role
from alliancelens.storage import ConsentKind
from alliancelens.storage.purge import REMOVED, pseudonyms, scrub_value
from alliancelens.storage.testing import temporary_store

ADMIN = services.local_admin()
PASSWORD = "a long enough passphrase"  # noqa: S105 - a test password
RISK_LINE = "Some days I feel like a burden and everyone would be better off without me"
TRANSCRIPT = (
    "Ada Pennywhistle: How has this week been?\n"
    f"Wilhelmina Fjord: {RISK_LINE}.\n"
    "Ada Pennywhistle: Thank you for telling me. Can you say more?\n"
    "Wilhelmina Fjord: It comes and goes, mostly at night.\n"
)


def test_scrub_value_removes_quotes_matches_and_labels() -> None:
    """Quoted phrases, `matched` values and speaker labels (values and keys) are replaced."""
    names = pseudonyms(
        [{"label": "Ada P", "role": "therapist"}, {"label": "Wil F", "role": "client"}]
    )
    value = [
        {"matched": "a burden", "reason": "burden language (matched: 'a burden')", "score": 0.8},
        {"speaker": "Wil F", "by": {"Ada P": 3}},
    ]
    assert scrub_value(value, names) == [
        {"matched": REMOVED, "reason": f"burden language (matched: {REMOVED})", "score": 0.8},
        {"speaker": "client 1", "by": {"therapist 1": 3}},
    ]


def test_purge_removes_file_name_key_speaker_names_and_quotes(tmp_path: Path) -> None:
    """After the purge the export holds neither the file name, the speakers' names nor any
    words of the client's, while findings (codes, scores) stay."""
    path = tmp_path / "Wilhelmina Fjord intake.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    with temporary_store("sqlite", tmp_path / "home", retention_days=1) as store:
        user = services.create_user(
            store, ADMIN, username="ther", password=PASSWORD, role=Role.THERAPIST
        )
        owner = services.actor_for(store, user)
        client = services.create_client(store, owner, name="C").id
        for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
            services.grant_consent(store, owner, client_id=client, kind=kind)
        services.import_transcript(
            store, owner, client_id=client, path=path, therapists=["Ada Pennywhistle"]
        )
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        assert len(services.purge_expired(store, ADMIN, now=later)) == 1
        exported = json.dumps(services.export_client(store, ADMIN, client_id=client))
    assert "findings" in exported and "client 1" in exported and REMOVED in exported
    quotes = ("feel like a burden", "everyone would be better off", "better off without me")
    for leaked in ("Wilhelmina", "Fjord", "Pennywhistle", *quotes):
        assert leaked not in exported, leaked
