"""One registry of measure definitions: the shipped ones plus a clinic's own directory.

Load order: shipped definitions (``measures/definitions/*.toml``), then every full definition in
the user directory (one with the same name replaces the shipped one), then every wording file in
the user directory (applied to the measure it names). Nothing is read at import time.

Which directory: every surface (CLI, record store, dashboard, notes, insights) calls
:func:`registry_in_use`, which takes ``--definitions DIR``, else ``ALLIANCELENS_MEASURES_DIR``
(``Settings.measures_dir``), else ``measures`` in the data directory. A directory given on
purpose (option or variable) must exist: a typo never falls back to the shipped definitions.
Only the default directory may be absent. The registry's :class:`DefinitionsSource` says which
definitions were used, for reports to name.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from alliancelens.config import Settings, default_home, load_settings
from alliancelens.errors import DefinitionError, UnknownMeasureError
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.loader import normalise_name, parse_definition, read_toml
from alliancelens.measures.wording import Wording, apply_wording, parse_wording

__all__ = [
    "DefinitionsSource",
    "ImportedFile",
    "Registry",
    "builtin_definitions",
    "default_user_dir",
    "definitions_dir",
    "import_definition",
    "load_registry",
    "registry_in_use",
]

_WORDING_SUFFIX = ".wording.toml"


@dataclass(frozen=True, slots=True)
class DefinitionsSource:
    """Which definitions a registry holds: the shipped ones, and a clinic directory's files.

    ``directory`` is the clinic directory that was looked in (``None``: the shipped definitions
    on purpose, as for the demo); ``found`` whether it exists; ``local`` the measures it changed,
    as ``(name, "definition" or "wording")``.
    """

    directory: Path | None = None
    found: bool = False
    local: tuple[tuple[str, str], ...] = ()

    @property
    def scoring_changed(self) -> tuple[str, ...]:
        """Measures whose scoring (cut-offs, reliable change, …) comes from the clinic's files."""
        return tuple(name for name, kind in self.local if kind == "definition")

    def describe(self) -> str:
        """One line for reports: ``shipped definitions; the clinic's own from DIR: ors (…)``."""
        if self.directory is None:
            return "shipped definitions"
        if not self.found:
            return f"shipped definitions only (no clinic folder at {self.directory})"
        if not self.local:
            return f"shipped definitions only (the clinic folder {self.directory} has none)"
        parts = ", ".join(f"{name} ({kind})" for name, kind in self.local)
        return f"shipped definitions, with the clinic's own from {self.directory}: {parts}"

    def as_json(self) -> dict[str, Any]:
        """The source for ``--json`` reports."""
        return {
            "directory": None if self.directory is None else str(self.directory),
            "found": self.found,
            "local": [{"measure": name, "kind": kind} for name, kind in self.local],
            "text": self.describe(),
        }


class Registry:
    """Measure definitions by name; names and aliases are matched case- and dash-insensitively.

    ``source`` says where they came from (:class:`DefinitionsSource`; reports name it).
    """

    def __init__(
        self,
        definitions: Mapping[str, MeasureDefinition],
        source: DefinitionsSource | None = None,
    ) -> None:
        self.source = source or DefinitionsSource()
        self.definitions: Mapping[str, MeasureDefinition] = MappingProxyType(
            dict(sorted(definitions.items()))
        )
        keys: dict[str, str] = {}
        for defn in self.definitions.values():
            for key in sorted({normalise_name(n) for n in (defn.name, defn.short, *defn.aliases)}):
                if keys.setdefault(key, defn.name) != defn.name:
                    raise DefinitionError(
                        f"name or alias {key!r} is used by both {keys[key]} and {defn.name}",
                        file=defn.origin,
                        field="measure.aliases",
                    )
        self._keys = keys

    def __iter__(self) -> Iterator[MeasureDefinition]:
        return iter(self.definitions.values())

    def __len__(self) -> int:
        return len(self.definitions)

    def names(self) -> tuple[str, ...]:
        """Canonical measure names, sorted."""
        return tuple(self.definitions)

    def get(self, name: str) -> MeasureDefinition:
        """The definition called ``name`` (or with that alias); UnknownMeasureError otherwise.

        The message does not repeat ``name``: a misaligned file may put a client's name there.
        """
        canonical = self._keys.get(normalise_name(name))
        if canonical is None:
            raise UnknownMeasureError(
                "unknown measure",
                hint=f"known measures: {', '.join(self.names())}",
            )
        return self.definitions[canonical]


@dataclass(frozen=True, slots=True)
class ImportedFile:
    """Where :func:`import_definition` stored a file, and what it holds."""

    measure: str
    kind: str  # "definition" or "wording"
    path: Path


def default_user_dir(home: Path | None = None) -> Path:
    """The clinic's definitions directory: ``measures`` in the data directory ``home``.

    ``home`` defaults to the platform's per-user data directory (``Settings.home`` without
    ``ALLIANCELENS_HOME``); computed on call, never at import.
    """
    return (home or default_home()) / "measures"


def builtin_definitions() -> list[MeasureDefinition]:
    """The definitions shipped with AllianceLens, sorted by file name."""
    root = resources.files("alliancelens.measures") / "definitions"
    files = sorted((f for f in root.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return [parse_definition(_read_resource(f), origin=f"definitions/{f.name}") for f in files]


def _read_resource(resource: Traversable) -> dict[str, Any]:
    with resources.as_file(resource) as path:
        return read_toml(Path(path))


def load_registry(user_dir: Path | None = None) -> Registry:
    """Shipped definitions, overridden and extended by ``user_dir`` (when it exists).

    Without ``user_dir``: the shipped definitions only. This primitive does not refuse an
    absent ``user_dir``; surfaces use :func:`registry_in_use`, which does when it was given on
    purpose.
    """
    by_name = {d.name: d for d in builtin_definitions()}
    if user_dir is None or not user_dir.is_dir():
        return Registry(by_name, DefinitionsSource(user_dir, found=False))
    wordings: list[Wording] = []
    local: list[tuple[str, str]] = []
    for path in sorted(user_dir.glob("*.toml")):
        loaded = _load_user_file(path)
        if isinstance(loaded, Wording):
            wordings.append(loaded)
        else:
            by_name[loaded.name] = loaded
            local.append((loaded.name, "definition"))
    registry = Registry(by_name)
    for wording in wordings:
        defn = _wording_target(registry, wording)
        by_name[defn.name] = apply_wording(defn, wording)
        local.append((defn.name, "wording"))
    return Registry(by_name, DefinitionsSource(user_dir, found=True, local=tuple(sorted(local))))


#: How a definitions directory was chosen, for the error that names it.
_GIVEN_BY = {"option": "--definitions", "setting": "ALLIANCELENS_MEASURES_DIR"}


def definitions_dir(
    definitions: Path | None = None, *, settings: Settings | None = None
) -> tuple[Path, str]:
    """The clinic's definitions directory and how it was chosen.

    ``definitions`` (``--definitions DIR``) first, then ``ALLIANCELENS_MEASURES_DIR``
    (``Settings.measures_dir``), then ``measures`` in the data directory. The second value is
    ``"option"``, ``"setting"`` or ``"default"``. Settings are read only when needed.
    """
    if definitions is not None:
        return definitions, "option"
    settings = settings or load_settings()
    if settings.measures_dir is not None:
        return settings.measures_dir, "setting"
    return settings.resolved_measures_dir, "default"


def check_definitions_dir(directory: Path, chosen_by: str) -> None:
    """Refuse a directory given on purpose that does not exist or is not a directory.

    A mistyped ``--definitions`` or ``ALLIANCELENS_MEASURES_DIR`` would otherwise score with the
    shipped cut-offs and say nothing (QA38 #2). The default directory may be absent.
    """
    if chosen_by == "default" or directory.is_dir():
        return
    what = "is not a folder" if directory.exists() else "does not exist"
    raise DefinitionError(
        f"the definitions folder {directory} {what}",
        field=_GIVEN_BY.get(chosen_by, chosen_by),
        hint="correct the path, or leave it out to use `measures` in the data directory; "
        "see docs/measures/definitions.md",
    )


def registry_in_use(
    definitions: Path | None = None, *, settings: Settings | None = None
) -> Registry:
    """The registry every surface scores with: shipped plus the clinic directory in force.

    The directory is :func:`definitions_dir`'s; one given on purpose must exist
    (:func:`check_definitions_dir`). The registry's ``source`` names it for reports.
    """
    directory, chosen_by = definitions_dir(definitions, settings=settings)
    check_definitions_dir(directory, chosen_by)
    return load_registry(directory)


def _wording_target(registry: Registry, wording: Wording) -> MeasureDefinition:
    try:
        return registry.get(wording.measure)
    except UnknownMeasureError as exc:
        raise DefinitionError(
            f"wording for unknown measure {wording.measure!r}",
            file=wording.origin,
            field="wording.measure",
            hint=exc.hint,
        ) from None


def _load_user_file(path: Path) -> MeasureDefinition | Wording:
    data = read_toml(path)
    has_measure, has_wording = "measure" in data, "wording" in data
    if has_measure == has_wording:
        raise DefinitionError(
            "a definition file needs exactly one of a [measure] or a [wording] table", file=path
        )
    if has_wording:
        return parse_wording(data, origin=str(path))
    return parse_definition(data, origin=str(path))


def import_definition(
    source: Path, user_dir: Path, *, registry: Registry, replace: bool = False
) -> ImportedFile:
    """Validate a definition or wording file and copy it into ``user_dir``.

    A full definition is stored as ``<name>.toml``; wording as ``<name>.wording.toml``. An
    existing file is only replaced when ``replace`` is true.
    """
    loaded = _load_user_file(source)
    if isinstance(loaded, Wording):
        defn = _wording_target(registry, loaded)
        apply_wording(defn, loaded)
        name, kind, target = defn.name, "wording", user_dir / f"{defn.name}{_WORDING_SUFFIX}"
    else:
        Registry({**registry.definitions, loaded.name: loaded})
        name, kind, target = loaded.name, "definition", user_dir / f"{loaded.name}.toml"
    if target.exists() and not replace:
        raise DefinitionError(
            f"{target} already exists", file=source, hint="pass --replace to overwrite it"
        )
    user_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return ImportedFile(name, kind, target)
