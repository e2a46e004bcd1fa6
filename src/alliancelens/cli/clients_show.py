"""``alliancelens clients show ID``: one client's measures over time, alerts, consents, sessions.

The terminal counterpart of the dashboard's client page (QA29 #10); the work is in
:mod:`alliancelens.cli._client_view`, imported when the command runs so that the measures and
records modules stay off the CLI's start-up path (tests/cli/test_startup.py).
"""

from __future__ import annotations

from alliancelens.cli._store import AsOpt, JsonOpt
from alliancelens.cli.store import ClientArg, clients_app

__all__ = ["clients_show"]


@clients_app.command("show")
def clients_show(client: ClientArg, as_user: AsOpt = None, as_json: JsonOpt = False) -> None:
    """One client: measures over time per measure and rater, alerts, consents and sessions."""
    from alliancelens.cli._client_view import show  # noqa: PLC0415 - keeps start-up fast

    show(client, as_user, as_json=as_json)
