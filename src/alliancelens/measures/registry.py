"""One registry of measure definitions: the shipped ones plus a clinic's own directory.

Load order: shipped definitions (``measures/definitions/*.toml``), then every full definition in
the user directory (one with the same name replaces the shipped one), then every wording file in
the user directory (applied to the measure it names). Nothing is read at import time.
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

from alliancelens.config import default_home
from alliancelens.errors import DefinitionError, UnknownMeasureError
from alliancelens.measures.definition import MeasureDefinition
from alliancelens.measures.loader import normalise_name, parse_definition, read_toml
from alliancelens.measures.wording import Wording, apply_wording, parse_wording

__all__ = [
    "ImportedFile",
    "Registry",
    "builtin_definitions",
    "default_user_dir",
    "import_definition",
    "load_registry",
]

_WORDING_SUFFIX = ".wording.toml"


class Registry:
    """Measure definitions by name; names and aliases are matched case- and dash-insensitively."""

    def __init__(self, definitions: Mapping[str, MeasureDefinition]) -> None:
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
    """Shipped definitions, overridden and extended by ``user_dir`` (when it exists)."""
    by_name = {d.name: d for d in builtin_definitions()}
    if user_dir is None or not user_dir.is_dir():
        return Registry(by_name)
    wordings: list[Wording] = []
    for path in sorted(user_dir.glob("*.toml")):
        loaded = _load_user_file(path)
        if isinstance(loaded, Wording):
            wordings.append(loaded)
        else:
            by_name[loaded.name] = loaded
    registry = Registry(by_name)
    for wording in wordings:
        defn = _wording_target(registry, wording)
        by_name[defn.name] = apply_wording(defn, wording)
    return Registry(by_name)


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
