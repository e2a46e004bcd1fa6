"""The shared loader for ruptures-examples JSON."""

from __future__ import annotations

from pathlib import Path

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
