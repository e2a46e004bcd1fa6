"""Whether a session is MI-like: the one definition the note, the skills summary and trends use.

Change and sustain talk (MISC) are defined against a *target behaviour*; in a CBT, EMDR or family
session there is none (QA 22 item 7). A session is *MI-like* when the therapist asked at least
:data:`MIN_EVOKING` questions that evoke change talk (:data:`EVOKING`: the good and less good
things about the behaviour, what would be different, importance and confidence rulers, reasons
and next steps; MI's evoking process, clinical-reference.md §6.1 [MITI]), or one such question
while naming a target behaviour (:data:`TARGET_BEHAVIOUR`) in :data:`MIN_TARGET_TURNS` or more
turns. ``microskills.summary`` stores the answer as ``skills.mi_like`` (QA43 #11); the note
(notes/_client.py) and client trends read the same test. Pure: reads utterances only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance

__all__ = [
    "EVOKING",
    "MIN_EVOKING",
    "MIN_TARGET_TURNS",
    "TARGET_BEHAVIOUR",
    "evoking_turns",
    "mi_like",
]

#: Therapist wording that evokes change talk about a behaviour (MI evoking; MITI "evoke",
#: clinical-reference.md §6.1 [MITI]). [S] the wording is ours (docs/notes.md).
EVOKING: Final = re.compile(
    r"\b(?:(?:less|not so) good (?:things )?about|the (?:good|less good|not so good|bad|best|"
    r"worst) (?:things?|parts?|side) (?:about|of)|downsides?|(?:what|anything) (?:worries|concerns"
    r"|bothers) you about|(?:reasons?|why) (?:you (?:might|would|could) )?(?:want )?to (?:change|"
    r"stop|quit|cut|reduce)|if nothing changed|if (?:things|it) (?:stayed|carried on|went on)|"
    r"how (?:important|confident|ready|willing) (?:is it|are you|would you|do you)|on a scale of|"
    r"worth (?:trying|changing|cutting|stopping)|what would (?:your life|things|it) (?:look like|"
    r"be like)|what (?:makes|made) you (?:want|think about|consider|say)|what(?:'s| is| would be) "
    r"the (?:next|first) (?:step|thing)|where does (?:that|this) leave you|what would (?:be "
    r"different|change) if|how ready|scale of|what steps|(?:what|who) (?:would|could|might) help "
    r"you|how (?:would|could|might) you go about|(?:something|a goal) (?:that )?you(?:'d| would)? "
    r"(?:want|like|be interested)|what (?:do|would|might) you (?:think you )?(?:need|want|like) to "
    r"(?:do|change|see)|anything else you could do|what have you (?:tried|thought about)|what "
    r"(?:do|would) you (?:like|enjoy) about|how (?:do|would) you feel about (?:cutting|stopping|"
    r"quitting|changing|reducing))\b"
)
#: Evoking therapist questions that make a session MI-like for the note. [S] ours
#: (docs/notes.md): one such question also occurs in CBT or family work, two rarely do.
MIN_EVOKING: Final = 2
#: A behaviour MI sessions target (substances, gambling, eating, exercise, medication). With
#: one evoking question, the therapist naming such a behaviour in :data:`MIN_TARGET_TURNS`
#: turns also makes a session MI-like. [S] our wording (docs/notes.md).
TARGET_BEHAVIOUR: Final = re.compile(
    r"\b(?:smok\w*|cigarettes?|vap(?:e|es|ing)|drink\w*|alcohol|beer|wine|booze|cannabis|weed|"
    r"marijuana|drugs?|cocaine|heroin|gambl\w*|pokies|betting|weight|diet\w*|eat\w*|exercis\w*|"
    r"medications?|meds|pills|insulin|sugar|caffeine|condoms?)\b"
)
MIN_TARGET_TURNS: Final = 2


def evoking_turns(utterances: Sequence[Utterance]) -> list[int]:
    """Therapist turns asking an evoking (change-talk eliciting) question, by index."""
    return [
        u.index
        for u in utterances
        if u.role is Role.THERAPIST and "?" in u.text and EVOKING.search(normalise(u.text))
    ]


def mi_like(utterances: Sequence[Utterance]) -> bool:
    """:data:`MIN_EVOKING` evoking questions, or one and a target behaviour named twice."""
    evoking = len(evoking_turns(utterances))
    named = sum(
        1
        for u in utterances
        if u.role is Role.THERAPIST and TARGET_BEHAVIOUR.search(normalise(u.text))
    )
    return evoking >= MIN_EVOKING or (evoking >= 1 and named >= MIN_TARGET_TURNS)
