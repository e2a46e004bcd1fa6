"""The risk features built in one pass equal the block-by-block construction they replace."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelens.models._features import tokens
from alliancelens.models._text_classifier import normalised_block, word_ngrams
from alliancelens.models.risk_features import (
    _CHARS,
    CONTEXT_WEIGHT,
    CUE_WEIGHT,
    THREAD_WEIGHT,
    _bucket,
    featurise,
    thread_terms,
)


def _reference(
    text: str, previous: str, cues: tuple[str, ...], thread: str | None, follow_up: bool
) -> tuple[np.ndarray, np.ndarray, float]:
    """Each block through ``normalised_block``, then concatenated (the earlier construction)."""
    words = tokens(text)
    grams = word_ngrams(words, 3)
    before = tokens(previous)
    context = (
        [_bucket("p:" + g) for g in word_ngrams(before, 2)] if before else [_bucket("p:<none>")]
    )
    terms = thread_terms(thread, follow_up, cues, len(words))
    blocks = [
        normalised_block([_bucket("w:" + g) for g in grams], 1.0),
        normalised_block([b for w in words for b in _CHARS[w]], 1.0),
        normalised_block(context, CONTEXT_WEIGHT),
        normalised_block([_bucket("r:" + c) for c in cues], CUE_WEIGHT),
        normalised_block([_bucket(t) for t in terms], THREAD_WEIGHT),
    ]
    gram_value = float(blocks[0][1][0]) if len(blocks[0][1]) else 0.0
    return (
        np.concatenate([b[0] for b in blocks]),
        np.concatenate([b[1] for b in blocks]),
        gram_value,
    )


@pytest.mark.parametrize(
    ("text", "previous", "cues", "thread", "follow_up"),
    [
        ("I keep thinking it would be easier not to wake up", "How was the week?", (), None, False),
        ("no no it's fine honestly", "", ("denial",), "suicidal", True),
        ("", "Tell me more.", (), None, False),
        (
            "Pills. The pills in the drawer.",
            "What did you do then?",
            ("recent",),
            "self_harm",
            False,
        ),
        ("ok", "", (), "suicidal", False),
        ("’Cause I can’t keep going like this, I can’t", "And then?", ("serious",), None, False),
    ],
)
def test_featurise_equals_block_construction(
    text: str, previous: str, cues: tuple[str, ...], thread: str | None, follow_up: bool
) -> None:
    """featurise yields the same buckets, values (bit for bit) and grams as the block path."""
    features = featurise(text, previous, cues, thread=thread, follow_up=follow_up)
    buckets, values, gram_value = _reference(text, previous, cues, thread, follow_up)
    assert features.buckets.dtype == np.int64
    assert features.values.dtype == np.float64
    assert features.buckets.tolist() == buckets.tolist()
    assert features.values.tobytes() == values.tobytes()
    assert features.grams == tuple(word_ngrams(tokens(text), 3))
    assert features.gram_values.tolist() == [gram_value] * len(features.grams)
