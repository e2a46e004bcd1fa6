"""The shipped rupture classifiers: client rupture markers and therapist resolution strategies.

Numpy-only inference on plain arrays (``models/ruptures/ruptures.npz``, read with
``allow_pickle=False``), loaded once per process on first use. Trained by
:mod:`alliancelens.models.rupture_training` on our own synthetic labelled utterances
(``training-data/ruptures/``); see ``docs/models/ruptures.md``.

Every utterance is read as a pair *(previous turn, utterance)*: the same words mean different
things after "How many hours did you sleep?" and after "What was that like for you?". Features
are the hashed TF-IDF blocks of :mod:`alliancelens.models._features` (word and character
n-grams of the utterance, word n-grams of the previous turn tagged with who said it) plus a
small dense block (:data:`DENSE_FEATURES`) describing the previous turn's question form and
the reply's length and transcriber notes.

Three heads:

* ``kind``: softmax over ``none`` / ``withdrawal`` / ``confrontation`` (client utterances);
* ``marker``: softmax over the 14 3RS marker subtypes, read only when ``kind`` says a marker;
* ``strategy``: one sigmoid per resolution strategy (therapist utterances; multi-label).

Scoring functions and the per-folder model cache are shared with the other text classifiers
(:mod:`alliancelens.models._linear`, :mod:`alliancelens.models._text_classifier`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alliancelens.errors import ModelFileError
from alliancelens.models._features import Vocabulary, term_id, tokens
from alliancelens.models._linear import LinearModel, sigmoid, softmax
from alliancelens.models._store import (
    decode_strings,
    encode_strings,
    files_digest,
    read_arrays,
    write_arrays,
)
from alliancelens.models._text_classifier import FolderCache

__all__ = [
    "DENSE_FEATURES",
    "FORMAT_VERSION",
    "Head",
    "Labels",
    "MarkerScores",
    "Pair",
    "RuptureModel",
    "dense_block",
    "dense_features",
    "design",
    "load_rupture_model",
    "read_rupture_model",
    "rupture_model_digest",
    "save_rupture_model",
    "shipped_rupture_dir",
]

FORMAT_VERSION = 1
MODEL_FILE = "ruptures.npz"

#: Dense features, in column order (after the sparse vocabulary columns).
DENSE_FEATURES = (
    "prev_is_therapist",
    "prev_has_question",
    "prev_ends_question",
    "prev_open_question",
    "prev_closed_question",
    "prev_factual_question",
    "prev_offer",
    "log_words",
    "short_reply",
    "has_number",
    "ends_question",
    "note_laugh",
    "note_tears",
    "note_silence",
    "first_person_rate",
    "second_person_rate",
)
_NOTE = re.compile(r"\(([^()]{1,60})\)|\[([^\[\]]{1,60})\]")
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_OPEN = re.compile(
    r"(^|[.?!] )(and |so |okay,? |but )?(what|how|why|tell me|say more|can you (say|tell)|talk "
    r"me|describe|help me understand)\b|\bi('m| am)? (wonder|curious)"
)
_CLOSED = re.compile(
    r"(^|[.?!] )(and |so |okay,? |but )?(do|does|did|is|are|was|were|have|has|had|any|will|"
    r"would you like)\b"
)
_FACTUAL = re.compile(
    r"\b(how (many|much|long|often|old|far)|what time|when (is|was|did|do)|which (day|one)|"
    r"where (do|did|is)|who (else|was))\b"
)
_OFFER = re.compile(
    r"\b(shall we|could we|can we|let's|what if|how about|would you be willing|i'd (suggest|"
    r"recommend|like you to)|you (should|could try|might try)|maybe (we|you) could)\b"
)
_NUMBER = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|half|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|hours?|days?|weeks?)\b"
)
_LAUGH = re.compile(r"laugh|chuckl|giggl")
_TEARS = re.compile(r"cry|tear|sob|wipes|voice breaks")
_SILENCE = re.compile(r"silen|shrug|no answer|pause|sigh")
_FIRST = frozenset({"i", "i'm", "me", "my", "myself", "i've", "i'd", "i'll", "im", "ive"})
_SECOND = frozenset({"you", "your", "you're", "yourself", "you've", "youre", "u"})


@dataclass(frozen=True, slots=True)
class Labels:
    """The label sets to learn, in class order: marker id -> rupture kind, and strategy ids.

    Passed in by the caller (the analyser owns the taxonomy; models never import analysers).
    """

    marker_kind: Mapping[str, str]
    strategies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pair:
    """One utterance to classify with the turn before it (``previous`` None: none)."""

    role: str
    text: str
    previous_role: str | None = None
    previous_text: str | None = None


def _split_notes(text: str) -> tuple[str, str]:
    lowered = text.lower().replace("\u2019", "'")
    if "(" not in lowered and "[" not in lowered:
        return " ".join(lowered.split()), ""  # no bracket, so no transcriber note
    notes = " ".join(a or b for a, b in _NOTE.findall(lowered))
    return " ".join(_NOTE.sub(" ", lowered).split()), notes


def word_columns(vocabulary: Vocabulary) -> dict[int, int]:
    """Term id -> column for the word block (``w|`` grams) of ``vocabulary``."""
    return {
        int(term): column
        for column, (term, block) in enumerate(
            zip(vocabulary.ids.tolist(), vocabulary.block.tolist(), strict=True)
        )
        if block == 0
    }


def design(
    vocabulary: Vocabulary, pairs: Sequence[Pair]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """CSR parts of the L2-normalised TF-IDF word 1-2-grams of each pair's utterance.

    The same numbers as :class:`alliancelens.models._features.Featurizer` gives for a
    vocabulary whose terms are all in the word block, computed without its other blocks.
    """
    columns, idf, memo = _word_lookup(vocabulary)
    indptr, indices, data = [0], [], []
    for pair in pairs:
        counts: dict[int, int] = {}
        for gram in _word_grams(pair.text):
            column = memo.get(gram)
            if column is None:
                column = memo[gram] = columns.get(term_id("w|" + gram), -1)
            if column >= 0:
                counts[column] = counts.get(column, 0) + 1
        ordered = sorted(counts)
        weights = np.asarray(
            [(1.0 + math.log(counts[c])) * idf[c] for c in ordered], dtype=np.float64
        )
        norm = float(np.sqrt(np.sum(weights * weights))) or 1.0
        indices.extend(ordered)
        data.extend((weights / norm).tolist())
        indptr.append(len(indices))
    return (
        np.asarray(indptr, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=np.float64),
    )


#: Per vocabulary (by identity): its word columns by term id, its idf as float64, and a memo of
#: word gram -> column (-1: not in it) filled as grams are met (a CRC-32 per gram was most of
#: the cost of :func:`design`). The idf is a list of Python floats: the same float64 values,
#: so the same products, without a numpy scalar per term. Bounded: a few vocabularies, and the
#: memo starts afresh when big.
_Lookup = tuple[Vocabulary, dict[int, int], list[float], dict[str, int]]
_LOOKUPS: dict[int, _Lookup] = {}
_MAX_LOOKUPS = 4  # the shipped model's vocabulary, plus a few during training
_MAX_GRAMS = 200_000


def _word_lookup(vocabulary: Vocabulary) -> tuple[dict[int, int], list[float], dict[str, int]]:
    found = _LOOKUPS.get(id(vocabulary))
    if found is None or found[0] is not vocabulary:
        if len(_LOOKUPS) >= _MAX_LOOKUPS:
            _LOOKUPS.clear()
        found = (
            vocabulary,
            word_columns(vocabulary),
            vocabulary.idf.astype(np.float64).tolist(),
            {},
        )
        _LOOKUPS[id(vocabulary)] = found
    if len(found[3]) >= _MAX_GRAMS:
        found[3].clear()
    return found[1], found[2], found[3]


def _word_grams(text: str) -> tuple[str, ...]:
    """The word 1- and 2-grams of ``text`` (those of :func:`parse_turns`, without the rest)."""
    words = tokens(text)
    return (*words, *(f"{a} {b}" for a, b in pairwise(words)))


def dense_block(pairs: Sequence[Pair]) -> NDArray[np.float64]:
    """The dense features of every pair, one row each."""
    rows = np.asarray([dense_features(p) for p in pairs], dtype=np.float64)
    return rows.reshape(len(pairs), len(DENSE_FEATURES))


def dense_features(pair: Pair) -> list[float]:
    """The dense block of one pair (order: :data:`DENSE_FEATURES`)."""
    text, notes = _split_notes(pair.text)
    previous, _ = _split_notes(pair.previous_text or "")
    words = _WORDS.findall(text)
    n = len(words)
    last = re.split(r"(?<=[.?!])\s+", previous.strip())[-1] if previous else ""
    return [
        float(pair.previous_role == "therapist"),
        float("?" in previous),
        float(previous.rstrip().endswith("?")),
        float(_OPEN.search(last) is not None),
        float(_CLOSED.search(last) is not None),
        float(_FACTUAL.search(last) is not None),
        float(_OFFER.search(previous) is not None),
        math.log1p(n) / 4.0,
        float(n <= 4),
        float(_NUMBER.search(text) is not None),
        float(text.endswith("?")),
        float(_LAUGH.search(notes) is not None),
        float(_TEARS.search(notes) is not None),
        float(_SILENCE.search(notes) is not None),
        sum(w in _FIRST for w in words) / (n + 1.0),
        sum(w in _SECOND for w in words) / (n + 1.0),
    ]


@dataclass(frozen=True, slots=True)
class Head:
    """A linear head: ``scores = sparse @ coef[:n_terms] + dense @ coef[n_terms:] + intercept``."""

    classes: tuple[str, ...]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]

    def scores(
        self, parts: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]], dense: Any
    ) -> NDArray[np.float64]:
        """Raw scores for every row given CSR ``parts`` and the dense block."""
        indptr, indices, data = parts
        n_terms = self.coef.shape[0] - np.asarray(dense).shape[1]
        coef = self.coef.astype(np.float64)
        running = np.zeros((len(indices) + 1, coef.shape[1]), dtype=np.float64)
        np.cumsum(data[:, None] * coef[indices], axis=0, out=running[1:])
        sparse_part = running[indptr[1:]] - running[indptr[:-1]]
        result: NDArray[np.float64] = sparse_part + np.asarray(dense) @ coef[n_terms:]
        result += self.intercept
        return result

    def arrays(self, prefix: str) -> dict[str, NDArray[Any]]:
        """The arrays to store under ``prefix`` (the layout of :class:`LinearModel`)."""
        return LinearModel(self.classes, self.coef, self.intercept).arrays(prefix)

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[Any]], prefix: str) -> Head:
        """Inverse of :meth:`arrays`."""
        model = LinearModel.from_arrays(arrays, prefix)
        return cls(model.classes, model.coef, model.intercept)


@dataclass(frozen=True, slots=True)
class MarkerScores:
    """Model output for one client utterance."""

    withdrawal: float
    confrontation: float
    markers: tuple[tuple[str, float], ...]  # subtype, probability; most likely first
    kinds: Mapping[str, str] = field(default_factory=dict)  # subtype -> rupture kind

    def top(self, kind: str) -> str:
        """The most likely subtype of rupture ``kind`` (``withdrawal`` or ``confrontation``)."""
        return next(m for m, _ in self.markers if self.kinds.get(m) == kind)


@dataclass(frozen=True, slots=True)
class RuptureModel:
    """The three heads and their shared vocabulary."""

    vocabulary: Vocabulary
    kind: Head
    marker: Head
    strategy: Head
    marker_kinds: tuple[str, ...]  # the rupture kind of each marker class, in class order
    manifest_text: str = ""

    def _design(self, pairs: Sequence[Pair]) -> tuple[Any, NDArray[np.float64]]:
        return design(self.vocabulary, pairs), dense_block(pairs)

    def client_scores(self, pairs: Sequence[Pair]) -> list[MarkerScores]:
        """Kind probabilities and marker subtypes (ranked) for each client utterance."""
        if not pairs:
            return []
        parts, dense = self._design(pairs)
        kind = softmax(self.kind.scores(parts, dense))
        marker = softmax(self.marker.scores(parts, dense))
        kinds = dict(zip(self.marker.classes, self.marker_kinds, strict=True))
        w = self.kind.classes.index("withdrawal")
        c = self.kind.classes.index("confrontation")
        result = []
        for row in range(len(pairs)):
            order = np.argsort(-marker[row], kind="stable")
            ranked = tuple((self.marker.classes[j], float(marker[row, j])) for j in order)
            result.append(MarkerScores(float(kind[row, w]), float(kind[row, c]), ranked, kinds))
        return result

    def strategy_scores(self, pairs: Sequence[Pair]) -> list[dict[str, float]]:
        """Probability of every strategy for each therapist utterance."""
        if not pairs:
            return []
        parts, dense = self._design(pairs)
        probs = sigmoid(self.strategy.scores(parts, dense))
        names = self.strategy.classes
        return [{n: float(probs[r, j]) for j, n in enumerate(names)} for r in range(len(pairs))]

    def arrays(self) -> dict[str, NDArray[Any]]:
        """Everything to store, as plain arrays."""
        return {
            "format_version": np.asarray([FORMAT_VERSION], dtype=np.int64),
            "vocabulary.ids": self.vocabulary.ids,
            "vocabulary.idf": self.vocabulary.idf,
            "vocabulary.block": self.vocabulary.block,
            "dense_features": encode_strings(DENSE_FEATURES),
            "marker.kinds": encode_strings(self.marker_kinds),
            "manifest": encode_strings([self.manifest_text]),
            **self.kind.arrays("kind"),
            **self.marker.arrays("marker"),
            **self.strategy.arrays("strategy"),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[Any]]) -> RuptureModel:
        """Inverse of :meth:`arrays`."""
        vocabulary = Vocabulary(
            np.asarray(arrays["vocabulary.ids"], dtype=np.uint32),
            np.asarray(arrays["vocabulary.idf"], dtype=np.float32),
            np.asarray(arrays["vocabulary.block"], dtype=np.int8),
        )
        return cls(
            vocabulary,
            Head.from_arrays(arrays, "kind"),
            Head.from_arrays(arrays, "marker"),
            Head.from_arrays(arrays, "strategy"),
            decode_strings(arrays["marker.kinds"]),
            decode_strings(arrays["manifest"])[0],
        )


def shipped_rupture_dir() -> Path:
    """Folder of the rupture model files shipped inside the package."""
    return Path(str(resources.files("alliancelens") / "models" / "ruptures"))


def save_rupture_model(model: RuptureModel, folder: Path) -> Path:
    """Write the model file (byte-reproducible) into ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MODEL_FILE
    write_arrays(path, model.arrays())
    return path


def read_rupture_model(folder: Path) -> RuptureModel:
    """Read the model from ``folder`` (no caching); refuses files of another format."""
    arrays = read_arrays(folder / MODEL_FILE, name=f"ruptures/{MODEL_FILE}")
    version = arrays.get("format_version")
    if version is None or int(np.asarray(version).ravel()[0]) != FORMAT_VERSION:
        raise ModelFileError(
            f"model file ruptures/{MODEL_FILE} has an unknown format; rebuild it with "
            "`alliancelens train ruptures`"
        )
    try:
        return RuptureModel.from_arrays(arrays)
    except KeyError as exc:
        raise ModelFileError(
            f"model file ruptures/{MODEL_FILE} lacks array {exc.args[0]!r}; rebuild it with "
            "`alliancelens train ruptures`"
        ) from exc


_MODELS = FolderCache(read_rupture_model)


def load_rupture_model(folder: Path | None = None) -> RuptureModel:
    """The model from ``folder`` (default: the shipped files), loaded once per process."""
    return _MODELS.get((folder or shipped_rupture_dir()).resolve())


def rupture_model_digest(folder: Path | None = None) -> str:
    """SHA-256 of the rupture classifier file in ``folder`` (default: the shipped one)."""
    base = folder or shipped_rupture_dir()
    return files_digest([base / MODEL_FILE], rebuild="alliancelens train ruptures")
