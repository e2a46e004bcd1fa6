"""Score ``red_flags.therapist`` on the synthetic JSONL batches in this folder.

Usage (from the repository root)::

    .venv/bin/python training-data/red_flags/score_batches.py [--misses] [batch-1.jsonl ...]

Each row is one therapist utterance with its preceding turns (``context``). The row becomes a
small session (context turns, then the therapist utterance) and only the findings on the final
utterance are scored against ``labels``. Rows with a ``hard_negative`` tag and no labels count
as hard negatives; any flag on them is a false alarm.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

KINDS = (
    "therapist_own_problems",
    "unsolicited_advice",
    "judgmental_remark",
    "ignoring_client_feedback",
)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def predict(row: dict[str, object]) -> set[str]:
    """The red-flag kinds the analyser gives the row's final therapist utterance."""
    turns = [(t["speaker"], t["text"]) for t in row["context"]]  # type: ignore[attr-defined]
    turns.append(("therapist", str(row["text"])))
    items, _ = red_flags_in(make_session(*turns).utterances)
    return {i["kind"] for i in items if i["index"] == len(turns) - 1}


def score(paths: list[Path], show_misses: bool) -> None:
    """Print per-kind TP/FP/FN, precision and recall, and hard-negative false alarms."""
    counts: Counter[tuple[str, str]] = Counter()
    hard = Counter[str]()
    rows = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows += 1
            gold, pred = set(row["labels"]), predict(row)
            for kind in KINDS:
                outcome = {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get(
                    (kind in gold, kind in pred)
                )
                if outcome:
                    counts[kind, outcome] += 1
            if row["hard_negative"] and not gold:
                hard["n"] += 1
                hard["flagged"] += bool(pred)
            if show_misses and gold != pred:
                _say(f"  {row['id']}: gold={sorted(gold)} pred={sorted(pred)}")
    _say(f"{rows} rows from {', '.join(p.name for p in paths)}")
    total = Counter[str]()
    for kind in (*KINDS, "overall"):
        if kind == "overall":
            tp, fp, fn = total["tp"], total["fp"], total["fn"]
        else:
            tp, fp, fn = (counts[kind, o] for o in ("tp", "fp", "fn"))
            total.update(tp=tp, fp=fp, fn=fn)
        p = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        r = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
        _say(f"{kind:26} tp={tp:3} fp={fp:3} fn={fn:3} P={p:>4} R={r:>4}")
    _say(f"hard negatives flagged: {hard['flagged']}/{hard['n']}")


def main(argv: list[str]) -> None:
    """Command-line entry: optional ``--misses`` and batch files (default: all batches)."""
    show = "--misses" in argv
    names = [a for a in argv if not a.startswith("--")]
    here = Path(__file__).parent
    paths = [Path(n) if Path(n).exists() else here / n for n in names] or sorted(
        here.glob("batch-*.jsonl"), key=lambda p: int(p.stem.split("-")[1])
    )
    score(paths, show)


if __name__ == "__main__":
    main(sys.argv[1:])
