"""Whether a client utterance reads as English (the heuristic lives with the analysers).

Kept as the notes' import path; see :mod:`alliancelens.analysers._language`.
"""

from __future__ import annotations

from alliancelens.analysers._language import looks_english

__all__ = ["looks_english"]
