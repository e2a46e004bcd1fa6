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
    # whole blocks at once (each value is copied or computed exactly as one row at a time would)
    n = len(own_rows)
    padded = np.vstack([np.zeros((2, k_own)), own[:n], np.zeros((2, k_own))])
    same = [padded[2 + offset : 2 + offset + n] for offset in _SAME_OFFSETS]
    # theirs_padded[b] is the one before position b (theirs[b - 1]); [b + 1] the one after it
    m = len(other_rows)
    theirs_padded = np.vstack([np.zeros((1, k_other)), theirs[:m], np.zeros((1, k_other))])
    rest = n - 1
    mean_of_rest = (own_total - own[:n]) / rest if rest else np.zeros((n, k_own))
    result[:] = np.hstack(
        [
            own[:n],
            *same,
            theirs_padded[before],
            theirs_padded[before + 1],
            mean_of_rest,
            np.broadcast_to(other_mean, (n, k_other)),
        ]
    )
    return result
