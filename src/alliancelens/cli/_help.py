"""Click-style placeholders in ``--help``: ``FILES...``, ``TEXT``, ``[a|b]``, nothing for flags.

The installed typer labels values with Python types (``<list[Path]>``, ``<bool>``, ``{files}``),
which reads as if a flag took a value. :func:`install` swaps its display methods for the
conventional click ones; it only changes what help and usage lines show, never parsing.
"""

from __future__ import annotations

import re
from typing import Any

from typer import core

__all__ = ["install", "metavar_for"]

#: Python type names (as typer writes them) and the click placeholder for each.
_TYPE_NAMES = {
    "str": "TEXT",
    "int": "INTEGER",
    "float": "FLOAT",
    "bool": "BOOLEAN",
    "path": "PATH",
    "file": "FILE",
    "directory": "DIRECTORY",
    "datetime": "DATE",
}
_LIST = re.compile(r"^list\[(.*)\]$")


def metavar_for(label: str) -> str:
    """The click placeholder for a typer type label such as ``<list[Path]>`` or ``<a|b>``."""
    inner = label.strip().removeprefix("<").removesuffix(">")
    while (match := _LIST.match(inner)) is not None:
        inner = match.group(1)
    if "|" in inner:
        return f"[{inner}]"
    return _TYPE_NAMES.get(inner.casefold(), inner.upper())


def _option_type(self: Any, ctx: Any) -> str | None:
    if self.metavar is not None:
        return str(self.metavar)
    if self.is_flag or self.count:
        return None
    return metavar_for(str(core.TyperOption.__typer_display_type__(self, ctx)))  # type: ignore[attr-defined]


def _argument_type(self: Any, ctx: Any) -> str | None:
    label = str(core.TyperArgument.__typer_display_type__(self, ctx))  # type: ignore[attr-defined]
    return metavar_for(label) if "|" in label else None  # choices; the name column says the rest


def _argument_name(self: Any) -> str:
    return str(self.metavar) if self.metavar is not None else str(self.name or "").upper()


def _argument_usage(self: Any) -> str:
    name = _argument_name(self) if self.required else f"[{_argument_name(self)}]"
    return f"{name}..." if self.nargs != 1 else name


def install() -> None:
    """Use click's placeholders in help; a no-op on typer versions without these hooks."""
    needed = ("display_type", "display_type_rich", "_usage_display_name", "display_name_raw")
    if not all(hasattr(core.TyperArgument, name) for name in needed):
        return
    for cls in (core.TyperOption, core.TyperArgument):
        if not hasattr(cls, "__typer_display_type__"):
            setattr(cls, "__typer_display_type__", cls.display_type)  # noqa: B010
    core.TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
    core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign]
    core.TyperArgument.display_name_raw = property(_argument_name)  # type: ignore[assignment,method-assign]
    core.TyperArgument._usage_display_name = _argument_usage  # type: ignore[method-assign]
