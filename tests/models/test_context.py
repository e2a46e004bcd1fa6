"""Second-stage context features of the micro-skill coder (``models._context``)."""

from __future__ import annotations

import numpy as np

from alliancelens.models._context import context_matrix


def test_context_rows_hold_neighbours_nearest_other_role_and_session_means() -> None:
    """Each row: own scores, 2 before/2 after of its role, nearest other-role ones, means."""
    roles = ["therapist", "client", "therapist", "therapist", "client"]
    scores = {
        "therapist": np.array([[1.0], [2.0], [4.0]]),
        "client": np.array([[10.0, 11.0], [20.0, 21.0]]),
    }
    got = context_matrix(roles, scores, "therapist")
    expected = [
        # own, -2, -1, +1, +2, client before, client after, mean of the others, client mean
        [1, 0, 0, 2, 4, 0, 0, 10, 11, (2 + 4) / 2, 15, 16],
        [2, 0, 1, 4, 0, 10, 11, 20, 21, (1 + 4) / 2, 15, 16],
        [4, 1, 2, 0, 0, 10, 11, 20, 21, (1 + 2) / 2, 15, 16],
    ]
    assert got.tolist() == expected


def test_context_of_a_lone_utterance_and_of_an_absent_role() -> None:
    """One utterance of a role: no neighbours, no mean of others; an absent role: no rows."""
    scores = {"therapist": np.array([[3.0]]), "client": np.zeros((0, 2))}
    assert context_matrix(["therapist"], scores, "therapist").tolist() == [[3.0] + [0.0] * 11]
    assert context_matrix(["therapist"], scores, "client").shape == (0, 2 * 6 + 1 * 3)
