"""Risk sentences: every flag for clinician review, what was screened, or *not analysed*.

Never an invented default: the note does not say "denies suicidal ideation" or "no risk". When
the client answered a screening question, the answer is quoted with its utterance index; when
the risk analyser did not run, the note says so and cites the run record.
"""

from __future__ import annotations

from alliancelens.notes._transcript import RISK, TranscriptFacts, quote
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import plain_label

__all__ = ["risk_review", "risk_sentences"]


def risk_sentences(facts: TranscriptFacts) -> list[Sentence]:
    """Risk flags, set-aside screening answers and the screen's scope (or *not analysed*)."""
    run = facts.result.run_of(RISK)
    if run is None or run.status.value != "ok":
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
    utterances = facts.result.session.utterances
    sentences = []
    for item in facts.summary.get("risk", []):
        i = item["index"]
        kind = plain_label(item["kind"])
        follow = "" if item.get("therapist_follow_up") else " No therapist follow-up was detected."
        sentences.append(
            Sentence(
                f"FOR CLINICIAN REVIEW — possible {kind} language at utterance {i}: "
                f'"{quote(utterances[i].text)}" (automated flag, not a risk assessment).{follow}',
                (
                    Evidence.utterance(i),
                    Evidence("finding", {"analyser": RISK, "index": i, "rule": item.get("rule")}),
                ),
            )
        )
    screening = facts.summary.get("risk_screening", {})
    reasons: dict[int, list[str]] = {}
    for item in screening.get("set_aside", []):  # one line per utterance, every distinct reason
        found = reasons.setdefault(int(item["index"]), [])
        if item["reason"] not in found:
            found.append(item["reason"])
    for i, why in sorted(reasons.items()):
        sentences.append(
            Sentence(
                f"The client's words at utterance {i} were set aside by the automated risk screen "
                f'({"; ".join(why)}): "{quote(utterances[i].text)}" — for clinician review.',
                (
                    Evidence.utterance(i),
                    Evidence("finding", {"analyser": RISK, "set_aside": i}),
                ),
            )
        )
    possible = screening.get("possible", [])
    if possible:
        where = ", ".join(str(item["index"]) for item in possible)
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


def risk_review(facts: TranscriptFacts) -> list[Sentence]:
    """Plan lines: review each flagged utterance before signing."""
    run = facts.result.run_of(RISK)
    if run is None or run.status.value != "ok":
        return []
    return [
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
