"""Plain-text transcripts: ``Speaker: text`` turns, multi-line turns, optional time stamps.

Accepted turn lines (see ``docs/formats.md``)::

    Therapist: How was your week?
    [00:12:31] Client: Better, I think.
    Dr. Lee [00:12:40]: What made it better?
    C: I slept.

A label is a speaker when it contains a role word (``Therapist``, ``Client``, ``T``, ``C``,
``Counsellor``, ``Patient`` …), starts at least two turns (real names such as ``Dr. Lee``), is
named with ``--therapist``/``--client``, or starts one turn and is written like a name
(``Dad:``, ``Daniel Park:``; see :mod:`alliancelens.ingest._labels`, which also warns about
both). ``Name (00:12):`` is ``Name`` at 12 s; a note that is not a time stays in the label
(``Client (Dana):``). Otter/Teams and Zoom text exports are recognised, even with a few
``Name:`` lines of quoted speech in them (read as text). Lines without a label continue the
previous turn. Lines starting with ``#`` before the
first turn are a header: ``# id: …``, ``# date: YYYY-MM-DD``, ``# modality: …``,
``# notes: …``; other ``#`` lines there are comments.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from alliancelens.errors import ParseError
from alliancelens.ingest._labels import SpeakerLabels
from alliancelens.ingest._times import CLOCK, parse_clock
from alliancelens.ingest.base import RawTranscript, RawTurn, ReadOutput, TextReader
from alliancelens.ingest.registry import register
from alliancelens.ingest.roles import role_from_label

__all__ = ["PlainTextReader", "parse_speaker_lines"]

#: The problem of a line with text but no speaker label before the first turn (the .docx reader
#: skips such leading paragraphs as titles: QA36 item 9).
BEFORE_FIRST_LABEL = "text before the first speaker label"
#: The problem of lines without any speaker label at all.
NO_LABELS = "no speaker labels found"


def _stamp(name: str) -> str:
    return rf"[\[(](?P<{name}>{CLOCK})[\])]"


#: A label, with an optional note in parentheses (``Therapist (JL)``) that is not a clock time:
#: ``Client (00:00:12):`` is speaker ``Client`` at 12 s (QA42 item 1).
_LABEL = (
    r"(?P<label>[^\W\d_][^:\[\]()\n]{0,39}?"
    rf"(?:\s*\((?!\s*{CLOCK}\s*\))[^()\n]{{1,30}}\))?)"
)
_TURN = re.compile(
    rf"^\s*(?:{_stamp('t1')}\s*)?{_LABEL}\s*(?:{_stamp('t2')})?\s*:"
    rf"(?:\s+(?:{_stamp('t3')}\s*)?(?P<text>.*)|\s*$)"
)
_MAX_LABEL_WORDS = 4
#: Otter/Teams text exports: ``Speaker 1  0:02`` alone on a line, the words on the next lines.
_HEADING = re.compile(rf"^\s*(?P<label>[^\W\d_][^:\[\]()\n]{{0,39}}?)\s+(?P<t>{CLOCK})\s*$")
#: Zoom text exports: ``00:00:03 Dr. Lee: Hi.`` (a bare time before the label).
_BARE_TIME = re.compile(rf"^\s*(?P<t>{CLOCK})\s+(?P<rest>\S.*)$")
_HEADER = re.compile(r"^\s*#\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*)$")
_HEADER_KEYS = frozenset({"id", "date", "modality", "notes"})


def _candidate(line: str) -> re.Match[str] | None:
    match = _TURN.match(line)
    if match is None or len(match.group("label").split()) > _MAX_LABEL_WORDS:
        return None
    return match


#: At most one ordinary ``Name:`` line per this many export lines (Otter headings, Zoom timed
#: turns) is read as quoted speech inside an export; more, and the file is not an export.
_EXPORT_LINES_PER_QUOTE = 4
_OTTER = "an Otter/Teams text export (speaker and time on their own line)"
_ZOOM = "a Zoom text export (a time before each speaker)"


@dataclass(slots=True)
class _Layout:
    """How an export layout was recognised: rewritten lines, its name, quoted ``Name:`` lines."""

    lines: list[tuple[int, str]]
    name: str | None = None
    #: ordinary ``Name:`` lines inside an export, read as text of the turn they are in
    quoted: frozenset[int] = frozenset()
    #: an export layout that was not used because of this ordinary ``Name:`` line
    declined: tuple[str, int] | None = None


def _first_content(lines: Sequence[tuple[int, str]]) -> int | None:
    """Position of the first line that is neither blank nor a ``#`` header line."""
    return next(
        (
            i
            for i, (_, line) in enumerate(lines)
            if line.strip() and not line.lstrip().startswith("#")
        ),
        None,
    )


def _export_layout(lines: Sequence[tuple[int, str]]) -> _Layout:
    """Otter/Teams and Zoom text exports rewritten as ``[time] Speaker: text`` lines.

    Applies when at least two lines have the export's shape and either no line starts a
    ``Speaker:`` turn in the ordinary way, or the file starts with an export line and such
    ``Speaker:`` lines are few (at most one per :data:`_EXPORT_LINES_PER_QUOTE` export lines):
    they are quoted speech (``Mum: are you okay?``) and stay text of their turn (QA42 item 5).
    """
    ordinary = [
        n for n, line in lines if _candidate(line) is not None and not _BARE_TIME.match(line)
    ]
    first = _first_content(lines)
    headings = [_HEADING.match(line) for _, line in lines]
    bare = [
        m if m is not None and _candidate(m.group("rest")) is not None else None
        for m in (_BARE_TIME.match(line) for _, line in lines)
    ]
    for found, name in ((headings, _OTTER), (bare, _ZOOM)):
        count = sum(m is not None for m in found)
        if count < 2:
            continue
        starts = first is not None and found[first] is not None
        if ordinary and not (starts and len(ordinary) * _EXPORT_LINES_PER_QUOTE <= count):
            return _Layout(list(lines), declined=(name, ordinary[0]) if starts else None)
        rewritten = [
            (n, (_rewrite(m, name) if m else line))
            for (n, line), m in zip(lines, found, strict=True)
        ]
        return _Layout(rewritten, name, frozenset(ordinary))
    return _Layout(list(lines))


def _rewrite(match: re.Match[str], layout: str) -> str:
    if layout == _OTTER:
        return f"[{match.group('t')}] {match.group('label').strip()}:"
    return f"[{match.group('t')}] {match.group('rest')}"


def parse_speaker_lines(
    lines: Sequence[tuple[int, str]], *, names: Collection[str] = ()
) -> RawTranscript:
    """Parse numbered lines (or DOCX paragraphs) of ``Speaker: text`` turns into a transcript.

    ``names`` are the ``--therapist``/``--client`` labels: they always count as speakers.
    Otter, Teams and Zoom text exports are recognised and read (a warning names the layout).
    """
    layout = _export_layout(lines)
    lines = layout.lines
    speakers = SpeakerLabels(
        (
            m.group("label").strip()
            for number, line in lines
            if number not in layout.quoted and (m := _candidate(line)) is not None
        ),
        names,
    )
    raw = RawTranscript(turns=[])
    current: RawTurn | None = None
    for number, line in lines:
        match = None if number in layout.quoted else _candidate(line)
        label = match.group("label").strip() if match else None
        if match is not None and label is not None and speakers.is_speaker(label, number):
            stamp = match.group("t1") or match.group("t2") or match.group("t3")
            current = RawTurn(
                speaker=label,
                text=(match.group("text") or "").strip(),
                line=number,
                start=parse_clock(stamp) if stamp else None,
            )
            raw.turns.append(current)
        elif current is not None:
            if line.strip():
                current.text = f"{current.text} {line.strip()}".strip()
        elif line.strip() and not _header(raw, number, line):
            raise ParseError(BEFORE_FIRST_LABEL, line=number, hint=_before_first_hint(layout))
    if not raw.turns:
        raise ParseError(
            NO_LABELS,
            line=lines[0][0] if lines else None,
            hint="start each turn with 'Name:', e.g. 'Therapist:' / 'Client:', or pass --format",
        )
    if layout.name is not None:
        raw.warnings.append(f"read as {layout.name}")
    if layout.quoted:
        raw.warnings.append(
            f"{len(layout.quoted)} line(s) inside the export start like a 'Name:' turn "
            f"({_line_list(layout.quoted)}) and were read as text of the turn they are in "
            "(quoted speech); if one is a new speaker, give it its own heading line as the "
            "export does"
        )
    raw.warnings.extend(speakers.warnings())
    return raw


def _before_first_hint(layout: _Layout) -> str:
    """Advice for text before the first turn; names an export layout that was declined."""
    if layout.declined is None:
        return (
            "start each turn with its speaker, e.g. 'Therapist: ...', or start header lines "
            "with '#'"
        )
    name, line = layout.declined
    return (
        f"this looks like {name}, but line {line} (and maybe others) is an ordinary 'Name:' "
        "turn, so the file was read as 'Speaker: text' lines; if such lines are quoted speech, "
        "put them in quotation marks (or join them to the line before) and the export is read "
        "as such; otherwise start each turn with its speaker, e.g. 'Therapist: ...'"
    )


def _line_list(numbers: Collection[int]) -> str:
    ordered = sorted(numbers)
    more = f" and {len(ordered) - 5} more" if len(ordered) > 5 else ""
    return "line(s) " + ", ".join(str(n) for n in ordered[:5]) + more


def _header(raw: RawTranscript, number: int, line: str) -> bool:
    if not line.lstrip().startswith("#"):
        return False
    match = _HEADER.match(line)
    if match is None or match.group("key").lower() not in _HEADER_KEYS:
        return True  # a comment
    key, value = match.group("key").lower(), match.group("value").strip()
    if key == "date":
        try:
            raw.date = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ParseError(
                "header date is not a date",
                line=number,
                field="date",
                hint="write it as YYYY-MM-DD",
            ) from exc
    elif key == "id":
        raw.id = value or None
    elif key == "modality":
        raw.modality = value or None
    else:
        raw.notes = value or None
    return True


@register
class PlainTextReader(TextReader):
    """``Speaker: text`` lines (Therapist:, Client:, T:, C:, real names), optional time stamps."""

    name = "text"
    suffixes = (".txt", ".text", ".md")
    description = "Plain text with speaker prefixes (Therapist:, Client:, T:, C:, Dr. Lee:)"

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether at least two lines start with a speaker label."""
        del data
        if text is None:
            return False
        labels = Counter(
            m.group("label").strip()
            for line in text.split("\n")[:400]
            if (m := _candidate(line)) is not None
        )
        return sum(n for label, n in labels.items() if n >= 2 or role_from_label(label)) >= 2

    def read_text(self, text: str, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse the whole text as one session."""
        lines = list(enumerate(text.split("\n"), start=1))
        return ReadOutput([parse_speaker_lines(lines, names=names)])
