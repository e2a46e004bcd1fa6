"""Speed of the default micro-skill coder on a synthetic 600-utterance session.

Measures, each in a fresh subprocess so nothing is cached or already imported:

* import + model load: ``import alliancelens.models`` and ``load_coder()``;
* throughput: utterances coded per second on one thread, feature extraction and MITI rules
  included (the whole ``microskills.codes`` analyser), after one warm-up session;
* peak resident memory (ru_maxrss) of a process that loads the model and codes the session.

Run: ``.venv/bin/python benchmarks/microskills_speed.py [--repeat 20] [--json]``.
The session is generated here from invented sentence templates (no corpus text).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import json, random, resource, sys, time
    t0 = time.perf_counter()
    from alliancelens.models import load_coder
    coder = load_coder()
    load_seconds = time.perf_counter() - t0
    from alliancelens.analysers.microskills import MicroskillCodes
    from alliancelens.testing import make_session

    rng = random.Random(7)
    subjects = ["drinking", "smoking", "sleep", "work", "my sister", "exercise", "money"]
    therapist = [
        "What would you like to talk about today regarding {s}?",
        "So {s} has been on your mind a lot this week.",
        "Do you think {s} is a problem for you?",
        "You're worried about {s}, and at the same time it helps you relax.",
        "Many people find that cutting back on {s} improves their mood.",
        "Mm-hmm.",
        "It sounds like you have already thought hard about {s}.",
        "What would make it worth changing {s}?",
    ]
    client = [
        "I really want to sort out {s} before the summer.",
        "I don't know, {s} is just part of who I am.",
        "Yeah.",
        "My partner keeps telling me that {s} is getting worse.",
        "I tried to cut down on {s} last month and it went okay for a while.",
        "Honestly I like {s}, it is the only thing I look forward to.",
    ]
    turns = []
    for i in range(600):
        pool, role = (therapist, "therapist") if i % 2 == 0 else (client, "client")
        turns.append((role, rng.choice(pool).format(s=rng.choice(subjects))))
    session = make_session(*turns)
    analyser = MicroskillCodes()
    analyser.analyse(session)  # warm-up
    repeat = int(sys.argv[1])
    t1 = time.perf_counter()
    for _ in range(repeat):
        analyser.analyse(session)
    seconds = time.perf_counter() - t1
    print(json.dumps({
        "load_seconds": round(load_seconds, 3),
        "utterances_per_second": round(600 * repeat / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))
    """
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed passes over the session")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes (best is kept)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args()
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    results = []
    for _ in range(args.runs):
        out = subprocess.run(  # noqa: S603 - runs this interpreter on our own code
            [sys.executable, "-c", CHILD, str(args.repeat)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        )
        results.append(json.loads(out.stdout))
    best = {
        "load_seconds": min(r["load_seconds"] for r in results),
        "utterances_per_second": max(r["utterances_per_second"] for r in results),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
        "runs": results,
        "targets": {"load_seconds": 1.5, "utterances_per_second": 5000, "peak_rss_mb": 300},
    }
    if args.json:
        print(json.dumps(best, indent=2))
        return
    print(f"import + model load: {best['load_seconds']:.2f} s (target ≤ 1.5 s)")
    print(f"throughput: {best['utterances_per_second']} utterances/s (target ≥ 5,000)")
    print(f"peak RSS coding 600 utterances: {best['peak_rss_mb']} MB (target ≤ 300 MB)")


if __name__ == "__main__":
    main()
