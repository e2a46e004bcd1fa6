"""Importing a transcript from the client page: analysed end to end, refusals store nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from alliancelens import services
from alliancelens.errors import JobError
from alliancelens.jobs import Writer, run_job
from alliancelens.records import transcripts as records_transcripts
from alliancelens.records.analysis import ANALYSE
from alliancelens.storage import ConsentKind, Database, JobRecord
from alliancelens.web.routers import imports

from .web_helpers import World, actor_of, csrf_of, sign_in

#: Distinctive synthetic text: tests look for it in logs and error pages.
UPLOAD_LINE = "the marmalade ferry timetable I keep rewriting at night"
UPLOAD = (
    "Therapist: Welcome back. Where would you like to start today?\n"
    f"Client: With {UPLOAD_LINE}.\n"
    "Therapist: It sounds like that has been weighing on you. What happens when you rewrite it?\n"
    "Client: I feel calmer for a moment, then worse. I want to change that.\n"
    "Therapist: So part of you wants a different way. Shall we work on that together?\n"
    "Client: Yes, I would like that.\n"
).encode()
_UPLOADS = itertools.count(1)


def _fresh() -> bytes:
    """UPLOAD with a closing line of its own: the shared store warns about re-imported files."""
    return UPLOAD + f"Therapist: See you next week (upload {next(_UPLOADS)}).\n".encode()


#: A file name holding a (synthetic) client name: it must reach no log line.
FILE_NAME = "Zebulon-Farquharson session 4.txt"
DEMO = resources.files("alliancelens.demo") / "sessions"


def _count(world: World, client_id: int) -> int:
    return len(
        services.list_sessions(world.database, actor_of(world, "ther-a"), client_id=client_id)
    )


def _post(
    client: TestClient,
    client_id: int,
    name: str,
    data: bytes,
    *,
    token: str | None = None,
    label: str = "",
    date: str = "",
    again: bool = False,
) -> tuple[int, str, str]:
    """POST an upload with the session's CSRF token (unless ``token`` is given)."""
    if token is None:
        token = csrf_of(client.get("/").text)
    fields = {"csrf_token": token, "therapist_label": label, "session_date": date}
    if again:
        fields["allow_duplicate"] = "1"
    response = client.post(
        f"/clients/{client_id}/import", data=fields, files={"transcript": (name, data)}
    )
    return response.status_code, response.headers.get("location", ""), response.text


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files of the test go to an empty folder the test can inspect."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_client_page_offers_the_upload_form(client: TestClient, world: World) -> None:
    """The therapist's client page has a multipart 'Add a session' form with a CSRF token."""
    sign_in(client, "ther-a")
    page = client.get(f"/clients/{world.client_a}").text
    form = page[page.index("Add a session") :]
    assert 'enctype="multipart/form-data"' in form and 'name="csrf_token"' in form
    assert f'action="/clients/{world.client_a}/import"' in form


def test_upload_imports_analyses_and_opens_the_session(
    client: TestClient, world: World, private_tmp: Path
) -> None:
    """A good upload lands on the new session page with risk panel and alliance estimate."""
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    status, location, _ = _post(client, world.client_a, FILE_NAME, _fresh(), label="Therapist")
    assert status == 303 and location.startswith("/sessions/")
    page = client.get(location).text
    panel = page[page.index('id="risk"') : page.index('id="alliance"')]
    assert "for clinician review" in panel and "NOT ANALYSED" not in panel
    assert "Alliance estimate" in page and UPLOAD_LINE in page
    assert _count(world, world.client_a) == before + 1
    assert list(private_tmp.iterdir()) == []  # the temporary copy is gone


@pytest.mark.parametrize(
    "demo", ["alex-02.vtt", "riley-07.srt", "alex-03.json", "jordan-casey-couple.docx"]
)
def test_every_reader_format_can_be_uploaded(client: TestClient, world: World, demo: str) -> None:
    """The shipped demo transcripts (vtt, srt, json, docx) import and come out analysed."""
    sign_in(client, "ther-a")
    status, location, _ = _post(client, world.client_a, demo, (DEMO / demo).read_bytes())
    assert status == 303
    target = location if location.startswith("/sessions/") else None
    assert target is not None, location
    assert "NOT ANALYSED" not in client.get(target).text


def test_upload_without_csrf_token_is_refused(client: TestClient, world: World) -> None:
    """A POST without the session's CSRF token is a 403 and stores nothing."""
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    status, _, page = _post(client, world.client_a, FILE_NAME, _fresh(), token="")
    assert status == 403 and "Form refused" in page
    assert _count(world, world.client_a) == before


@pytest.mark.parametrize(
    ("granted", "missing"),
    [
        ((), "recording and analysis consents are"),
        ((ConsentKind.RECORDING,), "analysis consent is"),
        ((ConsentKind.ANALYSIS,), "recording consent is"),
    ],
)
def test_missing_consent_is_409_and_stores_nothing(
    client: TestClient, world: World, granted: tuple[ConsentKind, ...], missing: str
) -> None:
    """The 409 page names every missing consent and the Consents box; nothing is stored."""
    therapist = actor_of(world, "ther-a")
    new = services.create_client(world.database, therapist, name="Synthetic Person")
    for kind in granted:
        services.grant_consent(world.database, therapist, client_id=new.id, kind=kind)
    sign_in(client, "ther-a")
    status, _, page = _post(client, new.id, FILE_NAME, _fresh())
    assert status == 409 and f"{missing} not in force" in page and "nothing was stored" in page
    assert "Consents box on the client page" in page
    assert "alliancelens" not in page.split('<main id="main"')[1]
    assert _count(world, new.id) == 0
    assert UPLOAD_LINE not in page


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (("notes.docx", b"PK\x03\x04 this is not really a word file"), "not a Word"),
        (("scan.pdf", b"%PDF-1.4\x00\x01\x02\x03\xff\xfe binary"), "binary data"),
        (("empty.txt", b"   \n"), "empty"),
    ],
)
def test_unreadable_file_is_400_naming_it_and_stores_nothing(
    client: TestClient, world: World, private_tmp: Path, upload: tuple[str, bytes], expected: str
) -> None:
    """A corrupt, unsupported or empty file gets a 400 page naming file and problem; no store."""
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    status, _, page = _post(client, world.client_a, *upload)
    assert status == 400 and f"{upload[0]}: " in page and expected in page
    assert "Nothing was stored" in page
    assert "alliancelens-upload-" not in page  # our temporary path is never shown
    assert _count(world, world.client_a) == before
    assert list(private_tmp.iterdir()) == []


def test_unknown_speaker_label_is_400_without_transcript_text(
    client: TestClient, world: World
) -> None:
    """A therapist label no speaker matches is a 400 page that echoes no transcript line."""
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    status, _, page = _post(client, world.client_a, FILE_NAME, _fresh(), label="Dr Nobody")
    assert status == 400 and "matches no speaker in" in page
    assert UPLOAD_LINE not in page and "--therapist" not in page
    assert _count(world, world.client_a) == before


def test_no_file_chosen_is_400(client: TestClient, world: World) -> None:
    """Sending the form without choosing a file shows the upload form again asking for one."""
    sign_in(client, "ther-a")
    status, _, page = _post(client, world.client_a, "", b"")
    assert status == 400 and "Transcript file: no file was chosen" in page
    assert f'action="/clients/{world.client_a}/import"' in page


def test_announced_oversize_upload_is_413(client: TestClient, world: World) -> None:
    """A body larger than the limit is refused with 413 before it is read; nothing stored."""
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    big = b"Therapist: hello\n" * (imports.MAX_UPLOAD_BYTES // 17 + 5000)
    status, _, page = _post(client, world.client_a, FILE_NAME, big)
    assert status == 413 and "larger than 5 MB" in page
    assert _count(world, world.client_a) == before


def test_oversize_file_within_the_envelope_is_413(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the limit is refused while it is read even when the body length passes."""
    monkeypatch.setattr(imports, "MAX_UPLOAD_BYTES", 100)
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    status, _, _ = _post(client, world.client_a, FILE_NAME, _fresh())
    assert status == 413
    assert _count(world, world.client_a) == before


@pytest.mark.parametrize(
    ("user", "expected"), [("ther-b", 403), ("sup-a", 403), ("sup-none", 403), ("admin-web", 303)]
)
def test_only_the_clients_therapist_or_admin_may_import(
    client: TestClient, world: World, user: str, expected: int
) -> None:
    """Another therapist and supervisors are refused; the administrator may import."""
    sign_in(client, user)
    before = _count(world, world.client_a)
    status, _, _ = _post(client, world.client_a, FILE_NAME, _fresh())
    assert status == expected
    assert _count(world, world.client_a) == before + (1 if expected == 303 else 0)


@pytest.mark.parametrize("body", [{}, {"therapist_label": "x" * 500}, {"session_date": "soon"}])
@pytest.mark.parametrize("user", ["ther-b", "sup-a"])
def test_refused_before_the_form_is_checked(
    client: TestClient, world: World, user: str, body: dict[str, str]
) -> None:
    """A user who may not import for the client gets 403 whatever was sent (no file, a bad
    field), never a 400 that tells them how to fix the form."""
    sign_in(client, user)
    token = csrf_of(client.get("/").text)
    response = client.post(f"/clients/{world.client_a}/import", data={"csrf_token": token, **body})
    assert response.status_code == 403


def test_anonymous_upload_goes_to_sign_in(client: TestClient, world: World) -> None:
    """Without a sign-in the POST redirects to the sign-in page and stores nothing."""
    before = _count(world, world.client_a)
    token = csrf_of(client.get("/login").text)
    status, location, _ = _post(client, world.client_a, FILE_NAME, _fresh(), token=token)
    assert status == 303 and location.startswith("/login")
    assert _count(world, world.client_a) == before


def test_logs_hold_no_transcript_text_or_file_name(
    client: TestClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Successful and refused uploads log neither the transcript text nor the file's name."""
    caplog.set_level(logging.DEBUG)
    sign_in(client, "ther-a")
    _post(client, world.client_a, FILE_NAME, _fresh())
    _post(client, world.client_a, FILE_NAME, _fresh(), label="Dr Nobody")
    _post(client, world.client_a, "Zebulon-Farquharson.docx", b"PK\x03\x04 broken")
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "nothing was logged at all: the check would be empty"
    for secret in (UPLOAD_LINE, "Zebulon", "Farquharson"):
        assert secret not in logged


class _Hold:
    """A job backend that leaves jobs queued, as Redis does until a worker runs them."""

    name = "hold"

    def submit(self, job_id: int) -> None:
        """Keep the job queued."""
        del job_id


@pytest.fixture
def redis_style(monkeypatch: pytest.MonkeyPatch) -> None:
    """Imports queue their analysis job without running it (the Redis case before a worker)."""
    monkeypatch.setattr(records_transcripts, "backend_for", lambda _database: _Hold())


def _date_of(world: World, session_id: int) -> dt.date | None:
    therapist = actor_of(world, "ther-a")
    return services.view_session(world.database, therapist, session_id=session_id).session.date


def _failing(database: Database, job: JobRecord) -> Writer:
    """A job handler that fails permanently (with a message holding no transcript text)."""
    raise JobError("synthetic analyser breakdown for the test")


def test_upload_stores_the_session_date(client: TestClient, world: World) -> None:
    """A session date typed in the form is stored and shown on the session page."""
    sign_in(client, "ther-a")
    status, location, _ = _post(client, world.client_a, FILE_NAME, _fresh(), date="2026-03-14")
    assert status == 303
    session_id = int(location.rsplit("/", 1)[1])
    assert _date_of(world, session_id) == dt.date(2026, 3, 14)
    assert "2026-03-14" in client.get(location).text


def test_upload_without_a_date_shows_no_session_date(client: TestClient, world: World) -> None:
    """An undated upload stores no date and the page says so instead of inventing one."""
    sign_in(client, "ther-a")
    _, location, _ = _post(client, world.client_a, FILE_NAME, _fresh())
    assert _date_of(world, int(location.rsplit("/", 1)[1])) is None
    assert "no session date" in client.get(location).text


@pytest.mark.parametrize(
    ("date", "expected"),
    [("14/03/2026", "is not a date; use YYYY-MM-DD"), ("2999-01-01", "is in the future")],
)
def test_bad_session_date_shows_the_form_again_and_stores_nothing(
    client: TestClient, world: World, date: str, expected: str
) -> None:
    """A malformed or future date is a 400 form page naming the field; nothing is stored."""
    sign_in(client, "ther-a")
    before = _count(world, world.client_a)
    status, _, page = _post(client, world.client_a, FILE_NAME, _fresh(), date=date)
    assert status == 400 and "Session date: " in page and expected in page
    assert 'name="session_date"' in page and 'name="transcript"' in page
    assert UPLOAD_LINE not in page
    assert _count(world, world.client_a) == before


@pytest.mark.usefixtures("redis_style")
def test_queued_job_is_shown_next_to_not_analysed(client: TestClient, world: World) -> None:
    """With the queue not yet worked the page shows NOT ANALYSED and 'Analysis queued (job N)'."""
    sign_in(client, "ther-a")
    _, location, _ = _post(client, world.client_a, FILE_NAME, _fresh())
    session_id = int(location.rsplit("/", 1)[1])
    status = services.analysis_status(world.database, services.local_admin(), session_id=session_id)
    assert status is not None
    page = client.get(location).text
    assert "NOT ANALYSED" in page
    status_line = page[page.index('id="job-status"') : page.index('id="risk"')]
    assert f"Analysis queued (job {status.job_id})" in status_line
    assert "alliancelens" not in status_line  # the web says what happens, not a CLI command


@pytest.mark.usefixtures("redis_style")
def test_failed_job_is_shown_with_its_reason(client: TestClient, world: World) -> None:
    """A failed analysis job shows 'Analysis failed' with its short reason and how to re-run."""
    sign_in(client, "ther-a")
    _, location, _ = _post(client, world.client_a, FILE_NAME, _fresh())
    session_id = int(location.rsplit("/", 1)[1])
    admin = services.local_admin()
    status = services.analysis_status(world.database, admin, session_id=session_id)
    assert status is not None
    run_job(world.database, status.job_id, {ANALYSE: _failing})
    page = client.get(location).text
    assert "NOT ANALYSED" in page and f"Analysis failed (job {status.job_id}" in page
    assert "synthetic analyser breakdown for the test" in page
    assert f'action="/sessions/{session_id}/analyse"' in page  # try again on the page
    sign_in(client, "ther-b")
    assert client.get(location).status_code == 403


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.ini.txt", "win.ini.txt"),
        ("a\x00b.txt", "a_b.txt"),
        ("..", "upload"),
        ("/", "upload"),
        ("session 4.docx", "session 4.docx"),
    ],
)
def test_safe_name_strips_paths_and_odd_characters(sent: str, stored: str) -> None:
    """Path parts, NUL bytes and dot-only names never reach the temporary file's name."""
    assert imports._safe_name(sent) == stored


@pytest.mark.parametrize("char", ["a", "é", "漢", "𝔘"])
def test_safe_name_fits_the_file_system_and_keeps_the_suffix(char: str) -> None:
    """A very long name is cut to 120 UTF-8 bytes (file systems allow 255), suffix kept."""
    name = imports._safe_name(char * 300 + ".docx")
    assert len(name.encode()) <= 120 and name.endswith(".docx")


def test_very_long_non_latin_file_name_imports(client: TestClient, world: World) -> None:
    """An upload named with 200 CJK characters imports (no 500 from a too-long file name)."""
    sign_in(client, "ther-a")
    status, location, _ = _post(client, world.client_a, "漢" * 200 + ".txt", _fresh())
    assert status == 303 and location.startswith("/sessions/")


def test_anonymous_upload_body_is_never_parsed(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a sign-in the upload is refused before its multipart body is read."""
    token = csrf_of(client.get("/login").text)
    parsed: list[str] = []
    original = Request.form

    def spy(self: Request, **kwargs: Any) -> Any:
        parsed.append(self.url.path)
        return original(self, **kwargs)

    monkeypatch.setattr(Request, "form", spy)
    status, location, _ = _post(client, world.client_a, FILE_NAME, _fresh(), token=token)
    assert status == 303 and location.startswith("/login")
    assert not [p for p in parsed if p.endswith("/import")]


def test_unknown_speaker_label_shows_the_form_with_the_label_field_marked(
    client: TestClient, world: World
) -> None:
    """The mistyped label's 400 page shows the upload form again, the label field invalid."""
    sign_in(client, "ther-a")
    status, _, page = _post(client, world.client_a, FILE_NAME, _fresh(), label="Dr Nobody")
    assert status == 400 and "Check the speaker label" in page
    assert "export it again" not in page  # not a file problem
    assert '<a href="#therapist_label">' in page
    assert 'id="therapist_label" name="therapist_label" aria-invalid="true"' in page
    assert page.lower().count("nothing was stored") == 1  # the summary heading says it once


def test_reimporting_the_same_file_is_refused_with_the_cli_message(
    client: TestClient, world: World
) -> None:
    """A second upload of the same bytes is refused (409), names the first, and stores nothing."""
    sign_in(client, "ther-a")
    data = _fresh()
    status, location, _ = _post(client, world.client_a, FILE_NAME, data)
    assert status == 303
    first = int(location.rsplit("/", 1)[1])
    before = _count(world, world.client_a)
    status, _, page = _post(client, world.client_a, "renamed.txt", data)
    assert status == 409 and _count(world, world.client_a) == before
    assert f"already imported for client {world.client_a} as session {first};" in page
    assert "nothing was stored" in page and "Import it again" in page
    assert 'name="allow_duplicate"' in page and UPLOAD_LINE not in page


def test_import_it_again_box_stores_the_same_file_with_a_notice(
    client: TestClient, world: World
) -> None:
    """With 'Import it again' ticked the same bytes are stored, and a notice names the first."""
    sign_in(client, "ther-a")
    data = _fresh()
    status, location, _ = _post(client, world.client_a, FILE_NAME, data)
    first = int(location.rsplit("/", 1)[1])
    before = _count(world, world.client_a)
    status, _, page = _post(client, world.client_a, "renamed.txt", data, again=True)
    assert status == 200 and _count(world, world.client_a) == before + 1
    notice = page[page.index('class="notice"') :]
    assert f'already imported for client #{world.client_a} as\n<a href="/sessions/{first}"' in (
        notice
    )
    assert f'<a href="/sessions/{first + 1}">session {first + 1}</a>' in page


def test_upload_for_a_client_deleted_during_its_analysis_says_so(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client erased while its upload is analysed: a 404 page saying so, no session link."""
    owner = actor_of(world, "ther-a")
    doomed = services.create_client(world.database, owner, name="Ottoline Brisk").id
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, owner, client_id=doomed, kind=kind)
    real_backend_for = records_transcripts.backend_for

    class ErasesFirst:
        """The administrator deletes the client just before the in-process job runs."""

        name = "in-process"

        def __init__(self, database: Database) -> None:
            self.database, self.inner = database, real_backend_for(database)

        def submit(self, job_id: int) -> None:
            services.delete_client(self.database, services.local_admin(), client_id=doomed)
            self.inner.submit(job_id)

    monkeypatch.setattr(records_transcripts, "backend_for", ErasesFirst)
    sign_in(client, "ther-a")
    status, location, text = _post(client, doomed, "late.txt", _fresh())
    assert (status, location) == (404, "")
    assert f"Client #{doomed} was deleted while this import ran" in text
    assert "/sessions/" not in text
