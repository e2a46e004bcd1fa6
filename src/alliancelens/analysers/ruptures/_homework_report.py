"""An honest "I didn't do it." to a homework check is an answer, not withdrawal (version 25).

The 3RS counter-evidence rules: a brief answer is not withdrawal by itself; it must function as
movement away in context, and a specific answer to the question asked is engagement
(clinical-reference §5.2 [S: 3RS-2022-code]). "About six." after "How many hours did you
sleep?" answers a factual question; in the same way "I didn't do it." after "Did you manage the
breathing practice this week?" (or "How did the homework go?") reports, truthfully and
completely, that the task was not done. So such a reply carries no W1 denial and no W2
minimal-response marker, from the rules or the model. A reply that adds hedging, shrugging or
self-criticism ("Dunno, didn't really.", "I didn't do it. I never do.") is not this bare report
and is read as before; what the client says when the therapist asks what got in the way is
read on its own. The wording is our own.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._cue import ACTIVITY
from alliancelens.analysers.ruptures._reply_cues import Hit

__all__ = ["NOT_WITHDRAWAL", "honest_not_done", "without_not_done_markers"]

#: The markers a bare not-done report no longer carries.
NOT_WITHDRAWAL: Final = frozenset({"minimal_response", "denial"})
#: The therapist turn checks on a task set before (homework, practice, an exercise).
_TASK_CHECK: Final = Phrase(
    rf"\b{ACTIVITY}\b|\bpractice\b|\bpractis\w*|\bpractic\w*|\b(did|have|were|had) you (manage"
    r"|get (a chance|round|around|to)|been able|be able|able to|try|do|done|use|keep)\b|\bhow "
    r"did you get on\b|\bthe plan (this|for the|last) week\b"
)
#: The whole reply says the task was not done, and nothing else.
_NOT_DONE: Final = Phrase(
    r"^(?:(?:no|nope|honestly|to be honest|um|erm|uh|well|sorry|i'm afraid|actually)[,.!]?\s+)*"
    r"(?:i )?(?:didn't|did not|haven't|have not|never|couldn't|wasn't able to)(?: (?:do|did|done"
    r"|manage|try|practi[cs]e|get (?:round |around )?to|get to do|manage to do))?(?: (?:it|them|"
    r"that|this|any(?: of (?:it|them))?|the (?:\w+ )?(?:\w+)))?(?: (?:this|last) week| at all| in"
    r" the end| this time)?(?:,? (?:sorry|to be honest|honestly|no))?[.!]*$"
)


def honest_not_done(text: str, prompt_text: str | None) -> bool:
    """Whether ``text`` (normalised) only reports not doing the task the prompt checks on."""
    return (
        prompt_text is not None
        and _NOT_DONE.search(text) is not None
        and _TASK_CHECK.search(prompt_text) is not None
    )


def without_not_done_markers(hits: list[Hit], text: str, prompt_text: str | None) -> list[Hit]:
    """``hits`` without W1/W2 markers when the reply is an honest not-done report."""
    if not hits or not honest_not_done(text, prompt_text):
        return hits
    return [h for h in hits if h.marker not in NOT_WITHDRAWAL]
