"""One definition of "the therapist asks for feedback", shared by every analyser that needs it.

``relational.markers`` (``feedback_elicitation``) and ``alliance.bordin`` (the ``feedback_asked``
signal) both import :data:`FEEDBACK_ELICITATION_PATTERN`, so an utterance is either feedback
asked for in both or in neither (QA report qa6 defect 4: the two used to disagree).

Construct: asking the client for feedback on the session or on the therapist — CTRS item 2
*Feedback* (clinical-reference.md §7, [YoungBeck1980-manual]) and the PCOMS/SRS end-of-session
check-in (§1.1, [Duncan2003]). Wording is our own. The pattern runs on lower-cased text with
straight apostrophes (both analysers normalise before matching).
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers._phrases import Phrase

__all__ = ["FEEDBACK_ELICITATION_PATTERN", "asks_feedback"]

_WHO = r"(?:you|(?:each|both|all) of you|you (?:both|two|all))"
#: The session being asked about ("today's session", "this session"; qa24 item 3).
_SESSION_NAMED = (
    r"(?:today's session|this session|the session|our session|today|"
    r"(?:this|our|today's) (?:hour|time together|meeting))"
)
#: Our way of working together, as the object of feedback (QA28 #4).
_OUR_WORK = (
    r"(?:(?:how|the way) (?:we(?:'ve| have)? (?:been )?|we're |we are |we )(?:work(?:ing)?|doing "
    r"(?:this|things)|going about (?:this|it))(?: together)?|our work(?: together)?|"
    r"(?:our|these) sessions)"
)
#: The session, or "this"/"that" standing for it in "how was that for you?".
_SESSION = rf"(?:{_SESSION_NAMED}|this|that)"

#: Asking for feedback on the session or the therapist (CTRS 2; PCOMS/SRS spirit, §1.1, §7).
FEEDBACK_ELICITATION_PATTERN: Final = (
    rf"\b(?:how (?:was|has|is) {_SESSION}(?: been)?(?: today)? for {_WHO}"
    rf"|how did {_SESSION_NAMED} (?:feel|go|land)(?: for {_WHO})?"
    # QA37 #8: the bare "How was today?" (a question on its own, not "how was today at work"),
    # and the session compared with the last one ("How did today compare to last time?",
    # "How was that compared to last time?"; "that" after a homework review is left out by
    # ``asks_feedback``). "How was the week?" and "How did that go?" stay homework reviews.
    r"|how (?:was|has been) (?:today|today's session|this session|our session)(?=\s*\?)"
    rf"|how (?:was|is|did|does|has) {_SESSION}(?: been)? compare(?:d|s)? (?:to|with) "
    r"(?:last (?:time|session|week(?:'s(?: session)?)?)|(?:our|the) last (?:session|time|one)|"
    r"before)"
    # "how did that go?" reviews homework, not the session (qa22 item 4): only feel/land here
    rf"|how did (?:that|this) (?:feel|land)(?: for {_WHO})?"
    # "can I check how the session felt today" (qa22 item 4)
    r"|how (?:the|this|today's|our) session (?:felt|went|was|has been|landed)"
    # "was this helpful today?" as a question about the session (qa22 item 4)
    r"|(?:was|has) (?:this|today|this session|today's session|the session|our session)"
    r"(?: been)? (?:helpful|useful|okay|ok|what you (?:needed|wanted))(?: today| for you)?(?=\s*\?)"
    r"|how did you find (?:today|the session|this|that)"
    r"|anything (?:that )?(?:didn't (?:feel|sit) right|i missed|i got wrong|i could do "
    r"differently|you'd like me to do differently|you'd (?:want|like) (?:more|less) of)"
    # "anything today / about today's session that didn't work for you", "anything I should do
    # differently next time" (QA qa15 item 6: the session named between "anything" and the verb)
    r"|anything (?:(?:about |in |from )?(?:today|this session|today's session|the session|our "
    r"session|this week's session)(?:'s session)? )?(?:that |which )?(?:didn't|did not|wasn't|was "
    r"not) (?:(?:feel|sit|go) (?:right|well|okay|ok)|work(?:ing)? for you|helpful|useful|ok|okay"
    r"|what you (?:needed|wanted))"
    r"|(?:anything|something|what) (?:that )?i (?:should|could|might|ought to) (?:do|try|change) "
    r"(?:differently|instead)"
    r"|what would you (?:want|like) (?:to be |me to do )?different(?:ly)? next "
    r"(?:time|session|week)"
    r"|what (?:was|has been) (?:helpful|unhelpful|useful|most helpful)"
    r"|is this (?:helpful|useful|working for you)|how (?:is|was) this (?:going|working) for you"
    r"|how are we doing|how are you finding (?:this|our|the|these)|any feedback"
    r"|if anything i do (?:ever )?(?:doesn't|isn't)|what was it like (?:for you )?when i"
    r"|how (?:did|does) that (?:land|feel for you)|was that (?:okay|ok|helpful|useful)"
    # asking to hear how one's own move felt, or to be told next time (QA qa13 item 3)
    r"|if (?:that|it|this|what i said) (?:felt|came across|sounded|seemed) [^.?!]{0,60}\bi'?d "
    r"(?:really |genuinely |much )?(?:like|want|love) to (?:know|hear)"
    r"|(?:something|anything) i (?:say|said|do|did) [^.?!]{0,60}\b(?:tell me|let me know)"
    r"|(?:wonder(?:ing)? if|was there|is there) (?:something|anything) (?:that )?i (?:did|said)"
    # QA28 #4: the construct, not a list of sentences: (a) wanting to check/hear how the
    # session or our work went ("I'd like to check how today went for you"); (b) anything about
    # how we work that the client would change; (c) "anything ..., or that I missed" with the
    # therapist's own miss later in the same question. "How did that go?" about an exercise
    # stays out: each form names the session, our work or the therapist.
    rf"|(?:check|ask|hear|know|see|find out|check in about) (?:with you )?how {_SESSION_NAMED}"
    r" (?:went|has gone|has been|was|felt|landed|is going)"
    rf"|{_OUR_WORK}[^.?!]{{0,60}}\b(?:change|do differently|be different|want different|"
    r"isn't working|is not working|not working for you|would help more)"
    r"|(?:anything|something) (?:that )?[^.?!]{0,50}\b(?:or )?(?:that )?i (?:missed|got wrong|"
    r"overlooked|could have done (?:better|differently)|should have (?:asked|done|said))"
    # QA qa30 #4: how the client feels about what was done in the session, and anything about
    # a piece of the session's work (an exercise, the chair work) that did not feel right: the
    # session's own work is the object of feedback, whatever noun names it (CTRS 2).
    r"|how (?:do|did) you feel about (?:what we(?:'ve| have)? (?:did|done|do|tried|worked on|"
    r"talked about)|how (?:today|the session|that|this|it) (?:went|felt|was)|today|(?:the|this|"
    r"that|today's|our) (?:session|exercise|work|chair work|role ?play|technique|task)(?! of))"
    # QA qa35 #9: asking whether the therapist's own move missed ("did what I said miss the
    # mark?", "was my suggestion off?") asks for feedback on the therapist (CTRS 2)
    r"|(?:did|does|has|have) (?:what i (?:just )?(?:said|suggested|asked|did)|that|my (?:\w+ )?"
    r"(?:suggestion|comment|question|idea|advice)|i) (?:just )?miss(?:ed)? the mark"
    r"|(?:was|is) (?:what i (?:just )?(?:said|suggested)|my (?:suggestion|advice|comment)) "
    r"(?:off|wrong|unhelpful|too much|not (?:right|helpful|what you needed))"
    r"|anything (?:about|in|from|with) (?:the|this|that|today's|our|what we) [^.?!]{0,40}?"
    r"(?:that |which )?(?:didn't|did not|wasn't|was not) (?:(?:feel|sit|go) (?:right|well|okay|"
    r"ok)|work(?:ing)? for you|helpful|useful))\b"
)

_FEEDBACK: Final = re.compile(FEEDBACK_ELICITATION_PATTERN)
_ANY_FEEDBACK: Final = Phrase(_FEEDBACK)
#: "How did that feel?" with nothing named: "that" is whatever the sentence before it was about.
_BARE_THAT = re.compile(r"how (?:did|does) (?:that|this|it) (?:feel|land)")
#: QA37 #8: "How was that compared to last time?" - "that" may be the homework just reviewed.
_THAT_COMPARED = re.compile(r"how (?:was|is|did|does|has) (?:that|this)(?: been)? compare")
#: A sentence reviewing homework or the client's week ("How did the breathing go at home?").
_HOMEWORK_REVIEW = re.compile(
    r"\b(?:homework|at home|this week|last week|during the week|over the week|between "
    r"sessions)\b|\bhow did (?:the|your) (?:\w+ ){1,2}go\b"
)
#: A sentence telling what the client did elsewhere ("You answered a question in front of
#: everyone.", "You told your sister.") with no word for the therapist or the session in it.
_CLIENT_EVENT = re.compile(
    r"\byou (?:\w+ )?(?:\w+ed|went|told|said|did|got|had|saw|made|took|gave|spoke|ran|won|lost|"
    r"came|sat|stood|wrote|met|rang|drove|found|left|kept|put|stuck|began|chose|brought)\b"
)
_ABOUT_US = re.compile(r"\b(?:i|me|my|we|us|our|here|session|today)\b")
_SENTENCES = re.compile(r"[^.!?]+[.!?]*")


def asks_feedback(text: str) -> bool:
    """Whether a therapist turn (lower-cased, straight apostrophes) asks for session feedback.

    The one decision every analyser uses (relational, alliance). Version 9 of relational (QA
    qa35 #9): a bare "How did that feel?" right after a sentence about something the client did
    outside the session ("You answered a question in front of everyone.") asks about that event,
    not about the session or the therapist, unless another feedback wording is there too.
    QA37 #8: "How was that compared to last time?" right after such a sentence, or after a
    homework review ("How did the breathing go at home?"), compares that, not the session.
    """
    if not _ANY_FEEDBACK.found_in(text):  # most turns ask for none: a cheap yes/no first
        return False
    return any(not _about_client_event(text, m.start()) for m in _FEEDBACK.finditer(text))


def _about_client_event(text: str, at: int) -> bool:
    compared = bool(_THAT_COMPARED.match(text, at))
    if not (compared or _BARE_THAT.match(text, at)):
        return False
    before = [sentence for sentence in _SENTENCES.findall(text[:at]) if sentence.strip()]
    previous = before[-1] if before else ""
    elsewhere = _CLIENT_EVENT.search(previous) or (compared and _HOMEWORK_REVIEW.search(previous))
    return bool(elsewhere) and not _ABOUT_US.search(previous)
