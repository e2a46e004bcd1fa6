"""Write de-identified sessions back in the format they were read from (``deidentify`` command).

The transcript is parsed first (as ``import --deidentify`` does), so only utterance text, notes
and speaker labels are replaced: WebVTT voice tags, JSON keys and schema values, header dates and
times keep their structure, and the output reads back with the same reader. A speaker label that
was a name becomes a role word plus its placeholder without brackets (``Therapist NAME-1``,
``Client NAME-2``, ``Observer NAME-3``), which every reader accepts as a speaker label and which
keeps the speaker's role on re-reading; role labels such as ``Client 2`` stay as they are.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.errors import UsageError

__all__ = ["WRITABLE_FORMATS", "pseudonymise_labels", "write_sessions"]

#: Formats ``write_sessions`` writes (every format AllianceLens reads).
WRITABLE_FORMATS = ("text", "vtt", "srt", "json", "csv", "docx")
_PLACEHOLDER = re.compile(r"\[([A-Z]+-\d+|[A-Z]+)\]")
_ROLE_WORD = {Role.THERAPIST: "Therapist", Role.CLIENT: "Client", Role.OTHER: "Observer"}
_SCHEMA_TAG = "alliancelens.transcript/1"


def pseudonymise_labels(sessions: Sequence[Session]) -> tuple[Session, ...]:
    """Sessions whose placeholder labels (``[NAME-1]``) become ``Therapist NAME-1`` and so on."""

    def label(speaker: Speaker) -> str:
        if not _PLACEHOLDER.search(speaker.label):
            return speaker.label
        bare = " ".join(_PLACEHOLDER.sub(r"\1", speaker.label).split())
        return f"{_ROLE_WORD[speaker.role]} {bare}"

    result: list[Session] = []
    for session in sessions:
        labels = {s.label: label(s) for s in session.speakers}
        result.append(
            dataclasses.replace(
                session,
                speakers=tuple(Speaker(labels[s.label], s.role) for s in session.speakers),
                utterances=tuple(
                    dataclasses.replace(u, speaker=labels.get(u.speaker, u.speaker))
                    for u in session.utterances
                ),
            )
        )
    return tuple(result)


def write_sessions(sessions: Sequence[Session], format: str) -> str | bytes:
    """``sessions`` written as ``format`` (bytes for DOCX, text otherwise)."""
    if format == "json":
        return _json(sessions)
    if format == "csv":
        return _csv(sessions)
    if len(sessions) != 1:
        raise UsageError(f"a {format} file holds one session, not {len(sessions)}")
    session = sessions[0]
    if format == "vtt":
        return _cues(session, vtt=True)
    if format == "srt":
        return _cues(session, vtt=False)
    if format == "docx":
        return _docx(_text(session).splitlines())
    if format == "text":
        return _text(session)
    raise UsageError(f"cannot write the {format} format; formats: {', '.join(WRITABLE_FORMATS)}")


def _clock(seconds: float, *, separator: str = ".", hours: bool = True) -> str:
    millis = round(seconds * 1000)
    h, rest = divmod(millis, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    if not hours:
        return f"{h:02d}:{m:02d}:{s:02d}"
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def _header(session: Session) -> list[str]:
    lines = [f"# id: {session.id}"]
    if session.date is not None:
        lines.append(f"# date: {session.date.isoformat()}")
    if session.modality:
        lines.append(f"# modality: {session.modality}")
    if session.notes:
        lines.append(f"# notes: {' '.join(session.notes.split())}")
    return lines


def _text(session: Session) -> str:
    lines = _header(session)
    for u in session.utterances:
        stamp = f"[{_clock(u.start)}] " if u.start is not None else ""
        lines.append(f"{stamp}{u.speaker}: {u.text}")
    return "\n".join(lines) + "\n"


def _times(u: Utterance) -> tuple[float, float]:
    start = u.start or 0.0
    return start, u.end if u.end is not None else start


def _cues(session: Session, *, vtt: bool) -> str:
    blocks = ["WEBVTT"] if vtt else []
    for number, u in enumerate(session.utterances, start=1):
        start, end = _times(u)
        sep = "." if vtt else ","
        timing = f"{_clock(start, separator=sep)} --> {_clock(end, separator=sep)}"
        body = f"<v {u.speaker}>{_escape(u.text)}" if vtt else f"{u.speaker}: {_escape(u.text)}"
        blocks.append(f"{number}\n{timing}\n{body}")
    return "\n\n".join(blocks) + "\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _session_json(session: Session) -> dict[str, Any]:
    out: dict[str, Any] = {"id": session.id}
    if session.date is not None:
        out["date"] = session.date.isoformat()
    if session.modality:
        out["modality"] = session.modality
    if session.notes:
        out["notes"] = session.notes
    out["speakers"] = [{"label": s.label, "role": s.role.value} for s in session.speakers]
    utterances: list[dict[str, Any]] = []
    for u in session.utterances:
        item: dict[str, Any] = {"speaker": u.speaker, "text": u.text}
        if u.start is not None:
            item["start"] = u.start
        if u.end is not None:
            item["end"] = u.end
        utterances.append(item)
    out["utterances"] = utterances
    return out


def _json(sessions: Sequence[Session]) -> str:
    document: dict[str, Any] = {"schema": _SCHEMA_TAG}
    if len(sessions) == 1:
        document |= _session_json(sessions[0])
    else:
        document["sessions"] = [_session_json(s) for s in sessions]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _csv(sessions: Sequence[Session]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["transcript_id", "utterance_id", "interlocutor", "timestamp", "utterance_text"]
    )
    for session in sessions:
        for u in session.utterances:
            stamp = _clock(u.start, hours=False) if u.start is not None else ""
            writer.writerow([session.id, u.index, u.role.value, stamp, u.text])
    return buffer.getvalue()


def _docx(lines: list[str]) -> bytes:
    import docx  # noqa: PLC0415 - python-docx is only needed for Word output

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
