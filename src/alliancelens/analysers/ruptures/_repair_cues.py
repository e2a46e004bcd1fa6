"""The therapist's rupture-specific repair as a second reading of the client turn before it.

A therapist who, in the very next turn, invites talk about the relationship (R4), owns a part
(R5) or discloses their own reaction (R6) is responding to a rupture they perceived
(clinical-reference §5.4: exploratory strategies work through metacommunication [V:
CAFT-website, U: 3RS-2015]; §5.6 stage 1, the therapist attends to the rupture marker). That is
evidence independent of the client's wording:

* a client turn with no marker of the kind the model leans to, but a (context-checked) model
  probability of that kind of at least ``_REPAIR_SUPPORT``, gets a clear marker of the model's
  top subtype (cue ``repair_followed``);
* a weak marker of that kind becomes clear (3RS salience: a clear marker, §5.5 [S:
  3RS-2022-code]); a clear one is left as it is, so the repair never makes an episode out of a
  single turn (it still needs a neighbouring marker, a kind switch or a model run).

Immediate strategies (R1-R3, R10), links to wider patterns (R7/R8) and validation (R9) are left
out: they are common in ordinary task talk and in good MI sessions.
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers.ruptures._model_cues import MODEL_CUES
from alliancelens.analysers.ruptures._reply_cues import Hit
from alliancelens.analysers.ruptures._strategies import strategies_in
from alliancelens.analysers.ruptures._taxonomy import RuptureKind

__all__ = ["REPAIR_CUE", "owns_part", "repair_hits"]

#: Cue id of a marker the therapist's repair made (or raised).
REPAIR_CUE = "repair_followed"
#: Rupture-specific repair strategies (R4-R6; clinical-reference §5.4 [U: 3RS-2015]).
_RUPTURE_REPAIRS = frozenset(
    {
        "invite_discussion_of_thoughts_feelings",
        "acknowledge_own_contribution",
        "disclose_internal_experience",
    }
)
#: The therapist owning a part (R5) or disclosing their own reaction (R6): rupture-specific
#: exploratory strategies (clinical-reference §5.4 [U: 3RS-2015]) that read the client turn
#: before as a rupture. Version 13 lets them corroborate one clear confrontation marker
#: (``_episodes``); invitations (R4) are left out, being routine in good sessions.
_OWNING = frozenset({"acknowledge_own_contribution", "disclose_internal_experience"})
#: Lowest model probability a repaired turn needs: the lowest marker threshold of the documented
#: operating-point grid (docs/analysers/ruptures.md, version 5). Our default [S], not published.
_REPAIR_SUPPORT = 0.45
#: Strength of a clear marker (3RS salience, clinical-reference §5.5 [S: 3RS-2022-code]).
_CLEAR = 2


def repair_hits(
    hits: Sequence[Hit],
    support: tuple[tuple[str, float], ...],
    reply: str | None,
) -> list[Hit]:
    """``hits`` of one client turn with the therapist's ``reply`` (the next turn) read in.

    ``support`` is the model's context-checked (subtype, probability) per kind (withdrawal,
    confrontation), empty without the model; ``reply`` is None when no therapist turn follows.
    """
    if reply is None or not _RUPTURE_REPAIRS.intersection(strategies_in(reply)):
        return list(hits)
    kind = _leading(hits, support)
    if kind is None:
        return list(hits)
    own = [h for h in hits if h.kind is kind]
    if not own:
        marker = support[0 if kind is RuptureKind.WITHDRAWAL else 1][0]
        return [*hits, Hit(marker, REPAIR_CUE, _CLEAR)]
    top = max(own, key=lambda h: h.strength)
    if top.strength >= _CLEAR:
        return list(hits)
    return [*hits, Hit(top.marker, REPAIR_CUE, _CLEAR)]


def owns_part(reply: str | None) -> bool:
    """True when the therapist's next turn owns a part or discloses a reaction (phrase match)."""
    return reply is not None and bool(_OWNING.intersection(strategies_in(reply)))


def _leading(hits: Sequence[Hit], support: tuple[tuple[str, float], ...]) -> RuptureKind | None:
    """The kind the turn leans to: its markers' kind, else the model's (at ``_REPAIR_SUPPORT``).

    With markers of both kinds, the kind of its phrase cues leads (version 17): "You made it
    about his feelings again." is a complaint, whatever withdrawal the model also reads in it.
    """
    marked = {h.kind for h in hits}
    if len(marked) == 1:
        return next(iter(marked))
    worded = {h.kind for h in hits if h.cue not in MODEL_CUES}
    if len(worded) == 1:  # version 17: the client's words, not the model's other-kind guess
        return next(iter(worded))
    if not support:
        return None
    (_, withdrawal), (_, confrontation) = support[0], support[1]
    if max(withdrawal, confrontation) < _REPAIR_SUPPORT or withdrawal == confrontation:
        return None
    kind = RuptureKind.WITHDRAWAL if withdrawal > confrontation else RuptureKind.CONFRONTATION
    return kind if not marked or kind in marked else None
