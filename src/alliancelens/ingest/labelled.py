"""Read the labelled ruptures-examples corpus (``sess-*.json``, ``risk-*.json``) into sessions.

The corpus lives outside the repository (``shared/data/ruptures-examples`` and its held-out
companion); its layout is described in that folder's README. Nothing from it is copied here: this
module only reads it at evaluation time. Each example becomes a :class:`LabelledExample` holding a
:class:`~alliancelens.domain.Session` (speakers ``Therapist`` and ``Client``) and the raw label
lists, so every evaluation can pick the labels it needs. It lives in ``ingest`` so that training
code (``alliancelens.models.risk_benchmarks``) reads spent benchmark folders the same way;
``alliancelens.evaluation.labelled_examples`` re-exports it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.errors import UsageError

__all__ = ["LabelledExample", "load_examples", "read_example"]

_ROLES = {"therapist": Role.THERAPIST, "client": Role.CLIENT}


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """One labelled excerpt or snippet: its session and its label lists (as in the JSON)."""

    id: str
    type: str
    category: str
    session: Session
    risk: tuple[dict[str, Any], ...]
    red_flags: tuple[dict[str, Any], ...]
    hard_negatives: tuple[dict[str, Any], ...]
    ruptures: tuple[dict[str, Any], ...]
    style: str = ""


def load_examples(folder: str | Path, *, pattern: str = "*.json") -> list[LabelledExample]:
    """Every example in ``folder`` whose file name matches ``pattern``, sorted by id."""
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(
            f"{root}: not a folder; give the folder that holds the labelled sess-*.json and "
            "risk-*.json files"
        )
    paths = sorted(root.glob(pattern))
    if not paths:
        raise UsageError(f"{root}: no files matching {pattern}; is this the labelled folder?")
    return [read_example(path) for path in paths]


def read_example(path: Path) -> LabelledExample:
    """One labelled example file; a file that does not fit the layout is a ``UsageError``."""
    try:
        data = json.loads(path.read_text("utf-8"))
        utterances = tuple(
            Utterance(
                int(u["index"]),
                u["speaker"].capitalize(),
                _ROLES[u["speaker"]],
                str(u["text"]),
            )
            for u in data["utterances"]
        )
        speakers = tuple(
            Speaker(label, role)
            for label, role in dict.fromkeys((u.speaker, u.role) for u in utterances)
        )
        return LabelledExample(
            id=str(data["id"]),
            type=str(data.get("type", "")),
            category=str(data.get("category", "")),
            session=Session(id=str(data["id"]), utterances=utterances, speakers=speakers),
            risk=tuple(data.get("risk", ())),
            red_flags=tuple(data.get("red_flags", ())),
            hard_negatives=tuple(data.get("hard_negatives", ())),
            ruptures=tuple(data.get("ruptures", ())),
            style=str(data.get("style", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(
            f"{path}: not a labelled example ({type(exc).__name__}); expected the "
            "ruptures-examples JSON layout with id and utterances[{index, speaker, text}]"
        ) from exc
