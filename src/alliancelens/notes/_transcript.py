"""Sentences drawn from one analysed transcript: quotes, codes, ruptures, alliance and risk.

Every function returns sentences that carry their evidence (utterance indexes and the analyser
finding they come from). An analyser that did not run gives a *not analysed* sentence whose
evidence is its run record — never a sentence implying that nothing was found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alliancelens.analysers import AnalysisResult
from alliancelens.domain import Role, RunStatus
from alliancelens.notes.model import Evidence, Sentence
from alliancelens.report import codes_and_summary, plain_label

__all__ = ["TranscriptFacts", "quote"]

#: Longest quote, in words, before it is cut with an ellipsis (keeps a note readable).
QUOTE_WORDS = 30
#: Client quotes per talk type (change, sustain) in the note's subjective/data section.
QUOTES_PER_TALK = 2
#: Shortest client utterance, in words, worth quoting.
MIN_QUOTE_WORDS = 5
RISK = "risk.language"
RUPTURES = "ruptures.detector"
ALLIANCE = "alliance.bordin"
SKILLS = "microskills.codes"
TALK = "talk.statistics"
RELATIONAL = "relational.markers"
_INTERVENTIONS: tuple[tuple[str, str, Any], ...] = (
    ("Complex reflections", "reflection", "complex"),
    ("Simple reflections", "reflection", "simple"),
    ("Open questions", "question", "open"),
    ("Collaboration sought", "seeking_collaboration", True),
    ("Autonomy emphasised", "emphasising_autonomy", True),
    ("Affirmations", "affirm", True),
    # Any advice the coder found; the red flags list only advice *without permission* (QA 18).
    ("Advice given, with or without permission", "input", "advice"),
)


def quote(text: str) -> str:
    """The utterance text, cut to :data:`QUOTE_WORDS` words with an ellipsis."""
    words = text.split()
    if len(words) <= QUOTE_WORDS:
        return " ".join(words)
    return " ".join(words[:QUOTE_WORDS]) + " …"


def _attempts(episode: Mapping[str, Any]) -> str:
    """The therapist's repair attempts listed after an unresolved episode (detector v9+)."""
    tried = [s for s in episode.get("strategy_evidence", []) if s.get("after_end")]
    if not tried:
        return ""
    how = ", ".join(f"{s['strategy'].replace('_', ' ')} at utterance {s['index']}" for s in tried)
    return f"; repair attempted ({how})"


def _indexes(values: Iterable[int]) -> str:
    return ", ".join(str(i) for i in values)


@dataclass(frozen=True, slots=True)
class TranscriptFacts:
    """One analysis result read once: codes, summary and run records, as note sentences."""

    result: AnalysisResult
    codes: Mapping[int, Mapping[str, Any]]
    summary: Mapping[str, Any]

    @classmethod
    def of(cls, result: AnalysisResult) -> TranscriptFacts:
        """Facts for ``result`` (codes and summary as in the JSON report)."""
        codes, summary = codes_and_summary(result)
        return cls(result, codes, summary)

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
        clients = [s for s in self.result.session.speakers if s.role is Role.CLIENT]
        return "Client" if len(clients) <= 1 else self.result.session.utterances[index].speaker

    def risk_indexes(self) -> set[int]:
        """Utterances the risk analyser flagged or listed as possible (never quoted as MI talk)."""
        screening = self.summary.get("risk_screening") or {}
        items = [*(self.summary.get("risk") or []), *(screening.get("possible") or [])]
        return {int(item["index"]) for item in items if isinstance(item, Mapping)}

    def _directives(self) -> set[int]:
        """Therapist utterances red-flagged or coded as persuading (no collaboration credit)."""
        flags = self.summary.get("red_flags")
        flagged = {
            int(f["index"])
            for f in (flags if isinstance(flags, list) else [])
            if isinstance(f, Mapping) and f.get("index") is not None
        }
        return flagged | {i for i, c in self.codes.items() if c.get("persuade") is True}

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
        """How many client utterances were coded change and sustain talk (automated estimate)."""
        if not self.ran(SKILLS):
            return []
        change = [i for i, c in sorted(self.codes.items()) if c.get("client_talk") == "change"]
        sustain = [i for i, c in sorted(self.codes.items()) if c.get("client_talk") == "sustain"]
        if not change and not sustain:
            return []
        evidence = tuple(Evidence.utterance(i) for i in sorted(change + sustain))
        text = (
            f"Automated estimate: {len(change)} client utterance(s) coded as change talk and "
            f"{len(sustain)} as sustain talk."
        )
        return [Sentence(text, (*evidence, Evidence("finding", {"analyser": SKILLS})))]

    # -- therapist -----------------------------------------------------------------------

    def interventions(self) -> list[Sentence]:
        """Therapist interventions by automated coding, each with the utterances that show it."""
        sentences: list[Sentence] = []
        if self.ran(SKILLS):
            for label, key, value in _INTERVENTIONS:
                hits = [i for i, c in sorted(self.codes.items()) if c.get(key) == value]
                if hits:
                    sentences.append(self._listed(label, hits, SKILLS))
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

    def _listed(self, label: str, hits: Sequence[int], analyser: str) -> Sentence:
        evidence = (
            *(Evidence.utterance(i) for i in hits),
            Evidence("finding", {"analyser": analyser}),
        )
        text = f"{label} (automated coding): utterance(s) {_indexes(hits)}."
        return Sentence(text, evidence)

    def talk_share(self) -> list[Sentence]:
        """The client's share of the talk (automated count)."""
        if not self.ran(TALK):
            return []
        client = self.summary.get("talk", {}).get("by_role", {}).get("client")
        if not client or client.get("talk_share") is None:
            return []
        basis = self.summary["talk"].get("basis", "words")
        text = (
            f"The client's share of the talk was {client['talk_share']:.0%} "
            f"(by {basis}; automated count)."
        )
        return [Sentence(text, (Evidence("finding", {"analyser": TALK, "basis": basis}),))]

    # -- process -------------------------------------------------------------------------

    def alliance(self) -> list[Sentence]:
        """The transcript alliance estimate, labelled as an estimate and not the client's rating."""
        if not self.ran(ALLIANCE):
            return [self._not_analysed(ALLIANCE, "Transcript alliance estimate")]
        a = self.summary.get("alliance", {})
        if a.get("index") is None:
            return []
        text = (
            f"Transcript-estimated alliance index {a['index']}/100 (goal {a['goal']['score']}, "
            f"task {a['task']['score']}, bond {a['bond']['score']}); an automated observer-style "
            "estimate, not the client's own rating."
        )
        evidence = (
            *(Evidence.utterance(i) for i in a.get("evidence_indexes", [])),
            Evidence("finding", {"analyser": ALLIANCE, "index": a["index"]}),
        )
        return [Sentence(text, evidence)]

    def ruptures(self) -> list[Sentence]:
        """Each possible rupture episode, where it was and whether and how it was repaired."""
        if not self.ran(RUPTURES):
            return [self._not_analysed(RUPTURES, "Alliance ruptures")]
        sentences = []
        for episode in self.summary.get("ruptures", []):
            start, end = episode["start_index"], episode["end_index"]
            if episode["resolved"]:
                how = ", ".join(plain_label(s) for s in episode["resolution_strategies"])
                outcome = f"repaired by utterance {episode['resolution_index']} ({how})"
            else:
                outcome = "not repaired within the session" + _attempts(episode)
            text = (
                f"Possible {episode['kind']} rupture (automated estimate) from utterance {start} "
                f"to {end}; {outcome}."
            )
            evidence = (
                *(Evidence.utterance(i) for i in episode["evidence_indexes"]),
                Evidence("finding", {"analyser": RUPTURES, "start_index": start, "end_index": end}),
            )
            sentences.append(Sentence(text, evidence))
        return sentences

    def unresolved_ruptures(self) -> list[Sentence]:
        """A plan line for each rupture not repaired in the session."""
        if not self.ran(RUPTURES):
            return []
        return [
            Sentence(
                f"Revisit the unrepaired {e['kind']} episode (utterances {e['start_index']}"
                f"–{e['end_index']}) with the client.",
                (
                    *(Evidence.utterance(i) for i in e["evidence_indexes"]),
                    Evidence("finding", {"analyser": RUPTURES, "start_index": e["start_index"]}),
                ),
            )
            for e in self.summary.get("ruptures", [])
            if not e["resolved"]
        ]

    def agreed(self) -> list[Sentence]:
        """Goals the client stated and tasks the client accepted, quoted."""
        if not self.ran(ALLIANCE):
            return []
        alliance = self.summary.get("alliance", {})
        hits = sorted(
            {
                (e["index"], e["signal"])
                for part in ("goal", "task")
                for e in alliance.get(part, {}).get("evidence", [])
                if e["signal"] in {"goal_stated", "task_accepted"}
            }
        )
        return [
            Sentence(
                f"{'Goal stated' if signal == 'goal_stated' else 'Task accepted'} by the "
                f"{self._speaker(i).lower() if self._speaker(i) == 'Client' else self._speaker(i)}"
                f" (utterance {i}): {self._quoted(i)}",
                (
                    Evidence.utterance(i),
                    Evidence("finding", {"analyser": ALLIANCE, "signal": signal}),
                ),
            )
            for i, signal in hits
        ]
