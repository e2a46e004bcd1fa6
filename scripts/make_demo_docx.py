"""Build the demo couple-session transcript ``src/alliancelens/demo/sessions/jordan-casey-couple.docx``.

The dialogue lives in ``scripts/demo_sources/jordan-casey-couple.txt`` so it can be reviewed as
plain text: one turn per line (``Therapist: ...``, ``Jordan: ...``, ``Casey: ...``), each written
as one paragraph. Lines starting with ``#`` and blank lines are skipped. All content is synthetic.

Run from the repository root::

    .venv/bin/python scripts/make_demo_docx.py          # write the .docx
    .venv/bin/python scripts/make_demo_docx.py --check  # exit 1 if the .docx is out of date

The output is byte-for-byte reproducible: core properties are fixed, and the ZIP container that
python-docx writes is re-packed with fixed member time stamps (python-docx itself stamps members
with the current time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "scripts" / "demo_sources" / "jordan-casey-couple.txt"
OUTPUT = ROOT / "src" / "alliancelens" / "demo" / "sessions" / "jordan-casey-couple.docx"

LABELS = ("Therapist", "Jordan", "Casey")
FIXED_TIME = dt.datetime(2026, 10, 5, 12, 0, tzinfo=dt.UTC)
ZIP_TIME = (2026, 10, 5, 12, 0, 0)
_TURN = re.compile(r"^(?P<label>[A-Za-z]+): (?P<text>\S.*)$")


def read_turns(source: Path) -> list[tuple[str, str]]:
    """The ``(label, text)`` turns in ``source``; raise ValueError on a malformed line."""
    turns: list[tuple[str, str]] = []
    for number, line in enumerate(source.read_text(encoding="utf-8").split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _TURN.match(stripped)
        if match is None or match.group("label") not in LABELS:
            raise ValueError(f"{source}:{number}: expected 'Label: text' with a label in {LABELS}")
        turns.append((match.group("label"), match.group("text")))
    if not turns:
        raise ValueError(f"{source}: no turns found")
    return turns


def build(turns: list[tuple[str, str]]) -> bytes:
    """The .docx bytes: one paragraph per turn, fixed metadata, fixed ZIP time stamps."""
    document = docx.Document()
    for label, text in turns:
        document.add_paragraph(f"{label}: {text}")
    props = document.core_properties
    props.author = "AllianceLens demo"
    props.last_modified_by = "AllianceLens demo"
    props.title = "Couple session, Jordan and Casey (synthetic demo transcript)"
    props.subject = "Synthetic therapy transcript for AllianceLens; no real people"
    props.keywords = "synthetic; demo; couple therapy"
    props.comments = "Built by scripts/make_demo_docx.py from demo_sources; do not edit by hand."
    props.category = "demo"
    props.revision = 1
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    raw = io.BytesIO()
    document.save(raw)
    return _repack(raw.getvalue())


def _repack(data: bytes) -> bytes:
    """Copy a ZIP archive, keeping member order, with fixed time stamps and permissions."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check``, verify) the demo .docx; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only check the .docx is current")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the .docx")
    args = parser.parse_args(argv)
    data = build(read_turns(SOURCE))
    if args.check:
        current = args.output.exists() and args.output.read_bytes() == data
        sys.stderr.write(f"{args.output}: {'up to date' if current else 'OUT OF DATE'}\n")
        return 0 if current else 1
    args.output.write_bytes(data)
    sys.stderr.write(f"wrote {args.output} ({len(data)} bytes)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
