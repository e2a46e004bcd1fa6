"""Feature extraction: tokens, tagged context n-grams, and TF-IDF blocks built as trained."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelens.models._features import (
    BLOCKS,
    NUMERIC_FEATURES,
    Featurizer,
    Turn,
    block_grams,
    fit_vocabulary,
    numeric_features,
    parse_turns,
    tokens,
)

DIALOGUE = [
    Turn("therapist", "How’s the week been?"),
    Turn("client", "I've been drinking less."),
    Turn("therapist", "You've been drinking less."),
]
ALL_TERMS = {"w": 10**6, "c": 10**6, "p": 10**6, "n": 10**6}


def test_tokens_are_lower_case_with_straight_apostrophes() -> None:
    """Curly apostrophes are straightened and contractions kept as one token."""
    parsed = parse_turns(DIALOGUE)
    assert parsed[0].words == ("how's", "the", "week", "been")
    assert "i've been" in parsed[1].grams


@pytest.mark.parametrize(
    ("index", "block", "expected"),
    [
        (0, "p", "p|^"),
        (1, "p", "pT|how's"),
        (2, "p", "pC|drinking less"),
        (0, "n", "nC|drinking"),
        (2, "n", "n|$"),
        (2, "w", "w|you've been"),
        (2, "c", "c| y"),
    ],
)
def test_block_grams_are_tagged_with_neighbour_role(index: int, block: str, expected: str) -> None:
    """Context n-grams carry who said them (T/C) and start/end markers."""
    assert expected in block_grams(parse_turns(DIALOGUE), index)[block]


def test_featurizer_blocks_are_unit_length() -> None:
    """Each sparse block of a row is L2-normalised on its own."""
    parsed = parse_turns(DIALOGUE)
    docs = [block_grams(parsed, i) for i in range(3)]
    vocabulary = fit_vocabulary(docs, min_df=1, max_terms=ALL_TERMS)
    indptr, indices, data = Featurizer(vocabulary).transform(parsed, [0, 1, 2])
    for row in range(3):
        cols = indices[indptr[row] : indptr[row + 1]]
        values = data[indptr[row] : indptr[row + 1]]
        for number, _block in enumerate(BLOCKS):
            mask = vocabulary.block[cols] == number
            assert np.isclose(np.sum(values[mask] ** 2), 1.0)


def test_featurizer_finds_every_term_the_vocabulary_was_fitted_on() -> None:
    """Inference features match the n-grams counted at training time (no term is lost)."""
    parsed = parse_turns(DIALOGUE)
    docs = [block_grams(parsed, i) for i in range(3)]
    vocabulary = fit_vocabulary(docs, min_df=1, max_terms=ALL_TERMS)
    indptr, _indices, _data = Featurizer(vocabulary).transform(parsed, [0, 1, 2])
    distinct = [len({g for block in BLOCKS for g in doc[block]}) for doc in docs]
    assert list(np.diff(indptr)) == distinct


def test_min_df_and_max_terms_limit_the_vocabulary() -> None:
    """Terms in fewer than min_df documents are dropped, and each block is capped."""
    parsed = parse_turns(DIALOGUE)
    docs = [block_grams(parsed, i) for i in range(3)]
    capped = fit_vocabulary(docs, min_df=1, max_terms={"w": 2, "c": 3, "p": 1, "n": 1})
    assert list(np.bincount(capped.block, minlength=4)) == [2, 3, 1, 1]
    assert len(fit_vocabulary(docs, min_df=4, max_terms=ALL_TERMS)) == 0


def test_numeric_features_describe_context() -> None:
    """Dense features: question mark, who spoke before, overlap with the previous turn."""
    parsed = parse_turns(DIALOGUE)
    first = dict(zip(NUMERIC_FEATURES, numeric_features(parsed, 0), strict=True))
    last = dict(zip(NUMERIC_FEATURES, numeric_features(parsed, 2), strict=True))
    assert first["has_question_mark"] == 1.0
    assert first["has_previous"] == 0.0
    assert last["previous_is_client"] == 1.0
    assert last["overlap_previous"] > 0.5


def test_tokens_match_parsed_words() -> None:
    """tokens() gives the same words parse_turns does (lower case, straight quotes)."""
    assert [tuple(tokens(t.text)) for t in DIALOGUE] == [p.words for p in parse_turns(DIALOGUE)]
