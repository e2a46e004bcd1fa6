"""Batch throughput benchmark: sessions per second and peak memory per worker, workers 1 and 2.

Generates a synthetic corpus (default 1,000 sessions of ~600 utterances, plain-text transcripts
with time stamps, written from the templates below; no real data) and runs
``alliancelens.batch.run_batch`` on it once per worker count, with a fresh output folder each
time (no resume). Results go to a JSON file and are printed as a Markdown table.

    .venv/bin/python benchmarks/batch.py                      # full run (several minutes)
    .venv/bin/python benchmarks/batch.py --sessions 50        # quick look
    .venv/bin/python benchmarks/batch.py --workers 1 2 --engine local --results out.json

Numbers measured with it are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from alliancelens import __version__
from alliancelens.batch import run_batch

THERAPIST = [
    "What brings you in today?",
    "How has the week been since we last met?",
    "It sounds like {topic} has been weighing on you.",
    "You're feeling {feeling} about {topic}, and also unsure what to do next.",
    "What would you like to be different about {topic}?",
    "On a scale from one to ten, how important is it for you to change that?",
    "So on one hand you want things to stay calm, and on the other you're tired of holding it in.",
    "That took courage to say.",
    "Can you tell me more about what happened with {person}?",
    "What did you notice in your body when that happened?",
    "Let me check I've understood: {topic} keeps coming back, and it leaves you {feeling}.",
    "I wonder if we're working on the right thing for you today.",
    "How is this conversation going for you so far?",
    "Mm-hm.",
    "Go on.",
    "What would a small first step look like this week?",
    "You managed {topic} better than you expected.",
    "Let's pause there and summarise what we've covered.",
]
CLIENT = [
    "I guess it's mostly {topic}.",
    "Honestly I feel {feeling} most days.",
    "{person} said something again and I just shut down.",
    "I don't know, maybe it's not that bad.",
    "Yeah.",
    "I tried what we talked about, and it sort of worked.",
    "I'm not sure this is helping, to be honest.",
    "It's hard to explain, it's like a weight on my chest when I think about {topic}.",
    "I slept maybe four hours, so I'm a bit {feeling}.",
    "I want to change it, I just don't know where to start.",
    "Probably a seven, if I'm honest.",
    "I told {person} how I felt and they actually listened.",
    "Can we talk about something else?",
    "That's exactly it.",
    "No, that's not really what I meant.",
    "I keep thinking about what you said last time.",
]
TOPICS = ["work", "my sister", "money", "sleep", "the move", "my exams", "drinking", "my health"]
FEELINGS = ["tired", "anxious", "flat", "angry", "hopeful", "stuck", "relieved", "overwhelmed"]
PEOPLE = ["my manager", "my partner", "my dad", "a friend", "my flatmate", "my doctor"]


def _line(rng: random.Random, templates: list[str]) -> str:
    return rng.choice(templates).format(
        topic=rng.choice(TOPICS), feeling=rng.choice(FEELINGS), person=rng.choice(PEOPLE)
    )


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def write_session(path: Path, number: int, utterances: int, rng: random.Random) -> None:
    """One synthetic session: alternating turns (with some runs), time-stamped."""
    lines = [f"# id: bench-{number:05d}", "# modality: individual, video"]
    clock = 0.0
    speaker = "Therapist"
    for _ in range(utterances):
        text = _line(rng, THERAPIST if speaker == "Therapist" else CLIENT)
        lines.append(f"[{_clock(clock)}] {speaker}: {text}")
        clock += 2.0 + len(text.split()) * 0.4 + rng.random()
        if rng.random() > 0.15:
            speaker = "Client" if speaker == "Therapist" else "Therapist"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_corpus(folder: Path, sessions: int, utterances: int, seed: int) -> None:
    """Write ``sessions`` transcript files into ``folder`` (reused if already complete)."""
    stamp = folder / ".complete"
    wanted = f"{sessions} {utterances} {seed}"
    if stamp.is_file() and stamp.read_text("utf-8") == wanted:
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)  # noqa: S311 - synthetic text, not security
    for number in range(sessions):
        write_session(folder / f"session-{number:05d}.txt", number, utterances, rng)
    stamp.write_text(wanted, "utf-8")


def measure(corpus: Path, output: Path, workers: int, engine: str) -> dict[str, object]:
    """Run one batch and return its throughput and memory figures."""
    shutil.rmtree(output, ignore_errors=True)
    load_before = os.getloadavg()
    driver_cpu = time.process_time()
    started = time.perf_counter()
    run = run_batch([corpus], output, workers=workers, engine=engine)
    wall = time.perf_counter() - started
    driver_cpu = time.process_time() - driver_cpu
    manifest = run.manifest
    totals, timings = manifest["totals"], manifest["timings"]
    peaks = [w["peak_rss_mb"] for w in manifest["workers"]]
    cpu = sum(w["cpu_seconds"] for w in manifest["workers"])
    return {
        "engine": engine,
        "workers": workers,
        "sessions": totals["sessions"],
        "utterances": totals["utterances_rows"],
        "failed": totals["failed"],
        "wall_seconds": round(wall, 2),
        "analyse_seconds": timings["analyse_seconds"],
        "write_seconds": timings["write_seconds"],
        "sessions_per_second": round(totals["sessions"] / wall, 2),
        "sessions_per_second_per_worker": round(totals["sessions"] / wall / workers, 2),
        "analyse_sessions_per_second": timings["sessions_per_second"],
        "worker_cpu_seconds": round(cpu, 2),
        "driver_cpu_seconds": round(driver_cpu, 2),
        "driver_cpu_analyse_seconds": timings["driver_cpu_analyse_seconds"],
        "driver_cpu_write_seconds": timings["driver_cpu_write_seconds"],
        "sessions_per_worker_cpu_second": round(totals["sessions"] / cpu, 2) if cpu else None,
        "peak_rss_mb_per_worker_max": max(peaks) if peaks else None,
        "peak_rss_mb_per_worker": peaks,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "analyser_seconds": manifest["analyser_seconds"],
        "analyser_runs": {
            name: {k: runs[k] for k in ("ok", "failed", "skipped")}
            for name, runs in manifest["analyser_runs"].items()
        },
        "analysers": [
            {"name": a["name"], "version": a["version"]} for a in manifest["pipeline"]["analysers"]
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--utterances", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engine", default="local", choices=["local", "ray"])
    parser.add_argument(
        "--scratch", type=Path, default=Path(tempfile.gettempdir()) / "alliancelens-bench"
    )
    parser.add_argument("--results", type=Path, default=Path("benchmarks/results/batch.json"))
    args = parser.parse_args()

    corpus = args.scratch / f"corpus-{args.sessions}x{args.utterances}"
    began = time.perf_counter()
    make_corpus(corpus, args.sessions, args.utterances, args.seed)
    print(f"corpus: {args.sessions} sessions in {corpus} ({time.perf_counter() - began:.1f} s)")
    runs = []
    for workers in args.workers:
        result = measure(corpus, args.scratch / f"out-{workers}", workers, args.engine)
        runs.append(result)
        shown = {k: v for k, v in result.items() if k not in {"analyser_seconds", "analysers"}}
        print(json.dumps(shown))
    base = runs[0]["sessions_per_second"]
    for run in runs:
        run["speedup_vs_first"] = round(float(run["sessions_per_second"]) / float(base), 2)
    document = {
        "benchmark": "batch",
        "alliancelens": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "corpus": {"sessions": args.sessions, "utterances": args.utterances, "seed": args.seed},
        "parent_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "runs": runs,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    print(
        "\n| workers | sessions/s | per worker | speed-up | analyse s "
        "| sessions per worker CPU-s | peak RSS/worker MB |"
    )
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        print(
            f"| {run['workers']} | {run['sessions_per_second']} | "
            f"{run['sessions_per_second_per_worker']} | {run['speedup_vs_first']}x | "
            f"{run['analyse_seconds']} | {run['sessions_per_worker_cpu_second']} | "
            f"{run['peak_rss_mb_per_worker_max']} |"
        )
    print(f"results written to {args.results}")


if __name__ == "__main__":
    main()
