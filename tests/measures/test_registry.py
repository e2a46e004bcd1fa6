"""The registry: names and aliases, a clinic's own definitions, licensed wording imports."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from alliancelens.errors import DefinitionError, UnknownMeasureError
from alliancelens.measures import Registry, default_user_dir, import_definition, load_registry
from alliancelens.measures.registry import builtin_definitions

SRS_WORDING = """\
format = 1

[wording]
measure = "SRS"
licensee = "Example Practice"
licence_reference = "group licence 2026-001 (covers electronic use)"
electronic_use = true
instructions = "Placeholder instructions from the clinic's licensed copy."

[[items]]
id = "1"
text = "Placeholder wording one"
left_anchor = "left"
right_anchor = "right"

[[items]]
id = "2"
text = "Placeholder wording two"

[[items]]
id = "3"
text = "Placeholder wording three"

[[items]]
id = "4"
text = "Placeholder wording four"
"""

OWN_MEASURE = """\
format = 1

[measure]
name = "clinic-wellbeing"
title = "Clinic Wellbeing Check"
short = "CWC"
version = "1"
construct = "outcome"
higher_is_better = true
respondent = "client"
period = "the past week"
aliases = ["cwc3"]

[licence]
wording_included = true
electronic_use = true
copyright = "Example Practice"
note = "Our own questions."
source = "clinic"

[response]
kind = "ordinal"
min = 0
max = 4
decimals = 0
source = "clinic"

[scoring]
max_missing = 1
missing_rule = "prorate one missing item"
source = "clinic"

[[items]]
id = "1"
label = "Sleep"
text = "How well did you sleep?"

[[items]]
id = "2"
label = "Mood"
text = "How was your mood?"

[[items]]
id = "3"
label = "Energy"
text = "How was your energy?"
"""


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("srs", "srs"),
        ("SRS", "srs"),
        ("srs3", "srs"),
        ("ors", "ors"),
        ("WAI-SR", "wai-sr"),
        ("waisr", "wai-sr"),
        ("PHQ-9", "phq-9"),
        ("phq9", "phq-9"),
        ("gad_7", "gad-7"),
    ],
)
def test_names_and_aliases_resolve(registry: Registry, name: str, canonical: str) -> None:
    """Measure names match case-, dash- and underscore-insensitively, and via aliases."""
    assert registry.get(name).name == canonical


def test_unknown_measure_lists_the_known_ones(registry: Registry) -> None:
    """An unknown name is an UnknownMeasureError whose hint lists the measures."""
    with pytest.raises(UnknownMeasureError) as caught:
        registry.get("bdi")
    assert "gad-7, ors, phq-9, srs, wai-sr" in str(caught.value)


def test_registry_iterates_in_name_order(registry: Registry) -> None:
    """Iteration and names() are sorted; len counts the definitions."""
    assert [d.name for d in registry] == list(registry.names()) == sorted(registry.names())
    assert len(registry) == 5


def test_conflicting_alias_is_refused() -> None:
    """Two definitions answering to the same name are refused."""
    shipped = {d.name: d for d in builtin_definitions()}
    srs, ors = shipped["srs"], shipped["ors"]
    with pytest.raises(DefinitionError, match="used by both"):
        Registry({"srs": srs, "ors": replace(ors, aliases=("SRS",))})


def test_missing_user_dir_gives_the_shipped_definitions(tmp_path: Path) -> None:
    """A user directory that does not exist is not an error."""
    assert load_registry(tmp_path / "absent").names() == load_registry().names()


def test_import_wording_makes_srs_administrable(tmp_path: Path) -> None:
    """Imported licensed wording fills the items and allows electronic use."""
    source = tmp_path / "srs-wording.toml"
    source.write_text(SRS_WORDING, encoding="utf-8")
    user = tmp_path / "defs"
    imported = import_definition(source, user, registry=load_registry(user))
    assert (imported.measure, imported.kind) == ("srs", "wording")
    assert imported.path == user / "srs.wording.toml"
    srs = load_registry(user).get("srs")
    assert srs.administrable
    assert srs.items[0].text == "Placeholder wording one"
    assert srs.items[0].left_anchor == "left"
    assert srs.licence.licensee == "Example Practice"
    assert srs.instructions is not None
    assert srs.cutoffs == load_registry().get("srs").cutoffs  # scoring unchanged


def test_wording_without_electronic_licence_stays_paper_only(tmp_path: Path) -> None:
    """Wording whose licence excludes electronic use does not make the form administrable."""
    source = tmp_path / "srs.toml"
    source.write_text(SRS_WORDING.replace("electronic_use = true", "electronic_use = false"))
    user = tmp_path / "defs"
    import_definition(source, user, registry=load_registry(user))
    srs = load_registry(user).get("srs")
    assert srs.licence.wording_included and not srs.administrable


def test_import_own_measure_and_replace(tmp_path: Path) -> None:
    """A clinic's own definition is imported, refused a second time, then replaced on request."""
    source = tmp_path / "cwc.toml"
    source.write_text(OWN_MEASURE, encoding="utf-8")
    user = tmp_path / "defs"
    imported = import_definition(source, user, registry=load_registry(user))
    assert (imported.measure, imported.kind) == ("clinic-wellbeing", "definition")
    assert load_registry(user).get("cwc3").title == "Clinic Wellbeing Check"
    with pytest.raises(DefinitionError, match="already exists"):
        import_definition(source, user, registry=load_registry(user))
    again = import_definition(source, user, registry=load_registry(user), replace=True)
    assert again.path == user / "clinic-wellbeing.toml"


def test_user_definition_overrides_the_shipped_one(tmp_path: Path) -> None:
    """A user file with a shipped name replaces that definition (e.g. local cut-offs)."""
    user = tmp_path / "defs"
    user.mkdir()
    text = OWN_MEASURE.replace('name = "clinic-wellbeing"', 'name = "ors"').replace(
        'short = "CWC"', 'short = "ORS"'
    )
    (user / "ors.toml").write_text(text.replace('aliases = ["cwc3"]', "aliases = []"))
    assert load_registry(user).get("ors").title == "Clinic Wellbeing Check"


BAD_WORDING = [
    # (replacement in SRS_WORDING, words)
    (('measure = "SRS"', 'measure = "bdi"'), "wording for unknown measure"),
    (('id = "4"', 'id = "5"'), "missing: ['4']; not in the measure: ['5']"),
    (('id = "4"', 'id = "3"'), "item 3 appears twice"),
    (("licensee", "licencee"), "is required"),
]


@pytest.mark.parametrize(("change", "words"), BAD_WORDING)
def test_bad_wording_is_refused(tmp_path: Path, change: tuple[str, str], words: str) -> None:
    """Wording for an unknown measure, or not matching its items, is refused; nothing is copied."""
    source = tmp_path / "w.toml"
    source.write_text(SRS_WORDING.replace(*change), encoding="utf-8")
    user = tmp_path / "defs"
    with pytest.raises(DefinitionError, match=words.replace("[", r"\[").replace("]", r"\]")):
        import_definition(source, user, registry=load_registry(user))
    assert not user.exists()


def test_anchor_outside_the_range_is_refused(tmp_path: Path) -> None:
    """Anchor values must lie in the measure's response range."""
    source = tmp_path / "w.toml"
    source.write_text(SRS_WORDING + '\n[[anchors]]\nvalue = 11\nlabel = "x"\n')
    with pytest.raises(DefinitionError, match="outside SRS's response range"):
        import_definition(source, tmp_path / "d", registry=load_registry())


def test_anchors_are_imported(tmp_path: Path) -> None:
    """Anchor labels in a wording file replace the scale's anchors."""
    source = tmp_path / "w.toml"
    source.write_text(SRS_WORDING + '\n[[anchors]]\nvalue = 0\nlabel = "low"\n')
    user = tmp_path / "d"
    import_definition(source, user, registry=load_registry())
    assert [a.label for a in load_registry(user).get("srs").response.anchors] == ["low"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("format = 1\n", "exactly one of a [measure] or a [wording]"),
        (SRS_WORDING + "\n[measure]\nname = 'x'\n", "exactly one of"),
    ],
)
def test_user_file_needs_one_kind(tmp_path: Path, text: str, words: str) -> None:
    """A user file must be either a definition or wording."""
    user = tmp_path / "defs"
    user.mkdir()
    (user / "x.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_registry(user)


def test_wording_in_user_dir_for_unknown_measure(tmp_path: Path) -> None:
    """Loading a directory with wording for an unknown measure names the file."""
    user = tmp_path / "defs"
    user.mkdir()
    (user / "bdi.wording.toml").write_text(SRS_WORDING.replace('"SRS"', '"bdi"'))
    with pytest.raises(DefinitionError) as caught:
        load_registry(user)
    assert caught.value.file == str(user / "bdi.wording.toml")


def test_new_definition_with_a_taken_alias_is_refused(tmp_path: Path) -> None:
    """Importing a definition whose alias is a shipped name is refused before copying."""
    source = tmp_path / "x.toml"
    source.write_text(OWN_MEASURE.replace('aliases = ["cwc3"]', 'aliases = ["PHQ"]'))
    with pytest.raises(DefinitionError, match="used by both"):
        import_definition(source, tmp_path / "d", registry=load_registry())


@pytest.mark.parametrize(
    ("home", "expected"),
    [(None, ("alliancelens", "measures")), (Path("/data/al"), ("al", "measures"))],
)
def test_default_user_dir(home: Path | None, expected: tuple[str, str]) -> None:
    """Definitions live in `measures` under the data directory (per-user by default)."""
    assert default_user_dir(home).parts[-2:] == expected
