"""Risk sentences: every flag for clinician review, its follow-up, what was screened.

Never an invented default: the note does not say "denies suicidal ideation" or "no risk". Each
flag says whether, and at which utterances, the therapist followed it up, and the safety
planning in that follow-up is quoted in the plan (:mod:`alliancelens.notes._followup`). When
the risk analyser did not run, the note says so and cites the run record. Utterances the screen
*set aside* are not listed as such: a progress note is a clinical record, and those
non-findings (idioms, third parties) stay in the analysis JSON and the web review screen. Two
exceptions:

* the risk enquiry itself: the client's answer to each screening question is quoted with the
  question's index, without the screen's reason. Since QA 15 item 1 the answer is read from the
  transcript: the client's first turn after the question (an interpreter's rendering of the
  question in between is skipped) and the interpreter's relay of it, so a denial given through
  an interpreter stays in the record;
* history: a statement the screen set aside as *past and resolved* (a past attempt, an old
  admission) is named as history for the record (QA 15 item 3).

A flag on a turn that is not a client's (an interpreter's, say) says whose turn it is.
The safety plan's lines are built in :mod:`alliancelens.notes._risk_plan`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from alliancelens.analysers._risk_context import SCREENING_TOPICS
from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance
from alliancelens.notes._followup import FollowUp, follow_up_of
from alliancelens.notes._risk_plan import DECLINES, safety_plan, safety_summary
from alliancelens.notes._transcript import RISK, TranscriptFacts, indexes, quote
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import plain_label

__all__ = ["DECLINES", "follow_ups", "risk_review", "risk_sentences"]


def follow_ups(facts: TranscriptFacts) -> list[FollowUp]:
    """The therapist's follow-up of each flag in ``summary.risk`` (flag order)."""
    utterances = facts.result.session.utterances
    return [follow_up_of(item, utterances) for item in _flags(facts)]


def _flags(facts: TranscriptFacts) -> list[Mapping[str, Any]]:
    """``summary.risk`` items of this note's client (another member's stay in their own note).

    Since risk.language v23 one utterance can have an entry per kind (extended suicide: suicidal
    ideation and harm to others); the note names it once, with every kind under ``kinds``.
    """
    merged: dict[int, dict[str, Any]] = {}
    for item in facts.summary.get("risk") or []:
        if not (isinstance(item, Mapping) and "index" in item and facts.own(int(item["index"]))):
            continue
        first = merged.setdefault(int(item["index"]), {**item, "kinds": []})
        if item.get("kind") not in first["kinds"]:
            first["kinds"].append(item.get("kind"))
    return list(merged.values())


def _kinds(item: Mapping[str, Any]) -> str:
    """The plain labels of every kind flagged on one utterance ("... and harm to others")."""
    return " and ".join(plain_label(str(k)) for k in item.get("kinds") or [item["kind"]])


def _third_party(facts: TranscriptFacts) -> list[Mapping[str, Any]]:
    """Third-party danger entries (risk.language v23) on this note's client's turns."""
    screening = facts.summary.get("risk_screening") or {}
    return [
        entry
        for entry in screening.get("third_party_danger") or []
        if isinstance(entry, Mapping) and facts.own(int(entry["index"]))
    ]


def _danger_sentences(facts: TranscriptFacts) -> list[Sentence]:
    """QA31 #4: a third-party report of danger is named in the note (§10.3 tier 3)."""
    utterances = facts.result.session.utterances
    return [
        Sentence(
            "THIRD-PARTY DANGER — FOR CLINICIAN REVIEW (SAFEGUARDING): at utterance "
            f"{int(e['index'])} the client reports a specific danger to or from someone else: "
            f'"{quote(utterances[int(e["index"])].text)}" (automated reading; not a risk flag '
            "about the client).",
            (
                Evidence.utterance(int(e["index"])),
                Evidence("finding", {"analyser": RISK, "third_party_danger": int(e["index"])}),
            ),
        )
        for e in _third_party(facts)
    ]


def _follow_text(found: FollowUp) -> str:
    if found.turns and found.next_turn is False:
        # QA 20 item 6: `analyze` reports the screen's own check of the next therapist turn;
        # the note reads further (echoing questions, a first acknowledgement). Say both.
        return (
            " The risk screen, which reads only the next therapist turn, found no follow-up "
            "there; read further, the therapist's "
            f"turn(s) at utterance(s) {indexes(found.turns)} respond to it (automated reading)."
        )
    if found.turns:
        return (
            f" The therapist followed it up at utterance(s) {indexes(found.turns)} "
            "(automated reading)."
        )
    if found.next_turn is None:
        return " No therapist turn followed it in the transcript."
    return " No therapist follow-up was detected in the next therapist turns (automated reading)."


def _whose(utterance: Utterance) -> str:
    """`` (Interpreter's turn)`` when a flagged turn is not a client's, else empty."""
    return "" if utterance.role is Role.CLIENT else f" ({utterance.speaker}'s turn)"


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


#: What a *possible* reading rests on, by its JSON ``basis`` (as the CLI risk panel words it).
_POSSIBLE_BASIS: Final = {
    "model": "trained model alone",
    "thread_follow_up": "an answer inside a disclosure thread",
    "roles_guessed": "speaker roles guessed",
    "shared_disclosure": "another member's 'me too'",
    "identification": "identifies with someone's act",
    "finality": "speaks with finality (a possible goodbye)",
}


def risk_sentences(facts: TranscriptFacts) -> list[Sentence]:
    """Risk flags with their follow-up, the possible list and the screen's scope."""
    missing = _not_analysed(facts)
    if missing is not None:
        return missing
    utterances = facts.result.session.utterances
    items = {int(item["index"]): item for item in _flags(facts)}
    sentences = []
    for found in follow_ups(facts):
        i = found.index
        sentences.append(
            Sentence(
                f"FOR CLINICIAN REVIEW — possible {_kinds(items[i])} language at "
                f'utterance {i}{_whose(utterances[i])}: "{quote(utterances[i].text)}" '
                f"(automated flag, not a risk assessment).{_follow_text(found)}",
                (
                    *(Evidence.utterance(j) for j in (i, *found.turns)),
                    Evidence(
                        "finding", {"analyser": RISK, "index": i, "rule": items[i].get("rule")}
                    ),
                ),
            )
        )
    sentences += _danger_sentences(facts)
    sentences += safety_summary(follow_ups(facts)) + _screening_answers(facts) + _history(facts)
    screening = facts.summary.get("risk_screening", {})
    possible = [i for i in screening.get("possible", []) if facts.own(int(i["index"]))]
    if possible:
        where = indexes(item["index"] for item in possible)
        # the reason follows the analyser's own basis of each entry (QA24 #6)
        rests = "; ".join(
            sorted(
                {
                    _POSSIBLE_BASIS.get(str(i.get("basis")), "a flag routed to review")
                    for i in possible
                }
            )
        )
        sentences.append(
            Sentence(
                f"The automated screen also listed {len(possible)} lower-confidence possible "
                f"reading(s) at utterance(s) {where} ({rests}; often ordinary talk) "
                "— for post-session review.",
                (
                    *(Evidence.utterance(item["index"]) for item in possible),
                    Evidence("finding", {"analyser": RISK, "possible": len(possible)}),
                ),
            )
        )
    sentences += _other_members(facts)
    screened = screening.get("screened", {}).get("utterances", 0)
    flagged = screening.get("flagged", 0)
    unread = [int(i) for i in screening.get("not_english_indexes", []) if facts.own(int(i))]
    if facts.member is not None:
        screened = sum(1 for u in utterances if u.speaker == facts.member and u.role is Role.CLIENT)
        screened -= len(unread)
        flagged = len(items)
    sentences.append(_screen_sentence(facts, flagged, screened, unread))
    return sentences


def _screen_sentence(
    facts: TranscriptFacts, flagged: int, screened: int, unread: list[int]
) -> Sentence:
    """The screen's count; lines in another language are *not screened*, never "0 flagged"."""
    found = Evidence("finding", {"analyser": RISK, "flagged": flagged, "screened": screened})
    if unread and not screened and not flagged:  # risk.language v25 (QA40 #1)
        return Sentence(
            f"Automated risk-language screen: NOT ANALYSED — none of the {len(unread)} "
            f"{_screened_who(facts)} reads as English (language not supported). Read them "
            "yourself or with an interpreter; this does not mean there is no risk.",
            (*(Evidence.utterance(i) for i in unread), found),
        )
    text = (
        f"Automated risk-language screen: {flagged} of {screened} {_screened_who(facts)} "
        "flagged for clinician review. The screen is not a risk assessment and cannot rule "
        "risk out."
    )
    if unread:
        text += (
            f" {len(unread)} more did not read as English and were not screened (utterance(s) "
            f"{indexes(unread)}): read them yourself."
        )
    return Sentence(text, (found,))


def _other_members(facts: TranscriptFacts) -> list[Sentence]:
    """How many flags are on other members' turns (count only: each is in that member's note)."""
    if facts.member is None:
        return []
    elsewhere = [
        int(item["index"])
        for item in facts.summary.get("risk") or []
        if isinstance(item, Mapping) and "index" in item and not facts.own(int(item["index"]))
    ]
    if not elsewhere:
        return []
    return [
        Sentence(
            f"{len(elsewhere)} possible risk-language flag(s) on other clients' turns in this "
            "session are not in this note: draft each client's own note and review them there.",
            (Evidence("finding", {"analyser": RISK, "other_clients_flags": len(elsewhere)}),),
        )
    ]


def _screened_who(facts: TranscriptFacts) -> str:
    """``client utterance(s)``, or who else was screened (an interpreter's turns, QA 15 item 1)."""
    if facts.member is not None:
        return "utterance(s) by this client"
    utterances = facts.result.session.utterances
    others = sum(1 for u in utterances if u.role not in (Role.CLIENT, Role.THERAPIST))
    if not others:
        return "client utterance(s)"
    return "screened utterance(s) (client turns and turns of other non-therapist speakers)"


def _is_screening(text: str) -> bool:
    """A therapist turn asking a risk screening question (the risk screen's own topics)."""
    norm = normalise(text)
    return any(pattern.search(norm) for pattern, _, _ in SCREENING_TOPICS)


def _answer(utterances: Sequence[Utterance], asked: int) -> tuple[int, list[int]] | None:
    """The client's answer to the question at ``asked`` and the interpreter's relays of it.

    Non-client turns before the client speaks render the question (skipped); non-client turns
    after the client's answer and before the next therapist turn relay it.
    """
    answer: int | None = None
    relays: list[int] = []
    for u in utterances[asked + 1 :]:
        if u.role is Role.THERAPIST or (answer is not None and u.role is Role.CLIENT):
            break
        if u.role is Role.CLIENT:
            answer = u.index
        elif answer is not None and u.text.strip():
            relays.append(u.index)
    return None if answer is None else (answer, relays)


def _screening_answers(facts: TranscriptFacts) -> list[Sentence]:
    """The client's answers to risk screening questions, quoted (the risk enquiry on record).

    An answer already quoted as a flag is not repeated here (a *possible* reading is listed by
    index only, so its answer is quoted).
    """
    utterances = facts.result.session.utterances
    listed = {int(item["index"]) for item in facts.summary.get("risk") or [] if "index" in item}
    sentences = []
    for asked in (u.index for u in utterances if u.role is Role.THERAPIST):
        found = _answer(utterances, asked) if _is_screening(utterances[asked].text) else None
        if found is None or found[0] in listed or listed & set(found[1]):
            continue
        if not facts.own(found[0]):
            continue  # another member's answer belongs in their note
        i, relays = found
        relayed = "".join(
            f"; relayed by the {utterances[r].speaker.lower()} (utterance {r}): "
            f'"{quote(utterances[r].text)}"'
            for r in relays
        )
        sentences.append(
            Sentence(
                f"Risk screening question by the therapist at utterance {asked}; the client's "
                f'answer (utterance {i}): "{quote(utterances[i].text)}"{relayed} — for clinician '
                "review.",
                (
                    Evidence.utterance(asked),
                    *(Evidence.utterance(j) for j in (i, *relays)),
                    Evidence("finding", {"analyser": RISK, "screening_answer": i}),
                ),
            )
        )
    return sentences


def _history(facts: TranscriptFacts) -> list[Sentence]:
    """Risk statements the screen set aside as past and resolved, named as history to record."""
    screening = facts.summary.get("risk_screening") or {}
    utterances = facts.result.session.utterances
    past = sorted(
        {
            (int(item["index"]), str(item.get("kind")))
            for item in screening.get("set_aside") or []
            if isinstance(item, Mapping)
            and "past and resolved" in str(item.get("reason"))
            and facts.own(int(item["index"]))
        }
    )
    return [
        Sentence(
            f"History for the record — past {plain_label(kind)} spoken of at utterance {i}: "
            f'"{quote(utterances[i].text)}" (set aside by the automated screen as past, not '
            "current, risk language; a past attempt or admission stays clinically relevant — "
            "record the history in your own words).",
            (
                Evidence.utterance(i),
                Evidence("finding", {"analyser": RISK, "history": i}),
            ),
        )
        for i, kind in past
    ]


def risk_review(facts: TranscriptFacts) -> list[Sentence]:
    """Plan lines: the safety plan made in the session, then review each flag before signing."""
    if _not_analysed(facts) is not None:
        return []
    danger = [
        Sentence(
            f"Third-party danger reported at utterance {int(e['index'])}: act on it today as a "
            "safeguarding matter (clinical reference §10.3 tier 3) and record what was done.",
            (
                Evidence.utterance(int(e["index"])),
                Evidence("finding", {"analyser": RISK, "third_party_danger": int(e["index"])}),
            ),
        )
        for e in _third_party(facts)
    ]
    return (
        safety_plan(facts, follow_ups(facts))
        + danger
        + [
            Sentence(
                f"Review the possible risk language at utterance {item['index']} before signing "
                "this note.",
                (
                    Evidence.utterance(item["index"]),
                    Evidence("finding", {"analyser": RISK, "index": item["index"]}),
                ),
            )
            for item in _flags(facts)
        ]
    )
