"""Sentences drawn from one analysed transcript: quotes, codes, ruptures, alliance and risk.

Every function returns sentences that carry their evidence (utterance indexes and the analyser
finding they come from). An analyser that did not run gives a *not analysed* sentence whose
evidence is its run record — never a sentence implying that nothing was found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliancelens.analysers import AnalysisResult
from alliancelens.domain import Role, RunStatus
from alliancelens.notes import _transcript_process as _process
from alliancelens.notes._directive import DIRECTIVE, OVERRIDING, with_permission
from alliancelens.notes._followup import (
    follow_up_of,
    relayed_client_turn,
    risk_items,
    why_left_out,
)
from alliancelens.notes._language import looks_english
from alliancelens.notes._scope import member_label
from alliancelens.notes._transcript_text import (
    ALLIANCE,
    RED_FLAGS,
    RELATIONAL,
    RISK,
    RUPTURES,
    SKILLS,
    TALK,
    indexes,
    quote,
    span,
)
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import codes_and_summary

__all__ = [
    "ALLIANCE",
    "RISK",
    "RUPTURES",
    "SKILLS",
    "TALK",
    "TranscriptFacts",
    "indexes",
    "quote",
    "span",
]

#: Client quotes per talk type (change, sustain) in the note's subjective/data section.
QUOTES_PER_TALK = 2
#: Shortest client utterance, in words, worth quoting.
MIN_QUOTE_WORDS = 5
#: Lowest coder confidence (the calibrated probability that a human coder gives the same
#: change/sustain label, docs/analysers/microskills.md) at which a client utterance is quoted
#: as change or sustain talk (QA 20 item 12: "Stop, you'll make me cry." at 0.27 was quoted as
#: sustain talk in a termination session). Utterances below it are still counted in the
#: estimate. [S] our threshold, not a clinical constant (docs/notes.md).
QUOTE_MIN_CONFIDENCE = 0.6
#: Helpful interventions by MITI code. Open questions stay listed for a directive turn; the
#: other lines leave out turns listed as criticism or unasked advice (``OVERRIDING``, QA35 #8).
_INTERVENTIONS: tuple[tuple[str, str, Any], ...] = (
    ("Complex reflections", "reflection", "complex"),
    ("Simple reflections", "reflection", "simple"),
    ("Open questions", "question", "open"),
    ("Collaboration sought", "seeking_collaboration", True),
    ("Autonomy emphasised", "emphasising_autonomy", True),
    ("Affirmations", "affirm", True),
)


@dataclass(frozen=True, slots=True)
class TranscriptFacts:
    """One analysis result read once: codes, summary and run records, as note sentences."""

    result: AnalysisResult
    codes: Mapping[int, Mapping[str, Any]]
    summary: Mapping[str, Any]
    #: The client whose note this is, in a session with several client speakers (QA 20 item 6).
    member: str | None = None
    #: Utterances of the other client speakers: never quoted, counted or listed in this note.
    others: frozenset[int] = frozenset()

    @classmethod
    def of(cls, result: AnalysisResult, member: str | None = None) -> TranscriptFacts:
        """Facts for ``result`` (codes and summary as in the JSON report), for one ``member``.

        A session with several client speakers (a couple, family or group) needs ``member``:
        a progress note goes into one client's record and must not carry the other members'
        words (:func:`member_label`).
        """
        codes, summary = codes_and_summary(result)
        label = member_label(result, member)
        others = frozenset(
            u.index
            for u in result.session.utterances
            if u.role is Role.CLIENT and label is not None and u.speaker != label
        )
        return cls(result, codes, summary, label, others)

    def clients(self) -> int:
        """How many client speakers the session has."""
        return sum(1 for s in self.result.session.speakers if s.role is Role.CLIENT)

    def own(self, index: int) -> bool:
        """Whether utterance ``index`` may appear in this note (not another member's turn)."""
        return index not in self.others

    # -- helpers -----------------------------------------------------------------------------

    def ran(self, name: str) -> bool:
        """Whether analyser ``name`` ran and finished (``ok``)."""
        run = self.result.run_of(name)
        return run is not None and run.status is RunStatus.OK

    def _not_analysed(self, name: str, label: str) -> Sentence:
        run = self.result.run_of(name)
        status = run.status.value if run else "not in pipeline"
        reason = run.reason if run and run.reason else None
        details = {"analyser": name, "status": status, "reason": reason}
        why = f"the {name} analyser {'was not in the pipeline' if run is None else status}"
        return Sentence(f"{label}: not analysed ({why}).", (Evidence("finding", details),))

    def _speaker(self, index: int) -> str:
        if self.member is not None or self.clients() <= 1:
            return "Client"
        return self.result.session.utterances[index].speaker

    def risk_indexes(self, *, answers: bool = True) -> set[int]:
        """Client utterances kept out of MI talk: risk-screen items and answers in a follow-up.

        Flags, *possible* readings, risk statements the screen set aside (denials, third
        parties; not idioms), and (``answers``) the client's answer to each therapist follow-up
        of a flag.
        """
        screening = self.summary.get("risk_screening") or {}
        kinds = set((screening.get("screened") or {}).get("kinds") or ())
        found = {int(item["index"]) for item in risk_items(self.summary)}
        found |= {
            int(item["index"])
            for item in screening.get("set_aside") or []
            if isinstance(item, Mapping) and item.get("kind") in kinds
        }
        utterances = self.result.session.utterances
        for flag in self.summary.get("risk") or [] if answers else []:
            for turn in follow_up_of(flag, utterances).turns:  # the client's answer to each
                found |= {u.index for u in utterances[turn + 1 : turn + 2] if u.role is Role.CLIENT}
        relays = (relayed_client_turn(utterances, i) for i in found)
        return found | {i for i in relays if i is not None}

    def _english(self, index: int) -> bool:
        return looks_english(self.result.session.utterances[index].text)

    def _red_flags(self) -> dict[int, set[str]]:
        """Red-flag kinds by therapist utterance."""
        flags = self.summary.get("red_flags")
        found: dict[int, set[str]] = {}
        for f in flags if isinstance(flags, list) else []:
            if isinstance(f, Mapping) and f.get("index") is not None:
                found.setdefault(int(f["index"]), set()).add(str(f.get("kind")))
        return found

    def _directives(self) -> set[int]:
        """Therapist utterances red-flagged or coded as persuading (no collaboration credit)."""
        persuade = {i for i, c in self.codes.items() if c.get("persuade") is True}
        return set(self._red_flags()) | persuade

    def directive_turns(self) -> list[tuple[str, list[int], tuple[str, ...]]]:
        """Criticism, unasked advice, advice and pressing on: (label, utterances, analysers)."""
        flags = self._red_flags()
        listed: set[int] = set()
        out = []
        for label, kinds, codes in DIRECTIVE:
            by_flag = {i for i, found in flags.items() if found & kinds}
            by_code = {
                i
                for i, c in self.codes.items()
                if any(c.get(k) == v for k, v in codes)
                and not (("persuade", True) in codes and with_permission(c))
            }
            hits = sorted((by_flag | by_code) - listed)
            listed.update(hits)
            if hits:
                sources = ((RED_FLAGS,) if by_flag & set(hits) else ()) + (
                    (SKILLS,) if by_code & set(hits) else ()
                )
                out.append((label, hits, sources))
        return out

    def _quoted(self, index: int) -> str:
        return f'"{quote(self.result.session.utterances[index].text)}"'

    # -- client --------------------------------------------------------------------------

    def client_quotes(self) -> list[Sentence]:
        """Short quotes of the client's change and sustain talk, highest coder confidence first."""
        if not self.ran(SKILLS):
            return [self._not_analysed(SKILLS, "Client talk coding")]
        chosen: list[int] = []
        risky = self.risk_indexes()
        for talk in ("change", "sustain"):
            ranked = sorted(
                (
                    (-float(c.get("confidence", {}).get("client_talk", 0.0)), i)
                    for i, c in self.codes.items()
                    if c.get("client_talk") == talk
                    and i not in risky
                    and self.own(i)
                    and float(c.get("confidence", {}).get("client_talk", 0.0))
                    >= QUOTE_MIN_CONFIDENCE
                    and self._english(i)
                    and len(self.result.session.utterances[i].text.split()) >= MIN_QUOTE_WORDS
                ),
            )
            chosen.extend(i for _, i in ranked[:QUOTES_PER_TALK])
        return [
            Sentence(
                f"{self._speaker(i)} (utterance {i}, {self.codes[i]['client_talk']} talk by "
                f"automated coding): {self._quoted(i)}",
                (Evidence.utterance(i), Evidence("finding", {"analyser": SKILLS})),
            )
            for i in sorted(chosen)
        ]

    def talk_balance(self) -> list[Sentence]:
        """How many client utterances were coded change and sustain talk (automated estimate).

        Utterances of the risk screen and answers inside the risk follow-up are not counted
        (:meth:`risk_indexes`); the sentence says how many were left out.
        """
        if not self.ran(SKILLS):
            return []
        risky = self.risk_indexes()
        foreign = {
            i
            for i, c in self.codes.items()
            if "client_talk" in c and self.own(i) and not self._english(i)
        }
        coded = {
            i: c.get("client_talk")
            for i, c in self.codes.items()
            if i not in foreign and self.own(i)
        }
        left_out = sorted(i for i, t in coded.items() if t in {"change", "sustain"} and i in risky)
        change = sorted(i for i, t in coded.items() if t == "change" and i not in risky)
        sustain = sorted(i for i, t in coded.items() if t == "sustain" and i not in risky)
        if not change and not sustain and not left_out and not foreign:
            return []
        evidence = tuple(Evidence.utterance(i) for i in sorted(change + sustain))
        text = (
            f"Automated estimate: {len(change)} client utterance(s) coded as change talk and "
            f"{len(sustain)} as sustain talk"
        )
        if left_out:
            why = why_left_out(self.summary, left_out)
            text += f", not counting {len(left_out)} utterance(s) {why}"
        if foreign:
            text += (
                f"; {len(foreign)} utterance(s) not in English ({indexes(sorted(foreign))}) are "
                "not coded: the coder reads English only"
            )
        finding = Evidence("finding", {"analyser": SKILLS, "not_counted": left_out})
        return [Sentence(text + ".", (*evidence, finding))]

    # -- therapist -----------------------------------------------------------------------

    def interventions(self) -> list[Sentence]:
        """Therapist interventions by automated coding, each with the utterances that show it."""
        sentences: list[Sentence] = []
        if self.ran(SKILLS):
            directive = self.directive_turns()
            decided = {i for label, hits, _ in directive if label in OVERRIDING for i in hits}
            for label, key, value in _INTERVENTIONS:
                hits = [
                    i
                    for i, c in sorted(self.codes.items())
                    if c.get(key) == value and (key == "question" or i not in decided)
                ]
                if hits:
                    sentences.append(self._listed(label, hits, SKILLS))
            for label, hits, sources in directive:
                sentences.append(self._listed(label, hits, *sources))
        else:
            sentences.append(self._not_analysed(SKILLS, "Therapist interventions"))
        relational = self.summary.get("relational", {})
        for label, key in (
            ("Feedback on the session invited", "feedback_elicitation"),
            ("Collaborative empiricism", "collaborative_empiricism"),
        ):
            hits = relational.get(key, {}).get("indexes", [])
            if key == "collaborative_empiricism":
                hits = [i for i in hits if i not in self._directives()]
            if hits:
                sentences.append(self._listed(label, hits, RELATIONAL))
        return sentences

    def _listed(self, label: str, hits: Sequence[int], *analysers: str) -> Sentence:
        evidence = (
            *(Evidence.utterance(i) for i in hits),
            *(Evidence("finding", {"analyser": analyser}) for analyser in analysers),
        )
        text = f"{label} (automated coding): utterance(s) {indexes(hits)}."
        return Sentence(text, evidence)

    def talk_share(self) -> list[Sentence]:
        """The client's share of the talk (automated count)."""
        if not self.ran(TALK):
            return []
        talk = self.summary.get("talk", {})
        client = talk.get("by_role", {}).get("client")
        who = "The client's"
        if self.member is not None:
            client = next(
                (s for s in talk.get("by_speaker", []) if s.get("speaker") == self.member), None
            )
            who = f"This client's (one of {self.clients()} clients in the session)"
        if not client or client.get("talk_share") is None:
            return []
        basis = talk.get("basis", "words")
        share = f"{client['talk_share']:.0%}"
        text = f"{who} share of the talk was {share} (by {basis}; automated count)."
        return [Sentence(text, (Evidence("finding", {"analyser": TALK, "basis": basis}),))]

    # -- process (sentences in :mod:`alliancelens.notes._transcript_process`) --------------

    def alliance(self) -> list[Sentence]:
        """The transcript alliance estimate, labelled as an estimate and not the client's rating."""
        return _process.alliance(self)

    def ruptures(self) -> list[Sentence]:
        """Each possible rupture episode, where it was and whether and how it was repaired."""
        return _process.ruptures(self)

    def unresolved_ruptures(self) -> list[Sentence]:
        """A plan line for each rupture not repaired in the session."""
        return _process.unresolved_ruptures(self)

    def agreed(self) -> list[Sentence]:
        """Goals the client stated and tasks the client accepted, quoted."""
        return _process.agreed(self)
