"""The error tree: stable, unique codes and a documented tree."""

from __future__ import annotations

import inspect

import pytest

from alliancelens import errors

CLASSES = [
    cls
    for name, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, errors.AllianceLensError) and not name.startswith("_")
]


def test_codes_are_unique() -> None:
    """No two error classes share a code (codes are how users and logs refer to errors)."""
    codes = [cls.code for cls in CLASSES]
    assert len(codes) == len(set(codes)), sorted(c for c in codes if codes.count(c) > 1)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_error_is_drawn_in_the_tree_and_exported(cls: type) -> None:
    """Each error class appears in the module docstring's tree and in __all__."""
    assert cls.__name__ in (errors.__doc__ or "")
    assert cls.__name__ in errors.__all__
