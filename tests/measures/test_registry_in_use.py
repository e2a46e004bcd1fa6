"""Which definitions are in force: one resolution for every surface, never a silent fallback.

QA38 #1 and #2: ``--definitions DIR``, else ``ALLIANCELENS_MEASURES_DIR``, else ``measures`` in
the data directory; a folder given on purpose must exist; reports name what was used.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancelens.config import Settings
from alliancelens.errors import DefinitionError
from alliancelens.measures import DefinitionsSource, registry_in_use, report_for_csv
from alliancelens.measures.jsonable import report_to_json
from alliancelens.measures.registry import definitions_dir

from .measures_helpers import clinic_ors_folder

#: Two ORS forms of one client: 18.0 at intake, then 25.0 (on the adult cut-off).
FORMS = (
    "client,date,measure,items\n"
    "kestrel,2026-03-02,ORS,4.5 4.5 4.5 4.5\n"
    "kestrel,2026-03-09,ORS,6.2 6.3 6.2 6.3\n"
)


def _settings(tmp_path: Path, measures_dir: Path | None = None) -> Settings:
    return Settings(home=tmp_path / "home", measures_dir=measures_dir)


@pytest.mark.parametrize(
    ("option", "setting", "chosen"),
    [
        ("opt", "env", "option"),
        (None, "env", "setting"),
        (None, None, "default"),
    ],
)
def test_option_then_setting_then_default(
    tmp_path: Path, option: str | None, setting: str | None, chosen: str
) -> None:
    """--definitions wins over ALLIANCELENS_MEASURES_DIR, which wins over <home>/measures."""
    given = tmp_path / option if option else None
    settings = _settings(tmp_path, tmp_path / setting if setting else None)
    folder, how = definitions_dir(given, settings=settings)
    expected = {
        "option": tmp_path / "opt",
        "setting": tmp_path / "env",
        "default": tmp_path / "home" / "measures",
    }
    assert (folder, how) == (expected[chosen], chosen)


@pytest.mark.parametrize(
    ("by_option", "named"),
    [(True, "--definitions"), (False, "ALLIANCELENS_MEASURES_DIR")],
)
def test_a_folder_given_on_purpose_must_exist(tmp_path: Path, by_option: bool, named: str) -> None:
    """A mistyped folder is refused, naming the option or variable, not scored as shipped."""
    typo = tmp_path / "defz"
    settings = _settings(tmp_path, None if by_option else typo)
    with pytest.raises(DefinitionError) as caught:
        registry_in_use(typo if by_option else None, settings=settings)
    assert caught.value.field == named
    assert "does not exist" in caught.value.problem and str(typo) in caught.value.problem


def test_a_file_is_not_a_definitions_folder(tmp_path: Path) -> None:
    """A path to a file is refused as "not a folder"."""
    file = tmp_path / "ors.toml"
    file.write_text("format = 1\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="is not a folder"):
        registry_in_use(file, settings=_settings(tmp_path))


def test_the_default_folder_may_be_absent(tmp_path: Path) -> None:
    """Without a folder given, an absent <home>/measures means the shipped definitions."""
    registry = registry_in_use(settings=_settings(tmp_path))
    assert registry.source == DefinitionsSource(tmp_path / "home" / "measures", found=False)
    assert registry.get("ors").cutoff("clinical", "adult").concern.value == "below"
    assert "shipped definitions only" in registry.source.describe()


def test_the_clinic_folder_is_used_and_named(tmp_path: Path) -> None:
    """The clinic's ORS definition scores the report, and the report says it came from there."""
    folder = clinic_ors_folder(tmp_path / "clinic")
    registry = registry_in_use(settings=_settings(tmp_path, folder))
    assert registry.source.local == (("ors", "definition"),)
    assert registry.source.scoring_changed == ("ors",)
    assert str(folder) in registry.source.describe()
    path = tmp_path / "forms.csv"
    path.write_text(FORMS, encoding="utf-8")
    data = report_to_json(report_for_csv(path, registry=registry))
    assert data["definitions"]["local"] == [{"measure": "ors", "kind": "definition"}]
    (ors,) = data["clients"][0]["trajectories"]
    assert ors["points"][-1]["change"]["category"] == "improved"  # 25.0 still clinical


def test_report_for_csv_resolves_like_every_surface(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a registry, report_for_csv (note --measures, journal) uses the variable's folder."""
    path = tmp_path / "forms.csv"
    path.write_text(FORMS, encoding="utf-8")
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(clinic_ors_folder(tmp_path / "clinic")))
    report = report_for_csv(path)
    change = report.clients[0].trajectories[0].latest.change
    assert change is not None and change.category.value == "improved"
    assert report.definitions_source.scoring_changed == ("ors",)
    monkeypatch.setenv("ALLIANCELENS_MEASURES_DIR", str(tmp_path / "clinc"))
    with pytest.raises(DefinitionError, match="ALLIANCELENS_MEASURES_DIR"):
        report_for_csv(path)
