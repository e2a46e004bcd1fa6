"""Development numbers for the rule-based analysers, pooled over every labelled set we have read.

Every blind set under ``benchmarks/data/`` becomes development data once its pre-registered runs
are done (until then it holds a ``PENDING-FRESH-RUN`` file and is left out), and
``../shared/data/ruptures-examples`` always is. Changing a rule in ``risk.language``,
``ruptures.detector`` or ``red_flags.therapist`` should be checked here before and after (the
numbers must not get worse), and only then on a fresh blind set under a committed rule
(``benchmarks/preregistration-*.md``). These are **optimistic** numbers, never the ones to quote
as accuracy; ``docs/accuracy.md`` quotes the fresh sets.

    .venv/bin/python benchmarks/dev_sets.py                 # pooled table
    .venv/bin/python benchmarks/dev_sets.py --per-set       # one row per set as well
    .venv/bin/python benchmarks/dev_sets.py --fingerprint out.json   # every output, for diffs

``--fingerprint`` writes each file's risk flags, *possible* entries, rupture episodes and red
flags, so a refactor or speed change can be shown to leave every output byte-identical
(``cmp before.json after.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.red_flags import TherapistRedFlags
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.analysers.ruptures import RuptureDetector
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.evaluation.labelled_examples import LabelledExample, load_examples
from alliancelens.evaluation.red_flags_eval import evaluate_red_flags
from alliancelens.evaluation.risk_eval import evaluate_risk
from alliancelens.evaluation.ruptures_eval import evaluate_ruptures

ROOT = Path(__file__).resolve().parent
SHARED_RUPTURES = ROOT.parent.parent / "shared" / "data" / "ruptures-examples"


#: A set whose pre-registered runs are not finished holds this file: it is not development data yet,
#: so it is left out (and named on stderr) until the session's last version has been run on it.
FRESH_MARKER = "PENDING-FRESH-RUN"


def _sets(extra: Sequence[Path]) -> list[Path]:
    folders = sorted(p for p in (ROOT / "data").glob("blind-*") if p.is_dir())
    for pending in [p for p in folders if (p / FRESH_MARKER).exists()]:
        print(f"{pending.name}: left out (fresh set, pre-registered run pending)", file=sys.stderr)
        folders.remove(pending)
    if SHARED_RUPTURES.is_dir():
        folders.insert(0, SHARED_RUPTURES)
    return folders + [Path(p) for p in extra]


def _load(folder: Path) -> list[LabelledExample]:
    return load_examples(folder, pattern="*.json") if any(folder.glob("*.json")) else []


def _fingerprint(examples: list[LabelledExample]) -> dict[str, Any]:
    risk, ruptures, flags = RiskLanguage(), RuptureDetector(), TherapistRedFlags()
    talk = TalkStatistics()
    out: dict[str, Any] = {}
    for example in examples:
        found = risk.analyse(example.session, upstream=FindingSet())
        items = next(f.value for f in found if f.kind == "risk.summary")
        screening = next(f.value for f in found if f.kind == "risk_screening.summary")
        entry: dict[str, Any] = {"risk": items, "possible": screening.get("possible", [])}
        if example.type == "session":
            entry["ruptures"] = next(
                f.value for f in ruptures.analyse(example.session) if f.kind == "ruptures.summary"
            )
            upstream = FindingSet(tuple(talk.analyse(example.session)))
            entry["red_flags"] = next(
                f.value
                for f in flags.analyse(example.session, upstream=upstream)
                if f.kind == "red_flags.summary"
            )
        out[example.id] = entry
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Print pooled (and optionally per-set) development numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-set", action="store_true")
    parser.add_argument("--fingerprint", type=Path)
    parser.add_argument("--extra", type=Path, nargs="*", default=[], help="more folders")
    args = parser.parse_args(argv)

    pooled: list[LabelledExample] = []
    rows = []
    for folder in _sets(args.extra):
        examples = _load(folder)
        if not examples:
            continue
        pooled += examples
        if args.per_set:
            r = evaluate_risk(examples)
            u = evaluate_ruptures(examples)
            rows.append(
                f"{folder.name:28} risk {r.true_positives:4}/{r.positives:<4} "
                f"hn {r.hard_negatives_flagged:3}/{r.hard_negatives:<4} "
                f"poss {r.review_true_positives:4}  ruptures {u.gold_hit:3}/{u.gold_episodes:<3} "
                f"prec {u.predicted_hit:3}/{u.predicted_episodes:<3}"
            )
    risk = evaluate_risk(pooled)
    rup = evaluate_ruptures(pooled)
    red = evaluate_red_flags(pooled)
    for row in rows:
        print(row)
    resolved = rup.resolution[(True, True)] + rup.resolution[(False, False)]
    print(
        f"risk: recall {risk.true_positives}/{risk.positives} ({risk.recall}), "
        f"high {risk.high_found}/{risk.high_positives}, "
        f"hard negatives flagged {risk.hard_negatives_flagged}/{risk.hard_negatives} "
        f"(precision {risk.precision_on_hard_negatives}), with possible "
        f"{risk.review_true_positives} (hard negatives listed "
        f"{risk.review_hard_negatives_flagged}), flags outside the labels "
        f"{len(risk.false_alarms)}, kind {risk.kind_agree} severity {risk.severity_agree}"
    )
    print(
        f"ruptures: recall {rup.gold_hit}/{rup.gold_episodes}, precision "
        f"{rup.predicted_hit}/{rup.predicted_episodes}, resolution {resolved}/"
        f"{sum(rup.resolution.values())}, hard negatives {rup.hard_negatives_flagged}/"
        f"{rup.hard_negatives}"
    )
    totals = red.as_dict().get("overall", {})
    print(f"red flags: {json.dumps(totals)}")
    if args.fingerprint:
        args.fingerprint.write_text(
            json.dumps(_fingerprint(pooled), sort_keys=True, indent=1, default=str)
        )
        print(f"fingerprint of {len(pooled)} files written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
