"""Builders for the web tests: the shared store's users and records, sign-in, CSRF tokens.

Everything here is synthetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from alliancelens import services
from alliancelens.security.policy import Actor, Role
from alliancelens.storage import ConsentKind, Database
from alliancelens.web import WebSettings, create_app

PASSWORD = "a long enough passphrase"  # noqa: S105 - a test password
SECRET = "test-secret-" + "x" * 40
#: The host name Starlette's TestClient sends.
TEST_HOST = "testserver"
#: Distinctive synthetic PHI: tests look for these strings in logs.
CLIENT_NAME = "Quillon Marchetti-Vaz"
SECRET_LINE = "the zanzibar lighthouse keeper story I never told anyone"  # noqa: S105
TRANSCRIPT = (
    "Therapist: What would you like to talk about today?\n"
    f"Client: Honestly, {SECRET_LINE}.\n"
    "Therapist: That sounds important. What makes it hard to tell?\n"
    "Client: I worry you will think less of me; I wonder what the point of any of it is.\n"
    "Therapist: It sounds like you have been carrying this alone. Shall we look at it together?\n"
    "Client: Yes, I would like that.\n"
)
USERS = {
    "admin-web": Role.ADMIN,
    "ther-a": Role.THERAPIST,
    "ther-b": Role.THERAPIST,
    "sup-a": Role.SUPERVISOR,
    "sup-none": Role.SUPERVISOR,
}


@dataclass(frozen=True)
class World:
    """Ids in the shared store (sessions ``shared``, ``unshared``, ``unanalysed``: client_a)."""

    database: Database
    client_a: int
    client_b: int
    shared: int
    unshared: int
    unanalysed: int
    b_session: int


def _import(database: Database, owner: Actor, client: int, path: Path, **kw: bool) -> int:
    # the world holds three copies of one file for client A on purpose: import them all
    report = services.import_transcript(
        database, owner, client_id=client, path=path, allow_duplicate=True, **kw
    )
    return report.session_ids[0]


def build_world(database: Database, home: Path) -> World:
    """Users of every role; therapist A's client with three sessions, therapist B's with one."""
    admin = services.local_admin()
    actors: dict[str, Actor] = {}
    for name, role in USERS.items():
        user = services.create_user(database, admin, username=name, password=PASSWORD, role=role)
        actors[name] = services.actor_for(database, user)
    services.add_supervision(database, admin, supervisor="sup-a", therapist="ther-a")
    path = home / "session.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    ids: dict[str, int] = {}
    for owner, label in (("ther-a", CLIENT_NAME), ("ther-b", "Bellamy Ostrander")):
        client = services.create_client(database, actors[owner], name=label, identifier="MRN-9")
        for kind in ConsentKind:
            services.grant_consent(database, actors[owner], client_id=client.id, kind=kind)
        ids[owner] = client.id
    a = actors["ther-a"]
    shared = _import(database, a, ids["ther-a"], path)
    unshared = _import(database, a, ids["ther-a"], path)
    unanalysed = _import(database, a, ids["ther-a"], path, analyse=False)
    b_session = _import(database, actors["ther-b"], ids["ther-b"], path)
    services.work(database, admin)
    services.share_session(database, a, session_id=shared)
    services.create_user(  # a client's own login: no dashboard, forms only through links
        database,
        admin,
        username="client-a",
        password=PASSWORD,
        role=Role.CLIENT,
        client_id=ids["ther-a"],
    )
    services.record_measure(
        database, a, client_id=ids["ther-a"], measure="PHQ9", items=["1"] * 9, session_id=shared
    )
    return World(database, ids["ther-a"], ids["ther-b"], shared, unshared, unanalysed, b_session)


def make_app(world: World, **settings: bool | int | str) -> FastAPI:
    """A fresh dashboard app over the shared store (``settings``: WebSettings fields).

    The TestClient's host ``testserver`` is allowed through the setting (unless ``settings``
    names other hosts); the default allow-list stays loopback-only.
    """
    settings.setdefault("allowed_hosts", f"{TEST_HOST},localhost")
    web = WebSettings(secret=SECRET, **settings)  # type: ignore[arg-type]
    return create_app(world.database.settings, web_settings=web, database=world.database)


def csrf_of(html: str) -> str:
    """The CSRF token in a rendered page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    """Sign ``client`` in through the form; returns the status of the POST."""
    token = csrf_of(client.get("/login").text)
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def actor_of(world: World, username: str) -> Actor:
    """The actor of one of the shared store's users."""
    users = services.list_users(world.database, services.local_admin())
    return services.actor_for(world.database, next(u for u in users if u.username == username))


class _Controls(HTMLParser):
    """Form controls of a page and whether each has an accessible name (label or aria)."""

    def __init__(self) -> None:
        super().__init__()
        self.label_depth = 0
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        elif tag in ("input", "select", "textarea") and found.get("type") not in (
            "hidden",
            "submit",
        ):
            self.controls.append({**found, "_wrapped": "1" if self.label_depth else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1


def unlabelled_controls(html: str) -> list[str]:
    """Names of the page's form controls without an accessible name (empty: all are named)."""
    parser = _Controls()
    parser.feed(html)
    return [
        str(c.get("name"))
        for c in parser.controls
        if not (
            c.get("aria-labelledby")
            or c.get("aria-label")
            or c.get("_wrapped")
            or (c.get("id") and c["id"] in parser.label_for)
        )
    ]
