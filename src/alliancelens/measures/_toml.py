"""A strict reader over one TOML table: typed getters whose errors name the file and field."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from alliancelens.errors import DefinitionError

__all__ = ["Table"]

_MISSING: Any = object()


class Table:
    """One TOML table of a definition file; every getter marks its key as known.

    :meth:`done` refuses keys nobody asked for, so a typo (``cutof``) is an error, not a silently
    ignored line.
    """

    def __init__(self, data: Mapping[str, Any], *, path: str, origin: str) -> None:
        self.data = data
        self.path = path
        self.origin = origin
        self._known: set[str] = set()

    def field(self, key: str) -> str:
        """Dotted field name of ``key`` in this table, e.g. ``cutoffs[0].value``."""
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str, hint: str | None = None) -> DefinitionError:
        """A :class:`DefinitionError` located at ``key`` of this table."""
        return DefinitionError(problem, file=self.origin, field=self.field(key), hint=hint)

    def _get(self, key: str, default: Any) -> Any:
        self._known.add(key)
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise self._required(key)
        return default

    def _required(self, key: str) -> DefinitionError:
        """The "is required" error, naming an unknown key that looks like a misspelling of it."""
        unknown = [k for k in self.data if k not in self._known]
        close = difflib.get_close_matches(key, unknown, n=1, cutoff=0.8)
        if close:
            return self.error(
                key,
                f"is required; the table has the unknown key {close[0]!r}, "
                "which looks like a misspelling of it",
                hint=f"rename {close[0]!r} to {key!r}",
            )
        return self.error(key, "is required")

    def text(self, key: str, default: Any = _MISSING) -> str:
        """A non-empty string."""
        value = self._get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        """A non-empty string, or None when absent."""
        self._known.add(key)
        return self.text(key) if key in self.data else None

    def number(self, key: str, default: Any = _MISSING) -> float:
        """A finite number (int or float, not a boolean)."""
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, "must be a number")
        if not math.isfinite(value):
            raise self.error(key, "must be a finite number")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        """A finite number, or None when absent."""
        self._known.add(key)
        return self.number(key) if key in self.data else None

    def integer(self, key: str, default: Any = _MISSING) -> int:
        """An integer (not a boolean)."""
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, "must be a whole number")
        return value

    def flag(self, key: str, default: Any = _MISSING) -> bool:
        """A boolean."""
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def texts(self, key: str, default: Any = _MISSING) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self._get(key, default)
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) and v.strip() for v in value
        ):
            raise self.error(key, "must be a list of non-empty strings")
        return tuple(v.strip() for v in value)

    def table(self, key: str) -> Table:
        """A required sub-table."""
        value = self._get(key, _MISSING)
        if not isinstance(value, Mapping):
            raise self.error(key, "must be a table")
        return Table(value, path=self.field(key), origin=self.origin)

    def optional_table(self, key: str) -> Table | None:
        """A sub-table, or None when absent."""
        self._known.add(key)
        return self.table(key) if key in self.data else None

    def tables(self, key: str) -> list[Table]:
        """An array of tables (``[[key]]``); empty when absent."""
        value = self._get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.error(key, "must be an array of tables ([[...]])")
        return [
            Table(v, path=f"{self.field(key)}[{i}]", origin=self.origin)
            for i, v in enumerate(value)
        ]

    def done(self) -> None:
        """Refuse keys that no getter asked for."""
        unknown = sorted(set(self.data) - self._known)
        if unknown:
            raise self.error(unknown[0], "is not a known key", hint="check its spelling")
