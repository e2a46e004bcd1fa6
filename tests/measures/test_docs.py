"""docs/measures stays true: a page per measure and topic, every command, working links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from alliancelens.cli.measures import measures_app
from alliancelens.measures import Registry
from alliancelens.measures.jsonable import number
from alliancelens.measures.registry import builtin_definitions

DOCS = Path(__file__).resolve().parents[2] / "docs" / "measures"
TOPICS = ["README", "change", "alerts", "expected-response", "fhir", "definitions"]


@pytest.mark.parametrize("name", sorted(d.name for d in builtin_definitions()))
def test_every_measure_has_a_page_with_its_cutoffs(registry: Registry, name: str) -> None:
    """docs/measures/<name>.md exists, names the measure and states each cut-off value."""
    page = DOCS / f"{name}.md"
    assert page.is_file(), f"missing {page}"
    text = page.read_text("utf-8")
    defn = registry.get(name)
    assert f"`{name}`" in text and defn.short in text
    for cutoff in defn.cutoffs:
        assert str(number(cutoff.value)) in text


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_pages_exist(topic: str) -> None:
    """The change, alerts, expected-response, FHIR and definitions pages exist."""
    assert (DOCS / f"{topic}.md").is_file()


@pytest.mark.parametrize("command", sorted(typer.main.get_group(measures_app).commands))
def test_every_measures_command_is_documented(command: str) -> None:
    """docs/cli.md has a section for every `alliancelens measures` command."""
    cli = DOCS.parent / "cli.md"
    assert f"## `alliancelens measures {command}`" in cli.read_text("utf-8")


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    """Relative links between the measures pages point at files that exist."""
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
        assert (DOCS / target).exists(), f"{page.name} links to missing {target}"
