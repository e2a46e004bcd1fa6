"""The shared loader for ruptures-examples JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alliancelens.domain import Role
from alliancelens.errors import UsageError
from alliancelens.evaluation.labelled_examples import load_examples


def test_examples_become_sessions_with_roles(labelled: Path) -> None:
    """Each file becomes a session with Therapist/Client speakers and its label lists."""
    examples = load_examples(labelled)
    assert [e.id for e in examples] == ["risk-901", "risk-902", "sess-901"]
    first = examples[0]
    assert [u.role for u in first.session.utterances][:2] == [Role.THERAPIST, Role.CLIENT]
    assert first.risk[0]["index"] == 1 and first.type == "risk_snippet"


def test_pattern_selects_files(labelled: Path) -> None:
    """pattern= limits the files read."""
    assert [e.id for e in load_examples(labelled, pattern="sess-*.json")] == ["sess-901"]


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"id": "x"}',
        '{"id": "x", "utterances": [{"index": 0, "speaker": "nurse", "text": "hi"}]}',
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, content: str) -> None:
    """A malformed example is a usage error naming the file."""
    (tmp_path / "sess-1.json").write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=r"sess-1\.json"):
        load_examples(tmp_path)


@pytest.mark.parametrize("make", [lambda p: p / "missing", lambda p: p])
def test_missing_or_empty_folder_is_a_usage_error(tmp_path: Path, make: object) -> None:
    """A folder that does not exist or holds no examples is a usage error."""
    assert callable(make)
    with pytest.raises(UsageError):
        load_examples(make(tmp_path))


def _episode(**changes: Any) -> dict[str, Any]:
    """A resolved withdrawal over utterances 1-5 of sess-901 (client lines 1, 3, 5)."""
    return {
        "kind": "withdrawal",
        "start_index": 1,
        "end_index": 5,
        "markers": ["minimal_response"],
        "resolved": True,
        "resolution_index": 5,
        "resolution_strategies": ["validate_defensive_posture"],
        "marker_evidence": [{"index": 3, "marker": "minimal_response"}],
        "strategy_evidence": [{"index": 4, "strategy": "validate_defensive_posture"}],
        **changes,
    }


def _rewrite(folder: Path, change: Callable[[dict[str, Any]], object]) -> None:
    path = folder / "sess-901.json"
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data), "utf-8")


def test_a_valid_episode_loads(labelled: Path) -> None:
    """An episode that follows every README rule loads unchanged, as the raw label dict."""
    _rewrite(labelled, lambda d: d.update(ruptures=[_episode()]))
    (example,) = load_examples(labelled, pattern="sess-*.json")
    assert example.ruptures == (_episode(),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(ruptures=[{**_episode(), "kind": None}]), r"ruptures\[0\]\.kind must"),
        (
            lambda d: d.update(ruptures=[{k: v for k, v in _episode().items() if k != "kind"}]),
            r"ruptures\[0\]\.kind is missing",
        ),
        (
            lambda d: d.update(ruptures=[_episode(end_index=999, resolution_index=999)]),
            r"ruptures\[0\]\.end_index 999 is outside the transcript \(0–5\)",
        ),
        (
            lambda d: d.update(
                ruptures=[_episode(marker_evidence=[{"index": -5, "marker": "denial"}])]
            ),
            r"ruptures\[0\]\.marker_evidence\[0\]\.index -5 is outside the transcript",
        ),
        (
            lambda d: d.update(
                ruptures=[_episode(marker_evidence=[{"index": 2, "marker": "denial"}])]
            ),
            r"marker_evidence\[0\]\.index 2 is a therapist line; .* on client lines",
        ),
        (
            lambda d: d.update(
                ruptures=[
                    _episode(strategy_evidence=[{"index": 3, "strategy": "redirect_refocus"}])
                ]
            ),
            r"strategy_evidence\[0\]\.index 3 is a client line; .* on therapist lines",
        ),
        (
            lambda d: d.update(ruptures=[_episode(kind="mixed")]),
            r"ruptures\[0\]\.kind 'mixed' is not a known rupture kind",
        ),
        (
            lambda d: d.update(ruptures=[_episode(markers=["sulking"])]),
            r"ruptures\[0\]\.markers\[0\] 'sulking' is not a known rupture marker",
        ),
        (
            lambda d: d.update(ruptures=[_episode(resolution_strategies=["hug"])]),
            r"resolution_strategies\[0\] 'hug' is not a known resolution strategy",
        ),
        (
            lambda d: d.update(
                ruptures=[
                    _episode(start_index=5, end_index=3, resolved=False, resolution_index=None)
                ]
            ),
            r"ruptures\[0\] has start_index 5 after end_index 3",
        ),
        (
            lambda d: d.update(ruptures=[_episode(resolved=False)]),
            r"ruptures\[0\] is not resolved but resolution_index is 5; use null",
        ),
        (
            lambda d: d.update(ruptures=[_episode(resolution_index=None)]),
            r"ruptures\[0\] is resolved but resolution_index is null",
        ),
        (
            lambda d: d.update(ruptures=[_episode(resolution_index=3)]),
            r"ruptures\[0\] is resolved at 3, so end_index \(5\) must equal it",
        ),
        (
            lambda d: d.update(ruptures=[_episode(start_index=True)]),
            r"ruptures\[0\]\.start_index must be a whole number, not true/false",
        ),
        (
            lambda d: d.update(red_flags=[{"index": 500, "kind": "judgmental_remark"}]),
            r"red_flags\[0\]\.index 500 is outside the transcript \(0–5\)",
        ),
        (
            lambda d: d.update(red_flags=[{"index": 1, "kind": "judgmental_remark"}]),
            r"red_flags\[0\]\.index 1 is a client line",
        ),
        (
            lambda d: d.update(red_flags=[{"index": 2, "kind": "rudeness"}]),
            r"red_flags\[0\]\.kind 'rudeness' is not a known red-flag kind",
        ),
        (
            lambda d: d.update(risk=[{"index": 77, "kind": "self_harm", "severity": "low"}]),
            r"risk\[0\]\.index 77 is outside the transcript",
        ),
        (
            lambda d: d.update(risk=[{"index": 0, "kind": "self_harm", "severity": "low"}]),
            r"risk\[0\]\.index 0 is a therapist line",
        ),
        (
            lambda d: d.update(risk=[{"index": 1, "kind": "suicidal_ideaton", "severity": "low"}]),
            r"risk\[0\]\.kind 'suicidal_ideaton' is not a known risk kind; use one of: "
            r"suicidal_ideation",
        ),
        (
            lambda d: d.update(risk=[{"index": 1, "kind": "self_harm"}]),
            r"risk\[0\]\.severity is missing",
        ),
        (
            lambda d: d.update(risk=[{"index": 1, "kind": "self_harm", "severity": "severe"}]),
            r"risk\[0\]\.severity 'severe' is not a known risk severity",
        ),
        (
            lambda d: d.update(hard_negatives=[{"index": 6, "kind": "negation"}]),
            r"hard_negatives\[0\]\.index 6 is outside the transcript",
        ),
        (lambda d: d.pop("risk"), r"sess-901\.json: risk is missing"),
        (lambda d: d.update(type="excerpt"), r"sess-901\.json: type must be one of"),
        (lambda d: d.update(ruptures={}), r"ruptures must be a list, not an object"),
    ],
)
def test_labels_breaking_the_schema_name_file_and_path(
    labelled: Path, change: Callable[[dict[str, Any]], object], message: str
) -> None:
    """Every README label rule is checked on load; the error names the file and JSON path."""
    _rewrite(labelled, change)
    with pytest.raises(UsageError, match=message) as caught:
        load_examples(labelled)
    assert str(caught.value).startswith(str(labelled / "sess-901.json"))
    assert "\n" not in str(caught.value)


def test_errors_never_quote_transcript_text(labelled: Path) -> None:
    """A label value that is free text is not echoed, so transcript text cannot leak."""
    _rewrite(labelled, lambda d: d.update(red_flags=[{"index": 2, "kind": "I hear you, but"}]))
    with pytest.raises(UsageError, match="this value is not a known red-flag kind") as caught:
        load_examples(labelled)
    assert "I hear you" not in str(caught.value)


def test_an_unlisted_hard_negative_tag_is_accepted(labelled: Path) -> None:
    """Hard-negative tags are free text (the README's list is not exhaustive)."""
    _rewrite(labelled, lambda d: d.update(hard_negatives=[{"index": 1, "kind": "open_topic"}]))
    (example,) = load_examples(labelled, pattern="sess-*.json")
    assert example.hard_negatives == ({"index": 1, "kind": "open_topic"},)
