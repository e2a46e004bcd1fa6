"""CSV transcripts in AnnoMI's column layout, several transcripts per file.

::

    transcript_id,utterance_id,interlocutor,timestamp,utterance_text
    s1,0,therapist,00:00:13,How was your week?
    s1,1,client,00:00:18,Better.

Required columns: ``transcript_id``, ``utterance_id`` (a non-negative integer: the utterance's
index and order), ``interlocutor`` (``therapist`` or ``client``) and ``utterance_text``; the
optional ``timestamp`` (``hh:mm:ss``) is the start time. Every other column (AnnoMI's annotation
columns among them) is ignored and never read. Column names are matched without regard to case.

Transcripts come out in the order they first appear; rows are sorted by ``utterance_id``.
Repeated rows for one utterance with the same text and interlocutor (AnnoMI-full.csv holds one
per annotator) are collapsed, with one warning per file; repeats with different text are a
:class:`~alliancelens.errors.ParseError`. The order comes from ``utterance_id``, so a time stamp
that cannot be read, or that is earlier than the one before it, is dropped with a warning
(AnnoMI has a few such annotation slips) instead of failing the file.

A bad row (an unknown interlocutor, an utterance_id that is not a number or repeats with other
text) is that transcript's error (:attr:`RawTranscript.error`): ``analyze`` and ``import`` refuse
the file, ``batch`` fails only that transcript. A row whose field count is off, or without a
transcript_id, cannot be given to a transcript and fails the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass

from alliancelens.domain import Role
from alliancelens.errors import MissingColumnsError, ParseError
from alliancelens.ingest._times import parse_clock
from alliancelens.ingest.base import RawTranscript, RawTurn, ReadOutput, TextReader
from alliancelens.ingest.registry import register

__all__ = ["REQUIRED_COLUMNS", "AnnoMICSVReader"]

#: Columns a transcript CSV must have (``timestamp`` is optional; others are ignored).
REQUIRED_COLUMNS = ("transcript_id", "utterance_id", "interlocutor", "utterance_text")
_TIMESTAMP = "timestamp"
_INTERLOCUTORS = {"therapist": Role.THERAPIST, "client": Role.CLIENT}
_INTEGER = re.compile(r"[0-9]{1,18}")
#: At most this many line numbers are listed in a warning.
_MAX_LISTED = 5


@dataclass(slots=True)
class _Row:
    turn: RawTurn
    role: Role


def _header(row: list[str]) -> dict[str, int]:
    return {name.strip().lower(): i for i, name in reversed(list(enumerate(row)))}


def _listed(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:_MAX_LISTED]))
    return shown + (", …" if len(lines) > _MAX_LISTED else "")


class _Collector:
    """Rows grouped by transcript, with duplicate and time-stamp bookkeeping."""

    def __init__(self, columns: dict[str, int], width: int) -> None:
        self.columns = columns
        self.width = width
        self.transcripts: dict[str, dict[int, _Row]] = {}
        #: the first problem in each transcript's rows (that transcript fails, not the file)
        self.errors: dict[str, ParseError] = {}
        self.duplicates = 0
        self.unreadable_times: list[int] = []

    def add(self, line: int, row: list[str]) -> None:
        if len(row) != self.width:
            raise ParseError(
                f"row has {len(row)} fields but the header has {self.width}",
                line=line,
                hint="check the quoting of this row: fields with commas need double quotes",
            )
        tid = row[self.columns["transcript_id"]]
        if not tid.strip():
            raise ParseError(
                "empty transcript id", line=line, field="transcript_id", hint="fill it in"
            )
        rows = self.transcripts.setdefault(tid.strip(), {})
        try:
            self._add(line, row, rows)
        except ParseError as exc:  # this transcript's problem, not the file's (QA36 item 3)
            self.errors.setdefault(tid.strip(), exc)

    def _add(self, line: int, row: list[str], rows: dict[int, _Row]) -> None:
        uid, who, text = (row[self.columns[name]] for name in REQUIRED_COLUMNS[1:])
        if _INTEGER.fullmatch(uid.strip()) is None:
            raise ParseError(
                "utterance_id is not a whole number",
                line=line,
                field="utterance_id",
                hint="utterance_id is the utterance's position: 0, 1, 2 …",
            )
        role = _INTERLOCUTORS.get(who.strip().lower())
        if role is None:
            raise ParseError(
                "interlocutor must be 'therapist' or 'client'",
                line=line,
                field="interlocutor",
                hint="AnnoMI files name each row's speaker as therapist or client",
            )
        index = int(uid)
        if index in rows:
            self._duplicate(rows[index], line, index, role, text)
            return
        turn = RawTurn(
            speaker=role.value,
            text=text,
            line=line,
            start=self._start(line, row),
            role=role,
            index=index,
        )
        rows[index] = _Row(turn, role)

    def _duplicate(self, first: _Row, line: int, index: int, role: Role, text: str) -> None:
        if first.role != role or first.turn.text != text:
            raise ParseError(
                f"utterance_id {index} repeats the row on line {first.turn.line} with a "
                "different text or interlocutor",
                line=line,
                field="utterance_id",
                hint="each utterance may appear once per transcript, or repeat identically",
            )
        self.duplicates += 1

    def _start(self, line: int, row: list[str]) -> float | None:
        at = self.columns.get(_TIMESTAMP)
        value = row[at].strip() if at is not None else ""
        if not value or value.lower() in {"n/a", "na", "-"}:
            return None
        seconds = parse_clock(value)
        if seconds is None:
            self.unreadable_times.append(line)
        return seconds


def _drop_backward_times(turns: list[RawTurn]) -> list[int]:
    """Clear start times earlier than the last kept one; return the lines of those turns."""
    dropped: list[int] = []
    latest: float | None = None
    for turn in turns:
        if turn.start is None:
            continue
        if latest is not None and turn.start < latest:
            turn.start = None
            dropped.append(turn.line or 0)
        else:
            latest = turn.start
    return dropped


@register
class AnnoMICSVReader(TextReader):
    """CSV in AnnoMI's layout: transcript_id, utterance_id, interlocutor, utterance_text."""

    name = "csv"
    suffixes = (".csv",)
    description = (
        "CSV in AnnoMI's layout (transcript_id, utterance_id, interlocutor, utterance_text"
        " [, timestamp]); several transcripts per file"
    )
    speaker_hint = (
        "check the interlocutor column: each transcript_id needs rows with 'therapist' and "
        "rows with 'client'"
    )

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether the first line is a CSV header with the required columns."""
        del data
        if text is None:
            return False
        try:
            first = next(csv.reader([text.split("\n", 1)[0]]), [])
        except csv.Error:
            return False
        return set(REQUIRED_COLUMNS) <= _header(first).keys()

    def read_text(self, text: str, *, names: Collection[str] = ()) -> ReadOutput:
        """Read every transcript in the file."""
        del names  # roles come from the interlocutor column
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader, [])
            columns = _header(header)
            missing = [name for name in REQUIRED_COLUMNS if name not in columns]
            if missing:
                raise MissingColumnsError(
                    f"missing required column(s): {', '.join(missing)}",
                    line=1,
                    hint="the first line must name the columns transcript_id, utterance_id,"
                    " interlocutor and utterance_text; timestamp is optional",
                )
            collector = _Collector(columns, len(header))
            previous_end = reader.line_num
            for row in reader:
                line, previous_end = previous_end + 1, reader.line_num
                if row and any(field.strip() for field in row):
                    collector.add(line, row)
        except csv.Error as exc:
            raise ParseError(
                "the CSV cannot be parsed",
                line=reader.line_num,
                hint="check quotes in this row",
            ) from exc
        return self._output(collector)

    @staticmethod
    def _output(collector: _Collector) -> ReadOutput:
        transcripts: list[RawTranscript] = []
        dropped: list[int] = []
        for tid, rows in collector.transcripts.items():
            turns = [rows[index].turn for index in sorted(rows)]
            dropped += _drop_backward_times(turns)
            transcripts.append(RawTranscript(turns=turns, id=tid, error=collector.errors.get(tid)))
        warnings: list[str] = []
        if collector.duplicates:
            warnings.append(
                f"{collector.duplicates} repeated row(s) (same transcript_id, utterance_id, text "
                "and interlocutor, e.g. one per annotator) were read once"
            )
        if collector.unreadable_times:
            lines = sorted(collector.unreadable_times)
            warnings.append(
                f"{len(lines)} time stamp(s) could not be read and were dropped (line(s) "
                f"{_listed(lines)}); write them as hh:mm:ss"
            )
        if dropped:
            lines = sorted(dropped)
            warnings.append(
                f"{len(lines)} time stamp(s) earlier than the one before were dropped (line(s) "
                f"{_listed(lines)}); the order comes from utterance_id"
            )
        return ReadOutput(transcripts, warnings=warnings)
