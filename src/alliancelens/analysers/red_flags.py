"""Therapist red flags (``red_flags.therapist``): openings for reflection, not verdicts.

Method (documented in ``docs/analysers/red_flags.md``; cues in
:mod:`alliancelens.analysers._therapist_lexicon`). Kinds follow the ruptures-examples README:

* ``therapist_own_problems``: the therapist's own life comes in (``my divorce``, ``I went through
  ...``, ``mine's exactly the same``): at least ``own_problems_min_cues`` cues in one utterance.
  A brief here-and-now disclosure ("I feel quite moved hearing that") is not counted. Each item
  carries the share of all therapist words spent in such utterances.
* ``unsolicited_advice``: a directive ("you should", "you need to", an imperative such as "Cut
  that out") when the client did not ask for advice, the therapist did not ask permission in the
  same or the previous turn, and did not hand the choice back ("it's up to you"). This is our own
  lexical permission check (MITI *Persuade* without permission, §6.1), so the analyser does not
  depend on the micro-skills analyser being present.
* ``judgmental_remark``: moralising, blaming or belittling wording (MITI *Confront*).
* ``ignoring_client_feedback``: the client says the plan does not fit, and the therapist's next
  turn presses on ("let's just stick with nine", "I hear you, but ...").
* ``interrupting``: the therapist starts talking at least ``talk.statistics``'
  ``interruption_min_overlap`` seconds before the client finished (timestamps needed).
* ``dominating_talk_time``: the therapist's share of talk exceeds ``dominating_share`` in a
  session of at least ``dominating_min_words`` words. The threshold is a configurable default,
  not a published cut-off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from alliancelens.analysers import _therapist_lexicon as lex
from alliancelens.analysers import talk as _talk  # noqa: F401 - register talk.statistics first
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import Finding, Role, Session, Utterance

__all__ = ["TherapistRedFlags", "red_flags_in"]

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_QUESTION_EXPLORES = re.compile(r"\b(?:what|how|tell me|say more)\b[^?]*\?")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _own_problem_words(text: str, min_cues: int) -> tuple[int, str | None]:
    """Words of the self-disclosing sentences and the first cue, when there are enough cues."""
    cues: list[str] = []
    words = 0
    for sentence in _SENTENCE.findall(text):
        found = [
            m.group()
            for pattern in (lex.OWN_LIFE, lex.OWN_NARRATIVE, lex.SAME_AS_CLIENT)
            for m in pattern.finditer(sentence)
        ]
        if found:
            cues.extend(found)
            words += len(sentence.split())
    if len(cues) < min_cues or (lex.HERE_AND_NOW.search(text) and len(cues) < min_cues + 1):
        return 0, None
    return words, cues[0]


def _starts(text: str) -> list[str]:
    """Each sentence of ``text``, stripped, so an imperative can be matched at its start."""
    return [sentence.strip() for sentence in _SENTENCE.findall(text)]


def _advice(text: str, previous: Sequence[Utterance]) -> str | None:
    """The directive wording when it is advice without permission, else None."""
    match = lex.ADVICE.search(text) or next(
        (m for m in map(lex.IMPERATIVE.match, _starts(text)) if m is not None), None
    )
    if match is None or lex.PERMISSION.search(text) or lex.AUTONOMY.search(text):
        return None
    for earlier in previous[-2:]:
        earlier_text = _norm(earlier.text)
        if earlier.role is Role.THERAPIST and lex.PERMISSION.search(earlier_text):
            return None
        if earlier.role is not Role.THERAPIST and lex.CLIENT_ASKS_ADVICE.search(earlier_text):
            return None
    return match.group()


def red_flags_in(
    utterances: Sequence[Utterance], *, own_problems_min_cues: int = 2
) -> tuple[list[dict[str, Any]], int]:
    """Utterance-level red flags and the therapist words spent on the therapist's own problems."""
    items: list[dict[str, Any]] = []
    own_words = 0
    for pos, u in enumerate(utterances):
        if u.role is not Role.THERAPIST:
            continue
        text = _norm(u.text)
        words, cue = _own_problem_words(text, own_problems_min_cues)
        if cue is not None:
            own_words += words
            items.append(
                _item(
                    u.index,
                    "therapist_own_problems",
                    cue,
                    f"the therapist's own life comes in ({words} words)",
                    words=words,
                )
            )
        advice = _advice(text, utterances[max(0, pos - 2) : pos])
        if advice is not None:
            items.append(
                _item(
                    u.index,
                    "unsolicited_advice",
                    advice,
                    "advice or a directive without the client asking or permission",
                )
            )
        judgment = lex.JUDGMENTAL.search(text)
        if judgment is not None:
            items.append(
                _item(
                    u.index,
                    "judgmental_remark",
                    judgment.group(),
                    "moralising, blaming or belittling wording",
                )
            )
        before = utterances[pos - 1] if pos else None
        if before is not None and before.role is not Role.THERAPIST:
            feedback = lex.CLIENT_FEEDBACK.search(_norm(before.text))
            presses = lex.PRESSES_ON.search(text)
            if feedback is not None and presses is not None:
                items.append(
                    _item(
                        u.index,
                        "ignoring_client_feedback",
                        presses.group(),
                        f"presses on after the client's objection at {before.index}",
                        evidence=[before.index, u.index],
                    )
                )
    return items, own_words


def _item(
    index: int | None,
    kind: str,
    matched: str | None,
    reason: str,
    *,
    evidence: list[int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "index": index,
        "kind": kind,
        "reason": reason,
        "matched": matched,
        "evidence": evidence if evidence is not None else ([] if index is None else [index]),
        **extra,
    }


@register
class TherapistRedFlags(Analyser):
    """Therapist behaviours the seed literature links to ruptures and poorer outcomes."""

    name = "red_flags.therapist"
    version = 1
    requires = frozenset({"roles", "talk.summary"})
    produces = frozenset({"red_flags.summary"})
    description = (
        "Therapist red flags: own problems, advice without permission, judgmental remarks, "
        "ignoring feedback, interrupting, dominating talk time."
    )

    def __init__(
        self,
        *,
        dominating_share: float = 0.75,
        dominating_min_words: int = 300,
        own_problems_min_cues: int = 2,
    ) -> None:
        self.dominating_share = dominating_share
        self.dominating_min_words = dominating_min_words
        self.own_problems_min_cues = own_problems_min_cues

    def _analyse(self, session: Session, upstream: FindingSet) -> Iterable[Finding]:
        utterances = session.utterances
        items, own_words = red_flags_in(
            utterances, own_problems_min_cues=self.own_problems_min_cues
        )
        therapist_words = sum(u.words for u in utterances if u.role is Role.THERAPIST)
        share = round(own_words / therapist_words, 4) if therapist_words else None
        for item in items:
            if item["kind"] == "therapist_own_problems":
                item["share_of_therapist_words"] = share
        talk = next((f.value for f in upstream.of_kind("talk.summary")), None)
        if isinstance(talk, dict):
            items.extend(self._from_talk(session, talk))
        items.sort(key=lambda i: (i["index"] is None, i["index"] or 0, i["kind"]))
        evidence = sorted({i for item in items for i in item["evidence"]})
        yield self.session_finding("red_flags.summary", items, utterance_indexes=evidence)

    def _from_talk(self, session: Session, talk: dict[str, Any]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        positions = {u.index: pos for pos, u in enumerate(session.utterances)}
        for index in talk.get("interruption_indexes") or []:
            pos = positions.get(index)
            if pos is None or pos == 0:
                continue
            u, before = session.utterances[pos], session.utterances[pos - 1]
            if u.role is Role.THERAPIST and before.role is not Role.THERAPIST:
                found.append(
                    _item(
                        index,
                        "interrupting",
                        None,
                        f"started before the client finished utterance {before.index}",
                        evidence=[before.index, index],
                    )
                )
        share = (talk.get("by_role") or {}).get("therapist", {}).get("talk_share")
        if (
            share is not None
            and share > self.dominating_share
            and talk.get("words", 0) >= self.dominating_min_words
        ):
            longest = sorted(
                (u for u in session.utterances if u.role is Role.THERAPIST),
                key=lambda u: u.words,
                reverse=True,
            )[:3]
            found.append(
                _item(
                    None,
                    "dominating_talk_time",
                    None,
                    f"therapist held {share:.0%} of the talk (by {talk['basis']}); "
                    f"threshold {self.dominating_share:.0%} (configurable default)",
                    evidence=sorted(u.index for u in longest),
                    share=share,
                )
            )
        return found
