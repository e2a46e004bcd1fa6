"""The AnnoMI training portion in ../shared/data (skipped cleanly when it is absent)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.models._corpus import read_corpus
from alliancelens.models.coder import shipped_model_dir

pytestmark = pytest.mark.shared_data


def test_corpus_has_one_row_per_utterance(shared_data: Path) -> None:
    """The 10-annotator transcripts are collapsed: 106 transcripts, 7,686 utterances."""
    corpus = read_corpus(shared_data / "annomi")
    assert (len(corpus.dialogues), corpus.utterances) == (106, 7686)


@pytest.mark.parametrize("column", ["behaviour", "client_talk"])
def test_voted_labels_match_the_simple_file_up_to_ties(shared_data: Path, column: str) -> None:
    """Majority votes over AnnoMI-full.csv agree with AnnoMI-simple.csv except a few 5:5 ties."""
    full = read_corpus(shared_data / "annomi" / "AnnoMI-full.csv")
    simple = read_corpus(shared_data / "annomi" / "AnnoMI-simple.csv")
    voted = Counter(x for d in full.dialogues for x in getattr(d, column) if x)
    upstream = Counter(x for d in simple.dialogues for x in getattr(d, column) if x)
    assert set(voted) == set(upstream)
    assert all(abs(voted[k] - upstream[k]) <= 5 for k in upstream)


def test_shipped_model_was_trained_on_this_file(shared_data: Path) -> None:
    """The shipped manifest records the SHA-256 of the shared AnnoMI-full.csv."""
    manifest = json.loads((shipped_model_dir() / "manifest.json").read_text("utf-8"))
    corpus = read_corpus(shared_data / "annomi" / "AnnoMI-full.csv")
    assert manifest["training_data"]["sha256"] == corpus.sha256


@pytest.mark.shared_data
def test_shipped_on_its_own_training_file_is_marked_in_sample(shared_data: Path) -> None:
    """Scoring the installed model on the AnnoMI file it was trained on says it is in-sample."""
    result = CliRunner().invoke(
        app, ["evaluate", "microskills", "--data", str(shared_data / "annomi"), "--shipped"]
    )
    assert result.exit_code == 0, result.output
    assert "In-sample" in result.stdout
