"""One exception tree for AllianceLens.

::

    AllianceLensError                 base; every error has a stable ``code``
    ├── UsageError                    a command-line/API argument the user can fix (exit 2)
    ├── IngestError                   unreadable transcript (exit 2); has file, line, field, hint
    │   ├── EmptyFileError            file has no content
    │   ├── BinaryFileError           file is not text (and not a format we read as binary)
    │   ├── UnknownFormatError        format neither given nor recognisable
    │   ├── EncodingError             text in no supported encoding
    │   ├── ParseError                a line/cue/row/field that cannot be parsed
    │   ├── MissingColumnsError       a CSV without the required columns
    │   ├── SpeakerError              under two speakers, or an unknown --therapist/--client name
    │   └── TimestampOrderError       a timestamp earlier than the one before it
    ├── PipelineError                 an analyser pipeline that cannot be built (requires not met)
    └── MeasureError                  a measure definition or administration that cannot be used (exit 2)
        ├── UnknownMeasureError       a measure name no loaded definition has
        ├── ItemCountError            more or fewer item responses than the measure has items
        ├── ItemRangeError            an item response outside its allowed range or step; names the item
        ├── MissingItemsError         missing items the measure's manual does not allow prorating
        ├── DefinitionError           a measure definition or wording file that is invalid (file, field)
        ├── LicenceError              item wording or electronic use that no licence covers
        ├── ImportRowError            a row of an administrations file that cannot be used (file, line)
        └── EstimationError           too little data to estimate expected-response parameters

User-facing messages say what went wrong, where (file, line, field, utterance index) and what to
do. They never contain transcript text or client identifiers: utterances are referred to by index.
The CLI maps ``UsageError`` and ``IngestError`` to exit code 2 in one place (``cli/_errors.py``).
``MeasureError`` messages never contain client identifiers either: a bad row is named by file, line
and field, never by the value of its client column.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AllianceLensError",
    "BinaryFileError",
    "EmptyFileError",
    "DefinitionError",
    "EncodingError",
    "EstimationError",
    "ImportRowError",
    "IngestError",
    "ItemCountError",
    "ItemRangeError",
    "LicenceError",
    "MeasureError",
    "MissingColumnsError",
    "MissingItemsError",
    "ParseError",
    "PipelineError",
    "SpeakerError",
    "TimestampOrderError",
    "UnknownFormatError",
    "UnknownMeasureError",
    "UsageError",
]


class AllianceLensError(Exception):
    """Base class of every error AllianceLens raises on purpose."""

    code: str = "AL000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(AllianceLensError):
    """An argument or option the user gave cannot be used; the message says which and why."""

    code = "AL001"


class PipelineError(AllianceLensError):
    """An analyser pipeline cannot be built, e.g. an analyser's requirement is produced by none."""

    code = "AL100"


class IngestError(AllianceLensError):
    """A transcript file cannot be read.

    ``file`` and ``line`` (1-based, when known) say where; ``field`` names a column, JSON path or
    cue when that is more precise; ``hint`` says what to do about it.
    """

    code = "AL200"

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f", line {self.line}"
        if self.field is not None:
            where += f", {self.field}"
        text = f"{where}: {self.problem}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def located(self, file: str | Path) -> IngestError:
        """Return this error with ``file`` filled in (readers raise before they know the path)."""
        if self.file is None:
            self.file = str(file)
            self.message = self._compose()
            self.args = (self.message,)
        return self


class EmptyFileError(IngestError):
    """The file is empty or holds only whitespace."""

    code = "AL201"


class BinaryFileError(IngestError):
    """The file holds binary data, not a transcript."""

    code = "AL202"


class UnknownFormatError(IngestError):
    """No ``--format`` was given and the content and suffix match no registered reader."""

    code = "AL203"


class EncodingError(IngestError):
    """The text is in no supported encoding."""

    code = "AL204"


class ParseError(IngestError):
    """A line, cue, row or field cannot be parsed."""

    code = "AL205"


class MissingColumnsError(IngestError):
    """A CSV file lacks required columns."""

    code = "AL206"


class SpeakerError(IngestError):
    """Speakers or roles cannot be established (e.g. only one speaker)."""

    code = "AL207"


class TimestampOrderError(IngestError):
    """A timestamp is earlier than the one before it."""

    code = "AL208"


class MeasureError(AllianceLensError):
    """A measure definition, item response or administration that cannot be used.

    ``file``, ``line`` (1-based) and ``field`` say where, when known; ``hint`` says what to do.
    Messages name items by number and short label and rows by line, never by client identifier.
    """

    code = "AL500"

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = [part for part in (self.file, self._line(), self.field) if part]
        text = f"{', '.join(where)}: {self.problem}" if where else self.problem
        if self.hint:
            text += f" ({self.hint})"
        return text

    def _line(self) -> str | None:
        return f"line {self.line}" if self.line is not None else None


class UnknownMeasureError(MeasureError):
    """No loaded definition has this measure name or alias."""

    code = "AL501"


class ItemCountError(MeasureError):
    """More or fewer item responses were given than the measure has items."""

    code = "AL502"


class ItemRangeError(MeasureError):
    """An item response is outside the allowed range or step, or is not a number."""

    code = "AL503"


class MissingItemsError(MeasureError):
    """Items are missing and the measure's manual gives no prorating rule (or too many are missing)."""

    code = "AL504"


class DefinitionError(MeasureError):
    """A measure definition or wording file is invalid; ``file`` and ``field`` say where."""

    code = "AL505"


class LicenceError(MeasureError):
    """Item wording or electronic administration is needed but no imported licence covers it."""

    code = "AL506"


class ImportRowError(MeasureError):
    """A row (CSV line or FHIR entry) of an administrations file cannot be used."""

    code = "AL507"


class EstimationError(MeasureError):
    """There are too few administrations to estimate expected-response parameters."""

    code = "AL508"
