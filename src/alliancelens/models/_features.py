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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BLOCKS",
    "NUMERIC_FEATURES",
    "ParsedTurn",
    "Turn",
    "Vocabulary",
    "block_grams",
    "fit_vocabulary",
    "numeric_features",
    "parse_turns",
    "transform",
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
    "the a an and or but to of in on at it is that this i you we they he she me my your our so "
    "um uh like just be was were are am do did have has had for with not no yes yeah okay ok "
    "well what how it's that's i'm you're mm hmm".split()
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


def parse_turns(turns: Sequence[Turn]) -> list[ParsedTurn]:
    """Tokenise every turn (lower-cased, curly quotes straightened)."""
    parsed: list[ParsedTurn] = []
    for turn in turns:
        text = turn.text.translate(_QUOTES).lower()
        words = tuple(_TOKEN.findall(text))
        grams = (*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False)))
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


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Feature strings and their smoothed idf; ``block`` numbers each feature's block."""

    terms: tuple[str, ...]
    idf: NDArray[np.float32]
    block: NDArray[np.int8]

    def index(self) -> dict[str, int]:
        """Term → column."""
        return {term: i for i, term in enumerate(self.terms)}


def fit_vocabulary(
    documents: Sequence[dict[str, list[str]]], *, min_df: int, max_terms: dict[str, int]
) -> Vocabulary:
    """Keep, per block, terms in ≥ ``min_df`` documents, the ``max_terms[block]`` most frequent.

    Ties are broken by the term itself, so the vocabulary never depends on dictionary order.
    """
    n_docs = len(documents)
    terms: list[str] = []
    idf: list[float] = []
    blocks: list[int] = []
    for number, block in enumerate(BLOCKS):
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc[block]))
        kept = sorted((t for t, c in df.items() if c >= min_df), key=lambda t: (-df[t], t))
        for term in sorted(kept[: max_terms[block]]):
            terms.append(term)
            idf.append(math.log((1.0 + n_docs) / (1.0 + df[term])) + 1.0)
            blocks.append(number)
    return Vocabulary(
        tuple(terms), np.asarray(idf, dtype=np.float32), np.asarray(blocks, dtype=np.int8)
    )


def transform(
    documents: Sequence[dict[str, list[str]]], vocabulary: Vocabulary, index: dict[str, int]
) -> tuple[NDArray[np.int32], NDArray[np.int32], NDArray[np.float32]]:
    """CSR parts (indptr, indices, data) of the TF-IDF matrix, each block L2-normalised."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    idf = vocabulary.idf
    for doc in documents:
        for block in BLOCKS:
            counts = Counter(j for j in map(index.get, doc[block]) if j is not None)
            if not counts:
                continue
            cols = sorted(counts)
            weights = [(1.0 + math.log(counts[j])) * float(idf[j]) for j in cols]
            norm = math.sqrt(sum(w * w for w in weights))
            indices.extend(cols)
            data.extend(w / norm for w in weights)
        indptr.append(len(indices))
    return (
        np.asarray(indptr, dtype=np.int32),
        np.asarray(indices, dtype=np.int32),
        np.asarray(data, dtype=np.float32),
    )
