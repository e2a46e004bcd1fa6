"""Import a transcript from a client's page (``POST /clients/{id}/import``) and analyse it.

The upload (at most :data:`MAX_UPLOAD_BYTES`) is written to a private temporary folder (mode
0700) under its own base name, so the readers detect the format by content and suffix as they
do for ``alliancelens import``, and the folder is always removed afterwards. The import goes
through :func:`services.import_transcript` (policy, recording consent, audit, one transaction),
which also queues the analysis job: with the default in-process job backend the analysis runs
before the response, so the therapist lands on the analysed session; with Redis configured the
job waits for ``alliancelens jobs work`` and the session page shows NOT ANALYSED, with the
job's state, until then. An optional session date (YYYY-MM-DD, not in the future) is stored for
the file's sessions; a bad one shows the form again naming the field, and nothing is stored.
A file whose bytes were imported for the client before is refused (409, nothing stored) with
the message the CLI gives, naming the earlier session(s) and the form's "Import it again" box
(QA29 item 8); with the box ticked it is stored again, and a page with a notice naming the
earlier session(s) links to the new one(s) instead of the redirect.

Recording and analysis consent are checked *before* anything is stored: the web import always
analyses, so a client without either gets a 409 page naming every missing one and where on the
page to record it (``alliancelens import --no-analyse`` stores a transcript without analysing
it). Nothing here logs the file's name
or its content.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from pathlib import Path
from typing import Final

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from alliancelens import services
from alliancelens.errors import (
    ConsentError,
    DuplicateImportError,
    IngestError,
    QueueUnavailableError,
    SpeakerError,
    UsageError,
)
from alliancelens.records import ImportReport
from alliancelens.security.policy import Actor
from alliancelens.storage import ConsentKind, Database
from alliancelens.web._forms import parse_day, today
from alliancelens.web._messages import FORMATS, consent_message, web_message
from alliancelens.web._render import page
from alliancelens.web._security import redact_path
from alliancelens.web.deps import ActorDep, Csrf, DatabaseDep, current_actor

__all__ = ["ENVELOPE_BYTES", "MAX_UPLOAD_BYTES", "router", "too_large_message"]

router = APIRouter(tags=["imports"])
log = logging.getLogger("alliancelens.web")

#: Largest transcript file accepted (5 MiB: a long session's .docx is well under 1 MiB).
MAX_UPLOAD_BYTES: Final = 5 * 1024 * 1024
#: Room for the multipart envelope and the other fields when checking ``Content-Length``.
ENVELOPE_BYTES: Final = 64 * 1024
_CHUNK: Final = 64 * 1024
_MAX_LABEL: Final = 100
#: Longest stored/temporary file name in UTF-8 bytes (file systems allow 255 bytes).
_MAX_NAME_BYTES: Final = 120
#: Longest suffix kept as the file's format hint (``.docx``); longer ones are part of the stem.
_MAX_SUFFIX: Final = 8
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")
#: How the upload form stores a file imported for the client before (the check box's label).
_DUPLICATE_ADVICE: Final = "tick 'Import it again' on the upload form to store it again"
#: Consents the web import needs (it always analyses), in the order they are reported.
_NEEDED: Final = (ConsentKind.RECORDING, ConsentKind.ANALYSIS)


def too_large_message() -> str:
    """What the 413 page says about an upload over the limit."""
    megabytes = MAX_UPLOAD_BYTES // (1024 * 1024)
    return (
        f"The file is larger than {megabytes} MB, so it was not imported and nothing was stored. "
        "A transcript is normally far smaller: check that you chose the transcript (not the "
        "recording), or split it, and upload it again from the client's page."
    )


def _too_large() -> HTTPException:
    """The 413 refusal (the app's error page shows its detail)."""
    return HTTPException(413, too_large_message())


def _limit_size(request: Request) -> None:
    """Refuse a body announced larger than the limit before it is parsed (413)."""
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > MAX_UPLOAD_BYTES + ENVELOPE_BYTES:
        raise _too_large()


def _may_import(client_id: int, database: DatabaseDep, actor: ActorDep) -> None:
    """403 (audited) for a user who may not import for this client, whatever the body holds."""
    services.authorise_import(database, actor, client_id=client_id)


# Sign-in and the access policy are checked before the CSRF check parses (and spools) the
# upload: the body of an anonymous visitor, or of a user refused this client, is never read.
@router.post(
    "/clients/{client_id}/import",
    dependencies=[Depends(_limit_size), Depends(current_actor), Depends(_may_import), Csrf],
)
async def import_session(
    request: Request, client_id: int, database: DatabaseDep, actor: ActorDep
) -> Response:
    """Store an uploaded transcript for the client, analyse it, and open the new session."""
    form = await request.form()  # already parsed (and cached) by the CSRF check
    upload, label = form.get("transcript"), form.get("therapist_label")
    if not isinstance(upload, UploadFile) or not upload.filename:
        no_file = f"Transcript file: no file was chosen; choose a {FORMATS} file and send it."
        context = {"client": {"id": client_id}, "message": no_file, "title": "Choose a file"}
        return page(request, "import_retry.html", context, actor=actor, status_code=400)
    therapist = label.strip() if isinstance(label, str) else ""
    if len(therapist) > _MAX_LABEL:
        raise UsageError(f"the therapist's speaker label is longer than {_MAX_LABEL} characters")
    _require_consents(database, actor, client_id)
    typed = form.get("session_date")
    typed_date = typed.strip() if isinstance(typed, str) else ""
    session_date, problem = _session_date(typed_date)
    if problem is not None:
        await upload.close()
        context = {
            "client": {"id": client_id},
            "message": problem,
            "import_date": typed_date,
            "import_label": therapist,
        }
        return page(request, "import_retry.html", context, actor=actor, status_code=400)
    try:
        data = await _read_limited(upload)
    finally:
        await upload.close()
    name = _safe_name(upload.filename)
    try:
        report = _import(
            database,
            actor,
            client_id=client_id,
            name=name,
            data=data,
            therapist=therapist,
            session_date=session_date,
            allow_duplicate=form.get("allow_duplicate") in ("1", "on", "yes"),
        )
    except DuplicateImportError as exc:
        log.info("refused %s %s: %s (409)", request.method, redact_path(request.url.path), exc.code)
        context = {
            "client": {"id": client_id},
            "message": f"Transcript file: {exc.message[0].upper()}{exc.message[1:]}.",
            "title": "Already imported",
            "import_date": typed_date,
            "import_label": therapist,
        }
        return page(request, "import_retry.html", context, actor=actor, status_code=409)
    except SpeakerError as exc:
        log.info("refused %s %s: %s (400)", request.method, redact_path(request.url.path), exc.code)
        problem = (
            f"Therapist's speaker label: it matches no speaker in {name}; type it exactly as "
            "the transcript writes it (case does not matter), or leave it empty, then choose "
            "the file again."
        )
        context = {
            "client": {"id": client_id},
            "message": problem,
            "title": "Check the speaker label",
            "import_date": typed_date,
            "import_label": therapist,
        }
        return page(request, "import_retry.html", context, actor=actor, status_code=400)
    except IngestError as exc:
        kept = {"import_date": typed_date, "import_label": therapist}
        return _unreadable(request, actor, client_id, exc, kept)
    return _imported(request, actor, client_id, report)


def _imported(request: Request, actor: Actor, client_id: int, report: ImportReport) -> Response:
    """Open the new session (or the client's page for several); a notice page for a re-import."""
    if report.client_deleted:
        message = (
            f"Client #{client_id} was deleted while this import ran; the imported session was "
            "deleted with the rest of the record."
        )
        context = {"title": "Client deleted", "message": message, "status": 404}
        return page(request, "error.html", context, actor=actor, status_code=404)
    if report.duplicate_of:
        context = {"client_id": client_id, "report": report}
        return page(request, "import_duplicate.html", context, actor=actor)
    flag = ""
    if report.unsubmitted:  # stored, but Redis did not take the job (QA41 #4): say so
        log.warning(
            "analysis queue unavailable %s %s: %s; job(s) %s wait in the database for "
            "`alliancelens jobs work`",
            request.method,
            redact_path(request.url.path),
            QueueUnavailableError.code,
            ", ".join(str(job_id) for job_id in report.unsubmitted),
        )
        flag = f"?{QUEUE_FLAG}"
    if len(report.session_ids) == 1:
        return RedirectResponse(f"/sessions/{report.session_ids[0]}{flag}", status_code=303)
    return RedirectResponse(f"/clients/{client_id}{flag}", status_code=303)


#: Query flag on the page an import opens when its analysis job could not be queued: the
#: session page then says the queue is unavailable instead of "reload in a moment".
QUEUE_FLAG: Final = "queue=unavailable"


def _require_consents(database: Database, actor: Actor, client_id: int) -> None:
    """Raise :class:`ConsentError` naming every needed consent not in force today."""
    on = today()
    history = services.consent_history(database, actor, client_id=client_id)
    missing = [
        kind for kind in _NEEDED if not any(c.kind is kind and c.active_on(on) for c in history)
    ]
    if missing:
        purpose = "the uploaded session cannot be imported and analysed"
        raise ConsentError(consent_message(client_id, missing, purpose))


def _session_date(text: str) -> tuple[dt.date | None, str | None]:
    """The typed session date (``None`` when empty), or the message naming what is wrong."""
    if not text:
        return None, None
    date = parse_day(text)
    if date is None:
        return None, (
            f"Session date: {text[:20]!r} is not a date; use YYYY-MM-DD (for example "
            "2026-03-14) or leave the field empty, then choose the file again."
        )
    if date > today():
        return None, (
            f"Session date: {date.isoformat()} is in the future; give the day the session took "
            "place, then choose the file again."
        )
    return date, None


async def _read_limited(upload: UploadFile) -> bytes:
    """The upload's bytes; a 413 past the limit (a chunked body announces no length)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def _safe_name(filename: str) -> str:
    """The upload's base name without path parts or unusual characters, at most 120 bytes.

    The suffix (the format hint) is kept when the name is cut; a name that is nothing but dots
    and spaces (``..``) becomes ``upload``.
    """
    base = _UNSAFE_NAME.sub("_", Path(filename.replace("\\", "/")).name).strip(" .")
    suffix = Path(base).suffix if len(Path(base).suffix) <= _MAX_SUFFIX else ""
    stem = base[: len(base) - len(suffix)]
    room = _MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode("utf-8", "ignore").strip(" .")
    return stem + suffix if stem else "upload" + suffix


def _import(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    name: str,
    data: bytes,
    therapist: str,
    session_date: dt.date | None,
    allow_duplicate: bool = False,
) -> ImportReport:
    """Import ``data`` through a private temporary file that is always removed."""
    with tempfile.TemporaryDirectory(prefix="alliancelens-upload-") as folder:
        path = Path(folder) / name
        with path.open("xb") as handle:  # the folder is 0700: only this user can read it
            handle.write(data)
        try:
            return services.import_transcript(
                database,
                actor,
                client_id=client_id,
                path=path,
                therapists=[therapist] if therapist else [],
                session_date=session_date,
                allow_duplicate=allow_duplicate,
                duplicate_advice=_DUPLICATE_ADVICE,
            )
        except IngestError as exc:
            # Name the file as the user named it, not by our temporary path.
            exc.file, exc.message = name, exc.message.replace(str(path), name)
            raise


def _unreadable(
    request: Request, actor: Actor, client_id: int, exc: IngestError, typed: dict[str, str]
) -> Response:
    """The upload form again for a file the readers refuse, the problem tied to the file field.

    Names the file and line, never its text; the typed session date and speaker label are kept
    (QA40 #5: this was a dead-end page that lost them).
    """
    log.info("refused %s %s: %s (400)", request.method, redact_path(request.url.path), exc.code)
    problem = web_message(exc, 400).rstrip(".")
    message = (
        f"Transcript file: {problem}. Nothing was stored. Check the file (or export it again) "
        f"as a {FORMATS} transcript, then choose it again below."
    )
    context = {
        "client": {"id": client_id},
        "title": "Cannot read the file",
        "message": message,
        **typed,
    }
    return page(request, "import_retry.html", context, actor=actor, status_code=400)
