"""Docs stay true: every analyser has a page, every CLI command is in docs/cli.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from alliancelens.analysers import available
from alliancelens.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _command_paths(group: typer.core.TyperGroup, prefix: str = "alliancelens") -> list[str]:
    paths: list[str] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, typer.core.TyperGroup):
            paths.extend(_command_paths(command, path))
        else:
            paths.append(path)
    return paths


COMMANDS = _command_paths(typer.main.get_group(app))


@pytest.mark.parametrize("name", sorted(available()))
def test_every_analyser_has_a_docs_page(name: str) -> None:
    """docs/analysers/<family>.md exists and names the analyser."""
    page = DOCS / "analysers" / f"{name.split('.', maxsplit=1)[0]}.md"
    assert page.is_file(), f"missing {page}"
    assert f"`{name}`" in page.read_text("utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_cli_command_is_documented(command: str) -> None:
    """docs/cli.md has a section for every command."""
    assert f"## `{command}`" in (DOCS / "cli.md").read_text("utf-8")


def test_concepts_page_links_exist() -> None:
    """Relative links in docs/concepts.md point at files that exist."""
    text = (DOCS / "concepts.md").read_text("utf-8")
    for target in ("formats.md", "cli.md", "analysers/"):
        assert (DOCS / target).exists(), target
        assert target in text
