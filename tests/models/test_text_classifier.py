"""Shared text-classifier pieces: n-grams, hashed char memo, blocks, folder cache."""

from __future__ import annotations

import math
import threading
import zlib
from pathlib import Path

import numpy as np
import pytest

from alliancelens.models._text_classifier import (
    CharGramBuckets,
    FolderCache,
    normalised_block,
    word_ngrams,
)


@pytest.mark.parametrize(
    ("words", "top", "expected"),
    [
        (["a", "b", "c"], 2, ["a", "b", "c", "a b", "b c"]),
        (["a", "b"], 3, ["a", "b", "a b"]),
        ([], 3, []),
    ],
)
def test_word_ngrams_lists_unigrams_first(words: list[str], top: int, expected: list[str]) -> None:
    """Word n-grams come shortest first, each size in text order."""
    assert word_ngrams(words, top) == expected


def test_char_grams_are_padded_word_grams_in_size_order() -> None:
    """A token's buckets are its space-padded 3–4-grams, tagged, hashed, 3-grams first."""
    memo = CharGramBuckets("c:", 1000, low=3, high=4)
    grams = [" ab", "ab ", " ab "]
    assert memo["ab"] == tuple(zlib.crc32(f"c:{g}".encode()) % 1000 for g in grams)
    assert "ab" in memo


def test_char_memo_stops_growing_at_its_limit() -> None:
    """Past ``max_memo`` tokens the memo still answers but remembers nothing new."""
    memo = CharGramBuckets("c:", 1000, low=3, high=5, max_memo=1)
    first, second = memo["one"], memo["two"]
    assert list(memo) == ["one"]
    assert second == CharGramBuckets("c:", 1000, low=3, high=5)["two"]
    assert first == CharGramBuckets("c:", 1000, low=3, high=5)["one"]


def test_normalised_block_is_binary_and_unit_scaled() -> None:
    """Repeated buckets count once; values are weight/sqrt(n) over sorted distinct buckets."""
    buckets, values = normalised_block([5, 2, 5, 9], 0.3)
    assert buckets.tolist() == [2, 5, 9]
    assert np.allclose(values, 0.3 / math.sqrt(3))
    assert math.isclose(float(np.linalg.norm(values)), 0.3)


def test_normalised_block_of_nothing_is_empty() -> None:
    """No buckets give empty index and value arrays."""
    buckets, values = normalised_block([], 1.0)
    assert (len(buckets), len(values)) == (0, 0)


def test_folder_cache_reads_each_resolved_folder_once(tmp_path: Path) -> None:
    """Two spellings of one folder share one read; the reader sees the folder as given."""
    seen: list[Path] = []

    def read(folder: Path) -> int:
        seen.append(folder)
        return len(seen)

    cache = FolderCache(read)
    (tmp_path / "sub").mkdir()
    assert cache.get(tmp_path) == cache.get(tmp_path / "sub" / "..") == 1
    assert cache.get(tmp_path / "sub") == 2
    assert seen == [tmp_path, tmp_path / "sub"]
    cache.clear()
    assert cache.get(tmp_path) == 3


def test_folder_cache_reads_once_under_concurrent_calls(tmp_path: Path) -> None:
    """Threads asking for the same folder at once get one object from one read."""
    reads: list[Path] = []

    def read(folder: Path) -> object:
        reads.append(folder)
        return object()

    cache = FolderCache(read)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get(tmp_path))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    assert all(r is results[0] for r in results)


@pytest.mark.parametrize("buckets", [[7, 7, 7], [1 << 19, 3, 1 << 19, 0], list(range(50, 0, -3))])
def test_normalised_block_indexes_equal_numpy_unique(buckets: list[int]) -> None:
    """The block's indexes are exactly np.unique of the buckets (values, dtype and shape)."""
    indexes, _ = normalised_block(buckets, 1.0)
    expected = np.unique(np.asarray(buckets, dtype=np.int64))
    assert indexes.dtype == expected.dtype
    assert indexes.tobytes() == expected.tobytes()
