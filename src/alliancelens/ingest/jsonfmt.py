"""AllianceLens JSON transcripts, validated against ``schemas/transcript-1.json``.

::

    {
      "schema": "alliancelens.transcript/1",
      "id": "s1",
      "date": "2024-03-05",
      "speakers": [{"label": "Dr. Lee", "role": "therapist"}],
      "utterances": [
        {"speaker": "Dr. Lee", "text": "How was your week?", "start": 1.0, "end": 4.2},
        {"speaker": "Sam", "text": "Better.", "role": "client"}
      ]
    }

A file holds one session object or ``{"sessions": [...]}``. Errors name the JSON path of the
bad value (``sessions[0].utterances[3].speaker``) and the line it is on.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Collection
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from alliancelens.domain import Role
from alliancelens.errors import ParseError
from alliancelens.ingest._jsonpath import Path, format_path, value_lines
from alliancelens.ingest.base import RawTranscript, RawTurn, ReadOutput, TextReader
from alliancelens.ingest.registry import register

__all__ = ["SCHEMA_FILE", "SCHEMA_TAG", "JSONReader", "schema"]

#: The schema file, inside the ``alliancelens`` package.
SCHEMA_FILE = "schemas/transcript-1.json"
#: The optional top-level ``"schema"`` value.
SCHEMA_TAG = "alliancelens.transcript/1"
_HINT = "see docs/formats.md for the JSON transcript schema"


@cache
def schema() -> dict[str, Any]:
    """Return the transcript JSON Schema (read once, on first use)."""
    text = resources.files("alliancelens").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def _reject_constant(name: str) -> float:
    raise ValueError(name)


def _problem(error: ValidationError) -> tuple[str, Path]:
    """A message for a schema error, built from the schema only (never the file's values)."""
    path: Path = tuple(error.absolute_path)
    rule = str(error.validator)
    expected: Any = error.validator_value
    instance: Any = error.instance
    if rule == "required":
        missing = [key for key in expected if not isinstance(instance, dict) or key not in instance]
        return "required field is missing", (*path, *missing[:1])
    if rule == "additionalProperties":
        known: Any = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        extra = sorted(str(key) for key in instance if key not in known)
        return "unknown field (use an 'x-' prefix for extensions)", (*path, *extra[:1])
    if rule == "type":
        names = expected if isinstance(expected, list) else [expected]
        return f"must be of type {' or '.join(map(str, names))}", path
    if rule == "enum":
        return "must be one of: " + ", ".join(map(str, expected)), path
    messages = {
        "const": "must be {!r}",
        "minItems": "needs at least {} item(s)",
        "minLength": "must not be empty",
        "minimum": "must be at least {}",
        "pattern": "must be a date written YYYY-MM-DD",
    }
    return messages.get(rule, "breaks the schema rule " + repr(rule)).format(expected), path


def _load(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"not valid JSON ({exc.msg})",
            line=exc.lineno,
            hint="check brackets, commas and quotes near this line",
        ) from exc
    except ValueError as exc:  # NaN / Infinity
        raise ParseError(
            "NaN and Infinity are not allowed in JSON transcripts", hint=_HINT
        ) from exc
    except RecursionError as exc:
        raise ParseError("the JSON is nested too deeply", hint=_HINT) from exc


def _seconds(value: Any, path: Path, lines: dict[Path, int]) -> float | None:
    if value is None:
        return None
    seconds = float(value) if abs(value) < 1e12 else math.inf
    if not math.isfinite(seconds):
        raise ParseError(
            "time is out of range",
            line=lines.get(path),
            field=format_path(path),
            hint="times are seconds from the start",
        )
    return round(seconds, 3)


def _session(data: dict[str, Any], path: Path, lines: dict[Path, int]) -> RawTranscript:
    raw = RawTranscript(
        turns=[], id=data.get("id"), modality=data.get("modality"), notes=data.get("notes")
    )
    if "date" in data:
        try:
            raw.date = dt.date.fromisoformat(data["date"])
        except ValueError as exc:
            raise ParseError(
                "not a valid date",
                line=lines.get((*path, "date")),
                field=format_path((*path, "date")),
                hint="write the date as YYYY-MM-DD",
            ) from exc
    raw.roles = {s["label"]: Role(s["role"]) for s in data.get("speakers", [])}
    for number, item in enumerate(data["utterances"]):
        where: Path = (*path, "utterances", number)
        raw.turns.append(
            RawTurn(
                speaker=item["speaker"],
                text=item["text"],
                line=lines.get(where),
                start=_seconds(item.get("start"), (*where, "start"), lines),
                end=_seconds(item.get("end"), (*where, "end"), lines),
                role=Role(item["role"]) if "role" in item else None,
                index=int(item["index"]) if "index" in item else None,
            )
        )
    return raw


def _confined(data: dict[str, Any], path: Path, lines: dict[Path, int]) -> RawTranscript:
    """One session of ``{"sessions": [...]}``; a bad value in it is kept as that session's error.

    The schema is valid by now, so what is left (a date that does not exist, a time out of
    range) concerns this session only: batch fails only it (QA36 item 3).
    """
    try:
        return _session(data, path, lines)
    except ParseError as exc:
        return RawTranscript(turns=[], id=data.get("id"), error=exc)


#: Top-level keys of the schema: an object with one of them is ours, however incomplete.
_OWN_KEYS = frozenset(
    {"schema", "id", "date", "modality", "notes", "speakers", "utterances", "sessions"}
)


def _foreign(document: Any) -> bool:
    """Whether ``document`` is not meant as an AllianceLens transcript (QA42 item 14).

    A list, or an object with none of the schema's top-level keys (``{"title": …, "transcript":
    […]}`` from another tool), gets that said plainly instead of a schema error.
    """
    return isinstance(document, list) or (
        isinstance(document, dict) and not _OWN_KEYS & document.keys()
    )


@register
class JSONReader(TextReader):
    """JSON documents in the AllianceLens transcript schema (one session or several)."""

    name = "json"
    suffixes = (".json",)
    description = "AllianceLens JSON transcript (schemas/transcript-1.json): one or more sessions"
    speaker_hint = (
        'check each utterance\'s "speaker" and the "role" given in "speakers": a session '
        "needs a therapist and a client"
    )

    def sniff(self, data: bytes, text: str | None) -> bool:
        """Tell whether the text is a JSON object with ``utterances`` or ``sessions``."""
        del data
        if text is None or not text.lstrip().startswith("{"):
            return False
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return False
        return isinstance(document, dict) and bool({"utterances", "sessions"} & document.keys())

    def read_text(self, text: str, *, names: Collection[str] = ()) -> ReadOutput:
        """Parse, validate against the schema, and return every session in the file."""
        del names  # speakers are declared, not found in prefixes
        document = _load(text)
        if _foreign(document):
            raise ParseError(
                "not an AllianceLens JSON transcript (no 'utterances' or 'sessions' key; "
                "perhaps another tool's export)",
                line=1,
                field="(top level)",
                hint="export the transcript from that tool as WebVTT (.vtt), SRT (.srt) or plain "
                "text (.txt), which AllianceLens reads, or convert it to the JSON transcript "
                "schema in docs/formats.md; `alliancelens formats` lists every format",
            )
        try:
            error = best_match(_validator().iter_errors(document))
        except RecursionError as exc:
            raise ParseError("the JSON is nested too deeply", hint=_HINT) from exc
        lines = value_lines(text)
        if error is not None:
            problem, path = _problem(error)
            located = path
            while located and located not in lines:
                located = located[:-1]
            raise ParseError(
                problem, line=lines.get(located), field=format_path(path), hint=_HINT
            ) from error
        if "sessions" not in document:
            return ReadOutput([_session(document, (), lines)])
        transcripts: list[RawTranscript] = []
        for number, item in enumerate(document["sessions"]):
            where: Path = ("sessions", number, "id")
            if item.get("id") is not None and item["id"] in {t.id for t in transcripts}:
                raise ParseError(
                    "session id is used twice in this file",
                    line=lines.get(where),
                    field=format_path(where),
                    hint="give every session its own id",
                )
            transcripts.append(_confined(item, ("sessions", number), lines))
        return ReadOutput(transcripts)
