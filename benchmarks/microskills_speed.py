"""Speed of the default micro-skill coder on a synthetic 600-utterance session.

Measures, each in a fresh subprocess so nothing is cached or already imported:

* import + model load: ``import alliancelens.models`` and ``load_coder()``;
* first session: seconds to code the first 600-utterance session in a fresh process (scipy
  import and an empty n-gram look-up memo included);
* throughput: utterances coded per second on one thread, feature extraction and MITI rules
  included (the whole ``microskills.codes`` analyser), over ``--repeat`` further sessions, each
  with freshly generated text;
* peak resident memory (ru_maxrss) of a process that loads the model and codes the session.

Run: ``.venv/bin/python benchmarks/microskills_speed.py [--repeat 20] [--json] [--data DIR]``
(``--data ../shared/data/annomi`` also codes the real transcripts, read from outside the repo).
Sessions are generated here from invented sentence templates (no corpus text).
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
    words = {
        "s": ["drinking", "smoking", "sleep", "work", "my sister", "exercise", "money", "gaming",
              "the kids", "my diet", "weed", "gambling", "my temper", "the gym", "my mum"],
        "f": ["worried", "fed up", "hopeful", "tired", "angry", "embarrassed", "unsure",
              "relieved", "stuck", "ashamed", "proud", "nervous"],
        "t": ["last week", "on Friday", "every night", "after work", "since Christmas",
              "at weekends", "this morning", "for years"],
        "p": ["my partner", "my boss", "the doctor", "my brother", "a friend", "my neighbour"],
    }
    therapist = [
        "What would you like to talk about today regarding {s}?",
        "So {s} has been on your mind a lot {t}.",
        "Do you think {s} is a problem for you?",
        "You're {f} about {s}, and at the same time it helps you relax.",
        "Many people find that cutting back on {s} improves their mood.",
        "Mm-hmm.",
        "It sounds like you have already thought hard about {s}.",
        "What would make it worth changing {s}?",
        "How did {p} react when you told them about {s}?",
        "On a scale of one to ten, how important is it to change {s}?",
    ]
    client = [
        "I really want to sort out {s} before the summer.",
        "I don't know, {s} is just part of who I am.",
        "Yeah.",
        "{p} keeps telling me that {s} is getting worse {t}.",
        "I tried to cut down on {s} {t} and it went okay for a while.",
        "Honestly I like {s}, it is the only thing I look forward to.",
        "I felt {f} {t} when {p} brought up {s}.",
    ]
    def fill(template):
        return template.format(**{k: rng.choice(v) for k, v in words.items()})
    def make(n):
        turns = []
        for i in range(n):
            pool, role = (therapist, "therapist") if i % 2 == 0 else (client, "client")
            turns.append((role, fill(rng.choice(pool))))
        return make_session(*turns)
    analyser = MicroskillCodes()
    t_cold = time.perf_counter()
    analyser.analyse(make(600))  # first session: scipy import and empty look-up memo
    cold_seconds = time.perf_counter() - t_cold
    repeat = int(sys.argv[1])
    sessions = [make(600) for _ in range(repeat)]  # fresh text every pass
    t1 = time.perf_counter()
    for session in sessions:
        analyser.analyse(session)
    seconds = time.perf_counter() - t1
    print(json.dumps({
        "load_seconds": round(load_seconds, 3),
        "first_session_seconds": round(cold_seconds, 3),
        "utterances_per_second": round(600 * repeat / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))
    """
)


CORPUS_CHILD = textwrap.dedent(
    """
    import json, sys, time
    from alliancelens.models import load_coder
    from alliancelens.models._corpus import read_corpus
    corpus = read_corpus(sys.argv[1])
    coder = load_coder()
    rates = []
    for _ in range(2):  # first pass cold (scipy import, empty memo), second warm
        t = time.perf_counter()
        for dialogue in corpus.dialogues:
            coder.code(dialogue.turns)
        rates.append(round(corpus.utterances / (time.perf_counter() - t)))
    print(json.dumps({"utterances": corpus.utterances, "cold_utterances_per_second": rates[0],
                      "warm_utterances_per_second": rates[1]}))
    """
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed passes over the session")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes (best is kept)")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--data", help="also code a real corpus (folder with AnnoMI-full.csv), cold and warm"
    )
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
        "first_session_seconds": min(r["first_session_seconds"] for r in results),
        "utterances_per_second": max(r["utterances_per_second"] for r in results),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
        "runs": results,
        "targets": {"load_seconds": 1.5, "utterances_per_second": 5000, "peak_rss_mb": 300},
    }
    if args.data:
        out = subprocess.run(  # noqa: S603 - runs this interpreter on our own code
            [sys.executable, "-c", CORPUS_CHILD, args.data],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        )
        best["corpus"] = json.loads(out.stdout)
    if args.json:
        print(json.dumps(best, indent=2))
        return
    print(f"import + model load: {best['load_seconds']:.2f} s (target ≤ 1.5 s)")
    print(f"first 600-utterance session (cold): {best['first_session_seconds']:.2f} s")
    print(f"throughput: {best['utterances_per_second']} utterances/s (target ≥ 5,000)")
    print(f"peak RSS coding 600 utterances: {best['peak_rss_mb']} MB (target ≤ 300 MB)")
    if "corpus" in best:
        corpus = best["corpus"]
        print(
            f"corpus ({corpus['utterances']} utterances): {corpus['cold_utterances_per_second']} "
            f"utterances/s cold, {corpus['warm_utterances_per_second']} warm"
        )


if __name__ == "__main__":
    main()
