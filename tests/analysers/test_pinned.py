"""Model digests in analyser parameters: reported, pinned, and refused when the files differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.analysers import Pipeline
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.microskills import MicroskillCodes
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.domain.findings import RunStatus
from alliancelens.models import ModelFileError
from alliancelens.models._store import files_digest
from alliancelens.testing import make_session

SESSION = make_session(
    ("therapist", "How was the week?"),
    ("client", "Fine. Whatever. I don't see the point of these sessions."),
)
ANALYSERS = [MicroskillCodes, RuptureDetector, RiskLanguage]


@pytest.mark.parametrize("cls", ANALYSERS)
def test_params_report_the_installed_models_digest(cls: type[Analyser]) -> None:
    """get_params (and so provenance) carries the SHA-256 of the installed model files."""
    digest = cls().get_params()["model_digest"]
    assert isinstance(digest, str) and len(digest) == 64
    assert cls().provenance.params["model_digest"] == digest


@pytest.mark.parametrize("cls", [RuptureDetector, RiskLanguage])
def test_no_digest_when_the_model_is_switched_off(cls: type[Analyser]) -> None:
    """With use_model=False the analyser reads no model file, so there is no digest."""
    assert cls(use_model=False).get_params()["model_digest"] is None  # type: ignore[call-arg]


@pytest.mark.parametrize("cls", ANALYSERS)
def test_a_pinned_digest_that_differs_fails_the_analyser(cls: type[Analyser]) -> None:
    """Files whose digest differs from the pinned one are refused: the analyser is not run."""
    with pytest.raises(ModelFileError, match="this run expects"):
        list(cls(model_digest="0" * 64).analyse(SESSION, upstream=FindingSet()))  # type: ignore[call-arg]
    run = Pipeline([cls(model_digest="0" * 64)]).run(SESSION)  # type: ignore[call-arg]
    assert run.runs[0].status is RunStatus.FAILED


@pytest.mark.parametrize("cls", ANALYSERS)
def test_rebuilt_from_its_params_the_analyser_runs(cls: type[Analyser]) -> None:
    """A batch worker rebuilding the analyser from get_params gets the same, working analyser."""
    rebuilt = cls(**cls().get_params())
    assert Pipeline([rebuilt]).run(SESSION).runs[0].status is RunStatus.OK


def test_files_digest_changes_with_any_byte(tmp_path: Path) -> None:
    """The digest covers every byte; a missing file is a ModelFileError naming the fix."""
    model = tmp_path / "m.npz"
    model.write_bytes(b"abc")
    before = files_digest([model], rebuild="alliancelens train x")
    model.write_bytes(b"abd")
    assert files_digest([model], rebuild="alliancelens train x") != before
    with pytest.raises(ModelFileError, match="alliancelens train x"):
        files_digest([tmp_path / "gone.npz"], rebuild="alliancelens train x")
