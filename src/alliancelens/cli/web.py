"""``alliancelens web``: serve the local web dashboard (uvicorn), or a throwaway demo of it.

FastAPI, uvicorn and the web package are imported only when the command runs, so the rest of the
command line starts fast. A missing ``web`` extra is one line on stderr and exit code 2.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import shutil
import signal
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from alliancelens.cli._app import app
from alliancelens.cli._errors import EXIT_USAGE, fail, stderr, user_errors

if TYPE_CHECKING:
    from fastapi import FastAPI

    from alliancelens.config import Settings

__all__ = ["web"]

#: Import names of the ``web`` extra (python-multipart imports as ``multipart``).
WEB_MODULES = ("fastapi", "uvicorn", "jinja2", "multipart", "itsdangerous")


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (``localhost`` or a loopback address)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def missing_web_extra() -> list[str]:
    """The web extra's modules that are not installed."""
    return [name for name in WEB_MODULES if importlib.util.find_spec(name) is None]


@app.command()
def web(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)
    ] = 8765,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Serve a throwaway store seeded with the synthetic demo caseload."
        ),
    ] = False,
) -> None:
    """Serve the secure local web dashboard (sign in with a user from `alliancelens users`)."""
    missing = missing_web_extra()
    if missing:
        raise fail(
            f"the web dashboard needs the `web` extra ({', '.join(missing)} missing): "
            "pip install 'alliancelens[web]'",
            EXIT_USAGE,
        )
    from alliancelens.web import WebSettings, create_app  # noqa: PLC0415 - the web extra
    from alliancelens.web.settings import allowed_hosts  # noqa: PLC0415

    with user_errors():  # a wildcard bind without ALLIANCELENS_WEB_ALLOWED_HOSTS: exit 2
        allowed_hosts(WebSettings(), host)
    if not is_loopback(host):
        stderr.print(
            f"[yellow]warning:[/] listening on {host}, reachable from other machines. This server "
            "speaks plain HTTP: put it behind a reverse proxy that provides TLS, and set "
            "ALLIANCELENS_WEB_HTTPS=1 there so the session cookie is sent over HTTPS only.",
            highlight=False,
        )
    if demo:
        _serve_demo(host, port)
        return
    from alliancelens import services  # noqa: PLC0415 - keeps start-up fast
    from alliancelens.config import load_settings  # noqa: PLC0415

    with user_errors():
        settings = load_settings()
        check_measures(settings)  # a mistyped measures folder: one line, exit 2
        database = services.open_database(settings)  # a bad store: one line, exit 2
    try:
        with user_errors():
            application = create_app(
                settings, web_settings=WebSettings(), database=database, bind_host=host
            )
        _run(application, host, port)
    finally:
        database.close()


def check_measures(settings: Settings) -> None:
    """Resolve the measure definitions every page scores with, before the server starts.

    ``ALLIANCELENS_MEASURES_DIR`` naming a folder that does not exist, or a definition file
    that cannot be read, is refused here (a :class:`~alliancelens.errors.DefinitionError`:
    one line, exit 2) as by the other commands, not on each page after the start.
    """
    from alliancelens.measures import registry_in_use  # noqa: PLC0415 - keeps start-up fast

    registry_in_use(settings=settings)


def _run(application: FastAPI, host: str, port: int) -> None:
    import uvicorn  # noqa: PLC0415 - the web extra, imported only here

    stderr.print(f"AllianceLens dashboard on http://{host}:{port}/ (Ctrl+C stops it)")
    # X-Forwarded-For/-Proto are trusted (from 127.0.0.1 only, uvicorn's default) only behind
    # the HTTPS reverse proxy ALLIANCELENS_WEB_HTTPS=1 announces; without a proxy any local
    # process could otherwise pick the address the form-link throttle counts.
    behind_proxy = bool(application.state.web_settings.https)
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        proxy_headers=behind_proxy,
    )


def _serve_demo(host: str, port: int) -> None:
    """Seed a store in a fresh temporary directory, print the demo sign-in once, serve it."""
    from alliancelens.web import WebSettings, create_app  # noqa: PLC0415 - the web extra
    from alliancelens.web.demo import demo_settings, seed_demo  # noqa: PLC0415

    # uvicorn re-raises SIGTERM after a graceful stop: exit through ``finally`` (cleanup) then.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    home = Path(tempfile.mkdtemp(prefix="alliancelens-demo-"))
    stderr.print(f"seeding a demo store in {home} (synthetic data, removed on exit)…")
    try:
        with user_errors():
            # demo_settings: the environment's database, key and queue settings are ignored.
            settings = demo_settings(home)
            check_measures(settings)
            database, login = seed_demo(settings)
        try:
            typer.echo(f"demo sign-in: user {login.username}, password {login.password}")
            typer.echo(f"a client's one-time GAD-7 form link: /f/{login.form_token}")
            settings = database.settings
            with user_errors():
                application = create_app(
                    settings, web_settings=WebSettings(), database=database, bind_host=host
                )
            _run(application, host, port)
        finally:
            database.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM ends the demo like Ctrl+C: through ``finally`` blocks, so its folder is removed."""
    del signum, frame
    raise SystemExit(0)
