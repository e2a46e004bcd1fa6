"""The session page's relational panel: EPITOME empathy levels and the relational markers.

The same data as the terminal report's "Relational markers" block (``relational.summary``);
*not analysed* (with the reason) when ``relational.markers`` did not run or left no summary.
"""

from __future__ import annotations

from typing import Any

from alliancelens.analysers import AnalysisResult
from alliancelens.domain import RunStatus

__all__ = ["MARKERS", "relational_panel"]

#: The EPITOME communication mechanisms (mean level 0-2 per therapist utterance).
EMPATHY = (
    ("emotional_reactions", "Emotional reactions (ER)"),
    ("interpretations", "Interpretations (IP)"),
    ("explorations", "Explorations (EX)"),
)
#: The relational markers shown, in the terminal report's order and words.
MARKERS = (
    ("positive_regard", "Positive regard / validation"),
    ("criticism", "Criticism"),
    ("congruence", "Congruence (owning a mistake, here-and-now)"),
    ("collaborative_empiricism", "Collaborative empiricism"),
    ("feedback_elicitation", "Feedback asked for"),
)


def relational_panel(result: AnalysisResult) -> tuple[dict[str, Any] | None, str | None]:
    """The panel's data, or ``None`` and why it is not analysed."""
    run = result.run_of("relational.markers")
    if run is None:
        return None, "not in the pipeline"
    if run.status is not RunStatus.OK:
        return None, f"{run.status.value}: {run.reason or 'no reason given'}"
    value = next((f.value for f in result.findings if f.kind == "relational.summary"), None)
    if not isinstance(value, dict):
        return None, "no therapist utterances"
    mean = (value.get("empathy") or {}).get("mean") or {}
    return {
        "empathy": [
            {"label": label, "mean": "–" if mean.get(key) is None else f"{mean[key]:.2f}"}
            for key, label in EMPATHY
        ],
        "markers": [
            {
                "label": label,
                "count": int((value.get(key) or {}).get("count", 0)),
                "indexes": [int(i) for i in (value.get(key) or {}).get("indexes", [])],
            }
            for key, label in MARKERS
        ],
    }, None
