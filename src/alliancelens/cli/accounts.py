"""User administration and key retirement (administrators; every change is audited).

``users deactivate``/``activate``/``set-role``/``reset-password``/``unlock``/``unsupervise``
and ``keys retire``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from alliancelens import services
from alliancelens.cli._errors import user_errors
from alliancelens.cli._store import AsOpt, JsonOpt, echo_json, opened
from alliancelens.cli.admin import PASSWORD_ENV, _ask_password, keys_app, users_app
from alliancelens.security.policy import Actor, Role

if TYPE_CHECKING:  # the store is imported when a command runs, not at start-up
    from alliancelens.storage import Database, UserRecord

__all__: list[str] = []

UserArg = Annotated[str, typer.Argument(help="Sign-in name of the user.")]


@users_app.command("deactivate")
def users_deactivate(username: UserArg, as_user: AsOpt = None) -> None:
    """Lock a user out: no sign-in, and every existing sign-in ends at its next request."""
    with user_errors(), opened(as_user) as (database, actor, _):
        before = _user(database, actor, username)
        if before is not None and not before.active:
            typer.echo(f"user {before.id} is already deactivated; nothing changed")
            return
        user = services.set_user_active(database, actor, username=username, active=False)
        _warn_if_no_admin(database, actor)
    typer.echo(f"user {user.id} deactivated; their sign-ins have ended")


@users_app.command("activate")
def users_activate(username: UserArg, as_user: AsOpt = None) -> None:
    """Let a deactivated user sign in again (with their password; reset it if it leaked).

    A user locked out by wrong passwords is active: `users unlock` lifts that lock.
    """
    with user_errors(), opened(as_user) as (database, actor, _):
        before = _user(database, actor, username)
        if before is not None and before.active:
            typer.echo(
                f"user {before.id} is already active; nothing changed (a web lockout after "
                "wrong passwords is lifted with `alliancelens users unlock`)"
            )
            return
        user = services.set_user_active(database, actor, username=username, active=True)
    typer.echo(f"user {user.id} active again")


@users_app.command("set-role")
def users_set_role(
    username: UserArg,
    role: Annotated[Role, typer.Argument(help="admin, therapist or supervisor.")],
    as_user: AsOpt = None,
) -> None:
    """Change a user's role (their sign-ins end, so the new rights apply at once)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        before = _user(database, actor, username)
        if before is not None and before.role == role.value:
            typer.echo(f"user {before.id} is already {role.value}; nothing changed")
            return
        user = services.set_user_role(database, actor, username=username, role=role)
        _warn_if_no_admin(database, actor)
    typer.echo(f"user {user.id} is now {user.role}; their sign-ins have ended")


def _user(database: Database, actor: Actor, username: str) -> UserRecord | None:
    """The user before a change (None if unknown: the change itself then names the problem)."""
    return next((u for u in services.list_users(database, actor) if u.username == username), None)


def _warn_if_no_admin(database: Database, actor: Actor) -> None:
    """Say so when no active web administrator account remains (the CLI still works)."""
    if not any(u.active and u.role == "admin" for u in services.list_users(database, actor)):
        typer.echo(
            "warning: no active admin user remains for the web dashboard; the local "
            "administrator can add one with `alliancelens users add NAME --role admin`",
            err=True,
        )


@users_app.command("reset-password")
def users_reset_password(username: UserArg, as_user: AsOpt = None) -> None:
    """Set a new password (prompted, or ALLIANCELENS_NEW_PASSWORD); ends every sign-in."""
    password = os.environ.get(PASSWORD_ENV) or _ask_password(username)
    with user_errors(), opened(as_user) as (database, actor, _):
        services.reset_password(database, actor, username=username, password=password)
    typer.echo(
        f"password of {username} reset; their sign-ins have ended and any web sign-in lockout "
        "is lifted"
    )


@users_app.command("unlock")
def users_unlock(
    username: UserArg,
    as_user: AsOpt = None,
) -> None:
    """Lift a web sign-in lockout (too many wrong passwords) at once, in every web process."""
    from alliancelens.records.accounts import unlock_user  # noqa: PLC0415 - start-up time

    with user_errors(), opened(as_user) as (database, actor, _):
        done = unlock_user(database, actor, username=username)
    if done.locked_at is None:
        typer.echo(
            f"user {done.user_id} had no web lockout recorded since their last sign-in or "
            "unlock; recorded an unlock anyway (it lifts any lock the web holds)"
        )
    else:
        when = done.locked_at.isoformat(timespec="seconds")
        typer.echo(f"user {done.user_id} unlocked (locked out of the web since {when})")


@users_app.command("unsupervise")
def users_unsupervise(
    supervisor: Annotated[str, typer.Argument(help="User name of the supervisor.")],
    therapist: Annotated[str, typer.Argument(help="User name of the supervised therapist.")],
    as_user: AsOpt = None,
) -> None:
    """End the link SUPERVISOR supervises THERAPIST (shared sessions are no longer visible)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        removed = services.remove_supervision(
            database, actor, supervisor=supervisor, therapist=therapist
        )
    if removed:
        typer.echo(f"{supervisor} no longer supervises {therapist}")
    else:
        typer.echo(f"{supervisor} did not supervise {therapist}; nothing changed")


@keys_app.command("retire")
def keys_retire(as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """Remove old keys that no stored value uses from the key file (after `keys rotate`)."""
    with user_errors(), opened(as_user) as (database, actor, _):
        report = services.retire(database, actor)
    if as_json:
        echo_json({"removed": list(report.removed), "still_used": list(report.still_used)})
        return
    removed = ", ".join(report.removed) or "none"
    typer.echo(f"removed from the key file: {removed}")
    if report.still_used:
        kept = ", ".join(report.still_used)
        typer.echo(
            f"kept (stored values still use them): {kept}; run `alliancelens keys rotate`, "
            "then retire again"
        )
    typer.echo("backups taken before this need a copy of the old key file (docs/security.md)")
