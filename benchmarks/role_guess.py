"""How often the speaker-role guess picks the real therapist, on transcripts with known roles.

Every labelled transcript is rebuilt with neutral speaker labels (``SPEAKER_00`` … in order
of first turn) and no roles, and :func:`alliancelens.ingest.resolve_roles` guesses them, as it
does for a Zoom export with ``SPEAKER_00``/``SPEAKER_01`` labels. Each corpus is scored twice:
as written, and with punctuation and case stripped (what punctuation-free ASR gives). A guess is
right when the speaker taken as therapist is a therapist; ``tied`` counts sessions where the
scores were tied (the first tied speaker is taken); ``weak`` counts guesses marked weak (ties
included), ``wrong_not_marked_weak`` the wrong guesses that were not.

Sources: AnnoMI (``--annomi``, the CSV's interlocutor column hidden), the demo sessions, and the
``benchmarks/data/blind-*`` sets except the held-out ones given with ``--exclude``::

    .venv/bin/python benchmarks/role_guess.py --annomi /work/shared/data/annomi/AnnoMI-full.csv \\
        --exclude blind-2026-11-22ae blind-2026-11-22af
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import string
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from alliancelens.domain import Role
from alliancelens.errors import AllianceLensError
from alliancelens.ingest import RawTurn, read_file, resolve_roles

Session = list[tuple[str, Role, str]]  # (original label, true role, text)
_STRIP = str.maketrans("", "", string.punctuation.replace("'", ""))


def annomi(path: Path) -> Iterator[tuple[str, Session]]:
    """AnnoMI transcripts in utterance order, roles from the (hidden) interlocutor column."""
    sessions: dict[str, dict[int, tuple[str, Role, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            role = Role.THERAPIST if row["interlocutor"] == "therapist" else Role.CLIENT
            turns = sessions.setdefault(row["transcript_id"], {})
            turns[int(row["utterance_id"])] = (row["interlocutor"], role, row["utterance_text"])
    for key, turns in sessions.items():
        yield f"annomi-{key}", [turns[i] for i in sorted(turns)]


def files(paths: list[Path]) -> Iterator[tuple[str, Session]]:
    """Sessions of transcript files whose labels give every speaker's role."""
    for path in paths:
        try:
            result = read_file(path)
        except AllianceLensError:
            continue
        for session in result.sessions:
            if session.metadata.get("roles_guessed"):
                continue
            turns = [(u.speaker, u.role, u.text) for u in session.utterances]
            yield f"{path.name}:{session.id}", turns


def neutral(
    session: Session, *, stripped: bool, client_first: bool = False
) -> tuple[list[RawTurn], dict[str, Role]]:
    """Turns relabelled SPEAKER_00, SPEAKER_01, … with no role; optionally without punctuation.

    ``client_first`` drops the therapist's turns before the first client turn (a client who
    greets first: the old "who spoke first" tie-break then picks the client).
    """
    if client_first:
        first = next((i for i, (_, role, _) in enumerate(session) if role is not Role.THERAPIST), 0)
        session = session[first:]
    names: dict[str, str] = {}
    truth: dict[str, Role] = {}
    turns: list[RawTurn] = []
    for label, role, text in session:
        name = names.setdefault(label, f"SPEAKER_{len(names):02d}")
        truth[name] = role
        said = re.sub(r"\s+", " ", text.translate(_STRIP).casefold()).strip() if stripped else text
        if said:
            turns.append(RawTurn(name, said))
    return turns, truth


def score(
    sessions: list[tuple[str, Session]], *, stripped: bool, client_first: bool = False
) -> dict[str, object]:
    """Right and wrong guesses (and ties) over ``sessions`` with one or more therapists."""
    right = wrong = tied = weak = unflagged = 0
    misses: list[str] = []
    for name, session in sessions:
        turns, truth = neutral(session, stripped=stripped, client_first=client_first)
        if Role.THERAPIST not in truth.values() or len(truth) < 2:
            continue
        resolution = resolve_roles(turns)
        guessed = [k for k, r in resolution.roles.items() if r is Role.THERAPIST]
        weak += resolution.weak
        tied += resolution.guess is not None and resolution.guess.tied
        if guessed and all(truth[g] is Role.THERAPIST for g in guessed):
            right += 1
        else:
            wrong += 1
            unflagged += not resolution.weak
            misses.append(name)
    total = right + wrong
    return {
        "sessions": total,
        "right": right,
        "wrong": wrong,
        "tied": tied,
        "weak": weak,
        "wrong_not_marked_weak": unflagged,
        "accuracy": round(right / total, 3) if total else None,
        "misses": misses[:20],
    }


def _transcript(name: str) -> bool:
    return not name.startswith(".") and not name.endswith((".md", ".toml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annomi", type=Path)
    parser.add_argument("--data", type=Path, default=Path("benchmarks/data"))
    parser.add_argument("--exclude", nargs="*", default=[])
    args = parser.parse_args()
    demo = resources.files("alliancelens") / "demo" / "sessions"
    corpora: dict[str, list[tuple[str, Session]]] = {
        "demo": list(files([Path(str(p)) for p in demo.iterdir() if _transcript(p.name)])),
        "blind": list(
            files(
                sorted(
                    p
                    for folder in args.data.glob("blind-*")
                    if folder.name not in args.exclude
                    for p in folder.glob("*.txt")
                )
            )
        ),
    }
    if args.annomi:
        corpora["annomi"] = list(annomi(args.annomi))
    variants = {
        "as written": {"stripped": False},
        "stripped": {"stripped": True},
        "stripped, client first": {"stripped": True, "client_first": True},
    }
    results = {
        f"{name} ({variant})": score(sessions, **options)
        for name, sessions in corpora.items()
        for variant, options in variants.items()
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
