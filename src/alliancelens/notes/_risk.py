"""Risk sentences: every flag for clinician review, its follow-up, what was screened.

Never an invented default: the note does not say "denies suicidal ideation" or "no risk". Each
flag says whether, and at which utterances, the therapist followed it up, and the safety
planning in that follow-up is quoted in the plan (:mod:`alliancelens.notes._followup`). When
the risk analyser did not run, the note says so and cites the run record. Utterances the screen
*set aside* are not listed as such: a progress note is a clinical record, and those
non-findings (idioms, third parties) stay in the analysis JSON and the web review screen. The
one exception is the risk enquiry itself: a client's answer to a screening question is quoted
with the question's index, without the screen's reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from alliancelens.notes._followup import FollowUp, follow_up_of, screening_question
from alliancelens.notes._transcript import RISK, TranscriptFacts, indexes, quote
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import plain_label

__all__ = ["follow_ups", "risk_review", "risk_sentences"]


def follow_ups(facts: TranscriptFacts) -> list[FollowUp]:
    """The therapist's follow-up of each flag in ``summary.risk`` (flag order)."""
    utterances = facts.result.session.utterances
    return [
        follow_up_of(item, utterances)
        for item in facts.summary.get("risk", [])
        if isinstance(item, dict) and "index" in item
    ]


def _follow_text(found: FollowUp) -> str:
    if found.turns:
        return (
            f" The therapist followed it up at utterance(s) {indexes(found.turns)} "
            "(automated reading)."
        )
    if found.next_turn is None:
        return " No therapist turn followed it in the transcript."
    return " No therapist follow-up was detected in the next therapist turns (automated reading)."


def _not_analysed(facts: TranscriptFacts) -> list[Sentence] | None:
    run = facts.result.run_of(RISK)
    if run is not None and run.status.value == "ok":
        return None
    status = run.status.value if run else "not in pipeline"
    details = {"analyser": RISK, "status": status, "reason": run.reason if run else None}
    return [
        Sentence(
            f"Risk language: not analysed (the {RISK} analyser "
            f"{'was not in the pipeline' if run is None else status}); risk was not screened "
            "automatically in this session.",
            (Evidence("finding", details),),
        )
    ]


def risk_sentences(facts: TranscriptFacts) -> list[Sentence]:
    """Risk flags with their follow-up, the possible list and the screen's scope."""
    missing = _not_analysed(facts)
    if missing is not None:
        return missing
    utterances = facts.result.session.utterances
    items = {int(item["index"]): item for item in facts.summary.get("risk", [])}
    sentences = []
    for found in follow_ups(facts):
        i = found.index
        sentences.append(
            Sentence(
                f"FOR CLINICIAN REVIEW — possible {plain_label(items[i]['kind'])} language at "
                f'utterance {i}: "{quote(utterances[i].text)}" (automated flag, not a risk '
                f"assessment).{_follow_text(found)}",
                (
                    *(Evidence.utterance(j) for j in (i, *found.turns)),
                    Evidence(
                        "finding", {"analyser": RISK, "index": i, "rule": items[i].get("rule")}
                    ),
                ),
            )
        )
    sentences += _safety_summary(follow_ups(facts)) + _screening_answers(facts)
    screening = facts.summary.get("risk_screening", {})
    possible = screening.get("possible", [])
    if possible:
        where = indexes(item["index"] for item in possible)
        sentences.append(
            Sentence(
                f"The automated screen also listed {len(possible)} lower-confidence possible "
                f"reading(s) at utterance(s) {where} (trained model alone; often ordinary talk) "
                "— for post-session review.",
                (
                    *(Evidence.utterance(item["index"]) for item in possible),
                    Evidence("finding", {"analyser": RISK, "possible": len(possible)}),
                ),
            )
        )
    screened = screening.get("screened", {}).get("utterances", 0)
    flagged = screening.get("flagged", 0)
    sentences.append(
        Sentence(
            f"Automated risk-language screen: {flagged} of {screened} client utterance(s) flagged "
            "for clinician review. The screen is not a risk assessment and cannot rule risk "
            "out.",
            (Evidence("finding", {"analyser": RISK, "flagged": flagged, "screened": screened}),),
        )
    )
    return sentences


def _screening_answers(facts: TranscriptFacts) -> list[Sentence]:
    """The client's answers to risk screening questions, quoted (the risk enquiry on record).

    Only answers the screen read as a risk statement and set aside (a denial, say) after a
    screening question; idioms, third parties and model-only readings are not listed.
    """
    screening = facts.summary.get("risk_screening") or {}
    kinds = set((screening.get("screened") or {}).get("kinds") or ())
    utterances = facts.result.session.utterances
    answers = sorted(
        {
            int(item["index"])
            for item in screening.get("set_aside") or []
            if isinstance(item, Mapping) and item.get("kind") in kinds
        }
    )
    sentences = []
    for i in answers:
        asked = screening_question(utterances, i)
        if asked is None:
            continue
        sentences.append(
            Sentence(
                f"Risk screening question by the therapist at utterance {asked}; the client's "
                f'answer (utterance {i}): "{quote(utterances[i].text)}" — for clinician review.',
                (
                    Evidence.utterance(asked),
                    Evidence.utterance(i),
                    Evidence("finding", {"analyser": RISK, "screening_answer": i}),
                ),
            )
        )
    return sentences


def _safety_turns(found: list[FollowUp]) -> list[int]:
    return sorted({i for f in found for i in f.safety})


def _safety_summary(found: list[FollowUp]) -> list[Sentence]:
    turns = _safety_turns(found)
    if not turns:
        return []
    return [
        Sentence(
            f"Safety planning by the therapist at utterance(s) {indexes(turns)} (automated "
            "reading of the therapist's words; the plan items are quoted under the plan).",
            (
                *(Evidence.utterance(i) for i in turns),
                Evidence("finding", {"analyser": RISK, "safety_planning": turns}),
            ),
        )
    ]


def _safety_plan(facts: TranscriptFacts, found: list[FollowUp]) -> list[Sentence]:
    """A plan line per safety-planning turn: the therapist's words and the client's reply."""
    utterances = facts.result.session.utterances
    sentences = []
    for i in _safety_turns(found):
        reply = next((u for u in utterances[i + 1 : i + 2] if u.role.value != "therapist"), None)
        answer = (
            f'; client\'s reply (utterance {reply.index}): "{quote(reply.text)}"'
            if reply is not None and reply.text
            else ""
        )
        evidence = (i,) if reply is None else (i, reply.index)
        sentences.append(
            Sentence(
                f"Safety planning discussed — therapist (utterance {i}): "
                f'"{quote(utterances[i].text)}"{answer}.',
                (
                    *(Evidence.utterance(j) for j in evidence),
                    Evidence("finding", {"analyser": RISK, "safety_planning": i}),
                ),
            )
        )
    if sentences:
        sentences.append(
            Sentence(
                "Record the safety plan agreed in the session in your own words (the lines above "
                "quote the transcript; the automated reading may miss or misplace items).",
                (
                    *(Evidence.utterance(i) for i in _safety_turns(found)),
                    Evidence(
                        "finding", {"analyser": RISK, "safety_planning": _safety_turns(found)}
                    ),
                ),
            )
        )
    return sentences


def risk_review(facts: TranscriptFacts) -> list[Sentence]:
    """Plan lines: the safety plan made in the session, then review each flag before signing."""
    if _not_analysed(facts) is not None:
        return []
    return _safety_plan(facts, follow_ups(facts)) + [
        Sentence(
            f"Review the possible risk language at utterance {item['index']} before signing this "
            "note.",
            (
                Evidence.utterance(item["index"]),
                Evidence("finding", {"analyser": RISK, "index": item["index"]}),
            ),
        )
        for item in facts.summary.get("risk", [])
    ]
