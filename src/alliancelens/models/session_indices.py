"""How well session-level MITI indices from the coder agree with the same indices from human codes.

Clinicians read the *session summary* (reflection-to-question ratio, % complex reflections, %
open questions, change-talk share), not single codes. Utterance errors partly cancel in a count,
so these indices can be more (or less) trustworthy than utterance macro-F1 suggests; this module
measures it on transcripts the coder never saw (the grouped cross-validation of
:mod:`alliancelens.models.evaluation`). Per index: the number of transcripts where both values are
defined, Pearson and Spearman correlation, mean absolute difference, and — for the two indices
with MITI 4.2.1 thresholds — how often the coder puts the session in the same band ("below
fair", "fair", "good") as the human codes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from alliancelens.models.miti_thresholds import (
    MITI_PERCENT_COMPLEX_FAIR,
    MITI_PERCENT_COMPLEX_GOOD,
    MITI_REFLECTION_TO_QUESTION_FAIR,
    MITI_REFLECTION_TO_QUESTION_GOOD,
    band,
)

__all__ = ["BANDS", "index_values", "session_index_report"]

#: Indices with MITI 4.2.1 competency thresholds (fair, good).
BANDS = {
    "reflection_to_question": (MITI_REFLECTION_TO_QUESTION_FAIR, MITI_REFLECTION_TO_QUESTION_GOOD),
    "percent_complex_reflections": (MITI_PERCENT_COMPLEX_FAIR, MITI_PERCENT_COMPLEX_GOOD),
}
_BAND_ORDER = ("below fair", "fair", "good")


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def index_values(counts: Counter[str]) -> dict[str, float | None]:
    """The four session indices from code counts (None when the denominator is zero).

    ``counts`` keys: ``reflection``, ``question``, ``complex``, ``simple``, ``open``,
    ``closed``, ``change``, ``sustain`` (the same definitions as the analyser's summary).
    """
    return {
        "reflection_to_question": _ratio(counts["reflection"], counts["question"]),
        "percent_complex_reflections": _ratio(
            counts["complex"], counts["complex"] + counts["simple"]
        ),
        "percent_open_questions": _ratio(counts["open"], counts["open"] + counts["closed"]),
        "change_talk_share": _ratio(counts["change"], counts["change"] + counts["sustain"]),
    }


def _correlations(human: np.ndarray[Any, Any], coder: np.ndarray[Any, Any]) -> dict[str, Any]:
    from scipy.stats import pearsonr, spearmanr  # noqa: PLC0415 (evaluation only)

    if len(human) < 3 or np.ptp(human) == 0 or np.ptp(coder) == 0:
        return {"pearson_r": None, "spearman_rho": None}
    return {
        "pearson_r": round(float(pearsonr(human, coder).statistic), 3),
        "spearman_rho": round(float(spearmanr(human, coder).statistic), 3),
    }


def _bands(name: str, human: Sequence[float], coder: Sequence[float]) -> dict[str, Any] | None:
    if name not in BANDS:
        return None
    fair, good = BANDS[name]
    pairs = [(band(h, fair, good), band(c, fair, good)) for h, c in zip(human, coder, strict=True)]
    confusion = [
        [sum(1 for h, c in pairs if h == a and c == b) for b in _BAND_ORDER] for a in _BAND_ORDER
    ]
    same = sum(h == c for h, c in pairs)
    return {
        "thresholds": {"fair": fair, "good": good},
        "same_band": same,
        "same_band_share": round(same / len(pairs), 3) if pairs else None,
        "order": list(_BAND_ORDER),
        "confusion": confusion,  # rows: band from human codes; columns: band from the coder
    }


def session_index_report(
    sessions: Sequence[tuple[Counter[str], Counter[str]]], *, min_units: int = 5
) -> dict[str, Any]:
    """Agreement per index over ``sessions`` = (human counts, coder counts) per transcript.

    A transcript counts for an index when both values are defined and the human denominator
    holds at least ``min_units`` codes (a ratio over two questions says little either way).
    """
    denominators = {
        "reflection_to_question": ("question",),
        "percent_complex_reflections": ("complex", "simple"),
        "percent_open_questions": ("open", "closed"),
        "change_talk_share": ("change", "sustain"),
    }
    report: dict[str, Any] = {"min_units": min_units}
    for name, keys in denominators.items():
        human_values: list[float] = []
        coder_values: list[float] = []
        for human, coder in sessions:
            h, c = index_values(human)[name], index_values(coder)[name]
            if h is None or c is None or sum(human[k] for k in keys) < min_units:
                continue
            human_values.append(h)
            coder_values.append(c)
        hv, cv = np.asarray(human_values), np.asarray(coder_values)
        entry: dict[str, Any] = {"transcripts": len(hv)}
        if len(hv):
            entry |= _correlations(hv, cv)
            entry["mean_absolute_difference"] = round(float(np.mean(np.abs(hv - cv))), 3)
            entry["mean_human"] = round(float(hv.mean()), 3)
            entry["mean_coder"] = round(float(cv.mean()), 3)
            entry["bands"] = _bands(name, human_values, coder_values)
        report[name] = entry
    return report
