"""Load labelled ruptures-examples files for evaluation, checking every label once on load.

:mod:`alliancelens.ingest.labelled` reads the transcript part (it is shared with training code,
which may not import this layer). Here each file's labels are checked against the corpus README's
"JSON label schema" before any score is computed, because a label pointing at a line that does
not exist, or an unknown kind, silently changes precision and recall:

* every field the schema names is present with the right JSON type (``ruptures[]`` with kind,
  start_index, end_index, markers, resolved, resolution_index, resolution_strategies,
  marker_evidence, strategy_evidence; ``red_flags[]`` and ``hard_negatives[]`` with index and
  kind; ``risk[]`` with index, kind and severity), and ``type`` is ``session`` or
  ``risk_snippet``;
* every index is a whole number within the transcript (0 to n_utterances - 1) and on the speaker
  the README puts it on: rupture spans, markers and risk on client lines, strategies and red
  flags on therapist lines;
* kinds, markers, strategies and severities come from the README's vocabularies, which are the
  analysers' own (:mod:`alliancelens.analysers.ruptures._taxonomy`,
  :mod:`alliancelens.analysers._risk_lexicon`); hard-negative tags are free text, since the README
  says its tag list is not exhaustive;
* ``start_index <= end_index``; ``resolution_index`` is null exactly when ``resolved`` is false,
  and equals ``end_index`` when it is not.

A problem is a :class:`~alliancelens.errors.UsageError` of one line naming the file and the JSON
path, e.g. ``sess-1901.json: ruptures[0].end_index 999 is outside the transcript (0–47)``; it never
quotes transcript text. :func:`check_coder_labels` applies the same rules to a second coder's
label-only file, against the first coder's transcript.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from alliancelens.analysers._risk_lexicon import KINDS as RISK_KINDS
from alliancelens.analysers._risk_lexicon import SEVERITY_ORDER
from alliancelens.analysers.ruptures._taxonomy import MARKER_CODES, STRATEGIES, RuptureKind
from alliancelens.errors import UsageError
from alliancelens.ingest.labelled import (
    LabelledExample,
    describe_invalid,
    example_from_data,
    example_paths,
    read_json,
)

__all__ = [
    "RED_FLAG_KINDS",
    "LabelledExample",
    "check_coder_labels",
    "check_labels",
    "load_examples",
    "read_example",
]

#: Therapist red-flag kinds the corpus labels (README "Therapist red flags").
RED_FLAG_KINDS = (
    "therapist_own_problems",
    "unsolicited_advice",
    "judgmental_remark",
    "ignoring_client_feedback",
)
#: Label lists a second coder's file must have, by the example's type (what agreement compares).
_CODER_LISTS = {"session": ("ruptures", "red_flags", "risk"), "risk_snippet": ("risk",)}
_SHOWABLE = re.compile(r"[\w+\-]{1,60}")


def _shown(value: str) -> str:
    """A label value as it may appear in a message (identifiers only, never free text)."""
    return repr(value) if _SHOWABLE.fullmatch(value) else "this value"


def _one_of(values: Collection[str], what: str) -> AfterValidator:
    choices = f"use one of: {', '.join(values)}" if len(values) <= 9 else "see the corpus README"

    def check(value: str) -> str:
        if value not in values:
            raise ValueError(f"{_shown(value)} is not a known {what}; {choices}")
        return value

    return AfterValidator(check)


def _index(role: str | None) -> AfterValidator:
    """An utterance index within the transcript (context ``roles``), on ``role``'s lines."""

    def check(value: int, info: ValidationInfo) -> int:
        roles: tuple[str, ...] | None = (info.context or {}).get("roles")
        if value < 0 or (roles is not None and value >= len(roles)):
            span = "" if roles is None else f" (0–{len(roles) - 1})"
            raise ValueError(f"{value} is outside the transcript{span}")
        if role is not None and roles is not None and roles[value] != role:
            raise ValueError(
                f"{value} is a {roles[value]} line; the README puts this on {role} lines"
            )
        return value

    return AfterValidator(check)


AnyIndex = Annotated[int, _index(None)]
ClientIndex = Annotated[int, _index("client")]
TherapistIndex = Annotated[int, _index("therapist")]
Marker = Annotated[str, _one_of(tuple(MARKER_CODES), "rupture marker")]
Strategy = Annotated[str, _one_of(STRATEGIES, "resolution strategy")]
Tag = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True)


class _MarkerEvidence(_Strict):
    index: ClientIndex
    marker: Marker


class _StrategyEvidence(_Strict):
    index: TherapistIndex
    strategy: Strategy


class _Episode(_Strict):
    kind: Annotated[str, _one_of(tuple(RuptureKind), "rupture kind")]
    start_index: ClientIndex
    end_index: ClientIndex
    markers: list[Marker]
    resolved: bool
    resolution_index: ClientIndex | None
    resolution_strategies: list[Strategy]
    marker_evidence: list[_MarkerEvidence]
    strategy_evidence: list[_StrategyEvidence]

    @model_validator(mode="after")
    def _span_and_resolution(self) -> _Episode:
        start, end, at = self.start_index, self.end_index, self.resolution_index
        if start > end:
            raise ValueError(f"has start_index {start} after end_index {end}")
        if self.resolved and at is None:
            raise ValueError("is resolved but resolution_index is null; give the resolving line")
        if not self.resolved and at is not None:
            raise ValueError(f"is not resolved but resolution_index is {at}; use null")
        if at is not None and at != end:
            raise ValueError(f"is resolved at {at}, so end_index ({end}) must equal it")
        return self


class _RedFlag(_Strict):
    index: TherapistIndex
    kind: Annotated[str, _one_of(RED_FLAG_KINDS, "red-flag kind")]


class _Risk(_Strict):
    index: ClientIndex
    kind: Annotated[str, _one_of(RISK_KINDS, "risk kind")]
    severity: Annotated[str, _one_of(SEVERITY_ORDER, "risk severity")]


class _HardNegative(_Strict):
    index: AnyIndex
    kind: Tag


class _ExampleLabels(_Strict):
    """The labels of a complete example: every list is required (an empty list means none)."""

    type: Literal["session", "risk_snippet"]
    ruptures: list[_Episode]
    red_flags: list[_RedFlag]
    risk: list[_Risk]
    hard_negatives: list[_HardNegative]


class _CoderLabels(_Strict):
    """A second coder's file: an id and whichever lists it has (required ones checked after)."""

    id: Annotated[str, Field(min_length=1)]
    ruptures: list[_Episode] | None = None
    red_flags: list[_RedFlag] | None = None
    risk: list[_Risk] | None = None
    hard_negatives: list[_HardNegative] | None = None


def _roles(example: LabelledExample) -> tuple[str, ...]:
    return tuple(u.role.value for u in example.session.utterances)


def check_labels(path: Path, data: dict[str, Any], example: LabelledExample) -> None:
    """Raise a UsageError naming file and JSON path when ``data``'s labels break the schema."""
    try:
        _ExampleLabels.model_validate(data, context={"roles": _roles(example)})
    except ValidationError as exc:
        raise UsageError(describe_invalid(path, exc)) from exc


def check_coder_labels(path: Path, data: dict[str, Any], reference: LabelledExample | None) -> None:
    """Check a second coder's file against the first coder's example with the same id.

    Indexes are checked against ``reference``'s transcript; without one (an id only this coder
    has) only their types and vocabularies are. A list agreement compares for this type of
    example (see ``_CODER_LISTS``) must be present; an empty list means "no labels".
    """
    context = {"roles": _roles(reference) if reference is not None else None}
    try:
        _CoderLabels.model_validate(data, context=context)
    except ValidationError as exc:
        raise UsageError(describe_invalid(path, exc)) from exc
    if reference is None:
        return
    for name in _CODER_LISTS[reference.type]:
        if data.get(name) is None:
            raise UsageError(
                f"{path}: {name} is missing; the first coder's {reference.id} is a "
                f"{reference.type}, so give {name} (an empty list means no labels)"
            )


def read_example(path: Path) -> LabelledExample:
    """One labelled example file, its transcript and labels checked (see the module doc)."""
    data = read_json(path)
    example = example_from_data(path, data)
    check_labels(path, data, example)
    return example


def load_examples(folder: str | Path, *, pattern: str = "*.json") -> list[LabelledExample]:
    """Every example in ``folder`` whose file name matches ``pattern``, sorted, each checked."""
    return [read_example(path) for path in example_paths(folder, pattern=pattern)]
