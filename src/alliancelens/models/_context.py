"""Second-stage context: what the first-stage model thought of the neighbouring utterances.

Codes cluster in a conversation (change talk follows change talk; a therapist who reflects
keeps reflecting), so the second stage sees, for each utterance of role *r*, the first-stage
class scores of:

* the utterance itself;
* the 2 previous and 2 next utterances **of the same role** (zeros where there are none);
* the nearest previous and next utterance **of the other role**;
* the mean over the whole session of each role's scores (the session's overall style;
  the utterance itself left out).

At training time the first-stage scores are out-of-fold (grouped by transcript), so the second
stage learns how much to trust them on transcripts the first stage never saw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = ["OTHER_ROLE", "context_matrix"]

OTHER_ROLE = {"therapist": "client", "client": "therapist"}
_SAME_OFFSETS = (-2, -1, 1, 2)


def context_matrix(
    roles: Sequence[str],
    scores: Mapping[str, NDArray[np.float64]],
    role: str,
) -> NDArray[np.float64]:
    """Context features for every utterance whose role is ``role``, in order.

    ``scores[r]`` has one row per utterance of role ``r`` (in order) and one column per class.
    """
    other = OTHER_ROLE[role]
    own, theirs = scores[role], scores[other]
    k_own, k_other = own.shape[1], theirs.shape[1]
    own_rows = [i for i, r in enumerate(roles) if r == role]
    other_rows = [i for i, r in enumerate(roles) if r == other]
    width = k_own * (2 + len(_SAME_OFFSETS)) + k_other * 3
    result = np.zeros((len(own_rows), width), dtype=np.float64)
    if not own_rows:
        return result
    own_total = own.sum(axis=0)
    other_mean = theirs.mean(axis=0) if other_rows else np.zeros(k_other)
    # position of the nearest other-role utterance before/after each utterance
    before = np.searchsorted(np.asarray(other_rows, dtype=np.int64), own_rows, side="left")
    for j in range(len(own_rows)):
        parts: list[NDArray[np.float64]] = [own[j]]
        for offset in _SAME_OFFSETS:
            k = j + offset
            parts.append(own[k] if 0 <= k < len(own_rows) else np.zeros(k_own))
        b = int(before[j])
        parts.append(theirs[b - 1] if b > 0 else np.zeros(k_other))
        parts.append(theirs[b] if b < len(other_rows) else np.zeros(k_other))
        rest = len(own_rows) - 1
        parts.append((own_total - own[j]) / rest if rest else np.zeros(k_own))
        parts.append(other_mean)
        result[j] = np.concatenate(parts)
    return result
