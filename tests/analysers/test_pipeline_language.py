"""The pipeline's language rule (QA43 #4): a session mostly in another language is not analysed.

When most client utterances do not read as English, the analysers that read English wording are
*skipped* (not analysed), never run to report "nothing found"; talk statistics and the risk screen
(which reports each such line as not screened) still run. Every dialogue here was written for
these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.analysers import default_pipeline
from alliancelens.analysers.pipeline import (
    LANGUAGE_NEUTRAL,
    LANGUAGE_NOT_SUPPORTED,
    NOT_ENGLISH_SHARE,
)
from alliancelens.cli import app
from alliancelens.domain import RunStatus
from alliancelens.testing import make_session

T, C = "therapist", "client"
SPANISH = (
    (T, "Hola, ¿cómo ha ido la semana?"),
    (C, "Muy mal. Estoy muy cansada de todo y no tengo ganas de nada."),
    (T, "Suena muy difícil. ¿Qué pasó?"),
    (C, "Mi hermano me llamó y discutimos otra vez por el dinero."),
    (T, "¿Cómo te sentiste después?"),
    (C, "Vacía. Siempre es lo mismo con él."),
)
ENGLISH = (
    (T, "How has the week been since we last met?"),
    (C, "Up and down. Work was a lot, but I did get out for a walk twice."),
    (T, "You managed the walks even with work piling up."),
    (C, "Gracias. Sí, eso me ayudó."),
    (T, "What made the walks possible this time?"),
    (C, "I just put it in my calendar like a meeting, and that helped."),
)


def test_mostly_spanish_session_skips_the_english_analysers() -> None:
    """English-lexicon analysers are skipped (language not supported); talk and risk still run."""
    result = default_pipeline().run(make_session(*SPANISH))
    for run in result.runs:
        if run.name in LANGUAGE_NEUTRAL:
            assert run.status is RunStatus.OK, run.name
        else:
            assert run.status is RunStatus.SKIPPED, run.name
            assert run.reason == LANGUAGE_NOT_SUPPORTED
    skipped = {r.name for r in result.runs if r.status is RunStatus.SKIPPED}
    assert {"ruptures.detector", "alliance.bordin", "red_flags.therapist"} <= skipped
    assert {"relational.markers", "microskills.codes", "microskills.summary"} <= skipped
    assert not result.findings.of_kind("ruptures.summary")


def test_english_session_with_one_spanish_line_runs_every_analyser() -> None:
    """One client line in Spanish among English ones leaves every analyser running as before."""
    result = default_pipeline().run(make_session(*ENGLISH))
    assert all(run.status is RunStatus.OK for run in result.runs)


EN = (C, "I had a long week at work and slept badly.")
ES = (C, "Estoy muy cansada de todo, no quiero hablar de eso.")


@pytest.mark.parametrize(
    ("clients", "skipped"), [((EN, ES), False), ((EN, ES, ES), True), ((ES,), True)]
)
def test_the_rule_needs_more_than_half_of_the_client_lines(
    clients: tuple[tuple[str, str], ...], skipped: bool
) -> None:
    """Exactly half the client lines not in English is analysed; more than half is not."""
    share = sum(line is ES for line in clients) / len(clients)
    assert (share > NOT_ENGLISH_SHARE) is skipped
    result = default_pipeline().run(make_session((T, "How was the week?"), *clients))
    run = result.run_of("ruptures.detector")
    assert run is not None and (run.status is RunStatus.SKIPPED) is skipped


def test_analyze_of_a_spanish_session_exits_3_and_says_not_analysed(tmp_path: Path) -> None:
    """`alliancelens analyze` on a Spanish session exits 3 and names the language as the reason."""
    path = tmp_path / "sesion.txt"
    path.write_text(
        "".join(f"{'Therapist' if r == T else 'Client'}: {text}\n" for r, text in SPANISH),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(path)])
    assert result.exit_code == 3, result.output
    assert "Ruptures: not analysed" in result.stdout
    assert "language not supported" in result.stdout
