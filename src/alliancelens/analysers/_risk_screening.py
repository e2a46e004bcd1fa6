"""The ``risk_screening.summary`` of :mod:`alliancelens.analysers.risk`: what was screened.

Says in words that an empty flag list is not "no risk" (clinical-reference §10.3 rule 1) and
records the model's digest and thresholds with every result (§10.3 rule 7).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._risk_flags import REVIEW_LABEL, Cuts, Flag, screen_text, topic
from alliancelens.analysers._risk_text import normalise
from alliancelens.analysers._risk_thread import is_question
from alliancelens.domain import Role, Utterance
from alliancelens.models.risk_model import RiskModel

__all__ = [
    "GUESSED_ROLES_NOTE",
    "NOT_SCREENED",
    "Outcome",
    "asks_other_about_risk",
    "guessed_question_entry",
    "guessed_questions",
    "guessed_therapist_entries",
    "screening_summary",
]

#: Version 20 (QA20 #1): opens the statement when the speaker roles were guessed.
GUESSED_ROLES_NOTE: Final = (
    "Speaker roles were guessed (the transcript does not name the therapist): this screen is "
    "not reliable until the roles are confirmed (--therapist); check who said each line."
)
_SECOND_PERSON: Final = re.compile(r"\b(?:you|your|yourself|you're|you've|you'd)\b")

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
    #: Version 24 (QA qa35 #7): the utterance just decided denied ideation when asked directly
    #: (``_risk_burden``), which closes the disclosure thread.
    denied: bool = False


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
    roles_guessed: bool = False,
    third_party: Sequence[dict[str, Any]] = (),
    not_english: Sequence[int] = (),
) -> dict[str, Any]:
    """The screening statement, counts, set-aside and possible lists, and model settings.

    Version 23: ``third_party`` (third-party danger, safeguarding) is listed on its own and
    named first in the statement; ``flagged`` counts utterances (an extended-suicide line has
    one entry per kind).

    ``relayed`` counts interpreter turns screened as the client's relayed words (version 16);
    ``renderings`` the interpreter turns that render the therapist to the client, not screened
    (version 19); ``roles_guessed`` puts :data:`GUESSED_ROLES_NOTE` first (version 20).
    ``not_english`` (version 25, QA40 #1): client utterances that do not read as English, not
    screened and not counted in ``screened``; when nothing could be screened the statement says
    *not analysed*, never "no risk".
    """
    flagged = len({int(item["index"]) for item in items})
    if not screened and not_english:
        statement = (
            f"Not analysed: none of the {len(not_english)} client utterance(s) reads as English, "
            "and this analyser reads English only (language not supported). Read the transcript "
            "yourself or with an interpreter; this does not mean there is no risk."
        )
    elif not screened:
        statement = "No client utterances to screen."
    elif items:
        statement = (
            f"{flagged} client utterance(s) contain possible risk language, for clinician "
            "review. This is not a risk assessment and never the only safety net."
        )
    else:
        statement = (
            f"No risk language detected by this analyser in {screened} screened utterance(s). "
            "This is not a risk assessment and does not mean there is no risk."
        )
    if possible:
        statement += (
            # v21 (QA25 #13): not "lower-confidence" - a confident model reading can be listed
            # here because it lacks risk wording, not because its score is low
            f" {len(possible)} more utterance(s) below the flag line (a trained-model reading, "
            "a follow-up inside a disclosure thread, or a reading that needs checking) are "
            "listed under 'possible' for post-session review, each with its reason."
        )
    if not_english and screened:
        statement += (
            f" {len(not_english)} client utterance(s) that do not read as English were not "
            "screened (language not supported): read them yourself."
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
    if third_party:
        statement = (
            f"{len(third_party)} utterance(s) report danger to or from someone else: "
            "third-party danger, for clinician review (safeguarding), listed under "
            f"'third_party_danger' (not a flag about the client). {statement}"
        )
    if roles_guessed:
        statement = f"{GUESSED_ROLES_NOTE} {statement}"
    return {
        "review": REVIEW_LABEL,
        "roles_guessed": roles_guessed,
        "statement": statement,
        "flagged": flagged,
        "screened": {
            "utterances": screened,
            "speakers": "clients and other non-therapist speakers",
            "relayed_by_interpreter": relayed,
            "interpreter_renderings_not_screened": renderings,
            "not_english_not_screened": len(not_english),
            "kinds": list(lex.KINDS),
        },
        "not_screened": list(NOT_SCREENED),
        "not_english_indexes": list(not_english),
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
        "third_party_danger": list(third_party),
    }


def guessed_therapist_entries(utterances: Sequence[Utterance]) -> list[dict[str, Any]]:
    """*Possible* entries for risk wording said by the speaker taken as therapist (version 14).

    When no transcript label named the roles, the therapist is guessed (the speaker who asks
    and reflects most, docs/formats.md); an ambivalent client who asks questions can still be
    taken for the therapist, and
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


def asks_other_about_risk(text: str) -> tuple[str, str] | None:
    """(kind, severity) of a risk screening question put to the other speaker, else None.

    Version 20 (QA20 #1): with guessed roles a therapist's "have you had thoughts of ending your
    life" can be taken for a client line; a question in the second person about a screening topic
    is not the speaker's own disclosure.
    """
    norm = normalise(text)
    asked = topic(norm)
    if asked is None or not _SECOND_PERSON.search(norm):
        return None
    return asked if "?" in norm or is_question(norm) else None


def guessed_question_entry(u: Utterance, kind: str) -> dict[str, Any]:
    """The *possible* entry for a risk question said by a speaker taken as the client.

    Severity is ``low`` whatever the question names: it rates no words of the speaker's own.
    """
    return Flag(
        index=u.index,
        kind=kind,
        severity="low",
        reason="reads as a risk screening question put to the other speaker, said by the speaker "
        "taken as the client; the speaker roles were guessed: check who said it (a question is "
        "not a disclosure)",
        basis="roles_guessed",
        source="§10.3 rules 3-4 (route to review) [clinical-reference]",
    ).as_dict()


def guessed_questions(utterances: Sequence[Utterance]) -> dict[int, str]:
    """Positions of non-therapist risk questions put to the other speaker, with their kind."""
    found: dict[int, str] = {}
    for pos, u in enumerate(utterances):
        if u.role is not Role.THERAPIST:
            asked = asks_other_about_risk(u.text)
            if asked is not None:
                found[pos] = asked[0]
    return found
