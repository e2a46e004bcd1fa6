"""Defending against the client's complaint, and moving on once they give up (version 10).

Definition: ruptures-examples README "Therapist red flags" (ignoring or overriding the client's
feedback). A client who complains about the therapist or the frame of therapy (lateness,
cancellations, waiting, not being listened to; 3RS confrontation markers C1 and C4,
clinical-reference §5.3 [3RS-2015]) and is answered with a justification ("I did let you know",
"that wasn't something I could control", "I have a lot of clients, I do my best") or with the
complaint made small ("we still have most of the session") has had their feedback overridden:
3RS codes the defence as the therapist's own contribution to the rupture, not a resolution
strategy (§5.4 [U: 3RS-2015]). When the client then gives up ("Forget it. It doesn't matter.")
and the therapist moves straight on to the agenda, the feedback was ignored (QA qa30 #2).

A turn that also owns a part, metacommunicates or validates (``red_flags._ignoring`` exempts
owning and metacommunication first; a 3RS strategy here) is not flagged. All text arrives
normalised by :func:`alliancelens.analysers._red_flag_text.normalise`. Wording is our own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures import strategies_in
from alliancelens.domain import Role, Utterance

__all__ = ["defends_or_moves_on"]

#: The client complains about the therapist or the frame (C1/C4; our own wording).
_COMPLAINT: Final = Phrase(
    r"\b(?:you(?:'re| are| were) (?:late|always late|never on time)|late again|(?:cancel+ed|"
    r"rescheduled|moved (?:our|my|the) (?:session|appointment)) (?:on me|again|last minute|twice|"
    r"three times)|you cancel+ed|kept (?:me )?waiting|(?:sat|sitting|waited|waiting) (?:in "
    r"(?:the|that|your) )?waiting room|waited (?:for )?(?:ages|\w+ minutes|half an hour|an hour)|"
    r"(?:just|only) (?:a|another) (?:slot|number|name|client|appointment)|you (?:don't|never|"
    r"didn't) (?:listen|care|call|ring|remember|reply|get back)|you forgot|you're not (?:even )?"
    r"listening|not (?:even )?listening to me|you (?:keep|kept) (?:forgetting|changing|"
    r"cancel+ing|interrupting)|(?:that's|it's) not the point|don't matter (?:to you|here))"
)
#: A justification or a complaint made small, in reply to the client's complaint.
_DEFENCE: Final = Phrase(
    r"\b(?:(?:that's|that is|that isn't|it's|it isn't) (?:not |hardly )?(?:fair|true|what "
    r"happened)\b|i (?:do|did|try|tried|'m doing|am doing|was doing) (?:my|our) (?:best|very "
    r"best)|i have (?:a lot of|lots of|so many|many|other) (?:clients|people|patients)|i did "
    r"(?:let you know|tell you|warn you|text you|email you|message you|say)|(?:wasn't|isn't|was "
    r"not|is not) something i could (?:control|help|do anything about)|(?:out of|beyond) my "
    r"control|i couldn't help (?:it|that|the)|(?:it's|it is|it was|it wasn't) not my fault|it "
    r"wasn't my fault|i'm (?:only|just) human|(?:we|you)(?:'ve)? (?:still )?(?:have|'ve got|got) "
    r"(?:most|"
    r"plenty|lots|the rest|loads) of (?:the|our|your) (?:session|time|hour)|you (?:have|need) "
    r"to understand|i'm (?:just |only )?trying to help)"
)
#: The client takes the complaint back ("never mind", "forget it", "it doesn't matter").
_GIVES_UP: Final = Phrase(
    r"^(?:(?:oh|ah|look|well|fine|okay|ok|just|no)[,.!]? )*(?:forget it|never ?mind|whatever|"
    r"(?:it|that) doesn't (?:really )?matter|doesn't matter|don't worry about it|leave it)\b"
)
#: Strategies that take the complaint on board (3RS R4-R9); R3 rationale and R10 redirecting
#: keep the task (§5.4 "immediate" family) and do not count.
_ANSWERS: Final = frozenset(
    {
        "invite_discussion_of_thoughts_feelings",
        "acknowledge_own_contribution",
        "disclose_internal_experience",
        "link_to_larger_patterns",
        "validate_defensive_posture",
        "clarify_misunderstanding",
    }
)
#: A short client turn: a longer one says more than taking the complaint back.
_GIVE_UP_WORDS: Final = 10


def defends_or_moves_on(
    utterances: Sequence[Utterance], normed: Sequence[str], pos: int, answered: int
) -> str | None:
    """The cue when the therapist turn at ``pos`` defends against, or moves past, a complaint.

    ``answered`` is the position of the client turn it answers. A defence counts when that turn
    or the client's turn before the previous therapist turn (an argument going on) complains
    (``_COMPLAINT``); moving on counts when the client just gave up a complaint after a defence
    and the reply takes up no strategy that answers it (``_ANSWERS``).
    """
    reply = normed[pos]
    if _ANSWERS.intersection(strategies_in(reply)):
        return None
    if _DEFENCE.search(reply) and _complained(utterances, normed, answered):
        return "defends against the client's complaint"
    client = normed[answered]
    therapist_before = answered - 1
    if (
        len(client.split()) <= _GIVE_UP_WORDS
        and _GIVES_UP.search(client)
        and therapist_before >= 0
        and utterances[therapist_before].role is Role.THERAPIST
        and _DEFENCE.search(normed[therapist_before])
    ):
        return "moves on after the client gave up their complaint"
    return None


def _complained(utterances: Sequence[Utterance], normed: Sequence[str], answered: int) -> bool:
    """True when the client turn at ``answered``, or the one before a defence, complains."""
    if _COMPLAINT.search(normed[answered]):
        return True
    earlier = answered - 2
    return (
        earlier >= 0
        and utterances[earlier].role is not Role.THERAPIST
        and utterances[answered - 1].role is Role.THERAPIST
        and _DEFENCE.search(normed[answered - 1]) is not None
        and _COMPLAINT.search(normed[earlier]) is not None
    )
