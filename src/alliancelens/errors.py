"""One exception tree for AllianceLens.

::

    AllianceLensError                 base; every error has a stable ``code``
    ├── UsageError                    a command-line/API argument the user can fix (exit 2)
    │   └── SettingsError             an ALLIANCELENS_* variable with an invalid value (named)
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
    ├── ModelFileError                a shipped model file is missing or inconsistent (reinstall)
    ├── BatchError                    one input of a batch run failed for another reason than above
    │   ├── InputFailedError          an unexpected error while one input was read or analysed
    │   └── WorkerLostError           the worker process (or Ray node) running an input died
    ├── MeasureError                  a measure definition or administration we cannot use (exit 2)
    │   ├── UnknownMeasureError       a measure name no loaded definition has
    │   ├── ItemCountError            more or fewer item responses than the measure has items
    │   ├── ItemRangeError            an item response outside its range or step; names the item
    │   ├── MissingItemsError         missing items the measure's manual does not allow prorating
    │   ├── DefinitionError           an invalid measure definition or wording file (file, field)
    │   ├── LicenceError              item wording or electronic use that no licence covers
    │   ├── ImportRowError            an unusable row of an administrations file (file, line)
    │   ├── EstimationError           too little data to estimate expected-response parameters
    │   ├── DuplicateFormError        the same measure for the same client, date and session twice
    │   └── UnknownPopulationError    a population no cut-off rule knows (names the allowed ones)
    └── StoreError                    record store refuses or cannot act (a UsageError: exit 2)
        ├── KeyFileError              key file missing, unreadable, too open, or the wrong key
        ├── DecryptionError           a stored value no known key decrypts (altered, or key lost)
        │   └── MissingKeyError       a stored value's key (named by id) is in no key source
        ├── SchemaError               database not initialised, or at another schema revision
        ├── NotFoundError             no record with that internal id or user name
        │   └── RecordIdError         an id no record can have (beyond the 64-bit id range)
        ├── AccessDeniedError         the acting user may not do that to that record
        ├── ConsentError              a required consent (named) is missing or was withdrawn
        ├── AuthenticationError       wrong user name or password, or a bad/expired/used link
        ├── AuditChainError           the audit log's hash chain is broken (tampering)
        ├── JobError                  a background job that cannot be queued or run
        │   └── QueueUnavailableError the job queue server (Redis) cannot be reached
        ├── DeidentificationError     de-identification cannot run (e.g. `deid` extra missing)
        ├── DuplicateImportError      the same file was imported for the same client before
        └── StoreUnavailableError     the database cannot be reached or opened (URL password masked)

User-facing messages say what went wrong, where (file, line, field, utterance index) and what to
do. They never contain transcript text or client identifiers: utterances are referred to by index.
The CLI maps ``UsageError`` and ``IngestError`` to exit code 2 in one place (``cli/_errors.py``).
``MeasureError`` messages never contain client identifiers either: a bad row is named by file, line
and field, never by the value of its client column.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AccessDeniedError",
    "AllianceLensError",
    "AuditChainError",
    "AuthenticationError",
    "BatchError",
    "BinaryFileError",
    "ConsentError",
    "DecryptionError",
    "DefinitionError",
    "DeidentificationError",
    "DuplicateFormError",
    "DuplicateImportError",
    "EmptyFileError",
    "EncodingError",
    "EstimationError",
    "ImportRowError",
    "IngestError",
    "InputFailedError",
    "ItemCountError",
    "ItemRangeError",
    "JobError",
    "KeyFileError",
    "LicenceError",
    "MeasureError",
    "MissingColumnsError",
    "MissingItemsError",
    "MissingKeyError",
    "ModelFileError",
    "NotFoundError",
    "ParseError",
    "PipelineError",
    "QueueUnavailableError",
    "RecordIdError",
    "SchemaError",
    "SettingsError",
    "SpeakerError",
    "StoreError",
    "StoreUnavailableError",
    "TimestampOrderError",
    "UnknownFormatError",
    "UnknownMeasureError",
    "UnknownPopulationError",
    "UsageError",
    "WorkerLostError",
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


class SettingsError(UsageError):
    """An ``ALLIANCELENS_*`` setting has an invalid value; the message names the variable."""

    code = "AL002"


class PipelineError(AllianceLensError):
    """An analyser pipeline cannot be built, e.g. an analyser's requirement is produced by none."""

    code = "AL100"


class ModelFileError(AllianceLensError):
    """A shipped model file is missing, unreadable or inconsistent (reinstall or retrain)."""

    code = "AL110"


class BatchError(AllianceLensError):
    """One input of a batch run failed for a reason other than an unreadable transcript.

    Batch runs record it in ``manifest.json`` (code and message, never transcript text) and go on.
    """

    code = "AL300"


class InputFailedError(BatchError):
    """An unexpected error (a bug) while one input was read or analysed; only its type is kept."""

    code = "AL301"


class WorkerLostError(BatchError):
    """The worker process or Ray node running an input died (e.g. out of memory)."""

    code = "AL302"


class _LocatedError(AllianceLensError):
    """An error that says where it happened and what to do.

    ``file``, ``line`` (1-based) and ``field`` when known, and a ``hint``. Shared by
    :class:`IngestError` and :class:`MeasureError`.
    """

    #: What to show as the place when no file is known (None: show no place).
    _default_where: str | None = None

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
        line = f"line {self.line}" if self.line is not None else None
        where = [part for part in (self.file or self._default_where, line, self.field) if part]
        text = f"{', '.join(where)}: {self.problem}" if where else self.problem
        if self.hint:
            text += f" ({self.hint})"
        return text


class IngestError(_LocatedError):
    """A transcript file cannot be read.

    ``file`` and ``line`` (1-based, when known) say where; ``field`` names a column, JSON path or
    cue when that is more precise; ``hint`` says what to do about it.
    """

    code = "AL200"
    _default_where = "<input>"

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


class MeasureError(_LocatedError):
    """A measure definition, item response or administration that cannot be used.

    ``file``, ``line`` (1-based) and ``field`` say where, when known; ``hint`` says what to do.
    Messages name items by number and short label and rows by line, never by client identifier.
    """

    code = "AL500"


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
    """Items are missing and the manual gives no prorating rule (or too many are missing)."""

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


class DuplicateFormError(MeasureError):
    """The same measure for the same client on the same date and session was given twice."""

    code = "AL509"


class UnknownPopulationError(MeasureError):
    """A population that is not one of the known ones (the message lists them)."""

    code = "AL510"


# --- secure record store (storage, security, jobs, de-identification) -----------------------------
# Subclasses of UsageError: every one names something the user can fix (a missing consent, a key
# file, a wrong id), so the CLI maps them to exit code 2. Messages use internal record ids only,
# never client names or identifiers.


class StoreError(UsageError):
    """The secure record store refuses an action or cannot be used; the message says what to do."""

    code = "AL600"


class KeyFileError(StoreError):
    """The encryption key is missing, unreadable, readable by others, or not the database's key."""

    code = "AL601"


class DecryptionError(StoreError):
    """A stored value cannot be decrypted: its key is unknown or the value was altered."""

    code = "AL602"


class SchemaError(StoreError):
    """The database is not initialised or its schema revision does not match this version."""

    code = "AL603"


class NotFoundError(StoreError):
    """No record has that internal id (or no user that name)."""

    code = "AL604"


class RecordIdError(NotFoundError):
    """An id no record can have (``99999999999999999999``: beyond the 64-bit integer ids)."""

    code = "AL614"


class AccessDeniedError(StoreError):
    """The acting user's role or relationship to the record does not allow the action."""

    code = "AL605"
    #: Ids-only facts of the refusal (actor label, action, resource, client id) for the audit
    #: log; set by the access policy, cleared once recorded.
    refusal: dict[str, str | int | None] | None = None


class ConsentError(StoreError):
    """A consent the action needs (named in the message) was never given or was withdrawn."""

    code = "AL606"


class AuthenticationError(StoreError):
    """Wrong user name or password, or a form link that is invalid, expired or already used."""

    code = "AL607"


class AuditChainError(StoreError):
    """The audit log's hash chain does not verify: an entry was changed, removed or reordered."""

    code = "AL608"


class JobError(StoreError):
    """A background job cannot be queued or run (e.g. the queue server is unreachable)."""

    code = "AL609"


class DeidentificationError(StoreError):
    """De-identification cannot run, e.g. the optional ``deid`` dependencies are not installed."""

    code = "AL610"


class MissingKeyError(DecryptionError):
    """A stored value is encrypted with a key (``key_id``) that no key source holds."""

    code = "AL613"

    def __init__(self, key_id: str) -> None:
        super().__init__(
            f"a stored value is encrypted with key {key_id}, which is not in the key file or "
            "ALLIANCELENS_KEY/ALLIANCELENS_PREVIOUS_KEYS; find a key file that holds it (see "
            '"Key rotation" in docs/security.md)'
        )
        self.key_id = key_id


class StoreUnavailableError(StoreError):
    """The database server cannot be reached, or the database does not exist or refuses us."""

    code = "AL611"


class QueueUnavailableError(JobError):
    """The job queue server (Redis) cannot be reached; the job stays queued in the database."""

    code = "AL612"


class DuplicateImportError(StoreError):
    """A file whose bytes were already imported for the same client (nothing was stored).

    ``earlier`` holds the client's session ids imported from the same bytes.
    """

    code = "AL615"

    def __init__(self, message: str, *, earlier: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.earlier = earlier
