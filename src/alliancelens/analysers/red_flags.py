"""Therapist red flags (``red_flags.therapist``): openings for reflection, not verdicts.

Method documented in ``docs/analysers/red_flags.md``. Cue tables: version 1 in
:mod:`~alliancelens.analysers._therapist_lexicon`, version 2 in
:mod:`~alliancelens.analysers._red_flag_lexicon`, version 3 in
:mod:`~alliancelens.analysers._red_flag_cues`; decisions in ``_red_flag_own`` (own problems),
``_red_flag_rules`` (advice, judgment) and ``_red_flag_feedback`` (ignoring feedback); what is
never a red flag in ``_red_flag_exempt`` (version 7); text normalised by ``_red_flag_text``.
Kinds follow the ruptures-examples README; MITI 4.2.1 *Persuade* without permission and
*Confront* (clinical-reference §6.1):

* ``therapist_own_problems``: first-person narrative of the therapist's own life (``my divorce``,
  ``I went through ...``, ``we had the builders in``, ``same here``): at least
  ``own_problems_min_cues`` cues in one utterance, or more of the story told in answer to the
  client's question about it. A brief here-and-now disclosure, a brief disclosure handed back to
  the client (longer when the client asked), and a brief "what worked for me" behind advice in
  the same turn are not counted. Each item carries the share of all therapist words spent on it.
  Version 8: once one turn of the session is the therapist's own story, one told cue (not in a
  question, not about "you") is enough elsewhere; strain and impairment cues ("I haven't been
  sleeping", "drinking more than I should") count; a repair turn naming the detour does not.
* ``unsolicited_advice``: a directive, a suggestion put as a question ("Have you thought about
  just leaving him?") or a prescription ("If it were me, I'd ...") when the client did not ask,
  the therapist did not ask permission within the last three turns and did not hand the choice
  back. Our own lexical permission check, so the analyser does not depend on the micro-skills
  analyser.
* ``judgmental_remark``: an evaluative statement about the client's character or conduct,
  including negated virtues, sarcasm, comparisons with others and rhetorical moral questions,
  unless the therapist is reflecting the client's own word, quoting, or speaking of a third party.
* ``ignoring_client_feedback``: the client objected to the task, the plan or the therapist in
  their recent turns, and the reply presses on (carries on, insists after a polite
  acknowledgement, reads the objection as resistance, or goes back to the refused topic) without
  adjusting. Version 4 adds the structural reading of ``_red_flag_override``: the client
  disagrees, declines, corrects or complains and the reply carries on with the same task, advice
  or argument with no 3RS resolution strategy, question or choice.
* ``interrupting``: the therapist starts talking at least ``talk.statistics``'
  ``interruption_min_overlap`` seconds before the client finished (timestamps needed).
* ``dominating_talk_time``: the therapist's share of talk exceeds ``dominating_share`` in a
  session of at least ``dominating_min_words`` words. The threshold is a configurable default,
  not a published cut-off.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from alliancelens.analysers import _red_flag_defends as defends
from alliancelens.analysers import _red_flag_exempt as exempt
from alliancelens.analysers import _red_flag_feedback as feedback
from alliancelens.analysers import _red_flag_override as override
from alliancelens.analysers import _red_flag_own as own
from alliancelens.analysers import _red_flag_rules as rules
from alliancelens.analysers import talk as _talk  # noqa: F401 - register talk.statistics first
from alliancelens.analysers._red_flag_advice import unsolicited_advice
from alliancelens.analysers._red_flag_text import normalise
from alliancelens.analysers._roleplay import in_role_indexes
from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.registry import register
from alliancelens.domain import Finding, Role, Session, Utterance

__all__ = ["TherapistRedFlags", "red_flags_in"]


#: A therapist turn this short between an objection and the reply does not answer the objection.
#: Our own working value (no published cut-off), set on the synthetic training batches.
_FILLER_MAX_WORDS = 3


def _client_before(utterances: Sequence[Utterance], pos: int) -> int | None:
    """Position of the client turn this therapist turn answers.

    That is the previous turn, or the one before it when the therapist's turn in between was
    only a brief filler ("Mm.", "Okay.").
    """
    for back in (1, 2):
        if pos - back < 0:
            return None
        earlier = utterances[pos - back]
        if earlier.role is not Role.THERAPIST:
            return pos - back
        if earlier.words > _FILLER_MAX_WORDS:
            return None
    return None


def _recent_client(utterances: Sequence[Utterance], normed: Sequence[str], pos: int) -> str:
    """The client's recent turns before ``pos``, joined, as one objection may span them.

    Walks back at most three turns, over client turns and therapist fillers ("Mm."), and stops
    at the first therapist turn that is longer than a filler or asks a question.
    """
    parts: list[str] = []
    for i in range(pos - 1, max(-1, pos - 4), -1):
        if utterances[i].role is not Role.THERAPIST:
            parts.append(normed[i])
        elif utterances[i].words > _FILLER_MAX_WORDS or normed[i].endswith("?"):
            break
    return " ".join(reversed(parts))


def _own_problems(
    utterances: Sequence[Utterance], normed: Sequence[str], pos: int, ctx: _Context
) -> tuple[int, str | None]:
    """Own-problem words and cue of the therapist turn at ``pos`` (or 0, None).

    A turn that answers the client's question about the therapist's story, right after an
    own-problems flag, continues it (version 3).
    """
    text = normed[pos]
    invited = own.asks_about_therapist(ctx.client_before)
    words, cue = own.own_problem_words(text, ctx.min_cues, invited=invited, story=ctx.story)
    if cue is None and pos >= 2 and (pos - 2) in ctx.own_positions:
        between = utterances[pos - 1]
        if between.role is not Role.THERAPIST and own.continues_story(text, normed[pos - 1]):
            words, cue = len(text.split()), "continues the therapist's own story"
    return words, cue


def _tells_own_story(utterances: Sequence[Utterance], normed: Sequence[str], min_cues: int) -> bool:
    """True when at least one therapist turn is, on its own, about the therapist's own life.

    Such a session has an open story thread: later and earlier turns need one cue fewer
    (version 8, qa22 item 2: "my ex did exactly that", "I did it in the court car park").
    """
    return any(
        own.own_problem_words(text, min_cues)[1] is not None
        and not own.is_brief_recipe(text, min_cues)
        for u, text in zip(utterances, normed, strict=True)
        if u.role is Role.THERAPIST
    )


class _Context:
    """What one therapist turn is read against: earlier turns and earlier own-problem flags."""

    def __init__(self, min_cues: int) -> None:
        self.min_cues = min_cues
        self.own_positions: set[int] = set()
        self.client_before = ""
        #: The therapist tells their own story somewhere in this session (version 8).
        self.story = False


def red_flags_in(
    utterances: Sequence[Utterance], *, own_problems_min_cues: int = 2
) -> tuple[list[dict[str, Any]], int]:
    """Utterance-level red flags and the therapist words spent on the therapist's own problems."""
    items: list[dict[str, Any]] = []
    own_words = 0
    normed = [normalise(u.text) for u in utterances]
    advised = unsolicited_advice(utterances, normed)  # one definition, shared with the alliance
    in_role = in_role_indexes(utterances)  # version 9: lines spoken in role are not flagged
    ctx = _Context(own_problems_min_cues)
    ctx.story = _tells_own_story(utterances, normed, own_problems_min_cues)
    for pos, u in enumerate(utterances):
        if u.role is not Role.THERAPIST or u.index in in_role:
            continue
        text = normed[pos]
        answered = _client_before(utterances, pos)
        if answered is not None and utterances[answered].index in in_role:
            answered = None  # an in-role line was said to the character, not to the therapist
        ctx.client_before = normed[answered] if answered is not None else ""
        advice = advised.get(u.index)
        words, cue = _own_problems(utterances, normed, pos, ctx)
        recipe = advice is not None and own.is_brief_recipe(text, own_problems_min_cues)
        if cue is not None and not recipe:
            ctx.own_positions.add(pos)
            own_words += words
            reason = f"the therapist's own life comes in ({words} words)"
            items.append(_item(u.index, "therapist_own_problems", cue, reason, words=words))
        if advice is not None:
            reason = "advice or a directive without the client asking or permission"
            items.append(_item(u.index, "unsolicited_advice", advice, reason))
        judgment = rules.judgment_cue(text, ctx.client_before)
        if judgment is not None:
            reason = "evaluative, moralising or belittling wording about the client"
            items.append(_item(u.index, "judgmental_remark", judgment, reason))
        if answered is not None:
            ignoring = _ignoring(
                utterances, normed, pos, answered, ctx.client_before, advice=advice
            )
            if not ignoring and pos in ctx.own_positions:
                ignoring = _own_story_after_feedback(utterances, pos, answered, ctx.client_before)
            items.extend(ignoring)
    return items, own_words


def _own_story_after_feedback(
    utterances: Sequence[Utterance], pos: int, answered: int, client_before: str
) -> list[dict[str, Any]]:
    """An ignoring-feedback item when the reply to the client's feedback is the therapist's story.

    Version 8 (qa22 item 3): "I wanted to talk more about us" answered with the therapist's own
    lawyer meeting presses on past the feedback, whatever polite words come first.
    """
    if not feedback.gives_feedback(exempt.objection_text(client_before)):
        return []
    before = utterances[answered]
    return [
        _item(
            utterances[pos].index,
            "ignoring_client_feedback",
            "turns to the therapist's own life",
            f"answers the client's feedback at {before.index} with the therapist's own story",
            evidence=[before.index, utterances[pos].index],
        )
    ]


def _ignoring(
    utterances: Sequence[Utterance],
    normed: Sequence[str],
    pos: int,
    answered: int,
    client_before: str,
    *,
    advice: str | None,
) -> list[dict[str, Any]]:
    """An ignoring-feedback item for the therapist turn at ``pos``, if it presses on.

    Version 4 adds the structural reading of :mod:`~alliancelens.analysers._red_flag_override`;
    version 7 reads the client's words without their thanks and praise (never an objection).
    """
    if exempt.owns_a_mistake(normed[pos]) or exempt.metacommunicates(normed[pos]):
        return []  # version 7: owning a mistake or metacommunication answers the objection
    client_before = exempt.objection_text(client_before)
    recent = exempt.objection_text(_recent_client(utterances, normed, pos))
    pushes = feedback.ignores_feedback(normed[pos], client_before, recent)
    if pushes is None:
        asked = answered > 0 and normed[answered - 1].rstrip().endswith("?")
        pushes = override.overrides_feedback(
            normed[pos], client_before, advice=advice, after_question=asked
        )
    if pushes is None:  # version 10 (QA qa30 #2): a defence against a complaint, or moving on
        pushes = defends.defends_or_moves_on(utterances, normed, pos, answered)
    if pushes is None:
        return []
    before = utterances[answered]
    return [
        _item(
            utterances[pos].index,
            "ignoring_client_feedback",
            pushes,
            f"presses on after the client's objection at {before.index}",
            evidence=[before.index, utterances[pos].index],
        )
    ]


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
    # 6: "I feel stupid" (self-criticism) is not an objection to the work; "it feels stupid",
    # "I feel stupid doing this" still are (QA15 item 4)
    # 7: risk-screening questions and turns owning a mistake are never advice; thanks and praise
    # are never objections; "what did you expect?" after the client's own expectation and
    # "not letting them down" are not verdicts (QA20 item 4, ``_red_flag_exempt``); a turn that
    # owns a mistake or metacommunicates never ignores feedback (QA21 item 2)
    # 8: own-problems cues for the therapist's strain and impairment ("I haven't been
    # sleeping", "drinking more than I should"), regret and "I've done that too"; a session with
    # an own story lowers the bar by one cue for told (not "you", not question) sentences; story
    # clauses before ", you should" count; repair turns naming the detour are not the story;
    # the share counts the whole told story; the client's feedback answered with the therapist's
    # own story, and "I understand it feels X, but it gets easier" after a refusal, ignore
    # feedback (QA qa22 items 2, 3, 6; qa24 item 10)
    # 9: turns spoken in role (role-plays, rehearsals, chair work) are never red flags, and an
    # in-role client line is no objection to answer; "I think it would help to ...", "it really
    # does work if you stick with it" are advice or persuasion without permission; one advice
    # definition shared with alliance.bordin (QA28 #3, #10)
    version = 10
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
        own.forget_sentences()  # a memo within one session only
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
