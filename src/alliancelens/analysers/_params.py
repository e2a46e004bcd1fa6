"""Checks on analyser parameters given to :func:`~alliancelens.analysers.registry.create`.

Generic, so every analyser (built-in or plug-in) gets them without code of its own:

* the name must be one of the constructor's keyword-only parameters;
* the value must match the parameter's annotation (``bool``, ``int``, ``float``, ``str``,
  optionally ``| None``); an ``int`` is accepted for a ``float``, a ``bool`` never for a number;
* a number must be finite and at least 0, and a parameter whose name ends in ``_threshold``,
  ``_share``, ``_clear`` or ``_support`` is a probability or proportion, so it must lie in 0–1.

An analyser may narrow the ranges with a ``param_ranges`` class attribute
(``{"name": (low, high)}``). Messages name the analyser, parameter and allowed values, never
transcript text.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from typing import Any, Final

from alliancelens.analysers.base import Analyser
from alliancelens.errors import UsageError

__all__ = ["PROPORTION_SUFFIXES", "check_params"]

#: Name endings of parameters that are probabilities or proportions (allowed range 0–1).
PROPORTION_SUFFIXES: Final = ("_threshold", "_share", "_clear", "_support")
_TYPES: Final[Mapping[str, tuple[type, ...]]] = {
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
    "str": (str,),
}


def check_params(cls: type[Analyser], params: Mapping[str, Any]) -> None:
    """Raise :class:`UsageError` for an unknown, mistyped or out-of-range parameter."""
    signature = inspect.signature(cls.__init__)
    allowed = {p.name: p for p in signature.parameters.values() if p.kind is p.KEYWORD_ONLY}
    for name, value in params.items():
        parameter = allowed.get(name)
        if parameter is None:
            known = ", ".join(sorted(allowed)) or "none"
            raise UsageError(f"{cls.name} has no parameter {name!r} (parameters: {known})")
        _check_type(cls, name, parameter.annotation, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            _check_range(cls, name, float(value))


def _check_type(cls: type[Analyser], name: str, annotation: Any, value: Any) -> None:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    parts = [part.strip() for part in str(text).split("|")]
    if value is None and "None" in parts:
        return
    kinds = [_TYPES[part] for part in parts if part in _TYPES]
    if not kinds or len(kinds) + ("None" in parts) != len(parts):
        return  # an annotation this check does not understand: leave it to the analyser
    if isinstance(value, bool) and "bool" not in parts:
        ok = False
    else:
        ok = any(isinstance(value, kind) for kind in kinds)
    if not ok:
        raise UsageError(
            f"{cls.name} parameter {name!r} must be {' or '.join(parts)}, "
            f"not {type(value).__name__}"
        )


def _check_range(cls: type[Analyser], name: str, value: float) -> None:
    ranges: Mapping[str, tuple[float, float]] = getattr(cls, "param_ranges", {})
    if name in ranges:
        low, high = ranges[name]
    elif name.endswith(PROPORTION_SUFFIXES):
        low, high = 0.0, 1.0
    else:
        low, high = 0.0, math.inf
    if not math.isfinite(value) or not low <= value <= high:
        allowed = f"from {low:g} to {high:g}" if math.isfinite(high) else f"at least {low:g}"
        raise UsageError(
            f"{cls.name} parameter {name!r} must be a number {allowed} (got {value:g})"
        )
