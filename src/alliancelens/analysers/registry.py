"""Registry of analysers by name; the default pipeline runs them in registration order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from alliancelens.analysers.base import Analyser
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


def _load_builtin() -> None:
    # Importing the modules runs their @register decorators.
    from alliancelens.analysers import talk  # noqa: F401, PLC0415
    from alliancelens.analysers import microskills  # noqa: F401, PLC0415
    from alliancelens.analysers import risk  # noqa: F401, PLC0415
    from alliancelens.analysers import relational  # noqa: F401, PLC0415
    from alliancelens.analysers import red_flags  # noqa: F401, PLC0415
    from alliancelens.analysers import ruptures  # noqa: F401, PLC0415
    from alliancelens.analysers import alliance  # noqa: F401, PLC0415  (needs ruptures first)


def available() -> dict[str, type[Analyser]]:
    """All registered analyser classes by name, built-ins first."""
    _load_builtin()
    return dict(_REGISTRY)


def create(name: str, **params: Any) -> Analyser:
    """Instantiate the analyser registered as ``name`` with ``params``."""
    classes = available()
    if name not in classes:
        known = ", ".join(sorted(classes))
        raise UsageError(f"unknown analyser {name!r}; known analysers: {known}")
    factory: Callable[..., Analyser] = classes[name]
    return factory(**params)
