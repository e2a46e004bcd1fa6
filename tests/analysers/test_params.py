"""Analyser parameters are checked by create(): names, types and ranges."""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import available, create
from alliancelens.errors import UsageError


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"flag_threshold": 5}, "'flag_threshold' must be a number from 0 to 1"),
        ({"flag_threshold": -1}, "'flag_threshold' must be a number from 0 to 1"),
        ({"review_threshold": "high"}, "'review_threshold' must be float or None, not str"),
        ({"bogus": 1}, "has no parameter 'bogus'"),
        ({"use_model": 1}, "'use_model' must be bool"),
        ({"thread_window": 2.5}, "'thread_window' must be int"),
        ({"thread_window": -2}, "'thread_window' must be a number at least 0"),
    ],
)
def test_create_refuses_bad_parameters_naming_them(params: dict[str, Any], words: str) -> None:
    """create() raises UsageError naming the parameter and what is allowed."""
    with pytest.raises(UsageError, match=words):
        create("risk.language", **params)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("risk.language", {"flag_threshold": 0.7, "review_threshold": None, "thread_window": 4}),
        ("talk.statistics", {"interruption_min_overlap": 2}),
        ("red_flags.therapist", {"dominating_share": 0.6, "dominating_min_words": 200}),
    ],
)
def test_create_accepts_valid_parameters(name: str, params: dict[str, Any]) -> None:
    """Valid values (an int for a float included) pass and are stored on the analyser."""
    analyser = create(name, **params)
    assert {k: analyser.get_params()[k] for k in params} == params


@pytest.mark.parametrize("name", list(available()))
def test_every_analysers_defaults_pass_the_checks(name: str) -> None:
    """Each registered analyser's own default parameters are accepted by the checks."""
    analyser = available()[name]()
    assert create(name, **analyser.get_params()).get_params() == analyser.get_params()
