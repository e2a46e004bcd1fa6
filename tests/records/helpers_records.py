"""Shared builders for the record-store use-case tests (users, clients, consents, files)."""

from __future__ import annotations

from pathlib import Path

from alliancelens import services
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database

ADMIN = services.local_admin()
PASSWORD = "a long enough passphrase"  # noqa: S105 - a test password
#: Distinctive synthetic PHI: tests search raw files and exports for these strings.
CLIENT_NAME = "Quillon Marchetti-Vaz"
SECRET_LINE = "the zanzibar lighthouse keeper story I never told anyone"  # noqa: S105
TRANSCRIPT = (
    "Therapist: What would you like to talk about today?\n"
    f"Client: Honestly, {SECRET_LINE}.\n"
    "Therapist: That sounds important. What makes it hard to tell?\n"
    "Client: I worry you will think less of me.\n"
)


def therapist(database: Database, name: str = "dr-lee") -> Actor:
    """A therapist user and its actor."""
    user = services.create_user(
        database, ADMIN, username=name, password=PASSWORD, role=Role.THERAPIST
    )
    return services.actor_for(database, user)


def client_with_consents(
    database: Database, owner: Actor, *kinds: ConsentKind, name: str = CLIENT_NAME
) -> int:
    """A client of ``owner`` with the given consents; returns its id."""
    client = services.create_client(database, owner, name=name, identifier="MRN-000417")
    for kind in kinds:
        services.grant_consent(database, owner, client_id=client.id, kind=kind)
    return client.id


def transcript(tmp_path: Path, name: str = "session.txt", text: str = TRANSCRIPT) -> Path:
    """A transcript file in ``tmp_path``.

    The text starts with a ``#`` comment naming the file, so that two files of different names
    have different bytes: import refuses a file already imported for the client (QA29 item 8).
    """
    path = tmp_path / name
    text = f"# test file {name}\n{text}"
    path.write_text(text, encoding="utf-8")
    return path
