"""Overriding the client's feedback as a structure (``red_flags.therapist`` version 4).

The client turn being answered disagrees, declines, corrects or complains (3RS confrontation
markers, clinical-reference §5.3, [3RS-2015]) and the therapist's reply carries on with the same
task, advice or argument without a resolution strategy (§5.4 via
:func:`alliancelens.analysers.ruptures.strategies_in`), a question about the
objection, or a choice handed back. The immediate strategies R3 (*rationale*) and R10
(*redirecting*) alone do not count as taking the objection on board: they keep the task
(§5.4 "immediate" family, [Safran-Muran2000]). Pressing on with advice after the client
declined is also MITI 4.2.1 *Persuade* without permission (§6.1, [Moyers-MITI4.2.1]).

All text arrives normalised by :func:`alliancelens.analysers._red_flag_text.normalise`.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures import strategies_in

__all__ = ["overrides_feedback"]

#: A bare "no" opening counts only when it does not answer the therapist's question ("Anything
#: else?" -> "No, that's plenty."), does not reassure ("No, no, it's a good idea") and does not
#: agree with a negative ("No, they don't, do they.").
_NO_OPENING: Final = Phrase(
    r"^(?:no|nah|naw|nope|wait|hang on|hold on)\b"
    r"(?![ ,.!]*(?:no[ ,.!]*)?(?:it's|that's) (?:a )?(?:good|fine|okay|ok|great))"
    r"(?![ ,.!]*(?:they|it|he|she|you|we|i|that) (?:don't|doesn't|didn't|isn't|aren't|wasn't|"
    r"weren't|won't|can't|haven't|hasn't)\b)"
)
#: The client disagrees, declines, corrects or complains (3RS confrontation markers, §5.3:
#: complaints about the therapist or the activities, rejecting the therapist's formulation).
#: "I don't want to" counts only about doing or discussing something, not the client's own goal.
_CLIENT_DISAGREES: Final = Phrase(
    r"\b(?:i (?:already |just )?told you|i (?:just |literally )?(?:said|told)|you don't (?:know|"
    r"understand|get)|you're not (?:even )?listening|are you (?:even )?listening|not (?:even )?"
    r"listening|that's not (?:true|it|right|the (?:problem|point|issue))|it's not (?:really )?"
    r"(?:that simple|about|the (?:problem|point|issue))|(?:is|isn't|ain't) (?:the|my) problem|"
    r"my problem is not|i didn't come (?:here )?(?:to|for)|what am i coming here for|"
    r"i (?:can't|cannot|won't|will not) (?:be doing|do (?:that|it|this))|not (?:quitting|doing "
    r"(?:that|it)|going to)|i'm not (?:doing|going to|gonna)|i don't want to (?:do (?:that|it|"
    r"this)|talk about|go (?:into|there)|try)|(?:can we|could we) (?:leave|skip|not)|i'd rather|"
    r"with respect|easy (?:for you )?to say|that's (?:easy|rich)|forget i said|lectured?|scolded|"
    r"is (?:a )?problem for me|doesn't work for me|won't work)"
)
#: The reply carries on: a plan or task proposal, or an argument for the same advice.
_CARRIES_ON: Final = Phrase(
    r"\b(?:let's (?:just |still |keep |stick |put |start |plan |set |go |do |get |try |write |give "
    r"|book |make )|(?:we'll|i'll) (?:put|write|book|pencil|add)|anyway|anyhow|regardless|shall we "
    r"(?:say|put|set|start|do|keep)|put (?:that|it|this) down|(?:comes|come|go|goes) first|"
    r"(?:for|starting|from) (?:this week|tonight|tomorrow)|this week,? (?:i'd|i would|we|let's|"
    r"you)|i'd (?:still )?like you to|here's (?:a|the|what)|(?:really|still) (?:is|are) the "
    r"(?:best|only)|the (?:research|evidence|science|studies) (?:is|are|says?|shows?)|"
    r"you'd be surprised|(?:lots of|most|many|plenty of) (?:\w+ )?(?:people|carers|parents|"
    r"companies|clients) (?:manage|do|are|find that)|i'm not saying|that's the (?:structure|"
    r"rule|plan)|we'll get to|i know you said|once you)\b"
)
#: A choice handed back or the objection asked about (MITI 4.2.1 *Emphasize autonomy*, §6.1).
_CHOICE: Final = Phrase(
    r"\b(?:up to you|your (?:call|choice|decision)|if you (?:want|prefer|'d rather|would rather)|"
    r"or (?:we could|would you|do you)|what would you (?:prefer|rather|like)|which (?:would|do) "
    r"you|(?:wherever|whatever|whichever|however) you(?:'d| would)? (?:like|want|prefer)|^(?:we "
    r"can|of course|sure|okay,? we can)\b)"
)
#: A question that only proposes the plan ("shall we say one o'clock?") is not about the objection.
_PLAN_QUESTION: Final = re.compile(
    r"\b(?:shall we|what do you think about (?:\w+ing)|can you (?:do|manage|try)|want to (?:write"
    r"|do|try))\b"
)
#: Immediate 3RS strategies that keep the task (§5.4): not a sign of taking the objection on board.
_KEEPS_TASK: Final = frozenset({"illustrate_task_rationale", "redirect_refocus"})


def _asks_about_it(reply: str) -> bool:
    """True when the reply asks the client something other than agreeing to the plan."""
    questions = re.findall(r"[^.?!]*\?", reply)
    return any(not _PLAN_QUESTION.search(q) for q in questions)


def overrides_feedback(
    reply: str, client_before: str, *, advice: str | None, after_question: bool = False
) -> str | None:
    """The carrying-on wording when ``reply`` presses past the client's disagreement, else None.

    ``advice`` is the unsolicited-advice cue already found in ``reply`` (or None);
    ``after_question`` says the client turn answers a therapist question.
    """
    bare_no = not after_question and _NO_OPENING.match(client_before) is not None
    if not (bare_no or _CLIENT_DISAGREES.search(client_before)):
        return None
    carried = _CARRIES_ON.search(reply)
    cue = carried.group() if carried is not None else advice
    if cue is None:
        return None
    if _CHOICE.search(reply) or _asks_about_it(reply):
        return None
    if set(strategies_in(reply)) - _KEEPS_TASK:
        return None
    return cue.strip(" .!?,")
