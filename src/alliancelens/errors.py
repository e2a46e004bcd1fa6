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
    └── PipelineError                 an analyser pipeline that cannot be built (requires not met)

User-facing messages say what went wrong, where (file, line, field, utterance index) and what to
do. They never contain transcript text or client identifiers: utterances are referred to by index.
The CLI maps ``UsageError`` and ``IngestError`` to exit code 2 in one place (``cli/_errors.py``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AllianceLensError",
    "BinaryFileError",
    "EmptyFileError",
    "EncodingError",
    "IngestError",
    "MissingColumnsError",
    "ParseError",
    "PipelineError",
    "SpeakerError",
    "TimestampOrderError",
    "UnknownFormatError",
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
