"""Time the default pipeline on a 600-utterance session (issue 4's ≤ 0.5 s on one core).

Builds the session from the shared labelled rupture examples when present (else from every
blind set under ``benchmarks/data``), warms the pipeline up once, then reports the fastest of
``--repeats`` runs, wall and CPU seconds, and each analyser's share. Pin it to one core and one
BLAS thread for a per-core number, and note the load average next to any figure you quote:

    OMP_NUM_THREADS=1 taskset -c 1 .venv/bin/python benchmarks/pipeline_speed.py --repeats 5
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Sequence
from pathlib import Path

from alliancelens.analysers.pipeline import default_pipeline
from alliancelens.evaluation.labelled_examples import LabelledExample, load_examples
from alliancelens.evaluation.speed import long_session, time_pipeline

ROOT = Path(__file__).resolve().parent
SHARED = ROOT.parent.parent / "shared" / "data" / "ruptures-examples"


def _examples() -> list[LabelledExample]:
    if SHARED.is_dir():
        return load_examples(SHARED, pattern="sess-*.json")
    found: list[LabelledExample] = []
    for folder in sorted((ROOT / "data").glob("blind-*")):
        found += load_examples(folder, pattern="sess-*.json")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Print the timing as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    session = long_session(_examples(), args.utterances)
    pipeline = default_pipeline()
    pipeline.run(session)  # warm-up: model loading and first-call caches are not per-session
    result = time_pipeline(session, pipeline, repeats=args.repeats)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
