"""What a rupture cue is, and the task vocabulary several confrontation cues share.

A cue is ``(cue id, marker, strength, pattern)``. Strength 2 is a *clear* cue; strength 1 is
*weak* and only counts when another marker of the same kind is close by (a run), following the
3RS salience idea that one doubtful, low-intensity cue is not a rupture (clinical-reference
§5.5 [S: 3RS-2022-code]). Cue ids are shown as evidence instead of text (privacy).
"""

from __future__ import annotations

from typing import NamedTuple

from alliancelens.analysers._phrases import Phrase

__all__ = ["ACTIVITY", "ACTIVITY_BAD", "ACTIVITY_BAD_NEAR", "Cue", "cue"]


class Cue(NamedTuple):
    """One phrase pattern for one marker."""

    id: str
    marker: str
    strength: int
    pattern: Phrase


def cue(cue_id: str, marker: str, strength: int, pattern: str) -> Cue:
    """A cue with its pattern compiled behind the literal prefilter."""
    return Cue(cue_id, marker, strength, Phrase(pattern))


ACTIVITY = (
    r"(homework|worksheets?|sheets?|diar(y|ies)|logs?|lists?|hierarch(y|ies)|exercises?|"
    r"exposures?|videos?|records?|apps?|role ?play|tasks?|experiments?|techniques?|breathing|"
    r"journal(ling)?|tracking|timetables?|schedules?|forms?|questionnaires?|mindfulness|(diary "
    r"|coping |thought |flash ?)cards?|(the|this|that|your) card|"
    # v15: a named part of a plan ("the getting-up part", "the writing bit"; not "the hardest
    # part"): a hyphenated or -ing word before part/bit/step/rule/routine
    r"(the|this|that) ([a-z]+-[a-z]+|[a-z]+ing) (part|bit|step|rule|routine))"
)
#: Unambiguous complaints about a task. ("Stupid" or "silly" alone is often about oneself:
#: "it's stupid" after "that can feel uncomfortable" is self-criticism, so those words only
#: count when a task word stands next to them.)
ACTIVITY_BAD = (
    r"(pointless|useless|patronising|patronizing|torture|boring|a waste|rubbish|nonsense|"
    r"ridiculous|"
    r"childish|doesn't (work|help|fit)|don't (work|help)|lie to myself|not (therapy|helping|"
    r"working|for me|useful|helpful)|sick of|fed up|no (good|use))"
)
#: Also for a task word close by: words that are only a complaint about the task there, and
#: "for kids" / "like school" (a task felt as childish; clinical-reference §5.3 C3).
ACTIVITY_BAD_NEAR = (
    rf"({ACTIVITY_BAD[1:-1]}|stupid|silly|horrible|too much|hate|for (little |school ?)?(kids|"
    r"children|babies)|like (a |being )?(kid|child|youngster|schoolkid|at school)|like school)"
)
