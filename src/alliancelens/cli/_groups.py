"""Command groups shared by several modules: ``train`` and ``evaluate``.

Each model or analyser family adds its own sub-command, e.g. ``alliancelens evaluate ruptures``.
"""

from __future__ import annotations

import typer

from alliancelens.cli._app import app

__all__ = ["evaluate_app", "train_app"]

train_app = typer.Typer(
    help="Rebuild shipped models from training data (reproducibly).", no_args_is_help=True
)
evaluate_app = typer.Typer(
    help="Measure analysers and models against labelled corpora.", no_args_is_help=True
)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")
