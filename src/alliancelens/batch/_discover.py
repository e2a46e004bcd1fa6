"""Turn the command line's INPUTS into transcript files: folders, globs and plain paths.

* A **file** is taken as given, whatever its suffix (the reader detects the format).
* A **folder** is searched recursively for the transcript suffixes of the registered readers
  (``alliancelens formats``), except ``.md``: folders of transcripts usually hold a README.
  Hidden files and folders (names starting with ``.``) are skipped.
* Anything else containing ``*``, ``?`` or ``[`` is a **glob** (``**`` spans folders).
* The output folder is never read, so a batch can write inside the corpus it analyses.

The order is the order of the inputs, folder and glob matches sorted by path; a file reached
twice is taken once. A path that does not exist, or a glob that matches nothing, is recorded as
a failed input (the run goes on). A folder that holds no transcript file is not a failure but
is reported in ``Discovered.empty`` (a mistyped or unmounted folder often looks like this).
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from alliancelens.errors import UsageError
from alliancelens.ingest import formats

__all__ = ["Discovered", "discover", "nothing_found", "transcript_suffixes"]

_GLOB_CHARS = frozenset("*?[")
#: Suffixes of readers that are not taken when recursing folders (see the module docstring).
_NOT_IN_FOLDERS = frozenset({".md"})


@dataclass(frozen=True, slots=True)
class Discovered:
    """Files to analyse, in order; inputs that named nothing (path, message); empty folders."""

    files: tuple[Path, ...]
    missing: tuple[tuple[str, str], ...]
    empty: tuple[str, ...] = ()


def transcript_suffixes() -> frozenset[str]:
    """Suffixes taken when recursing folders."""
    found = {s.lower() for reader in formats().values() for s in reader.suffixes}
    return frozenset(found - _NOT_IN_FOLDERS)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and path.resolve().is_relative_to(folder)


def _folder(root: Path, suffixes: frozenset[str], exclude: Path | None) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.suffix.lower() in suffixes
        and p.is_file()
        and not _hidden(p, root)
        and not _inside(p, exclude)
    )


def _expand(item: str, suffixes: frozenset[str], exclude: Path | None) -> list[Path] | None:
    path = Path(item)
    if path.is_dir():
        return _folder(path, suffixes, exclude)
    if path.is_file():
        return [path]
    if _GLOB_CHARS & set(item):
        # glob.glob, not Path.glob: the pattern may be absolute or start with "..".
        matches = (Path(m) for m in sorted(glob.glob(item, recursive=True)))  # noqa: PTH207
        return [m for m in matches if m.is_file() and not _inside(m, exclude)]
    return None


def discover(inputs: Sequence[str | Path], *, exclude: Path | None = None) -> Discovered:
    """Files named by ``inputs`` (see the module docstring); ``exclude`` is the output folder."""
    if not inputs:
        raise UsageError("no inputs given; pass transcript files, folders or globs")
    suffixes = transcript_suffixes()
    excluded = exclude.resolve() if exclude is not None else None
    files: dict[Path, Path] = {}
    missing: list[tuple[str, str]] = []
    empty: list[str] = []
    for item in map(str, inputs):
        expanded = _expand(item, suffixes, excluded)
        if expanded is None:
            missing.append((item, f"{item}: no such file or folder"))
        elif not expanded and Path(item).is_dir():
            empty.append(item)
        elif not expanded:
            missing.append((item, f"{item}: the pattern matches no file"))
        for path in _unique(expanded or (), files):
            files[path.resolve()] = path
    return Discovered(tuple(files.values()), tuple(missing), tuple(empty))


def _unique(paths: Iterable[Path], seen: dict[Path, Path]) -> Iterable[Path]:
    return (p for p in paths if p.resolve() not in seen)


def nothing_found(empty: Sequence[str]) -> str:
    """The error for INPUTS that are all folders without transcripts, naming them."""
    shown = ", ".join(empty[:3]) + (f" and {len(empty) - 3} more" if len(empty) > 3 else "")
    suffixes = ", ".join(sorted(transcript_suffixes()))
    return (
        f"no transcript files found in {shown or 'the inputs given'} (folders are searched "
        f"recursively for {suffixes}; hidden files and .md are skipped); check the path, or "
        "name the files explicitly"
    )
