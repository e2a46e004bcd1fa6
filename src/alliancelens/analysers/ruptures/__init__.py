"""Alliance ruptures (3RS markers, episodes, resolution strategies); see docs/analysers/ruptures.md.

The rules are transparent: phrase patterns (``_lexicon``, ``_strategies``) read in the context
of the therapist turn before (``_text``, ``_markers``), grouped into episodes (``_episodes``).
A small trained classifier (``alliancelens.models.rupture_model``) proposes further markers and
strategies for wording the patterns miss; its hits pass the same context vetoes, run and
salience rules (``_model_cues``). Identifiers follow the labelled examples corpus and
clinical-reference §5 (``_taxonomy``).
"""

from __future__ import annotations

from alliancelens.analysers.ruptures._analyser import RuptureDetector
from alliancelens.analysers.ruptures._strategies import owns_or_discloses, strategies_in
from alliancelens.analysers.ruptures._taxonomy import (
    CONFRONTATION_MARKERS,
    MARKER_CODES,
    MARKER_KIND,
    STRATEGIES,
    STRATEGY_CODES,
    WITHDRAWAL_MARKERS,
    RuptureKind,
)

__all__ = [
    "CONFRONTATION_MARKERS",
    "MARKER_CODES",
    "MARKER_KIND",
    "STRATEGIES",
    "STRATEGY_CODES",
    "WITHDRAWAL_MARKERS",
    "RuptureDetector",
    "RuptureKind",
    "owns_or_discloses",
    "strategies_in",
]
