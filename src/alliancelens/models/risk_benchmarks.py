"""Training batches from labelled benchmark folders (``benchmarks/data/blind-*``), reproducibly.

A spent blind set (``sess-*.json`` / ``risk-*.json`` in the ruptures-examples layout, read by
``alliancelens evaluate risk``) becomes one batch of ``training-data/risk`` lines
(:mod:`alliancelens.models.risk_data`), named after its folder:

* every **client** utterance with text is one line; therapist turns are only context;
* its label is the file's own: a ``risk`` entry gives kind and severity; a ``hard_negatives``
  entry with a risk tag (:data:`~alliancelens.models.risk_data.HARD_NEGATIVE_TAGS`) gives the
  hard-negative tag; every other client utterance is ordinary talk (``none``), as the
  evaluation scores it (a flag there counts against precision);
* ``previous`` is the therapist turn just before it ('' after a client turn), as the analyser
  gives the model at run time;
* ``thread`` is the disclosure thread open before it, tracked the way the analyser tracks it in
  a session, with the labelled risk utterances opening threads (injected as ``threads``, see
  :func:`alliancelens.analysers._risk_thread.gold_threads`), so no model decides the rows;
* ``source`` names the folder, file and utterance index (provenance; ignored by training).

Output is deterministic (files sorted, fixed key order), so the batches and the data sha256 in
the model manifest rebuild byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from alliancelens.domain import Role, Utterance
from alliancelens.errors import UsageError
from alliancelens.ingest.labelled import LabelledExample, read_example
from alliancelens.models.risk_data import HARD_NEGATIVE_TAGS

__all__ = ["ThreadReader", "benchmark_lines", "write_benchmark_batch"]

#: (utterances, labelled risk index -> (kind, severity)) -> open thread before each client turn.
ThreadReader = Callable[[Sequence[Utterance], Mapping[int, tuple[str, str]]], dict[int, str | None]]


def _file_lines(
    path: Path, example: LabelledExample, batch: str, threads: ThreadReader
) -> list[dict[str, Any]]:
    utterances = list(example.session.utterances)
    gold: dict[int, tuple[str, Any]] = {
        int(r["index"]): (str(r["kind"]), r.get("severity")) for r in example.risk
    }
    tags = {
        int(h["index"]): str(h["kind"])
        for h in example.hard_negatives
        if h["kind"] in HARD_NEGATIVE_TAGS
    }
    open_threads = threads(utterances, gold)
    style = f"{example.type}:{example.style}"
    out: list[dict[str, Any]] = []
    for pos, u in enumerate(utterances):
        if u.role is not Role.CLIENT or not u.text.strip():
            continue
        before = utterances[pos - 1] if pos else None
        kind, severity = gold.get(u.index, ("none", None))
        out.append(
            {
                "id": f"{batch}/{example.id}#{u.index}",
                "batch": batch,
                "text": u.text,
                "previous": before.text if before and before.role is Role.THERAPIST else "",
                "kind": kind,
                "severity": severity,
                "hard_negative": None if kind != "none" else tags.get(u.index),
                "style": style,
                "thread": open_threads.get(u.index),
                "source": f"{path.parent.name}/{path.name}#{u.index}",
            }
        )
    return out


def benchmark_lines(folder: str | Path, threads: ThreadReader) -> list[dict[str, Any]]:
    """The training lines of one labelled folder (its ``*.json`` files, sorted by name)."""
    root = Path(folder)
    paths = sorted(root.glob("*.json")) if root.is_dir() else []
    if not paths:
        raise UsageError(f"{root}: no labelled *.json files; give a benchmark folder")
    lines: list[dict[str, Any]] = []
    for path in paths:
        example = read_example(path)
        try:
            lines += _file_lines(path, example, root.name, threads)
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(
                f"{path}: not a labelled example ({type(exc).__name__}); expected the "
                "ruptures-examples layout with risk and hard_negatives items {index, kind}"
            ) from exc
    return lines


def write_benchmark_batch(folder: str | Path, output: str | Path, threads: ThreadReader) -> Path:
    """Write ``batch-<folder name>.jsonl`` into ``output``; returns the file written."""
    lines = benchmark_lines(folder, threads)
    target = Path(output) / f"batch-{Path(folder).name}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    target.write_bytes(text.encode("utf-8"))
    return target
