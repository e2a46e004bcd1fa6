"""A tiny synthetic risk corpus for training tests (three batches, our own sentences)."""

from __future__ import annotations

import json
from pathlib import Path

_POSITIVE = [
    ("I keep thinking about killing myself.", "suicidal_ideation", "moderate"),
    ("I've saved up my tablets for the weekend.", "suicidal_ideation", "high"),
    ("Everyone would be better off without me.", "passive_suicidal_ideation", "low"),
    ("I wish I could go to sleep and not wake up.", "passive_suicidal_ideation", "low"),
    ("I cut my arms again last night.", "self_harm", "moderate"),
    ("I burned myself with a lighter on purpose.", "self_harm", "moderate"),
    ("I'm going to stab him when I see him.", "harm_to_others", "high"),
    ("I keep picturing hurting my boss badly.", "harm_to_others", "moderate"),
]
_NEGATIVE = [
    ("I'm not suicidal, just tired.", "negation"),
    ("This commute is killing me.", "idiom_or_hyperbole"),
    ("My friend said she wanted to die.", "third_party"),
    ("Years ago I used to cut, but not since school.", "past_resolved"),
    ("I'm scared I'll die of a heart attack.", "fear_of_death_not_wish"),
    ("Part of me died with my mum.", "grief_language"),
    ("We watched a film about a murder.", "media_or_game_violence"),
    ("We're going to destroy them on Saturday.", "sport_trash_talk"),
    ("I went for a walk and it helped.", None),
    ("Work has been busy this week.", None),
]

#: Lines inside a disclosure thread (version 6 ``thread`` field): text, kind, severity, tag, the
#: therapist's follow-up, the thread.
_THREAD = [
    ("Three, maybe four. It's on my wrist.", "self_harm", "moderate", None, "How many times?"),
    ("No, not since Sunday.", "none", None, "negation", "Have you done it again?"),
]


def write_risk_corpus(folder: Path, batches: int = 3) -> Path:
    """Write ``batches`` JSONL files with light variations of the same sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, batches + 1):
        rows = [(text, kind, severity, None, None) for text, kind, severity in _POSITIVE]
        rows += [(text, "none", None, tag, None) for text, tag in _NEGATIVE]
        rows += [(text, kind, sev, tag, prompt) for text, kind, sev, tag, prompt in _THREAD]
        lines = []
        for i, (text, kind, severity, tag, prompt) in enumerate(rows, start=1):
            variant = text if number == 1 else f"{'Honestly, ' if number == 2 else 'Um, '}{text}"
            lines.append(
                json.dumps(
                    {
                        "id": f"t{number}-{i:03d}",
                        "batch": f"t{number}",
                        "text": variant,
                        "previous": prompt or ("How has your week been?" if i % 3 == 0 else ""),
                        "kind": kind,
                        "severity": severity,
                        "hard_negative": tag,
                        "style": "test",
                        **({"thread": "self_harm"} if prompt else {}),
                    }
                )
            )
        (folder / f"batch-t{number}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
