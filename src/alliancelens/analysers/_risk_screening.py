"""The ``risk_screening.summary`` of :mod:`alliancelens.analysers.risk`: what was screened.

Says in words that an empty flag list is not "no risk" (clinical-reference §10.3 rule 1) and
records the model's digest and thresholds with every result (§10.3 rule 7).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._risk_flags import REVIEW_LABEL, Cuts, Flag
from alliancelens.models.risk_model import RiskModel

__all__ = ["NOT_SCREENED", "Outcome", "screening_summary"]

#: What this analyser does not look at (shown with every result).
NOT_SCREENED: Final = (
    "therapist utterances (screening questions are not client risk)",
    "tone of voice, pauses, crying and other non-verbal signs",
    "languages other than English",
    "risk expressed in words outside both the rule list and the trained model's experience",
    "danger to the client from other people (e.g. domestic abuse)",
)


@dataclass
class Outcome:
    """What reading a session has produced so far."""

    flags: dict[int, Flag] = field(default_factory=dict)
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    possible: list[dict[str, Any]] = field(default_factory=list)
    #: The *possible* model reading of the utterance just decided (it opens a weak thread).
    opened: Flag | None = None


def screening_summary(
    items: list[dict[str, Any]],
    set_aside: list[dict[str, Any]],
    screened: int,
    *,
    model: RiskModel | None,
    cuts: Cuts,
    possible: list[dict[str, Any]],
    relayed: int = 0,
    renderings: int = 0,
) -> dict[str, Any]:
    """The screening statement, counts, set-aside and possible lists, and model settings.

    ``relayed`` counts interpreter turns screened as the client's relayed words (version 16);
    ``renderings`` the interpreter turns that render the therapist to the client, not screened
    (version 19).
    """
    if not screened:
        statement = "No client utterances to screen."
    elif items:
        statement = (
            f"{len(items)} client utterance(s) contain possible risk language, for clinician "
            "review. This is not a risk assessment and never the only safety net."
        )
    else:
        statement = (
            f"No risk language detected by this analyser in {screened} screened utterance(s). "
            "This is not a risk assessment and does not mean there is no risk."
        )
    if possible:
        statement += (
            f" {len(possible)} more utterance(s) read as possible risk language by the trained "
            "model or as follow-ups inside a disclosure thread (lower confidence) are listed "
            "under 'possible' for post-session review."
        )
    if relayed:
        statement += (
            f" {relayed} interpreter utterance(s) relaying the client ('she says ...') were "
            "screened as the client's own words."
        )
    if renderings:
        statement += (
            f" {renderings} interpreter utterance(s) rendering the therapist to the client were "
            "not screened (they are not the client's words)."
        )
    return {
        "review": REVIEW_LABEL,
        "statement": statement,
        "flagged": len(items),
        "screened": {
            "utterances": screened,
            "speakers": "clients and other non-therapist speakers",
            "relayed_by_interpreter": relayed,
            "interpreter_renderings_not_screened": renderings,
            "kinds": list(lex.KINDS),
        },
        "not_screened": list(NOT_SCREENED),
        "set_aside": set_aside,
        "model": None
        if model is None
        else {
            "sha256": model.digest,
            "flag_threshold": cuts.flag,
            "review_threshold": cuts.review,
            "guard_threshold": cuts.guard,
        },
        "possible": possible,
    }
