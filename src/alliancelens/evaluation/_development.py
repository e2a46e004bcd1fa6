"""Whether a corpus folder is the development data the rules and models were tuned on.

``evaluate all`` marks the rows of such a corpus "development data (optimistic)" instead of
met / missed, and never heads its report "independent" for it (QA36 item 7). A folder is
development data when its content digest (:func:`folder_digest`) equals that of a corpus in the
shared data the rules, thresholds and models were developed on (:data:`DEVELOPMENT_DIGESTS`,
computed from ``shared/data`` when this release was made). The rule is by content, not by path:
a copy elsewhere is still development data. A changed or different corpus is not recognised;
the report is then headed "independent" only if the user says the data was held out
(``--held-out``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["DEVELOPMENT_DIGESTS", "folder_digest", "is_development"]

#: Corpus folder name -> digest of the shared-data corpus of that name (AnnoMI, EPITOME, MI-Bot,
#: the ruptures/risk examples), all used while developing the rules, thresholds and models.
DEVELOPMENT_DIGESTS: dict[str, frozenset[str]] = {
    "annomi": frozenset({"65103766d4dabb93ca253b11170fb6ed9fa0fc1909f33bd7b6304ddf4c197e9f"}),
    "epitome": frozenset({"5673585185c6826d0565d39c6360b24f52f8a7a4601edb9d71a123e8274a6da3"}),
    "mibot": frozenset({"0a6fac987cc8562d4b6275e342d5bbb066fc722928697ec6090c3decad744afc"}),
    "ruptures-examples": frozenset(
        {"21ef0ae1d350df3536f8e8233f82233ba4611d95e01d0464d77ed9a302256d86"}
    ),
}


def folder_digest(folder: Path) -> str:
    """SHA-256 over every non-hidden file's relative path and content, in path order."""
    outer = hashlib.sha256()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        inner = hashlib.sha256(path.read_bytes()).hexdigest()
        outer.update(f"{path.relative_to(folder).as_posix()}\0{inner}\n".encode())
    return outer.hexdigest()


def is_development(name: str, folder: Path) -> bool:
    """Whether ``folder`` (the corpus ``name``) is the development corpus of that name."""
    known = DEVELOPMENT_DIGESTS.get(name, frozenset())
    return bool(known) and folder_digest(folder) in known
