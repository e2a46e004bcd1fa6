"""Pieces shared by the hashed n-gram text classifiers (risk language, ruptures, micro-skills).

* Hashing featuriser: terms are the CRC-32 of a tagged n-gram (:func:`~._features.term_id`),
  optionally folded into a fixed number of buckets; word n-grams (:func:`word_ngrams`),
  memoised character n-grams inside word boundaries (:class:`CharGramBuckets`) and binary
  L2-normalised blocks (:func:`normalised_block`).
* Scoring: softmax, sigmoid and Platt scaling live in :mod:`alliancelens.models._linear`.
* Loading: :class:`FolderCache` reads a model once per folder and process, thread-safely.

Tokenisation is :func:`alliancelens.models._features.tokens`; file reading and writing is
:mod:`alliancelens.models._store`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

from alliancelens.models._features import term_id

__all__ = [
    "CharGramBuckets",
    "FolderCache",
    "normalised_block",
    "word_ngrams",
]

_Model = TypeVar("_Model")


def word_ngrams(words: Sequence[str], top: int) -> list[str]:
    """Word 1- to ``top``-grams, all unigrams first, then all bigrams, and so on."""
    size = len(words)
    return [" ".join(words[i : i + n]) for n in range(1, top + 1) for i in range(size - n + 1)]


class CharGramBuckets(dict[str, tuple[int, ...]]):
    """Memo: token → buckets of its character n-grams inside word boundaries (``char_wb``).

    Each token is padded with one space either side; its ``low``–``high``-grams are tagged with
    ``tag`` and hashed into ``n_buckets``. At most ``max_memo`` tokens are remembered.
    """

    def __init__(
        self, tag: str, n_buckets: int, *, low: int, high: int, max_memo: int = 200_000
    ) -> None:
        super().__init__()
        self.tag = tag
        self.n_buckets = n_buckets
        self.low = low
        self.high = high
        self.max_memo = max_memo

    def __missing__(self, token: str) -> tuple[int, ...]:
        padded = f" {token} "
        size = len(padded)
        buckets = tuple(
            term_id(self.tag + padded[i : i + n]) % self.n_buckets
            for n in range(self.low, min(self.high, size) + 1)
            for i in range(size - n + 1)
        )
        if len(self) < self.max_memo:
            self[token] = buckets
        return buckets


def normalised_block(
    buckets: Sequence[int], weight: float
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Sorted distinct ``buckets``, each valued ``weight / sqrt(count)`` (binary, L2 = weight).

    The distinct values are taken with a set and sorted in place: the same array as
    ``np.unique``, about twice as fast on these short lists.
    """
    unique = np.fromiter(set(buckets), dtype=np.int64)
    unique.sort()
    if not len(unique):
        return unique, np.zeros(0)
    return unique, np.full(len(unique), weight / math.sqrt(len(unique)))


class FolderCache(Generic[_Model]):
    """Models read once per folder (keyed by the resolved path) and kept for the process.

    ``read`` is called with the folder exactly as given to :meth:`get`, under a lock, so two
    threads asking for the same folder read it once.
    """

    def __init__(self, read: Callable[[Path], _Model]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._models: dict[Path, _Model] = {}

    def get(self, folder: Path) -> _Model:
        """The model in ``folder``, read on first use."""
        key = folder.resolve()
        with self._lock:
            model = self._models.get(key)
            if model is None:
                model = self._models[key] = self._read(folder)
            return model

    def clear(self) -> None:
        """Forget every model read so far (the next :meth:`get` reads the files again)."""
        with self._lock:
            self._models.clear()
