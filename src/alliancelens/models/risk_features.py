"""Features of the risk-language classifier (:mod:`alliancelens.models.risk_model`).

``w:`` word 1–3-grams and ``c:`` character 3–5-grams of the utterance; ``p:`` word 1–2-grams of
the therapist turn before it (``p:<none>`` without one); ``r:`` the rule layer's cues; ``t:`` the
open disclosure thread (:func:`thread_terms`; empty outside a thread). Each block is binary,
L2-normalised on its own and scaled by its weight; terms are CRC-32 hashes modulo
:data:`N_BUCKETS`. Split out of ``risk_model`` unchanged (2026-11-22); ``risk_model`` re-exports
every name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final
from zlib import crc32

import numpy as np
from numpy.typing import NDArray

from alliancelens.models._features import term_id, tokens
from alliancelens.models._text_classifier import CharGramBuckets, normalised_block, word_ngrams

__all__ = [
    "CONTEXT_WEIGHT",
    "CUE_WEIGHT",
    "N_BUCKETS",
    "THREAD_WEIGHT",
    "Features",
    "featurise",
    "thread_terms",
]

N_BUCKETS: Final = 1 << 20
CONTEXT_WEIGHT: Final = 0.3
CUE_WEIGHT: Final = 1.0
#: Weight of the thread block (chosen, not tuned: between the context and the cue blocks).
THREAD_WEIGHT: Final = 0.5
#: Rule cues crossed with an open thread (a denial or past talk inside a thread is not risk).
_THREAD_CUES: Final = frozenset(
    {"denial", "past_remote", "joking", "third_person_word", "negator", "recent", "serious"}
)
#: Memo: token → buckets of its character 3–5-grams (``char_wb`` style).
_CHARS: Final = CharGramBuckets("c:", N_BUCKETS, low=3, high=5)


@dataclass(frozen=True, slots=True)
class Features:
    """One utterance as a sparse vector, plus the word n-grams (for explanations)."""

    buckets: NDArray[np.int64]
    values: NDArray[np.float64]
    grams: tuple[str, ...]
    gram_buckets: NDArray[np.int64]
    gram_values: NDArray[np.float64]


def _bucket(term: str) -> int:
    return term_id(term) % N_BUCKETS


def _buckets(tag: str, terms: Iterable[str]) -> list[int]:
    """``_bucket(tag + term)`` of every term (CRC-32 inlined: this runs for every n-gram)."""
    return [crc32((tag + term).encode("utf-8")) % N_BUCKETS for term in terms]


def thread_terms(
    thread: str | None, follow_up: bool, cues: Sequence[str], n_words: int
) -> list[str]:
    """The ``t:`` block: nothing outside a thread, else its kind, the prompt and crossed cues."""
    if thread is None:
        return []
    terms = ["t:any", f"t:{thread}"] + (["t:q", f"t:{thread}|q"] if follow_up else [])
    terms += ["t:short"] if n_words <= 6 else []
    return terms + [f"t:&{cue}" for cue in cues if cue in _THREAD_CUES]


def featurise(
    text: str,
    previous: str = "",
    cues: Sequence[str] = (),
    *,
    thread: str | None = None,
    follow_up: bool = False,
) -> Features:
    """The sparse features of a client utterance and the therapist turn before it ('' if none).

    ``cues`` are the rule layer's readings of the utterance (see ``risk.rule_cues``), so the
    model can learn when the rules are right; ``thread`` is the open disclosure thread's kind and
    ``follow_up`` whether the therapist turn asks on inside it.
    """
    words = tokens(text)
    grams = tuple(word_ngrams(words, 3))
    gram_buckets = _buckets("w:", grams)
    char_buckets = [b for w in words for b in _CHARS[w]]
    before = tokens(previous)
    context = _buckets("p:", word_ngrams(before, 2)) if before else [_bucket("p:<none>")]
    w_idx, w_val = normalised_block(gram_buckets, 1.0)
    c_idx, c_val = normalised_block(char_buckets, 1.0)
    p_idx, p_val = normalised_block(context, CONTEXT_WEIGHT)
    r_idx, r_val = normalised_block(_buckets("r:", cues), CUE_WEIGHT)
    terms = thread_terms(thread, follow_up, cues, len(words))
    t_idx, t_val = normalised_block(_buckets("", terms), THREAD_WEIGHT)
    buckets = np.concatenate([w_idx, c_idx, p_idx, r_idx, t_idx])
    values = np.concatenate([w_val, c_val, p_val, r_val, t_val])
    gram_value = w_val[0] if len(w_val) else 0.0
    return Features(
        buckets,
        values,
        grams,
        np.asarray(gram_buckets, dtype=np.int64),
        np.full(len(grams), gram_value),
    )
