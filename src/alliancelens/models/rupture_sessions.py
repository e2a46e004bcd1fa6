"""Training pairs from labelled session excerpts (``sess-*.json``, ruptures-examples layout).

The blind sets in ``benchmarks/data/`` are synthetic session excerpts written for this project
and labelled with rupture episodes (``ruptures[].marker_evidence`` / ``strategy_evidence``) and
hard negatives. Once a set has been run it is spent development data, and its utterances can
train the rupture classifiers. Every utterance becomes one :class:`Example`, built exactly like
a line of ``training-data/ruptures/*.jsonl``: the utterance with the turn before it (``None``
for the first), the markers labelled at its index (client) or the strategies (therapist), and
its hard-negative tag. An utterance outside every episode carries no marker and no strategy,
as in the labels.

Folders are read in name order and files in name order, so the examples and the SHA-256 over
``folder name / file name`` and bytes are the same on every machine. Nothing here is meant for
data outside the repository: the shared corpus is licensed for evaluation only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alliancelens.errors import UsageError
from alliancelens.models.rupture_model import Labels, Pair
from alliancelens.models.rupture_training import Example

__all__ = ["SESSION_BATCH_BASE", "read_session_examples"]

#: Session folder *k* (1-based, in name order) is batch ``SESSION_BATCH_BASE + k``: after every
#: writer round (``rN`` = 100 + N).
SESSION_BATCH_BASE = 200
_PATTERN = "sess-*.json"


def _bad(path: Path, problem: str) -> UsageError:
    return UsageError(
        f"{path.parent.name}/{path.name}: {problem}; fix the file or leave out its folder"
    )


def _index_labels(path: Path, episodes: Any, key: str, field: str) -> dict[int, list[str]]:
    """``index -> [labels]`` from every episode's ``key`` list (order kept, each label once)."""
    found: dict[int, list[str]] = {}
    try:
        for episode in episodes:
            for item in episode.get(key, ()):
                names = found.setdefault(int(item["index"]), [])
                if str(item[field]) not in names:
                    names.append(str(item[field]))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise _bad(
            path, f"field 'ruptures[].{key}' needs items with 'index' and '{field}'"
        ) from exc
    return found


def _session_examples(path: Path, batch: int, labels: Labels) -> list[Example]:
    try:
        data = json.loads(path.read_text("utf-8"))
        utterances = [
            (int(u["index"]), str(u["speaker"]), str(u["text"])) for u in data["utterances"]
        ]
        sid = str(data["id"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _bad(path, "not a labelled session (needs 'id' and 'utterances')") from exc
    episodes = data.get("ruptures") or []
    markers = _index_labels(path, episodes, "marker_evidence", "marker")
    strategies = _index_labels(path, episodes, "strategy_evidence", "strategy")
    try:
        negatives = {
            int(h["index"]): str(h["kind"]) for h in reversed(data.get("hard_negatives") or [])
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(path, "field 'hard_negatives' needs items with 'index' and 'kind'") from exc
    examples: list[Example] = []
    previous: tuple[str, str] | None = None
    for index, speaker, text in utterances:
        if speaker not in {"client", "therapist"}:
            raise _bad(path, f"utterance {index}: field 'speaker' must be 'client' or 'therapist'")
        own_markers = tuple(markers.get(index, ())) if speaker == "client" else ()
        own_strategies = tuple(strategies.get(index, ())) if speaker == "therapist" else ()
        if any(m not in labels.marker_kind for m in own_markers) or any(
            s not in labels.strategies for s in own_strategies
        ):
            raise _bad(path, f"utterance {index}: unknown marker or strategy id")
        if (index in markers and speaker != "client") or (
            index in strategies and speaker != "therapist"
        ):
            raise _bad(
                path, f"utterance {index}: a marker on a therapist or a strategy on a client"
            )
        pair = Pair(speaker, text, *(previous or (None, None)))
        examples.append(
            Example(
                f"{path.parent.name}/{sid}#{index}",
                batch,
                pair,
                own_markers,
                own_strategies,
                negatives.get(index),
                str(data.get("style", "")),
                labels.marker_kind[own_markers[0]] if own_markers else "none",
            )
        )
        previous = (speaker, text)
    return examples


def read_session_examples(
    folders: Sequence[Path], labels: Labels
) -> tuple[list[Example], str, list[str]]:
    """Examples from every ``sess-*.json`` in ``folders``, their SHA-256 and the folder names.

    Folders are taken in name order (the order given does not matter) and must each hold at
    least one labelled session; two folders with the same name are refused (the digest and the
    example ids name folders by their last component).
    """
    ordered = sorted({Path(f) for f in folders}, key=lambda f: (f.name, str(f)))
    names = [f.name for f in ordered]
    if len(set(names)) != len(names):
        raise UsageError("two --sessions folders have the same name; pass each set once")
    digest = hashlib.sha256()
    examples: list[Example] = []
    for number, folder in enumerate(ordered, start=1):
        files = sorted(folder.glob(_PATTERN)) if folder.is_dir() else []
        if not files:
            raise UsageError(
                f"{folder}: no {_PATTERN} labelled sessions; check the --sessions folder"
            )
        for path in files:
            digest.update(f"{folder.name}/{path.name}".encode() + b"\0" + path.read_bytes())
            examples.extend(_session_examples(path, SESSION_BATCH_BASE + number, labels))
    return examples, digest.hexdigest(), names
