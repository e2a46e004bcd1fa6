"""Inter-rater agreement of two coders' label folders (text written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alliancelens.errors import UsageError
from alliancelens.evaluation.agreement import (
    agreement_folders,
    cohen_kappa,
    load_coder_labels,
)

_LISTS = ("ruptures", "red_flags", "risk", "hard_negatives")
_SESSION = [
    ("therapist", "How did the week go?"),
    ("client", "Fine."),
    ("therapist", "You went quiet when I mentioned your dad."),
    ("client", "Whatever you think."),
    ("therapist", "Maybe I pushed too hard there. What was that like?"),
    ("client", "Honestly it made me angry, and I felt I couldn't say so."),
    ("therapist", "Thank you for telling me."),
    ("client", "These exercises are pointless, you keep giving me homework."),
]
_SNIPPET = [
    ("therapist", "Any thoughts of ending your life?"),
    ("client", "Some nights I wish I wouldn't wake up."),
    ("therapist", "And hurting anyone else?"),
    ("client", "No, never."),
    ("therapist", "How has work been?"),
    ("client", "I've been cutting again, twice this week."),
]


def _episode(kind: str, start: int, end: int, resolved: bool, markers: list[int]) -> dict[str, Any]:
    return {
        "kind": kind,
        "start_index": start,
        "end_index": end,
        "resolved": resolved,
        "resolution_index": end if resolved else None,
        "markers": ["minimal_response"] if markers else [],
        "resolution_strategies": [],
        "marker_evidence": [{"index": i, "marker": "minimal_response"} for i in markers],
        "strategy_evidence": [],
    }


def _full(
    example_id: str, kind: str, lines: list[tuple[str, str]], **labels: Any
) -> dict[str, Any]:
    """A complete coder-A example: every label list present (empty unless given)."""
    return {
        "id": example_id,
        "type": kind,
        "utterances": [{"index": i, "speaker": s, "text": t} for i, (s, t) in enumerate(lines)],
        **{name: labels.get(name, []) for name in _LISTS},
    }


def _write(folder: Path, name: str, data: dict[str, Any]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(data), "utf-8")


@pytest.fixture
def coders(tmp_path: Path) -> tuple[Path, Path]:
    """Coder A (full examples) and coder B (labels only) for one session and one snippet."""
    a, b = tmp_path / "a", tmp_path / "b"
    episodes = [
        _episode("withdrawal", 1, 5, True, [1, 3]),
        _episode("confrontation", 7, 7, False, [7]),
    ]
    flags = [{"index": 2, "kind": "judgmental_remark"}]
    _write(a, "sess-1", _full("sess-1", "session", _SESSION, ruptures=episodes, red_flags=flags))
    risk = [
        {"index": 1, "kind": "passive_suicidal_ideation", "severity": "low"},
        {"index": 5, "kind": "self_harm", "severity": "moderate"},
    ]
    _write(a, "risk-1", _full("risk-1", "risk_snippet", _SNIPPET, risk=risk))
    b_episodes = [_episode("withdrawal", 3, 5, False, [3])]
    _write(b, "sess-1", {"id": "sess-1", "ruptures": b_episodes, "red_flags": [], "risk": []})
    _write(
        b,
        "risk-1",
        {"id": "risk-1", "risk": [{"index": 5, "kind": "self_harm", "severity": "high"}]},
    )
    return a, b


def test_episode_agreement_counts_same_kind_overlaps(coders: tuple[Path, Path]) -> None:
    """B's one withdrawal overlaps A's withdrawal; A's confrontation is unmatched."""
    result = agreement_folders(*coders)["ruptures"]
    assert result["episodes"]["gold_hit"] == 1
    assert result["episodes"]["recall"] == 0.5
    assert result["episodes"]["precision"] == 1.0
    assert result["resolution"]["accuracy"] == 0.0


def test_utterance_kind_kappa_uses_client_utterances(coders: tuple[Path, Path]) -> None:
    """Kinds per client utterance (4 of them) give raw agreement 2/4 and a kappa below it."""
    result = agreement_folders(*coders)["ruptures"]
    assert result["utterance_kind_agreement"] == 0.5
    kappa = result["utterance_kind_kappa"]
    assert kappa is not None and kappa < 0.5


def test_risk_agreement_per_client_utterance(coders: tuple[Path, Path]) -> None:
    """One shared flag of A's two; kind agrees, severity does not."""
    risk = agreement_folders(*coders)["risk"]
    assert (risk["flagged_by_a"], risk["flagged_by_b"], risk["flagged_by_both"]) == (2, 1, 1)
    assert risk["share_of_a_flags_b_has"] == 0.5
    assert risk["kind_agreement"] == 1.0
    assert risk["severity_agreement"] == 0.0


def test_red_flags_only_in_a_are_counted(coders: tuple[Path, Path]) -> None:
    """A red flag that coder B did not give counts as only-A."""
    flags = agreement_folders(*coders)["red_flags"]
    assert (flags["both"], flags["only_a"], flags["only_b"]) == (0, 1, 0)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["x", "y", "x", "y"], ["x", "y", "x", "y"], 1.0),
        (["x", "x", "y", "y"], ["x", "y", "x", "y"], 0.0),
        (["x", "x"], ["x", "x"], None),
        ([], [], None),
    ],
)
def test_cohen_kappa(a: list[str], b: list[str], expected: float | None) -> None:
    """Kappa is 1 for identical, 0 for chance-level, None when undefined."""
    assert cohen_kappa(a, b) == expected


def test_label_file_without_id_names_file_and_field(tmp_path: Path) -> None:
    """A second-coder file without an id is a usage error naming the file and field."""
    _write(tmp_path, "sess-1", {"ruptures": []})
    with pytest.raises(UsageError, match=r"sess-1\.json: id is missing"):
        load_coder_labels(tmp_path)


def test_episode_missing_fields_is_named(tmp_path: Path) -> None:
    """An episode without its span fields names the list position and the missing field."""
    _write(tmp_path, "sess-1", {"id": "sess-1", "ruptures": [{"kind": "withdrawal"}]})
    with pytest.raises(UsageError, match=r"ruptures\[0\]\.start_index is missing"):
        load_coder_labels(tmp_path)


def test_no_shared_ids_is_an_error(coders: tuple[Path, Path], tmp_path: Path) -> None:
    """Folders with no example in common are refused with a hint."""
    other = tmp_path / "c"
    _write(other, "sess-9", {"id": "sess-9"})
    with pytest.raises(UsageError, match="no file shares an id"):
        agreement_folders(coders[0], other)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"ruptures": [{**_episode("withdrawal", 1, 3, False, []), "start_index": "x"}]},
            r"ruptures\[0\]\.start_index must be a whole number, not text",
        ),
        (
            {
                "ruptures": [
                    {**_episode("withdrawal", 1, 3, False, []), "marker_evidence": [{"index": 1}]}
                ]
            },
            r"ruptures\[0\]\.marker_evidence\[0\]\.marker is missing",
        ),
        ({"risk": [{"index": -1, "kind": "self_harm"}]}, r"risk\[0\]\.index -1 is outside"),
        ({"red_flags": [{"index": 2}]}, r"red_flags\[0\]\.kind is missing"),
    ],
)
def test_malformed_label_items_name_the_field(
    tmp_path: Path, data: dict[str, Any], message: str
) -> None:
    """Malformed items inside label lists are usage errors naming the file and field."""
    _write(tmp_path, "sess-1", {"id": "s", **data})
    with pytest.raises(UsageError, match=message):
        load_coder_labels(tmp_path)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (
            {"ruptures": [_episode("withdrawal", 1, 99, False, [1])]},
            r"b/sess-1\.json: ruptures\[0\]\.end_index 99 is outside the transcript \(0–7\)",
        ),
        (
            {"risk": [{"index": 2, "kind": "self_harm", "severity": "low"}]},
            r"risk\[0\]\.index 2 is a therapist line",
        ),
        (
            {"red_flags": [{"index": 2, "kind": "judgemental"}]},
            r"red_flags\[0\]\.kind 'judgemental' is not a known red-flag kind",
        ),
    ],
)
def test_coder_b_labels_are_checked_against_coder_a_transcript(
    coders: tuple[Path, Path], labels: dict[str, Any], message: str
) -> None:
    """B's indexes must exist in A's transcript, on the right speaker, with known kinds."""
    a, b = coders
    _write(b, "sess-1", {"id": "sess-1", "ruptures": [], "red_flags": [], "risk": [], **labels})
    with pytest.raises(UsageError, match=message):
        agreement_folders(a, b)


@pytest.mark.parametrize("missing", ["ruptures", "red_flags", "risk"])
def test_a_missing_list_in_coder_b_is_an_error(coders: tuple[Path, Path], missing: str) -> None:
    """A session file of B without a compared list is an error naming file and field."""
    a, b = coders
    data: dict[str, Any] = {"id": "sess-1", "ruptures": [], "red_flags": [], "risk": []}
    del data[missing]
    _write(b, "sess-1", data)
    with pytest.raises(UsageError, match=rf"sess-1\.json: {missing} is missing"):
        agreement_folders(a, b)


def test_an_empty_list_in_coder_b_means_no_labels(coders: tuple[Path, Path]) -> None:
    """An empty ruptures list is a valid "B found none": A's two episodes are unmatched."""
    a, b = coders
    _write(b, "sess-1", {"id": "sess-1", "ruptures": [], "red_flags": [], "risk": []})
    episodes = agreement_folders(a, b)["ruptures"]["episodes"]
    assert (episodes["gold_hit"], episodes["gold"]) == (0, 2)


def test_a_risk_snippet_of_coder_b_needs_only_risk(coders: tuple[Path, Path]) -> None:
    """Snippets are compared on risk only, so B's snippet file may omit ruptures and red_flags."""
    assert agreement_folders(*coders)["compared"] == 2


def test_a_missing_list_in_coder_a_is_an_error(coders: tuple[Path, Path]) -> None:
    """Coder A's complete example without red_flags is refused, naming file and field."""
    a, b = coders
    data = json.loads((a / "sess-1.json").read_text("utf-8"))
    del data["red_flags"]
    _write(a, "sess-1", data)
    with pytest.raises(UsageError, match=r"a/sess-1\.json: red_flags is missing"):
        agreement_folders(a, b)
