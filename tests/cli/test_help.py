"""Click-style placeholders for typer's type labels in --help."""

from __future__ import annotations

import pytest

from alliancelens.cli._help import metavar_for


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("<str>", "TEXT"),
        ("<list[str]>", "TEXT"),
        ("<int>", "INTEGER"),
        ("<float>", "FLOAT"),
        ("<path>", "PATH"),
        ("<list[Path]>", "PATH"),
        ("<admin|therapist>", "[admin|therapist]"),
        ("<list[soap|dap]>", "[soap|dap]"),
        ("<uuid>", "UUID"),
    ],
)
def test_metavar_for(label: str, expected: str) -> None:
    """Python type labels become click's placeholders; choices become [a|b]."""
    assert metavar_for(label) == expected
