"""What a ``note``/``insights`` target names: a transcript file, or a record in the store.

An existing file is always a file. Otherwise ``session:ID`` and ``client:ID`` name a stored
session or client by internal id (``session:`` may be left out where a bare integer is allowed).
Anything else is treated as a file path, so a missing file is reported as such; except a
``session:``/``client:`` prefix without a number (``client:abc``), which is refused in one line
saying how stored records are named (:func:`malformed_target`), without repeating what follows the
prefix (it may be a client's name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["StoreTarget", "malformed_target", "store_target"]

_PATTERN = re.compile(r"^(session|client):(\d+)$")
_PREFIX = re.compile(r"^(session|client):")
#: Where the ids of each kind of stored record are listed.
_LISTED_BY = {
    "client": "`alliancelens clients list` shows them",
    "session": "`alliancelens sessions list CLIENT` shows them",
}


@dataclass(frozen=True, slots=True)
class StoreTarget:
    """A stored session or client named by its internal id."""

    kind: Literal["session", "client"]
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


def store_target(text: str, *, bare_session: bool = False) -> StoreTarget | None:
    """The store record ``text`` names, or None when it is (or may be) a transcript file."""
    if Path(text).exists():
        return None
    if bare_session and text.isdigit():
        return StoreTarget("session", int(text))
    match = _PATTERN.match(text.strip())
    if match is None:
        return None
    return StoreTarget("session" if match[1] == "session" else "client", int(match[2]))


def malformed_target(text: str) -> str | None:
    """The one-line refusal for ``client:``/``session:`` not followed by an id, else None.

    The refusal names the kind of target and what to do, never the text after the prefix.
    """
    if Path(text).exists() or store_target(text) is not None:
        return None
    prefix = _PREFIX.match(text.strip())
    if prefix is None:
        return None
    kind = prefix[1]
    return f"{kind}:…: a stored {kind} is named by its id number, as {kind}:ID; {_LISTED_BY[kind]}"
