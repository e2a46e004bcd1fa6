"""Feature extraction shared by training and inference: n-grams of each turn plus its context.

Every utterance is tokenised once. A coded utterance is described by sparse TF-IDF blocks, each
L2-normalised on its own (as separate scikit-learn vectorizers would be):

* ``w|`` word 1–2-grams of the utterance;
* ``c|`` character 2–5-grams inside word boundaries (``char_wb``) of the utterance;
* ``pT|`` / ``pC|`` word 1–2-grams of the previous turn, tagged with who said it (``p|^`` when
  there is none): a reflection is only recognisable against what the client just said;
* ``nT|`` / ``nC|`` words of the next turn (how the other person took it);

plus a small dense block (:data:`NUMERIC_FEATURES`): question marks, length, who spoke before
and after, word overlap with the previous and next turn, position, and first/second-person
pronoun rates. Term weights are ``(1 + log tf) * idf`` with smoothed idf.

Terms are stored as CRC-32 hashes of the tagged n-gram (``zlib.crc32``), never as text: the
shipped model files hold numbers only, no words from the training transcripts. Two terms with
the same hash share a column (rare, and the same at training and inference).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BLOCKS",
    "NUMERIC_FEATURES",
    "Featurizer",
    "ParsedTurn",
    "Turn",
    "Vocabulary",
    "block_grams",
    "fit_vocabulary",
    "numeric_features",
    "parse_turns",
    "term_id",
    "tokens",
]

#: Sparse feature blocks, in column order.
BLOCKS = ("w", "c", "p", "n")
NUMERIC_FEATURES = (
    "has_previous",
    "previous_same_role",
    "previous_is_client",
    "next_same_role",
    "has_question_mark",
    "ends_with_question_mark",
    "log_words",
    "overlap_previous",
    "overlap_next",
    "position",
    "second_person_rate",
    "first_person_rate",
    "log_previous_words",
    "previous_ends_with_question_mark",
)
_ROLE_LETTER = {"therapist": "T", "client": "C"}
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SECOND = frozenset({"you", "your", "you're", "yours", "yourself", "you've", "you'd", "you'll"})
_FIRST = frozenset({"i", "i'm", "my", "me", "myself", "i've", "i'd", "i'll", "mine"})
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "to",
        "of",
        "in",
        "on",
        "at",
        "it",
        "is",
        "that",
        "this",
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "me",
        "my",
        "your",
        "our",
        "so",
        "um",
        "uh",
        "like",
        "just",
        "be",
        "was",
        "were",
        "are",
        "am",
        "do",
        "did",
        "have",
        "has",
        "had",
        "for",
        "with",
        "not",
        "no",
        "yes",
        "yeah",
        "okay",
        "ok",
        "well",
        "what",
        "how",
        "it's",
        "that's",
        "i'm",
        "you're",
        "mm",
        "hmm",
    ]
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One turn of talk: ``role`` is ``therapist``, ``client`` or ``other``."""

    role: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedTurn:
    """A turn tokenised once: word tokens, their 1–2-grams and content words."""

    role: str
    text: str
    words: tuple[str, ...]
    grams: tuple[str, ...]
    content: frozenset[str]


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with straightened quotes (the tokens of :func:`parse_turns`)."""
    return _TOKEN.findall(text.translate(_QUOTES).lower())


def parse_turns(turns: Sequence[Turn]) -> list[ParsedTurn]:
    """Tokenise every turn (lower-cased, curly quotes straightened)."""
    parsed: list[ParsedTurn] = []
    for turn in turns:
        text = turn.text.translate(_QUOTES).lower()
        words = tuple(_TOKEN.findall(text))
        grams = (*words, *(f"{a} {b}" for a, b in pairwise(words)))
        content = frozenset(w for w in words if len(w) > 2 and w not in _STOP)
        parsed.append(ParsedTurn(turn.role, text, words, grams, content))
    return parsed


def _char_grams(text: str) -> list[str]:
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(2, min(5, size) + 1):
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


def block_grams(parsed: Sequence[ParsedTurn], i: int) -> dict[str, list[str]]:
    """The raw n-grams of utterance ``i`` for every sparse block, keyed by block name."""
    turn = parsed[i]
    if i > 0:
        before = parsed[i - 1]
        tag = f"p{_ROLE_LETTER.get(before.role, 'O')}|"
        previous = [tag + g for g in before.grams] or [f"{tag}<empty>"]
    else:
        previous = ["p|^"]
    if i + 1 < len(parsed):
        after = parsed[i + 1]
        tag = f"n{_ROLE_LETTER.get(after.role, 'O')}|"
        following = [tag + w for w in after.words] or [f"{tag}<empty>"]
    else:
        following = ["n|$"]
    return {
        "w": ["w|" + g for g in turn.grams],
        "c": ["c|" + g for g in _char_grams(turn.text)],
        "p": previous,
        "n": following,
    }


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / (len(a) + 1.0)


def numeric_features(parsed: Sequence[ParsedTurn], i: int) -> list[float]:
    """The dense features of utterance ``i`` (order: :data:`NUMERIC_FEATURES`)."""
    turn = parsed[i]
    before = parsed[i - 1] if i > 0 else None
    after = parsed[i + 1] if i + 1 < len(parsed) else None
    n_words = len(turn.words)
    stripped = turn.text.rstrip()
    return [
        float(before is not None),
        float(before is not None and before.role == turn.role),
        float(before is not None and before.role == "client"),
        float(after is not None and after.role == turn.role),
        float("?" in turn.text),
        float(stripped.endswith("?")),
        math.log1p(n_words) / 4.0,
        _overlap(turn.content, before.content) if before else 0.0,
        _overlap(turn.content, after.content) if after else 0.0,
        i / len(parsed),
        sum(w in _SECOND for w in turn.words) / (n_words + 1.0),
        sum(w in _FIRST for w in turn.words) / (n_words + 1.0),
        math.log1p(len(before.words)) / 4.0 if before else 0.0,
        float(before is not None and before.text.rstrip().endswith("?")),
    ]


def term_id(term: str) -> int:
    """The stored id of a tagged n-gram: its CRC-32."""
    return zlib.crc32(term.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Term ids (CRC-32) and their smoothed idf; ``block`` numbers each term's block."""

    ids: NDArray[np.uint32]
    idf: NDArray[np.float32]
    block: NDArray[np.int8]

    def index(self) -> dict[int, int]:
        """Term id → column."""
        return {int(term): i for i, term in enumerate(self.ids.tolist())}

    def __len__(self) -> int:
        return len(self.ids)


def fit_vocabulary(
    documents: Sequence[dict[str, list[str]]], *, min_df: int, max_terms: dict[str, int]
) -> Vocabulary:
    """Keep, per block, terms in ≥ ``min_df`` documents, the ``max_terms[block]`` most frequent.

    Ties are broken by the term id, so the vocabulary never depends on dictionary order.
    """
    n_docs = len(documents)
    ids: list[int] = []
    idf: list[float] = []
    blocks: list[int] = []
    for number, block in enumerate(BLOCKS):
        df: Counter[int] = Counter()
        for doc in documents:
            df.update({term_id(g) for g in doc[block]})
        kept = sorted((t for t, c in df.items() if c >= min_df), key=lambda t: (-df[t], t))
        for term in sorted(kept[: max_terms[block]]):
            ids.append(term)
            idf.append(math.log((1.0 + n_docs) / (1.0 + df[term])) + 1.0)
            blocks.append(number)
    return Vocabulary(
        np.asarray(ids, dtype=np.uint32),
        np.asarray(idf, dtype=np.float32),
        np.asarray(blocks, dtype=np.int8),
    )


class _Columns(dict[str, int]):
    """Memo of n-gram → column (-1 when not in the vocabulary) for one block tag."""

    def __init__(self, tag: str, index: dict[int, int]) -> None:
        super().__init__()
        self.tag = tag
        self.index = index

    def __missing__(self, gram: str) -> int:
        column = self.index.get(zlib.crc32((self.tag + gram).encode("utf-8")), -1)
        self[gram] = column
        return column


class _CharColumns(dict[str, tuple[int, ...]]):
    """Memo of whitespace token → columns of its known character n-grams (via a gram memo)."""

    def __init__(self, index: dict[int, int]) -> None:
        super().__init__()
        self.grams = _Columns("c|", index)

    def __missing__(self, token: str) -> tuple[int, ...]:
        padded = f" {token} "
        size = len(padded)
        grams = [padded[i : i + n] for n in range(2, min(5, size) + 1) for i in range(size - n + 1)]
        columns = tuple(c for c in map(self.grams.__getitem__, grams) if c >= 0)
        self[token] = columns
        return columns


class Featurizer:
    """Turns parsed turns into the TF-IDF blocks of one vocabulary, fast.

    Column look-ups are memoised per n-gram (and per token for character n-grams); the memo is
    cleared when it passes ``max_memo`` entries so a long-running process stays small.
    """

    def __init__(self, vocabulary: Vocabulary, *, max_memo: int = 300_000) -> None:
        self.vocabulary = vocabulary
        self.max_memo = max_memo
        self._index = vocabulary.index()
        self._idf = vocabulary.idf.astype(np.float64)
        self._block = vocabulary.block.astype(np.int64)
        self._memo: dict[str, _Columns] = {}
        self._chars = _CharColumns(self._index)

    def _columns(self, tag: str) -> _Columns:
        memo = self._memo.get(tag)
        if memo is None:
            memo = self._memo[tag] = _Columns(tag, self._index)
        return memo

    def _trim(self) -> None:
        size = len(self._chars) + len(self._chars.grams) + sum(len(m) for m in self._memo.values())
        if size > self.max_memo:
            self._chars.clear()
            self._chars.grams.clear()
            for memo in self._memo.values():
                memo.clear()

    def _row(self, parsed: Sequence[ParsedTurn], i: int, out: list[int]) -> None:
        turn = parsed[i]
        out.extend(map(self._columns("w|").__getitem__, turn.grams))
        chars = self._chars
        for token in turn.text.split():
            out.extend(chars[token])
        if i > 0:
            before = parsed[i - 1]
            memo = self._columns(f"p{_ROLE_LETTER.get(before.role, 'O')}|")
            out.extend(map(memo.__getitem__, before.grams or ("<empty>",)))
        else:
            out.append(self._columns("p|")["^"])
        if i + 1 < len(parsed):
            after = parsed[i + 1]
            memo = self._columns(f"n{_ROLE_LETTER.get(after.role, 'O')}|")
            out.extend(map(memo.__getitem__, after.words or ("<empty>",)))
        else:
            out.append(self._columns("n|")["$"])

    def transform(
        self, parsed: Sequence[ParsedTurn], rows: Sequence[int]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
        """CSR parts (indptr, indices, data) for utterances ``rows``, each block L2-normalised."""
        self._trim()
        columns: list[int] = []
        lengths: list[int] = []
        for i in rows:
            size = len(columns)
            self._row(parsed, i, columns)
            lengths.append(len(columns) - size)
        n_terms = len(self.vocabulary)
        cols = np.asarray(columns, dtype=np.int64)
        row_of = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        known = cols >= 0
        keys, counts = np.unique(row_of[known] * n_terms + cols[known], return_counts=True)
        row, col = np.divmod(keys, n_terms)
        weights = (1.0 + np.log(counts)) * self._idf[col]
        segment = row * len(BLOCKS) + self._block[col]
        norms = np.sqrt(np.bincount(segment, weights * weights, minlength=len(rows) * 4))
        data = weights / norms[segment]
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=len(rows)))])
        return indptr.astype(np.int64), col, data
