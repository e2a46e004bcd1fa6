"""False-alarm check of ``red_flags.therapist`` on real MI sessions (AnnoMI, read in place).

Usage (from the repository root)::

    .venv/bin/python training-data/red_flags/annomi_check.py ../shared/data/annomi/AnnoMI-full.csv

AnnoMI has no red-flag labels. It has expert MI-quality ratings per session (high or low) and,
per therapist utterance, whether it gives advice. Red flags should be rare in high-quality MI
sessions and common in low-quality ones, and in low-quality sessions most utterances the
annotators marked as advice are advice without permission. The script prints, per quality
level, the flags per 100 therapist utterances and how many AnnoMI "advice" utterances were
flagged as unsolicited advice. Nothing from the corpus is written anywhere.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

from alliancelens.analysers.red_flags import red_flags_in
from alliancelens.testing import make_session

KINDS = (
    "therapist_own_problems",
    "unsolicited_advice",
    "judgmental_remark",
    "ignoring_client_feedback",
)


def _sessions(path: Path) -> dict[str, list[dict[str, str]]]:
    """Utterances per transcript, one row per utterance (advice if any annotator said so)."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["transcript_id"], row["utterance_id"])
            if key not in seen:
                seen[key] = dict(row)
            elif row["therapist_input_subtype"] == "advice":
                seen[key]["therapist_input_subtype"] = "advice"
    sessions: dict[str, list[dict[str, str]]] = defaultdict(list)
    for (transcript, _), row in seen.items():
        sessions[transcript].append(row)
    for rows in sessions.values():
        rows.sort(key=lambda r: int(r["utterance_id"]))
    return sessions


def main(path: Path) -> None:
    """Print the per-quality flag rates and the advice cross-check."""
    counts: dict[str, Counter[str]] = {"high": Counter(), "low": Counter()}
    for rows in _sessions(path).values():
        quality = counts[rows[0]["mi_quality"]]
        session = make_session(*[(r["interlocutor"], r["utterance_text"]) for r in rows])
        items, _ = red_flags_in(session.utterances)
        advice_flags = {i["index"] for i in items if i["kind"] == "unsolicited_advice"}
        quality.update(i["kind"] for i in items)
        quality["sessions"] += 1
        for pos, row in enumerate(rows):
            quality["therapist"] += row["interlocutor"] == "therapist"
            if row["therapist_input_subtype"] == "advice":
                quality["annomi_advice"] += 1
                quality["annomi_advice_flagged"] += pos in advice_flags
    for level, c in counts.items():
        rates = ", ".join(f"{k} {c[k]} ({100 * c[k] / c['therapist']:.1f}/100)" for k in KINDS)
        sys.stdout.write(
            f"{level}: {c['sessions']} sessions, {c['therapist']} therapist utterances; {rates}; "
            f"AnnoMI advice flagged {c['annomi_advice_flagged']}/{c['annomi_advice']}\n"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
