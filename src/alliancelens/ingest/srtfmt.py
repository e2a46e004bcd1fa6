"""SRT subtitles with speaker names in the cue text.

::

    1
    00:00:01,000 --> 00:00:04,250
    Therapist: How was your week?

    2
    00:00:04,800 --> 00:00:07,000
    [Client] Better, I think.

Cues are parsed with the ``srt`` library. Speakers come from ``Name:``, ``[Name]`` or
``<v Name>`` at the start of a cue line (rules in :mod:`alliancelens.ingest._cues`);
consecutive cues of one speaker become one utterance. Times are kept in seconds with millisecond
precision. An utterance's line is the line of its first cue's time line.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Collection

import srt

from alliancelens.errors import EmptyFileError, ParseError
from alliancelens.ingest._cues import Cue, cues_to_transcript
from alliancelens.ingest.base import ReadOutput, TextReader
from alliancelens.ingest.registry import register

__all__ = ["SRTReader"]

_INDEX_LINE = re.compile(r"^\s*\d+\s*$")
_TIME_LINE = re.compile(
    r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}(?:\s.*)?$"
)
#: A time line as the ``srt`` library accepts it (its timestamp pattern around an arrow).
_SRT_TIME_LINE = re.compile(rf"^\s*{srt.RGX_TIMESTAMP} *-[ -] *> *{srt.RGX_TIMESTAMP}")
_CUE_HINT = (
    "each cue is a number, a line '00:00:01,000 --> 00:00:02,000' and its text, "
    "followed by a blank line"
)
#: Group of ``srt.SRT_REGEX`` holding the start time (group 1 is the optional index).
_START_GROUP = 2
#: Group of ``srt.SRT_REGEX`` holding the cue text.
_CONTENT_GROUP = 5


class _Lines:
    """Line numbers of character offsets in ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        """The 1-based line holding the character at ``offset``."""
        return bisect.bisect_left(self.newlines, offset) + 1

    def first_text_at_or_after(self, offset: int) -> int:
        """The line of the first non-blank character at or after ``offset``."""
        rest = self.text[offset:]
        return self.at(offset + len(rest) - len(rest.lstrip()))


def _check_cue_numbers(text: str) -> None:
    """Raise ParseError where a block opens with a cue number but no time line follows.

    The ``srt`` library accepts blank lines inside cue text, so such a block would otherwise be
    read silently as text of the cue before it.
    """
    lines = text.split("\n")
    for at, line in enumerate(lines):
        if at and lines[at - 1].strip():
            continue  # not the first line of a block
        if _INDEX_LINE.match(line) is None:
            continue
        following = lines[at + 1] if at + 1 < len(lines) else ""
        if _SRT_TIME_LINE.match(following) is None:
            raise ParseError(
                "cue number not followed by a cue time line",
                line=at + 2 if following.strip() else at + 1,
                field="cue time",
                hint=_CUE_HINT,
            )


def _cues(text: str) -> list[Cue]:
    """Parse with ``srt``; ``srt.SRT_REGEX`` (the pattern ``srt.parse`` walks) gives offsets."""
    _check_cue_numbers(text)
    cues: list[Cue] = []
    lines = _Lines(text)
    try:
        for subtitle, match in zip(srt.parse(text), srt.SRT_REGEX.finditer(text), strict=False):
            start_line = lines.at(match.start(_START_GROUP))
            first = lines.at(match.start(_CONTENT_GROUP))
            content = subtitle.content.split("\n")
            cues.append(
                Cue(
                    line=start_line,
                    start=round(subtitle.start.total_seconds(), 3),
                    end=round(subtitle.end.total_seconds(), 3),
                    text=list(enumerate(content, start=first)),
                )
            )
    except srt.SRTParseError as exc:
        raise ParseError(
            "text that is not part of a subtitle cue",
            line=lines.first_text_at_or_after(exc.expected_start),
            hint=_CUE_HINT,
        ) from exc
    except (ValueError, OverflowError) as exc:  # a time beyond what timedelta can hold
        failed = next(itertools.islice(srt.SRT_REGEX.finditer(text), len(cues), None), None)
        raise ParseError(
            "cue time cannot be read",
            line=lines.at(failed.start(_START_GROUP)) if failed else None,
            field="cue time",
            hint="write cue times as hh:mm:ss,mmm --> hh:mm:ss,mmm",
        ) from exc
    return cues


@register
class SRTReader(TextReader):
    """SRT subtitles with ``Name:``, ``[Name]`` or ``<v Name>`` speakers in the cue text."""

    name = "srt"
    suffixes = (".srt",)
    description = "SRT subtitles with 'Name:', '[Name]' or <v Name> speakers in the cue text"

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether the first non-blank line is a cue number followed by a time line."""
        del data
        if text is None:
            return False
        lines = text.lstrip().split("\n", 2)
        return (
            len(lines) >= 2
            and _INDEX_LINE.match(lines[0]) is not None
            and _TIME_LINE.match(lines[1]) is not None
        )

    def read_text(self, text: str, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse the cues into one session."""
        cues = _cues(text)
        if not cues:
            raise EmptyFileError("the SRT file has no cues", hint="check that the export finished")
        return ReadOutput([cues_to_transcript(cues, names=names)])
