"""WebVTT transcripts as exported by Zoom, Microsoft Teams and Otter.

::

    WEBVTT

    1
    00:00:01.000 --> 00:00:04.250
    <v Therapist>How was your week?</v>

    2
    00:00:04.800 --> 00:00:07.000
    Client: Better, I think.

Speakers come from voice tags or ``Name:`` / ``[Name]`` prefixes (rules in
:mod:`alliancelens.ingest._cues`); consecutive cues of one speaker become one utterance. Times
are kept in seconds with millisecond precision. ``NOTE``, ``STYLE`` and ``REGION`` blocks are
skipped; cue settings after the end time are ignored.

Why a parser of our own rather than ``webvtt-py``: webvtt-py 0.6 reports no line numbers,
silently drops cues it cannot parse (unless strict), and its strict-mode errors quote the cue
text, which must never reach a message. The block structure of WebVTT is small, and parsing it
here gives every error and every utterance its line number.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from alliancelens.errors import EmptyFileError, ParseError
from alliancelens.ingest._cues import Cue, cues_to_transcript
from alliancelens.ingest.base import ReadOutput, TextReader
from alliancelens.ingest.registry import register

__all__ = ["WebVTTReader", "parse_timestamp"]

_HEADER = re.compile(r"^\ufeff?WEBVTT(?:[ \t].*)?$")
_TIMESTAMP = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})")
_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
_TIME_HINT = "write cue times as hh:mm:ss.mmm --> hh:mm:ss.mmm"

Numbered = list[tuple[int, str]]


def parse_timestamp(value: str) -> float | None:
    """Seconds (millisecond precision) for ``[hh:]mm:ss.mmm``, or None when it is not one."""
    match = _TIMESTAMP.fullmatch(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    millis = int(fraction.ljust(3, "0"))
    total = (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)) * 1000 + millis
    return total / 1000


def _blocks(lines: Numbered) -> list[Numbered]:
    """Split numbered lines into blocks separated by blank lines."""
    blocks: list[Numbered] = []
    block: Numbered = []
    for number, line in lines:
        if line.strip():
            block.append((number, line))
        elif block:
            blocks.append(block)
            block = []
    if block:
        blocks.append(block)
    return blocks


def _timing(number: int, line: str) -> tuple[float, float]:
    left, _, right = line.partition("-->")
    settings = right.split()
    start = parse_timestamp(left)
    end = parse_timestamp(settings[0]) if settings else None
    if start is None or end is None:
        raise ParseError(
            "cue time line cannot be read", line=number, field="cue time", hint=_TIME_HINT
        )
    return start, end


def _cue(block: Numbered) -> Cue | None:
    """The cue in ``block``, or None for NOTE/STYLE/REGION blocks."""
    first = block[0][1].strip()
    if first.split(maxsplit=1)[0] in _SKIPPED_BLOCKS:
        return None
    if "-->" in first:
        at = 0
    elif len(block) > 1 and "-->" in block[1][1]:
        at = 1
    elif len(block) > 1 and _TIMESTAMP.match(block[1][1].strip()) is not None:
        raise ParseError(  # a cue identifier, then a time line with a broken arrow
            "cue time line cannot be read",
            line=block[1][0],
            field="cue time",
            hint=_TIME_HINT,
        )
    else:
        raise ParseError(
            "text block without a cue time line",
            line=block[0][0],
            hint="each cue needs a line like '00:00:01.000 --> 00:00:04.000'; "
            "remove blank lines inside cue text",
        )
    number, line = block[at]
    start, end = _timing(number, line)
    for extra, text in block[at + 1 :]:
        if "-->" in text:
            raise ParseError(
                "second cue time line in one cue",
                line=extra,
                field="cue time",
                hint="separate cues with a blank line",
            )
    return Cue(line=number, start=start, end=end, text=block[at + 1 :])


@register
class WebVTTReader(TextReader):
    """WebVTT captions with ``<v Name>`` voice tags or ``Name:`` prefixes (Zoom, Teams, Otter)."""

    name = "vtt"
    suffixes = (".vtt", ".webvtt")
    description = "WebVTT captions with <v Name> voice tags or 'Name:' cues (Zoom, Teams, Otter)"

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether the text starts with a ``WEBVTT`` header line."""
        del data
        if text is None:
            return False
        first = text.lstrip().split("\n", 1)[0]
        return _HEADER.match(first.rstrip()) is not None

    def read_text(self, text: str, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse the cues into one session."""
        blocks = _blocks(list(enumerate(text.split("\n"), start=1)))
        header = blocks[0] if blocks else [(1, "")]
        if _HEADER.match(header[0][1].rstrip()) is None:
            raise ParseError(
                "the file does not start with 'WEBVTT'",
                line=header[0][0],
                hint="a WebVTT file starts with the line WEBVTT; pass --format for other formats",
            )
        if any("-->" in line for _, line in header):
            raise ParseError(
                "cue time line inside the WEBVTT header",
                line=next(n for n, line in header if "-->" in line),
                hint="leave a blank line after the header",
            )
        cues = [cue for block in blocks[1:] if (cue := _cue(block)) is not None]
        if not cues:
            raise EmptyFileError(
                "the WebVTT file has no cues", hint="check that the export finished"
            )
        return ReadOutput([cues_to_transcript(cues, names=names)])
