"""Recognising the development corpora by content (evaluate all, QA36 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.evaluation import _development
from alliancelens.evaluation._development import folder_digest, is_development


def _corpus(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "one.json").write_text('{"n": 1}', "utf-8")
    (folder / "sub" / "two.json").write_text('{"n": 2}', "utf-8")
    return folder


def test_digest_ignores_location_and_hidden_files(tmp_path: Path) -> None:
    """Two copies with the same files digest alike; a hidden file changes nothing."""
    first, second = _corpus(tmp_path / "a" / "mibot"), _corpus(tmp_path / "b" / "mibot")
    (second / ".DS_Store").write_bytes(b"\x00")
    assert folder_digest(first) == folder_digest(second)


@pytest.mark.parametrize("change", ["content", "name", "added"])
def test_digest_changes_with_any_file(tmp_path: Path, change: str) -> None:
    """Changed content, a renamed file or an extra file give another digest."""
    folder = _corpus(tmp_path / "mibot")
    before = folder_digest(folder)
    if change == "content":
        (folder / "one.json").write_text('{"n": 9}', "utf-8")
    elif change == "name":
        (folder / "one.json").rename(folder / "uno.json")
    else:
        (folder / "three.json").write_text("{}", "utf-8")
    assert folder_digest(folder) != before


def test_is_development_needs_the_same_name_and_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the corpus of that name with the registered content is development data."""
    folder = _corpus(tmp_path / "mibot")
    monkeypatch.setattr(
        _development, "DEVELOPMENT_DIGESTS", {"mibot": frozenset({folder_digest(folder)})}
    )
    assert is_development("mibot", folder)
    assert not is_development("epitome", folder)
    (folder / "one.json").write_text("{}", "utf-8")
    assert not is_development("mibot", folder)


@pytest.mark.shared_data
def test_the_shared_corpora_are_recognised(shared_data: Path) -> None:
    """The registered digests are those of the shared-data corpora the rules were developed on."""
    for name in _development.DEVELOPMENT_DIGESTS:
        assert is_development(name, shared_data / name), name
