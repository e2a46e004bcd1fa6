"""Fixtures: a synthetic AnnoMI-layout corpus and a coder trained on it (once per session)."""

from __future__ import annotations

import pytest

from alliancelens.models._corpus import Corpus, read_corpus
from alliancelens.models.coder import MicroskillCoder
from alliancelens.models.training import train_coder

from .annomi_synth import FAST, write_synthetic_annomi


@pytest.fixture(scope="session")
def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The synthetic corpus, read back through read_corpus."""
    return read_corpus(write_synthetic_annomi(tmp_path_factory.mktemp("annomi")))


@pytest.fixture(scope="session")
def synthetic_coder(synthetic_corpus: Corpus) -> MicroskillCoder:
    """A coder trained on the synthetic corpus (once per test session)."""
    return train_coder(synthetic_corpus, FAST)
