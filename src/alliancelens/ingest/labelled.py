"""Read the labelled ruptures-examples corpus (``sess-*.json``, ``risk-*.json``) into sessions.

The corpus lives outside the repository (``shared/data/ruptures-examples`` and its held-out
companion); its layout is described in that folder's README. Nothing from it is copied here: this
module only reads it at evaluation time. Each example becomes a :class:`LabelledExample` holding a
:class:`~alliancelens.domain.Session` (speakers ``Therapist`` and ``Client``) and the raw label
lists, so every evaluation can pick the labels it needs. It lives in ``ingest`` so that training
code (``alliancelens.models.risk_benchmarks``) reads spent benchmark folders the same way.

This module checks the transcript part of the layout (``id``, ``utterances[{index, speaker,
text}]`` with ``index`` equal to the line's position, ``n_utterances`` when given) and that each
label list, when present, is a list. The labels themselves (fields, vocabularies, index ranges and
speakers) are checked by :mod:`alliancelens.evaluation.labelled_examples`, which every
``evaluate`` command loads through. Errors are one line naming the file and the JSON path (never
transcript text): :func:`describe_invalid` turns a pydantic error into that line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.errors import UsageError

__all__ = [
    "LABEL_LISTS",
    "LabelledExample",
    "describe_invalid",
    "example_from_data",
    "example_paths",
    "field_path",
    "load_examples",
    "read_example",
    "read_json",
]

#: The label lists of the README's "JSON label schema", in its order.
LABEL_LISTS = ("ruptures", "red_flags", "risk", "hard_negatives")
_NOT_AN_EXAMPLE = "not a labelled example: "
_ROLES = {"therapist": Role.THERAPIST, "client": Role.CLIENT}
_JSON_TYPES: dict[type, str] = {
    dict: "an object",
    list: "a list",
    str: "text",
    bool: "true/false",
    float: "a number",
    int: "a whole number",
    type(None): "null",
}
_EXPECTED = {
    "int_type": "a whole number",
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "an object",
    "dict_type": "an object",
}


class _Utterance(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True)

    index: int
    speaker: Literal["therapist", "client"]
    text: str


class _Transcript(BaseModel):
    """The transcript part of one example file; label lists are only checked to be lists."""

    model_config = ConfigDict(strict=True, frozen=True)

    id: Annotated[str, Field(min_length=1)]
    type: str = ""
    category: str = ""
    style: str = ""
    n_utterances: int | None = None
    utterances: Annotated[list[_Utterance], Field(min_length=1)]
    ruptures: list[dict[str, Any]] = []
    red_flags: list[dict[str, Any]] = []
    risk: list[dict[str, Any]] = []
    hard_negatives: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _lines_in_order(self) -> _Transcript:
        for position, utterance in enumerate(self.utterances):
            if utterance.index != position:
                raise ValueError(
                    f"utterances[{position}].index is {utterance.index}; line n must have "
                    f"index n (0 to {len(self.utterances) - 1} in order)"
                )
        if self.n_utterances is not None and self.n_utterances != len(self.utterances):
            raise ValueError(
                f"n_utterances is {self.n_utterances} but the file has "
                f"{len(self.utterances)} utterances"
            )
        return self


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """One labelled excerpt or snippet: its session and its label lists (as in the JSON)."""

    id: str
    type: str
    category: str
    session: Session
    risk: tuple[dict[str, Any], ...]
    red_flags: tuple[dict[str, Any], ...]
    hard_negatives: tuple[dict[str, Any], ...]
    ruptures: tuple[dict[str, Any], ...]
    style: str = ""


def load_examples(folder: str | Path, *, pattern: str = "*.json") -> list[LabelledExample]:
    """Every example in ``folder`` matching ``pattern``, sorted; transcript layout checked only.

    The labels are not checked here (index ranges, speakers, vocabularies): scoring code must
    use :func:`alliancelens.evaluation.labelled_examples.load_examples`, which checks both.
    """
    return [read_example(path) for path in example_paths(folder, pattern=pattern)]


def example_paths(folder: str | Path, *, pattern: str = "*.json") -> list[Path]:
    """The example files in ``folder`` matching ``pattern``; a UsageError when there are none."""
    root = Path(folder)
    if not root.is_dir():
        raise UsageError(
            f"{root}: not a folder; give the folder that holds the labelled sess-*.json and "
            "risk-*.json files"
        )
    paths = sorted(root.glob(pattern))
    if not paths:
        raise UsageError(f"{root}: no files matching {pattern}; is this the labelled folder?")
    return paths


def read_example(path: Path) -> LabelledExample:
    """One labelled example file; a transcript that does not fit the layout is a ``UsageError``.

    Labels are not checked (see :func:`load_examples`).
    """
    return example_from_data(path, read_json(path))


def read_json(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``; syntax errors name the line and column."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(
            f"{path}: cannot be read ({type(exc).__name__}); it must be a UTF-8 JSON file"
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}: {_NOT_AN_EXAMPLE}line {exc.lineno} column {exc.colno} is not valid JSON "
            f"({exc.msg}); fix the file or move it out of the folder"
        ) from exc
    if not isinstance(data, dict):
        raise UsageError(
            f"{path}: {_NOT_AN_EXAMPLE}the file must hold one JSON object with id and "
            f"utterances, not {_json_type(data)}"
        )
    return data


def example_from_data(path: Path, data: dict[str, Any]) -> LabelledExample:
    """The example held by ``data`` (read from ``path``); its transcript part is checked."""
    try:
        parsed = _Transcript.model_validate(data)
    except ValidationError as exc:
        raise UsageError(describe_invalid(path, exc, lead=_NOT_AN_EXAMPLE)) from exc
    utterances = tuple(
        Utterance(u.index, u.speaker.capitalize(), _ROLES[u.speaker], u.text)
        for u in parsed.utterances
    )
    pairs = dict.fromkeys((u.speaker, u.role) for u in utterances)
    speakers = tuple(Speaker(label, role) for label, role in pairs)
    return LabelledExample(
        id=parsed.id,
        type=parsed.type,
        category=parsed.category,
        session=Session(id=parsed.id, utterances=utterances, speakers=speakers),
        risk=tuple(parsed.risk),
        red_flags=tuple(parsed.red_flags),
        hard_negatives=tuple(parsed.hard_negatives),
        ruptures=tuple(parsed.ruptures),
        style=parsed.style,
    )


def field_path(loc: Sequence[int | str]) -> str:
    """A pydantic location as a JSON path: ``("ruptures", 0, "kind")`` -> ``ruptures[0].kind``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f"{'.' if out else ''}{part}"
    return out


def describe_invalid(path: Path, exc: ValidationError, *, lead: str = "") -> str:
    """The first problem in ``exc`` as one line naming the file and JSON path (no input text).

    ``lead`` goes between the file and the problem (e.g. ``"not a labelled example: "``).
    """
    error = exc.errors(include_url=False)[0]
    where = field_path(error["loc"])
    kind = error["type"]
    if kind == "missing":
        problem = f"{where} is missing; add it (see the corpus README's JSON label schema)"
    elif kind in ("value_error", "assertion_error"):
        cause = error.get("ctx", {}).get("error", error["msg"])
        problem = f"{where} {cause}" if where else str(cause)
    elif kind in _EXPECTED:
        problem = f"{where} must be {_EXPECTED[kind]}, not {_json_type(error['input'])}"
    elif kind == "literal_error":
        problem = f"{where} must be one of {error['ctx']['expected']}"
    elif kind == "too_short":
        problem = f"{where} must not be empty"
    else:
        problem = f"{where}: {error['msg']}"
    return f"{path}: {lead}{problem}"


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)
