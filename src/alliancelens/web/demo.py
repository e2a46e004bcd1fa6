"""``alliancelens web --demo``: a throwaway store seeded with the shipped synthetic demo data.

Everything goes through the same use cases as real data (consents, import, analysis jobs,
measure forms), so the demo shows the dashboard exactly as a clinic would see it. The demo
therapist's password is random and returned once; nothing here is meant for real records.

The demo store must never be a real one: :func:`demo_settings` ignores every store setting
of the environment (``ALLIANCELENS_DATABASE_URL``, ``_KEY``, ``_KEY_FILE``, ``_REDIS_URL``, …),
and :func:`seed_demo` refuses settings that name an outside database, key or queue, or a data
directory that is not empty.
"""

from __future__ import annotations

import secrets
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from alliancelens import services
from alliancelens.config import Settings
from alliancelens.errors import UsageError
from alliancelens.measures import demo_csv, load_registry, read_administrations
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database

__all__ = ["DEMO_CLIENTS", "DemoLogin", "demo_settings", "seed_demo"]

#: Demo clients (synthetic) and the demo transcripts / measures-file names that are theirs.
DEMO_CLIENTS: dict[str, tuple[str, ...]] = {
    "Alex (demo)": ("alex-01-intake.txt", "alex-02.vtt", "alex-03.json"),
    "Robin (demo)": (),
    "Riley (demo)": ("riley-07.srt",),
    "Jordan & Casey (demo)": ("jordan-casey-couple.docx",),
}
#: The measures file names its clients in lower case: ``alex`` is "Alex (demo)".
_MEASURES_CLIENT = {"alex": "Alex (demo)", "robin": "Robin (demo)"}
DEMO_USER = "demo-therapist"


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """How to sign in to the demo, and a form link to try (both shown once)."""

    username: str
    password: str
    form_token: str
    sessions: int


def _manifest() -> dict[str, dict[str, list[str]]]:
    root = resources.files("alliancelens") / "demo" / "sessions"
    manifest: dict[str, dict[str, list[str]]] = tomllib.loads(
        (root / "manifest.toml").read_text("utf-8")
    )
    return manifest


def demo_settings(home: Path) -> Settings:
    """Settings of a throwaway store in ``home``: SQLite, key file and jobs all in there.

    Explicit values win over the environment, so a shell that points at the clinic's real
    database, key or Redis queue cannot make the demo write into them.
    """
    return Settings(
        home=home,
        database_url=None,
        key=None,
        previous_keys=None,
        key_file=None,
        redis_url=None,
        retention_days=None,
        user=None,
    )


def _require_throwaway(settings: Settings) -> None:
    """Refuse settings that could reach a real store (see :func:`demo_settings`)."""
    outside = [
        name
        for name in ("database_url", "key", "previous_keys", "key_file", "redis_url")
        if getattr(settings, name) is not None
    ]
    if outside:
        raise UsageError(
            f"the demo runs only on a throwaway store, but {', '.join(outside)} is set; "
            "use `alliancelens web --demo`, which makes its own"
        )
    if settings.home.exists() and any(settings.home.iterdir()):
        raise UsageError(
            f"the demo needs an empty data directory; {settings.home} already holds files"
        )


def seed_demo(settings: Settings) -> tuple[Database, DemoLogin]:
    """Initialise a store in ``settings.home`` and fill it with the demo caseload (analysed).

    ``settings`` must describe a throwaway store (:func:`demo_settings`): anything naming an
    outside database, key or queue, or a non-empty ``home``, is refused before anything is made.
    """
    _require_throwaway(settings)
    database, _ = services.initialise(settings)
    admin = services.local_admin()
    password = secrets.token_urlsafe(12)
    user = services.create_user(
        database, admin, username=DEMO_USER, password=password, role=Role.THERAPIST
    )
    therapist = services.actor_for(database, user)
    files = {p.name: p for p in services.demo_files()}
    manifest = _manifest()
    client_ids: dict[str, int] = {}
    stored: dict[str, int] = {}  # demo session name (file stem up to the first "-"+digits) -> id
    for name, transcripts in DEMO_CLIENTS.items():
        client = services.create_client(database, therapist, name=name, identifier="DEMO")
        client_ids[name] = client.id
        for kind in ConsentKind:
            services.grant_consent(database, therapist, client_id=client.id, kind=kind)
        for file_name in transcripts:
            options = manifest.get(file_name, {})
            report = services.import_transcript(
                database,
                therapist,
                client_id=client.id,
                path=files[file_name],
                therapists=options.get("therapists", ()),
                clients=options.get("clients", ()),
            )
            stored[_session_key(file_name)] = report.session_ids[0]
    services.work(database, admin)
    _record_demo_measures(database, therapist, client_ids, stored)
    link = services.create_form_link(
        database, therapist, client_id=client_ids["Alex (demo)"], measure="gad-7", hours=24
    )
    return database, DemoLogin(DEMO_USER, password, link.token, len(stored))


def _session_key(file_name: str) -> str:
    """``alex-01-intake.txt`` -> ``alex-01`` (how the demo measures file names sessions)."""
    stem = Path(file_name).stem
    parts = stem.split("-")
    return "-".join(parts[:2]) if len(parts) > 1 and parts[1].isdigit() else stem


def _record_demo_measures(
    database: Database, therapist: Actor, client_ids: dict[str, int], stored: dict[str, int]
) -> None:
    registry = load_registry()
    for admin in read_administrations(demo_csv(), registry):
        name = _MEASURES_CLIENT.get(admin.client)
        if name is None:
            continue
        services.record_measure(
            database,
            therapist,
            client_id=client_ids[name],
            measure=admin.measure,
            items=list(admin.responses),
            date=admin.date,
            session_id=stored.get(admin.session or ""),
            population=admin.population,
            completed_by=admin.completed_by,
        )
