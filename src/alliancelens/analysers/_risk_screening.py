"""The ``risk_screening.summary`` of :mod:`alliancelens.analysers.risk`: what was screened.

Says in words that an empty flag list is not "no risk" (clinical-reference §10.3 rule 1) and
records the model's digest and thresholds with every result (§10.3 rule 7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._risk_flags import REVIEW_LABEL, Cuts, Flag, screen_text
from alliancelens.domain import Role, Utterance
from alliancelens.models.risk_model import RiskModel

__all__ = ["NOT_SCREENED", "Outcome", "guessed_therapist_entries", "screening_summary"]

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


def guessed_therapist_entries(utterances: Sequence[Utterance]) -> list[dict[str, Any]]:
    """*Possible* entries for risk wording said by the speaker taken as therapist (version 14).

    When no transcript label named the roles, the therapist is guessed (the speaker who asked
    most questions); an ambivalent client who asks questions can be taken for the therapist, and
    their risk statements would never be screened (a QA pass found "I've been thinking about
    killing myself" missed that way). Their turns are read by the wording rules too, and what
    the rules flag is listed for review, never as a flag (rule 4 of §10.3: a therapist's words
    are not client risk when the roles are known).
    """
    entries: list[dict[str, Any]] = []
    for u in utterances:
        if u.role is not Role.THERAPIST:
            continue
        result = screen_text(u.text)
        if not result.hits:
            continue
        hit = result.hits[0]
        entries.append(
            Flag(
                index=u.index,
                kind=hit.rule.kind,
                severity=hit.severity,
                reason=f"{hit.rule.reason}, said by the speaker taken as the therapist; the "
                "speaker roles were guessed (no role labels in the transcript): check who said "
                "it",
                basis="roles_guessed",
                matched=hit.matched,
                rule=hit.rule.id,
                source="§10.3 rule 3 (route to review) [clinical-reference]",
            ).as_dict()
        )
    return entries
