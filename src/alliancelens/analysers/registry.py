"""Registry of analysers by name; the default pipeline runs them in registration order."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from alliancelens.analysers._params import check_params
from alliancelens.analysers.base import SESSION_CAPABILITIES, Analyser
from alliancelens.errors import UsageError

__all__ = ["available", "create", "register"]

_REGISTRY: dict[str, type[Analyser]] = {}

A = TypeVar("A", bound=type[Analyser])


def register(cls: A) -> A:
    """Class decorator: register an analyser class under its ``name``."""
    existing = _REGISTRY.get(cls.name)
    if existing is not None and existing is not cls:
        raise ValueError(f"analyser name {cls.name!r} is already registered by {existing!r}")
    _REGISTRY[cls.name] = cls
    return cls


#: Built-in analyser modules, in the order reports list them (dependencies permitting).
_BUILTIN_MODULES = (
    "talk",
    "microskills",
    "ruptures",
    "alliance",
    "relational",
    "red_flags",
    "risk",
)


def _load_builtin() -> None:
    # Importing the modules runs their @register decorators. available() orders analysers by
    # their requires/produces, so this order only decides among analysers that are ready.
    for module in _BUILTIN_MODULES:
        importlib.import_module(f"alliancelens.analysers.{module}")


def _dependency_order(classes: list[type[Analyser]]) -> list[type[Analyser]]:
    """Order ``classes`` so every analyser comes after the producers of what it requires.

    Stable: among analysers whose requirements are met, the one registered first goes first. An
    analyser also waits for the producers of the kinds it ``uses`` (optional inputs), unless
    nothing else is ready (a cycle of optional inputs never blocks the order).
    Analysers whose requirements nobody produces are appended last, so that building a pipeline
    reports them clearly (:class:`~alliancelens.errors.PipelineError`).
    """
    known = set(SESSION_CAPABILITIES)
    pending = list(classes)
    ordered: list[type[Analyser]] = []
    while pending:
        waiting = {kind for cls in pending for kind in cls.produces}  # not produced yet
        ready = next(
            (cls for cls in pending if cls.requires <= known and not cls.uses & waiting), None
        ) or next((cls for cls in pending if cls.requires <= known), None)
        if ready is None:
            return ordered + pending
        ordered.append(ready)
        pending.remove(ready)
        known |= ready.produces
    return ordered


def available() -> dict[str, type[Analyser]]:
    """All registered analyser classes by name, in dependency order (see ``_dependency_order``)."""
    _load_builtin()
    classes = sorted(_REGISTRY.values(), key=_listing_position)
    return {cls.name: cls for cls in _dependency_order(classes)}


def _listing_position(cls: type[Analyser]) -> int:
    """Built-ins in ``_BUILTIN_MODULES`` order, whatever was imported first; plug-ins after."""
    module = cls.__module__.removeprefix("alliancelens.analysers.").split(".")[0]
    return _BUILTIN_MODULES.index(module) if module in _BUILTIN_MODULES else len(_BUILTIN_MODULES)


def create(name: str, **params: Any) -> Analyser:
    """Instantiate the analyser registered as ``name`` with ``params``.

    Parameters are checked first (:mod:`alliancelens.analysers._params`): an unknown name, a
    wrong type or a value out of range raises :class:`~alliancelens.errors.UsageError`.
    """
    classes = available()
    if name not in classes:
        known = ", ".join(sorted(classes))
        raise UsageError(f"unknown analyser {name!r}; known analysers: {known}")
    check_params(classes[name], params)
    factory: Callable[..., Analyser] = classes[name]
    return factory(**params)
