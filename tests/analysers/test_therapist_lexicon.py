"""The therapist lexicon keeps one namespace for version-1 and version-2 red-flag cues."""

from __future__ import annotations

import pytest

from alliancelens.analysers import _red_flag_lexicon, _therapist_lexicon


@pytest.mark.parametrize("name", _red_flag_lexicon.__all__)
def test_version_2_cues_are_re_exported(name: str) -> None:
    """Every version-2 cue family is reachable (the same object) through ``_therapist_lexicon``."""
    assert name in _therapist_lexicon.__all__
    assert getattr(_therapist_lexicon, name) is getattr(_red_flag_lexicon, name)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("OWN_LIFE", "when my marriage ended i moved out"),
        ("TASK_START", "och, fill in the diary tonight"),
        ("CLIENT_OBJECTION", "the diary isn't working for me"),
    ],
)
def test_cues_match_on_lower_cased_text(name: str, text: str) -> None:
    """Version-1 and version-2 cues both match invented, normalised text through the facade."""
    assert getattr(_therapist_lexicon, name).search(text)
