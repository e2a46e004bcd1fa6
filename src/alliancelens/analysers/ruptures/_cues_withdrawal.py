"""Withdrawal cues W1-W7: the client moves away from the therapist, the work or themselves.

Sources: clinical-reference §5.2 [S; W7 U] (3RS-2015; the 3RS-2022 groupings).

Rows are ``cue(id, marker, strength, pattern)``; see ``_cue`` for what strength means. The first
block follows the marker definitions and the operational wording of the labelled corpus README;
the second holds paraphrases in our own wording so that unseen dialogue is covered too.
"""

from __future__ import annotations

from alliancelens.analysers.ruptures._cue import Cue, cue

__all__ = ["WITHDRAWAL_CUES"]

WITHDRAWAL_CUES: tuple[Cue, ...] = (
    # W1 denial: brushing off what plainly matters (§5.2). Context rules add "it's fine" etc.
    cue("w1_no_big_deal", "denial", 2, r"\b(not|no) (a |that )?big deal\b|\bno big deal\b"),
    cue(
        "w1_not_bothered",
        "denial",
        2,
        r"\b(didn't|doesn't|don't|never) (really )?(bother|"
        r"matter|affect(ed)?|upset) me\b|\bi('m| am) not (even |really )?(bothered|fussed|upset)\b",
    ),
    cue(
        "w1_just_a_thing",
        "denial",
        2,
        r"\b(it was|it's|that's) just (a thing|something) "
        r"(he|she|they|people) (said|say)\b",
    ),
    cue("w1_funny_story", "denial", 1, r"\b(it's|it was) (just )?a (funny|silly) (story|thing)"),
    cue(
        "w1_over_it",
        "denial",
        2,
        r"\bi('m| am) (over it|past it)\b|\bno point getting "
        r"(worked up|upset)\b|\bit is what it is\b",
    ),
    # W3 abstract communication is counted in _markers.py (several general terms at once).
    # W4 avoidant storytelling / topic shift: pivots away, asking to move on, clock-watching.
    cue(
        "w4_something_else",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bcan we (do|talk about|move on to|go on to) (something|anything) else\b|"
        r"\b(can we|could we|let's) (just )?(change|move on from) the subject\b|\bcan we (not|"
        r"skip|move on)\b",
    ),
    cue(
        "w4_dont_want_to",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bi (really )?don't (really )?want to (talk about|go into|get into|do any more on|"
        r"think about|go over) (it|that|this|him|her|them)\b",
    ),
    cue(
        "w4_anyway_pivot",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"(^|[.!?] )anyway,? (the|so|my|i|we|he|she|there|did|what|how|speaking)\b",
    ),
    cue(
        "w4_oh_pivot",
        "avoidant_storytelling_or_topic_shift",
        1,
        r"^(no|not really|nope)[.,!]? (oh,? )?(my|did i tell you|guess what|by the way)\b",
    ),
    cue(
        "w4_clock",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bhow (long|much time) (have we got|is left|do we have)\b|\b(is it|are we) nearly "
        r"(time|done|finished)\b|\bwhat time (is it|do we finish)\b",
    ),
    cue(
        "w4_get_it_over",
        "avoidant_storytelling_or_topic_shift",
        1,
        r"\bcan we just (fill|get|do|finish|skip)\b",
    ),
    # W5 deferential / appeasing: over-agreement, handing choice to the therapist, caretaking.
    cue(
        "w5_whatever_you",
        "deferential_appeasing",
        2,
        r"\bwhatever you (think|say|want|reckon|feel)\b|\byou know best\b|\bif you think so\b"
        r"|\bi'll do whatever\b|\bwhatever's best\b|"
        # v15, polite register: "Sure. Whatever's easiest for you."
        r"\bwhatever('s| is) (easiest|easier|simplest|most convenient|best) for you\b|\bwhatever "
        r"(suits|works (best )?for) you\b|\byou're the (expert|professional)\b",
    ),
    cue(
        "w5_you_are_right_twice",
        "deferential_appeasing",
        2,
        r"\byou're (so |totally |absolutely )?right\W+(you're (so |totally )?right|"
        r"definitely|obviously)\b|\bobviously\. you're right\b",
    ),
    cue(
        "w5_praise",
        "deferential_appeasing",
        1,
        r"\byou('ve| have) been (really |so |very )?(nice|kind|helpful|lovely)\b|\b(it's|it has|"
        r"it's been|this has been) (all )?(really |so |very )?(helpful|useful)\b",
    ),
    cue(
        "w5_caretaking",
        "deferential_appeasing",
        2,
        r"\byou don't (need|have) to worry about me\b|\b(don't|not) want to waste your time\b|"
        r"\bare you (okay|ok|alright|all right)( now)?\?|\bit (wasn't|isn't) (really )?your "
        r"fault\b|"
        # v20 (QA qa28 #7): caretaking the therapist after they talk about their own family
        r"\bare your (kids|children|family|boys|girls|son|daughter|partner|husband|wife) (okay|"
        r"ok|alright|all right)\?|"
        # v22 (QA qa30 #8): worrying about the therapist's tiredness, not being a burden to them
        r"\bare you (tired|exhausted|worn out|shattered)\b|\byou look (so |really |a bit )?(tired|"
        r"exhausted|worn out|shattered)\b|\b(don't|do not) want to be (a |an )?(difficult|"
        r"demanding|bad|problem) (patient|client)\b",
    ),
    cue(
        "w5_apology_should",
        "deferential_appeasing",
        2,
        r"\bsorry\b.{0,30}\bi (know i )?should(n't)? have\b",
    ),
    # v20 (QA qa28 #6): taking an objection back with an apology or "it's fine" ("Sorry,
    # never mind, it's fine."): confrontation turning into withdrawal (W5), not a rejection.
    cue(
        "w5_retract",
        "deferential_appeasing",
        2,
        r"\bsorry\b.{0,20}\b(forget it|never mind|ignore me|doesn't matter)\b|\b(forget it|"
        r"never mind),? (it's|it is|i'm|that's) (fine|okay|ok|nothing|alright|all right)\b",
    ),
    cue(
        "w5_promise",
        "deferential_appeasing",
        1,
        r"\bi promise\b|\bdefinitely\.\s*$|"
        r"\bdefinitely\. (thanks|i'll)\b",
    ),
    cue(
        "w5_agree_idea",
        "deferential_appeasing",
        1,
        r"^(yeah|yes|no|okay|ok)?[.,]? ?(that's a |sounds like a )?(good|great) idea\b|"
        r"^(yeah|yes)?[.,]? ?sounds (good|great|lovely)\b|^(no,? )?you're right\b",
    ),
    cue(
        "w5_yeah_maybe",
        "deferential_appeasing",
        1,
        r"^(yeah|yes|okay|mm)[.,]? maybe\.?$|^i'll (look at it|look into it|try)\.?$",
    ),
    cue("w5_sorry", "deferential_appeasing", 1, r"^(right|okay|yeah)?[.,]? ?sorry\b"),
    # W7 self-criticism or hopelessness aimed at oneself as a client, or at the work.
    cue(
        "w7_bad_client",
        "self_criticism_or_hopelessness",
        2,
        r"\bi('m| am) (just |so |such |probably )?(rubbish|useless|hopeless|terrible|awful|"
        r"pathetic|no good) at (this|it|therapy|homework|these|that)\b|\bworst (client|patient|"
        r"one)\b|\b(a )?lost cause\b|\bbeyond help\b",
    ),
    cue(
        "w7_not_for_me",
        "self_criticism_or_hopelessness",
        2,
        r"\b(therapy|this|counselling|counseling)('s| is) not for (people like me|me)\b|"
        r"\bwasting your time\b",
    ),
    cue("w7_there_is_no_point", "self_criticism_or_hopelessness", 1, r"\bthere's no point\b"),
    cue(
        "w7_no_point",
        "self_criticism_or_hopelessness",
        2,
        r"\b(i )?don't see the point (of|in)\b|\bwhat's the point\b|"
        r"\b(talking|going over it|talking about it)( about it)? (doesn't|won't|isn't going to) "
        r"(change|help|fix)",
    ),
    cue(
        "w7_just_like_me",
        "self_criticism_or_hopelessness",
        2,
        r"\b(it's|that's) just (what|how) i('m| am)( like)?\b|\bi never (finish|manage|stick "
        r"(to|with)|follow through)\b|\bi('ll| will) never (change|get better)\b|\blike i "
        r"always do\b|\bi always (mess|screw|give up|fail)\b|\bcan't even (manage|do) "
        r"(that|this|it)\b",
    ),
    cue(
        "w7_should_have",
        "self_criticism_or_hopelessness",
        1,
        r"\bi should (have )?(just )?(done|tried) it\b|\b(it's|i'm) (so )?(stupid|pathetic)\.?$",
    ),
    # Paraphrases (our wording), same sources and strength policy.
    cue(
        "w1_doesnt_matter",
        "denial",
        1,
        r"(^|[.!?] )(it|that) (doesn't|does not|didn't) (really )?matter\b|\bi'm used to it\b|"
        r"\b(other|some) people have it (much )?(worse|harder)\b|\bit's no biggie\b|\bi've moved "
        r"on\b|\bnothing to (talk|say) about\b|\bit wasn't (that|a) big (deal|thing)\b",
    ),
    cue(
        "w4_rather_not",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bi'd rather not (talk|get into|go into|think) about (it|that|this)\b|\b(let's|can we) "
        r"(talk about|do) something else\b|\bcan we leave (it|that)( there)?\b|\b(anyway|so),? "
        r"(how|what) about you\b|\bhow was your (weekend|week|holiday)\b|\bon a (different|"
        r"lighter) note\b|\bthat reminds me\b",
    ),
    cue(
        "w5_expert",
        "deferential_appeasing",
        2,
        r"\byou're the (expert|professional|therapist)\b|\bi'm sure you know (best|better)\b|"
        r"\bsorry (for|about) (going on|rambling|wasting|moaning|being a pain)\b|\bsorry to "
        r"(go on|moan|be a pain|waste)\b|\byou must (hear|get) this all the time\b|\bi'm sure "
        r"you('ve| have) got better\b",
    ),
    cue(
        "w5_dont_mind",
        "deferential_appeasing",
        1,
        r"\bi don't mind\b|\b(it's )?up to you\b|\bwhatever works( for you)?\b|\beither is fine\b",
    ),
    cue(
        "w7_self_putdown",
        "self_criticism_or_hopelessness",
        2,
        r"\bi'm (probably )?(just )?being (silly|stupid|dramatic|pathetic|ridiculous)\b|\bi'm "
        r"(such a|a complete|a total) (failure|mess|waste of space)\b|\bnothing (ever )?works "
        r"for me\b|\bi('ve| have) tried everything\b|\bi'm too (broken|far gone|messed up)\b|"
        r"\bpeople like me (don't|can't|never)\b|\bi'm not (cut out|made) for (this|therapy)\b|"
        r"\bit's hopeless\b|\bwhy (even )?bother\b",
    ),
    cue(
        "w1_its_nothing",
        "denial",
        1,
        r"(^|[.!?] )(oh,? )?(it's|it was|that's) nothing\b|\bnot a problem,? really\b",
    ),
    cue(
        "w5_sure_right",
        "deferential_appeasing",
        2,
        r"\bi'm sure you're right\b|\byou know (what's )?best\b|\bi'm (rambling|going on|"
        r"moaning),? sorry\b|\bsorry,? i'm (rambling|going on|moaning)\b",
    ),
    cue(
        "w7_failure",
        "self_criticism_or_hopelessness",
        2,
        r"\bi'm (just )?a (failure|mess|lost cause|hopeless case)\b|\bnothing (ever )?(helps|"
        r"works)\b|\bi can't do anything right\b",
    ),
)
