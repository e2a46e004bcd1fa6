"""The ``alliancelens`` command line (typer + rich): one command per use case.

Commands live in their own modules and register on :data:`app`; exit codes are mapped in one
place, :mod:`alliancelens.cli._errors`.
"""

from __future__ import annotations

from alliancelens.cli import _groups  # noqa: F401  (registers the train/evaluate groups)
from alliancelens.cli import accounts as _accounts  # noqa: F401  (users deactivate…, keys retire)
from alliancelens.cli import admin as _admin  # noqa: F401  (record store: users, keys, audit, jobs)
from alliancelens.cli import analyze as _analyze  # noqa: F401  (registers commands)
from alliancelens.cli import batch as _batch  # noqa: F401  (registers commands)
from alliancelens.cli import clients_show as _clients_show  # noqa: F401  (clients show)
from alliancelens.cli import consent as _consent  # noqa: F401  (consent grant/withdraw/show)
from alliancelens.cli import deid as _deid  # noqa: F401  (deidentify, evaluate deid)
from alliancelens.cli import evaluate_agreement as _evaluate_agreement  # noqa: F401  (coders)
from alliancelens.cli import evaluate_all as _evaluate_all  # noqa: F401  (evaluate all)
from alliancelens.cli import evaluate_alliance as _evaluate_alliance  # noqa: F401
from alliancelens.cli import evaluate_mibot as _evaluate_mibot  # noqa: F401  (MIBot agreement)
from alliancelens.cli import evaluate_relational as _evaluate_relational  # noqa: F401
from alliancelens.cli import info as _info  # noqa: F401  (registers commands)
from alliancelens.cli import insights as _insights  # noqa: F401  (issue 7)
from alliancelens.cli import journal as _journal  # noqa: F401  (reflection journal)
from alliancelens.cli import measures as _measures  # noqa: F401
from alliancelens.cli import models as _models  # noqa: F401
from alliancelens.cli import note as _note  # noqa: F401  (progress-note drafts)
from alliancelens.cli import records_admin as _records_admin  # noqa: F401  (delete, reanalyse)
from alliancelens.cli import sessions_roles as _sessions_roles  # noqa: F401  (sessions roles)
from alliancelens.cli import sessions_show as _sessions_show  # noqa: F401  (sessions show)
from alliancelens.cli import store as _store  # noqa: F401  (record store: init, clients)
from alliancelens.cli import store_import as _store_import  # noqa: F401  (import)
from alliancelens.cli import store_records as _store_records  # noqa: F401  (export, delete)
from alliancelens.cli import train_risk as _train_risk  # noqa: F401  (train risk)
from alliancelens.cli import train_risk_batches as _train_risk_batches  # noqa: F401
from alliancelens.cli import train_ruptures as _train_ruptures  # noqa: F401  (issue 4)
from alliancelens.cli import web as _web  # noqa: F401  (web dashboard)
from alliancelens.cli._app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
