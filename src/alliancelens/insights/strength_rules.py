"""Strength rules: what went well in a session, each mirroring a growth-area rule (QA37 #4).

Supervision names what to keep as well as what to work on. Each rule here fires on a positive
signal an analyser already reports and cites the utterances behind it (the per-utterance codes
when the caller passed them, else the finding's own indexes):

========================  ======================================  ================================
strength                  mirrors                                 signal and source
========================  ======================================  ================================
``feedback_elicited``     ``feedback_not_elicited``               feedback asked in the closing
                                                                  part (PCOMS, §1.1)
``reflective_listening``  ``low_reflection_to_question``          R:Q at MITI 'fair' or 'good'
                                                                  (MITI 4.2.1, §6.4)
``complex_reflections``   (the %CR reading of the skills report)  %CR at MITI 'fair' or 'good'
                                                                  (MITI 4.2.1, §6.4)
``mi_adherent_responses`` ``advice_without_permission``           affirm / seek collaboration /
                                                                  emphasise autonomy (MITI §6.1)
``risk_followed_up``      ``risk_language`` (follow-up missing)   the risk screen's next-turn
                                                                  follow-up (C-SSRS, §10.1)
========================  ======================================  ================================

(``repaired_rupture`` in :mod:`~alliancelens.insights.session_rules` is the fifth mirror, of
``unresolved_rupture``.) The MITI bands are the skills analyser's own (its named constants
``MITI_REFLECTION_TO_QUESTION_FAIR`` … cite clinical-reference.md §6.4 [V: PMC9461167]); a band
the analyser withheld because too few utterances were coded gives no strength either. Wording is
supervisory: what was seen, why it matters, and how to keep doing it — never a grade.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from alliancelens.domain import Role
from alliancelens.insights.model import (
    Caseload,
    Insight,
    InsightConfig,
    InsightEvidence,
    InsightKind,
    SessionRecord,
)
from alliancelens.insights.risk_rules import follow_up_states
from alliancelens.insights.session_rules import feedback_asked

__all__ = [
    "MITI_SOURCE",
    "complex_reflections",
    "feedback_elicited",
    "mi_adherent_responses",
    "reflective_listening",
    "risk_followed_up",
]

#: The MITI 4.2.1 competency thresholds as cited in every skills strength.
MITI_SOURCE: Final = (
    "MITI 4.2.1 competency thresholds (Moyers, Manuel & Ernst; clinical-reference.md §6.4), "
    "set for human coding of about 20-minute segments, so this is an automated estimate"
)
#: The bands of the skills analyser that count as a strength (its ``band`` field).
_AT_LEAST_FAIR: Final = frozenset({"fair", "good"})
#: MI-adherent behaviour codes (MITI 4.2.1: Affirm, Seek, Emphasize; clinical-reference.md §6.1).
_ADHERENT: Final = ("seeking_collaboration", "emphasising_autonomy", "affirm")
#: Red flags whose turns never count as MI-adherent, whatever the code (QA37 #5: a directive
#: "Let's make a plan … no exceptions" was coded as seeking collaboration).
_OVERRIDING_FLAGS: Final = frozenset(
    {"unsolicited_advice", "judgmental_remark", "ignoring_client_feedback"}
)


def feedback_elicited(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Feedback asked near the end of the session (mirror of ``feedback_not_elicited``; §1.1)."""
    for record in caseload.sessions:
        found = feedback_asked(record, config)
        if found is None:
            continue
        asked, end_from = found
        closing = sorted(i for i in asked if i >= end_from)
        if not closing:
            continue
        where = ", ".join(str(i) for i in closing)
        yield Insight(
            InsightKind.STRENGTH,
            "Feedback asked for at the end of the session",
            f"At utterance {where}, in the last {config.session_end_share:.0%} of the session, the "
            "therapist asks the client how the session went. Feedback-informed treatment (PCOMS: "
            "SRS at the end of every session, Duncan et al. 2003; clinical-reference.md §1.1) "
            "rests on asking while there is still time to respond.",
            (InsightEvidence(record.session_id, tuple(closing)),),
            "Keep asking, and let the client see what you do with the answer (for example, "
            "open the next session with it).",
            "feedback_elicited",
            caseload.client,
        )


def _index(record: SessionRecord, name: str) -> Mapping[str, Any] | None:
    """A skills index at MITI 'fair' or better (the analyser's band), else None."""
    skills = record.family("skills")
    if not isinstance(skills, Mapping):
        return None
    index = skills.get("indices", {}).get(name)
    if not isinstance(index, Mapping) or index.get("band") not in _AT_LEAST_FAIR:
        return None
    return index if isinstance(index.get("value"), int | float) else None


def _band_words(index: Mapping[str, Any], unit: str) -> str:
    """``at or above the MITI 'good' threshold (2:1)`` / ``… 'fair' threshold (1:1), below …``."""
    fair, good = index.get("fair"), index.get("good")

    def shown(value: Any) -> str:
        return f"{float(value):g}:1" if unit == "ratio" else f"{float(value):.0%}"

    if index.get("band") == "good":
        return f"at or above the MITI 'good' threshold ({shown(good)})"
    return f"at or above the MITI 'fair' threshold ({shown(fair)}), below 'good' ({shown(good)})"


def reflective_listening(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Reflections keep pace with questions: R:Q at MITI 'fair' or better (§6.4)."""
    for record in caseload.sessions:
        index = _index(record, "reflection_to_question")
        if index is None:
            continue
        value = float(index["value"])
        reflections = record.coded("behaviour", "reflection")
        yield Insight(
            InsightKind.STRENGTH,
            "Reflections keep pace with questions",
            f"{index.get('numerator')} reflections to {index.get('denominator')} questions "
            f"(reflection-to-question ratio {value:.2f}), {_band_words(index, 'ratio')}: "
            f"{MITI_SOURCE}.",
            (
                InsightEvidence(
                    record.session_id,
                    reflections,
                    {"reflection_to_question": value, "fair": float(index.get("fair") or 1.0)},
                ),
            ),
            "Keep following the client's answers with a reflection before the next question.",
            "reflective_listening",
            caseload.client,
        )


def complex_reflections(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Complex reflections at MITI 'fair' (40%) or better of all reflections (§6.4)."""
    for record in caseload.sessions:
        index = _index(record, "percent_complex_reflections")
        if index is None:
            continue
        value = float(index["value"])
        complex_ones = record.coded("reflection", "complex")
        yield Insight(
            InsightKind.STRENGTH,
            "Complex reflections add meaning",
            f"{index.get('numerator')} of {index.get('denominator')} reflections ({value:.0%}) "
            "add meaning or emphasis beyond the client's words (complex reflections), "
            f"{_band_words(index, 'share')}: {MITI_SOURCE}.",
            (
                InsightEvidence(
                    record.session_id,
                    complex_ones,
                    {"percent_complex_reflections": value, "fair": float(index.get("fair") or 0.4)},
                ),
            ),
            "Keep reaching for the feeling or meaning under the words, and check it with the "
            "client.",
            "complex_reflections",
            caseload.client,
        )


def _overridden(record: SessionRecord) -> set[int]:
    """Therapist turns listed as unasked advice, a judgmental remark or ignored feedback."""
    found = record.family("red_flags")
    return {
        int(f["index"])
        for f in (found if isinstance(found, list) else [])
        if isinstance(f, Mapping) and f.get("kind") in _OVERRIDING_FLAGS and "index" in f
    }


def mi_adherent_responses(caseload: Caseload, config: InsightConfig) -> Iterator[Insight]:
    """Affirming, seeking collaboration, emphasising autonomy; no MI-non-adherent turn (§6.1).

    Needs the per-utterance codes (the turns are the evidence). A turn the red-flags analyser
    lists as unasked advice, a judgmental remark or ignored feedback never counts, and a session
    with any MI-non-adherent turn (confront, persuade without permission) gives no strength.
    """
    for record in caseload.sessions:
        skills = record.family("skills")
        if not isinstance(skills, Mapping) or not record.codes:
            continue
        counts = skills.get("counts", {})
        if int(counts.get("mi_non_adherent", 0) or 0) > 0:
            continue
        overridden = _overridden(record)
        turns = {
            name: tuple(i for i in record.coded(name) if i not in overridden) for name in _ADHERENT
        }
        every = sorted({i for found in turns.values() for i in found})
        if len(every) < config.mi_adherent_min:
            continue
        named = "; ".join(
            f"{_ADHERENT_WORDS[name]} at {', '.join(str(i) for i in found)}"
            for name, found in turns.items()
            if found
        )
        yield Insight(
            InsightKind.STRENGTH,
            "MI-adherent responses: collaboration, autonomy, affirmation",
            f"{named} (automated coding), and no MI-non-adherent turn (confront, persuade "
            "without permission). MITI 4.2.1 counts seeking collaboration, emphasising autonomy "
            "and affirming as MI-adherent (clinical-reference.md §6.1); they support Bordin's "
            f"task agreement. At least {config.mi_adherent_min} such turns (AllianceLens "
            "default).",
            (InsightEvidence(record.session_id, tuple(every), {"mi_adherent": float(len(every))}),),
            "Keep sharing the plan with the client: ask for their ideas, name their choice, and "
            "affirm specific efforts.",
            "mi_adherent_responses",
            caseload.client,
        )


_ADHERENT_WORDS: Final = {
    "seeking_collaboration": "seeks collaboration",
    "emphasising_autonomy": "emphasises autonomy",
    "affirm": "affirms",
}


def risk_followed_up(
    caseload: Caseload,
    config: InsightConfig,  # noqa: ARG001 - every rule has the same signature
) -> Iterator[Insight]:
    """Risk language explored or acknowledged in the next therapist turn (§10.1, §10.3).

    The risk screen's own ``therapist_follow_up`` (true) on a flag of ``summary.risk``; the
    ``risk_language`` alert for the same flag stays (a strength never replaces the review).
    """
    for record in caseload.sessions:
        flags = follow_up_states(record.summary).get(True, ())
        if not flags:
            continue
        pairs = []
        for index in flags:
            after = next(
                (
                    u.index
                    for u in record.utterances
                    if u.index > index and u.role is Role.THERAPIST
                ),
                None,
            )
            pairs.append((index, after))
        where = "; ".join(
            f"utterance {i}" + (f", followed up at {j}" if j is not None else "") for i, j in pairs
        )
        cited = tuple(i for pair in pairs for i in pair if i is not None)
        yield Insight(
            InsightKind.STRENGTH,
            "Possible risk language followed up",
            f"The therapist's next turn explores or acknowledges the possible risk language "
            f"({where}; the risk screen's automated reading). The C-SSRS guidance is that any "
            "such statement should lead to clinician follow-up (Posner et al. 2011; "
            "clinical-reference.md §10.1, §10.3). This is about the therapist's response, not a "
            "risk assessment: the flag itself stays for clinician review.",
            (InsightEvidence(record.session_id, cited, {"risk_followed_up": float(len(pairs))}),),
            "Keep asking directly and calmly when a client hints at risk, and make sure what was "
            "asked, answered and planned is documented.",
            "risk_followed_up",
            caseload.client,
        )
