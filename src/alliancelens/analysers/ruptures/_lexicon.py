"""The rupture lexicon, kept as data: all cues of the withdrawal and confrontation tables.

Sources for every marker: its definition in clinical-reference §5.2 (withdrawal W1-W7) and §5.3
(confrontation C1-C7) [3RS-2015; Eubanks2019; S/U as tagged there], in the operational wording
of ``ruptures-examples/README.md``. The phrases are our own generalisations of those
definitions (British and American English), not lines of any transcript. Patterns run on
lower-cased text with transcriber notes removed; markers that need context (W1 denial, W2
minimal response, W5 bare assent, W6 content/affect split) add rules in ``_markers.py``.
"""

from __future__ import annotations

from alliancelens.analysers.ruptures._cue import ACTIVITY, ACTIVITY_BAD, Cue
from alliancelens.analysers.ruptures._cues_confrontation import CONFRONTATION_CUES
from alliancelens.analysers.ruptures._cues_indirect import INDIRECT_CUES
from alliancelens.analysers.ruptures._cues_withdrawal import WITHDRAWAL_CUES

__all__ = ["ACTIVITY", "ACTIVITY_BAD", "CUES", "Cue"]

#: Every cue, withdrawal first, then the indirect/dialect block of both kinds.
CUES: tuple[Cue, ...] = (*WITHDRAWAL_CUES, *CONFRONTATION_CUES, *INDIRECT_CUES)
