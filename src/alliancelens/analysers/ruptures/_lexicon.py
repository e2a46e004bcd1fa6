"""Marker cue patterns: the rupture lexicon, kept as data.

Each cue is ``(cue id, marker, strength, pattern)``. Strength 2 is a *clear* cue; strength 1 is
*weak* and only counts when another marker of the same kind is close by (a run), following the
3RS salience idea that one doubtful, low-intensity cue is not a rupture (clinical-reference
§5.5 [S: 3RS-2022-code]). Cue ids are shown as evidence instead of text (privacy).

Sources for every marker: its definition in clinical-reference §5.2 (withdrawal W1-W7) and §5.3
(confrontation C1-C7) [3RS-2015; Eubanks2019; S/U as tagged there], in the operational wording
of ``ruptures-examples/README.md``. The phrases are our own generalisations of those
definitions (British and American English), not lines of any transcript. Patterns run on
lower-cased text with transcriber notes removed; markers that need context (W1 denial, W2
minimal response, W5 bare assent, W6 content/affect split) add rules in ``_markers.py``.
"""

from __future__ import annotations

from typing import NamedTuple

from alliancelens.analysers._phrases import Phrase

__all__ = ["ACTIVITY", "ACTIVITY_BAD", "CUES", "Cue"]


class Cue(NamedTuple):
    """One phrase pattern for one marker."""

    id: str
    marker: str
    strength: int
    pattern: Phrase


def _cue(cue_id: str, marker: str, strength: int, pattern: str) -> Cue:
    return Cue(cue_id, marker, strength, Phrase(pattern))


ACTIVITY = (
    r"(homework|worksheets?|sheets?|diar(y|ies)|logs?|lists?|hierarch(y|ies)|exercises?|"
    r"exposures?|videos?|records?|apps?|role ?play|tasks?|experiments?|techniques?|breathing|"
    r"journal(ling)?|tracking|timetables?|schedules?|forms?|questionnaires?|mindfulness)"
)
#: Unambiguous complaints about a task. ("Stupid" or "silly" alone is often about oneself:
#: "it's stupid" after "that can feel uncomfortable" is self-criticism, so those words only
#: count when a task word stands next to them.)
ACTIVITY_BAD = (
    r"(pointless|useless|patronising|patronizing|torture|boring|a waste|rubbish|nonsense|"
    r"ridiculous|"
    r"childish|doesn't (work|help|fit)|don't (work|help)|lie to myself|not (therapy|helping|"
    r"working|for me)|sick of|fed up)"
)
_ACTIVITY_BAD_NEAR = rf"({ACTIVITY_BAD[1:-1]}|stupid|silly|horrible|too much|hate)"

#: More cues in wording of our own (not corpus phrasing), added so unseen dialogues are
#: covered; same sources and strengths policy as above.
_MORE: tuple[Cue, ...] = (
    _cue(
        "w1_doesnt_matter",
        "denial",
        1,
        r"(^|[.!?] )(it|that) (doesn't|does not|didn't) (really )?matter\b|\bi'm used to it\b|"
        r"\b(other|some) people have it (much )?(worse|harder)\b|\bit's no biggie\b|\bi've moved "
        r"on\b|\bnothing to (talk|say) about\b|\bit wasn't (that|a) big (deal|thing)\b",
    ),
    _cue(
        "w4_rather_not",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bi'd rather not (talk|get into|go into|think) about (it|that|this)\b|\b(let's|can we) "
        r"(talk about|do) something else\b|\bcan we leave (it|that)( there)?\b|\b(anyway|so),? "
        r"(how|what) about you\b|\bhow was your (weekend|week|holiday)\b|\bon a (different|"
        r"lighter) note\b|\bthat reminds me\b",
    ),
    _cue(
        "w5_expert",
        "deferential_appeasing",
        2,
        r"\byou're the (expert|professional|therapist)\b|\bi'm sure you know (best|better)\b|"
        r"\bsorry (for|about) (going on|rambling|wasting|moaning|being a pain)\b|\bsorry to "
        r"(go on|moan|be a pain|waste)\b|\byou must (hear|get) this all the time\b|\bi'm sure "
        r"you('ve| have) got better\b",
    ),
    _cue(
        "w5_dont_mind",
        "deferential_appeasing",
        1,
        r"\bi don't mind\b|\b(it's )?up to you\b|\bwhatever works( for you)?\b|\beither is fine\b",
    ),
    _cue(
        "w7_self_putdown",
        "self_criticism_or_hopelessness",
        2,
        r"\bi'm (probably )?(just )?being (silly|stupid|dramatic|pathetic|ridiculous)\b|\bi'm "
        r"(such a|a complete|a total) (failure|mess|waste of space)\b|\bnothing (ever )?works "
        r"for me\b|\bi('ve| have) tried everything\b|\bi'm too (broken|far gone|messed up)\b|"
        r"\bpeople like me (don't|can't|never)\b|\bi'm not (cut out|made) for (this|therapy)\b|"
        r"\bit's hopeless\b|\bwhy (even )?bother\b",
    ),
    _cue(
        "c1_judged",
        "complaint_about_therapist",
        2,
        r"\byou're (judging|blaming|lecturing|criticising|criticizing|patronising) me\b|\b(easy|"
        r"all right|alright) for you to say\b|\byou (don't|do not) know what it's like\b|\byou "
        r"have no idea\b|\byou're just (like|the same as) (everyone|the others|my)\b|\bi feel "
        r"(so )?(judged|lectured|patronised|patronized|talked down to)\b|\bwith (all due )?"
        r"respect\b|\b(another|a new|a different) (therapist|counsellor|counselor)\b|\bdid "
        r"you even (read|listen)\b|\byou (forgot|didn't remember|never remember)\b",
    ),
    _cue(
        "c2_tried_that",
        "rejecting_intervention",
        2,
        r"\bi('ve| have) (already )?tried (that|all that|all of that|it before)\b|\b(that|it|this)"
        r" (won't|doesn't|wouldn't) work for me\b|\bi don't buy (that|it)\b|\b(that|this) "
        r"(sounds|seems) (silly|stupid|pointless|like a waste)\b|\bno thanks\b|\bi'd rather not"
        r" (do|try) (that|it|this)\b",
    ),
    _cue(
        "c3_waste",
        "complaint_about_activities",
        2,
        r"\b(this|that|these|the) (exercise|exercises|questions|worksheet|homework|technique|"
        r"breathing|meditation|role ?play)\b[^.?!]{0,40}\b(waste of time|doesn't do anything|"
        r"didn't do anything|never works|makes? me feel worse|feels? fake|embarrassing|like "
        r"school)\b|\bi'm not a (child|kid)\b|\bi don't see how (this|that|it) (helps|will help|"
        r"is going to help)\b",
    ),
    _cue(
        "c4_frame",
        "complaint_about_parameters",
        2,
        r"\b(waiting list|you cancelled|cancelled on me|rescheduled again|(too|so) expensive|"
        r"can't afford (this|the sessions|it)|(stupid|ridiculous) (rule|policy)|only (get|have) "
        r"(fifty|50) minutes|every (two|other) weeks isn't)\b",
    ),
    _cue(
        "c5_going_nowhere",
        "complaint_about_progress",
        2,
        r"\b(this|it|we)('s| is| are|'re)? (not|isn't|aren't) (going|getting) anywhere\b|\bgoing "
        r"(round|around) in circles\b|\bi('m| am) not getting (any )?better\b|\bi feel worse "
        r"(than|since)\b|\bwhat (are|have) we (actually )?(achieved|done)\b|\bhow (long|much "
        r"longer) (is|will) this (take|go on)\b|\bi thought (this|therapy) would (help|work)\b",
    ),
    _cue(
        "c6_not_making_up",
        "defending_against_therapist",
        2,
        r"\bi('m| am) not (making|inventing) (it|this|that) up\b|\b(are you|you're) (saying|"
        r"suggesting|implying) (i|it's|that i|this is)\b|\bthat's not (true|fair|what happened)"
        r"\b|\bi('m| am) not (a child|crazy|mad|weak)\b|\bdon't (make|put) (this|it) (on|about) "
        r"me\b|\byou make it sound like i\b",
    ),
    _cue(
        "c7_straight_answer",
        "controlling_or_pressuring",
        2,
        r"\b(give|tell) me (the|an|a straight) answer\b|\bi want you to (tell|agree|say|call|"
        r"write|sign)\b|\byou have to (help|tell|agree|sign)\b|\banswer the question\b|\bjust "
        r"agree with me\b|\byou're supposed to (help|be on)\b|\bpromise me\b|\bswear to me\b",
    ),
)

#: Generalisations of the cues above (our wording), so that paraphrases are found too.
_GENERAL: tuple[Cue, ...] = (
    _cue(
        "c1_you_never",
        "complaint_about_therapist",
        2,
        r"\byou never (?!know\b)\w+|\byou (keep|kept) \w+ing\b|\byou('re| are) (just |really |"
        r"still )?not (really )?(helping|hearing|getting|listening)\b|\byou don't (even )?(care|"
        r"remember|listen)\b",
    ),
    _cue(
        "c2_dont_want_that",
        "rejecting_intervention",
        2,
        r"\bi don't (want|think i (can|want)) to (do|try) (that|this|it)\b|\bi('m| am) not (doing|"
        r"trying) (that|this)\b|\bthat's not (going to|gonna) happen\b",
    ),
    _cue(
        "c5_no_better",
        "complaint_about_progress",
        2,
        r"\bi don't feel any (better|different)\b|\b(nothing|it) (ever )?(helps|works)\b[^.?!]*"
        r"\b(here|this|therapy|sessions?)\b|\bstill (no|not any) (better|different)\b",
    ),
    _cue(
        "c4_price",
        "complaint_about_parameters",
        2,
        r"\b(put|putting|pushed) (the|your) (price|prices|fee|fees|rate|rates) up\b|\b(can|could) "
        r"(barely|hardly|not|n't) afford\b|\bcan't afford (this|it|the)\b|\b(too|so|really) "
        r"expensive\b",
    ),
    _cue(
        "c7_want_you_to",
        "controlling_or_pressuring",
        2,
        r"\bi want you to (fix|sort|help|make|give|write)\b|\byou (need|have) to (fix|sort|give|"
        r"tell) (this|it|me)\b",
    ),
    _cue(
        "w1_its_nothing",
        "denial",
        1,
        r"(^|[.!?] )(oh,? )?(it's|it was|that's) nothing\b|\bnot a problem,? really\b",
    ),
    _cue(
        "w5_sure_right",
        "deferential_appeasing",
        2,
        r"\bi'm sure you're right\b|\byou know (what's )?best\b|\bi'm (rambling|going on|"
        r"moaning),? sorry\b|\bsorry,? i'm (rambling|going on|moaning)\b",
    ),
    _cue(
        "w7_failure",
        "self_criticism_or_hopelessness",
        2,
        r"\bi'm (just )?a (failure|mess|lost cause|hopeless case)\b|\bnothing (ever )?(helps|"
        r"works)\b|\bi can't do anything right\b",
    ),
)

CUES: tuple[Cue, ...] = (
    # W1 denial: brushing off what plainly matters (§5.2). Context rules add "it's fine" etc.
    _cue("w1_no_big_deal", "denial", 2, r"\b(not|no) (a |that )?big deal\b|\bno big deal\b"),
    _cue(
        "w1_not_bothered",
        "denial",
        2,
        r"\b(didn't|doesn't|don't|never) (really )?(bother|"
        r"matter|affect(ed)?|upset) me\b|\bi('m| am) not (bothered|fussed|upset)\b",
    ),
    _cue(
        "w1_just_a_thing",
        "denial",
        2,
        r"\b(it was|it's|that's) just (a thing|something) "
        r"(he|she|they|people) (said|say)\b",
    ),
    _cue("w1_funny_story", "denial", 1, r"\b(it's|it was) (just )?a (funny|silly) (story|thing)"),
    _cue(
        "w1_over_it",
        "denial",
        2,
        r"\bi('m| am) (over it|past it)\b|\bno point getting "
        r"(worked up|upset)\b|\bit is what it is\b",
    ),
    # W3 abstract communication is counted in _markers.py (several general terms at once).
    # W4 avoidant storytelling / topic shift: pivots away, asking to move on, clock-watching.
    _cue(
        "w4_something_else",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bcan we (do|talk about|move on to|go on to) (something|anything) else\b|"
        r"\b(can we|could we|let's) (just )?(change|move on from) the subject\b|\bcan we (not|"
        r"skip|move on)\b",
    ),
    _cue(
        "w4_dont_want_to",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bi (really )?don't (really )?want to (talk about|go into|get into|do any more on|"
        r"think about|go over) (it|that|this|him|her|them)\b",
    ),
    _cue(
        "w4_anyway_pivot",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"(^|[.!?] )anyway,? (the|so|my|i|we|he|she|there|did|what|how|speaking)\b",
    ),
    _cue(
        "w4_oh_pivot",
        "avoidant_storytelling_or_topic_shift",
        1,
        r"^(no|not really|nope)[.,!]? (oh,? )?(my|did i tell you|guess what|by the way)\b",
    ),
    _cue(
        "w4_clock",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bhow (long|much time) (have we got|is left|do we have)\b|\b(is it|are we) nearly "
        r"(time|done|finished)\b|\bwhat time (is it|do we finish)\b",
    ),
    _cue(
        "w4_get_it_over",
        "avoidant_storytelling_or_topic_shift",
        1,
        r"\bcan we just (fill|get|do|finish|skip)\b",
    ),
    # W5 deferential / appeasing: over-agreement, handing choice to the therapist, caretaking.
    _cue(
        "w5_whatever_you",
        "deferential_appeasing",
        2,
        r"\bwhatever you (think|say|want|reckon|feel)\b|\byou know best\b|\bif you think so\b"
        r"|\bi'll do whatever\b|\bwhatever's best\b",
    ),
    _cue(
        "w5_you_are_right_twice",
        "deferential_appeasing",
        2,
        r"\byou're (so |totally |absolutely )?right\W+(you're (so |totally )?right|"
        r"definitely|obviously)\b|\bobviously\. you're right\b",
    ),
    _cue(
        "w5_praise",
        "deferential_appeasing",
        1,
        r"\byou('ve| have) been (really |so |very )?(nice|kind|helpful|lovely)\b|\b(it's|it has|"
        r"it's been|this has been) (all )?(really |so |very )?(helpful|useful)\b",
    ),
    _cue(
        "w5_caretaking",
        "deferential_appeasing",
        2,
        r"\byou don't (need|have) to worry about me\b|\b(don't|not) want to waste your time\b|"
        r"\bare you (okay|ok|alright|all right)( now)?\?|\bit (wasn't|isn't) (really )?your "
        r"fault\b",
    ),
    _cue(
        "w5_apology_should",
        "deferential_appeasing",
        2,
        r"\bsorry\b.{0,30}\bi (know i )?should(n't)? have\b",
    ),
    _cue(
        "w5_promise",
        "deferential_appeasing",
        1,
        r"\bi promise\b|\bdefinitely\.\s*$|"
        r"\bdefinitely\. (thanks|i'll)\b",
    ),
    _cue(
        "w5_agree_idea",
        "deferential_appeasing",
        1,
        r"^(yeah|yes|no|okay|ok)?[.,]? ?(that's a |sounds like a )?(good|great) idea\b|"
        r"^(yeah|yes)?[.,]? ?sounds (good|great|lovely)\b|^(no,? )?you're right\b",
    ),
    _cue(
        "w5_yeah_maybe",
        "deferential_appeasing",
        1,
        r"^(yeah|yes|okay|mm)[.,]? maybe\.?$|^i'll (look at it|look into it|try)\.?$",
    ),
    _cue("w5_sorry", "deferential_appeasing", 1, r"^(right|okay|yeah)?[.,]? ?sorry\b"),
    # W7 self-criticism or hopelessness aimed at oneself as a client, or at the work.
    _cue(
        "w7_bad_client",
        "self_criticism_or_hopelessness",
        2,
        r"\bi('m| am) (just |so |such |probably )?(rubbish|useless|hopeless|terrible|awful|"
        r"pathetic|no good) at (this|it|therapy|homework|these|that)\b|\bworst (client|patient|"
        r"one)\b|\b(a )?lost cause\b|\bbeyond help\b",
    ),
    _cue(
        "w7_not_for_me",
        "self_criticism_or_hopelessness",
        2,
        r"\b(therapy|this|counselling|counseling)('s| is) not for (people like me|me)\b|"
        r"\bwasting your time\b",
    ),
    _cue("w7_there_is_no_point", "self_criticism_or_hopelessness", 1, r"\bthere's no point\b"),
    _cue(
        "w7_no_point",
        "self_criticism_or_hopelessness",
        2,
        r"\b(i )?don't see the point (of|in)\b|\bwhat's the point\b|"
        r"\b(talking|going over it|talking about it)( about it)? (doesn't|won't|isn't going to) "
        r"(change|help|fix)",
    ),
    _cue(
        "w7_just_like_me",
        "self_criticism_or_hopelessness",
        2,
        r"\b(it's|that's) just (what|how) i('m| am)( like)?\b|\bi never (finish|manage|stick "
        r"(to|with)|follow through)\b|\bi('ll| will) never (change|get better)\b|\blike i "
        r"always do\b|\bi always (mess|screw|give up|fail)\b|\bcan't even (manage|do) "
        r"(that|this|it)\b",
    ),
    _cue(
        "w7_should_have",
        "self_criticism_or_hopelessness",
        1,
        r"\bi should (have )?(just )?(done|tried) it\b|\b(it's|i'm) (so )?(stupid|pathetic)\.?$",
    ),
    # C1 complaints about the therapist: "you" + complaint, criticism of manner or attitude.
    _cue(
        "c1_side",
        "complaint_about_therapist",
        2,
        r"\b(whose|which) side are you on\b|\bare you (even )?(listening|on (his|her|their) "
        r"side)\b|\bam i boring you\b",
    ),
    _cue(
        "c1_you_dont",
        "complaint_about_therapist",
        2,
        r"\byou (don't|didn't|never) (listen|get it|understand|care|hear me)\b|\bi don't think "
        r"you (get|understand)\b|\byou('re| are) not (listening|the one|hearing me|getting it)\b",
    ),
    _cue(
        "c1_you_keep",
        "complaint_about_therapist",
        2,
        r"\byou (just |always )?(keep|kept|always|never) (asking|saying|telling|going|repeating|"
        r"bringing|handing|pushing|giving)\b|\byou just (repeat|sit|nod|say what)\b|\byou (just|"
        r"always|"
        r"only) (tell|lecture|criticise|criticize) me\b",
    ),
    _cue(
        "c1_sound_like",
        "complaint_about_therapist",
        2,
        r"\byou sound (exactly |just )?like\b|\byou made it sound\b|\b(kind of |it )?sounds "
        r"like what you meant\b|\byou're talking like i\b",
    ),
    _cue(
        "c1_manner",
        "complaint_about_therapist",
        2,
        r"\b(a bit |quite |so |really )?(patronising|patronizing|condescending|preachy|"
        r"judgemental|judgmental)\b|\bout of order\b|\bi'm not paying you to\b",
    ),
    _cue(
        "c1_motive",
        "complaint_about_therapist",
        2,
        r"\byou (just )?(want|are after|only care about) (your|my) money\b|\byou don't (really )?"
        r"care\b|\b(it's|this is) just a job (for|to) you\b",
    ),
    _cue(
        "c1_told_you",
        "complaint_about_therapist",
        2,
        r"\bi did (try to )?tell you\b|\bthat's what i('m| am|was) saying\b",
    ),
    _cue("c1_like_i_said", "complaint_about_therapist", 1, r"\blike i (said|told you)\b"),
    _cue("c1_no_offence", "complaint_about_therapist", 1, r"\bno offence\b"),
    # C2 rejecting an intervention, often before hearing it.
    _cue(
        "c2_dont_do_that",
        "rejecting_intervention",
        2,
        r"(^|[.!?] )(well,? )?don't\.|\bdon't (turn this into|psychoanaly[sz]e|analy[sz]e|start|"
        r"try to|"
        r"tell me (to|how))\b",
    ),
    _cue(
        "c2_not_doing",
        "rejecting_intervention",
        2,
        r"\bi('m| am) not (doing|going to do|gonna do) (that|it|this|role ?play|most|any|the)"
        r"\b|\bnot happening\b|(^|[.!?] )no way\b",
    ),
    _cue(
        "c2_dont_need",
        "rejecting_intervention",
        2,
        r"\bi don't need to (understand|talk about|know why|explore)\b|\bi need something that "
        r"(works|helps)\b|\b(that|it|this)('s| is| will)? (not|never) (going to|gonna) (work|"
        r"help)\b|\bthat won't work\b",
    ),
    _cue(
        "c2_heard_it",
        "rejecting_intervention",
        2,
        r"\bi know why\.|\bblah\b|\bi've (read|heard|tried) (the leaflets|all (that|this)|"
        r"that before|it all)\b",
    ),
    # C3 complaints about the activities of therapy: a task word and a bad word together.
    _cue(
        "c3_task_bad",
        "complaint_about_activities",
        2,
        rf"\b{ACTIVITY}\b[^.?!]{{0,60}}\b{_ACTIVITY_BAD_NEAR}|\b{_ACTIVITY_BAD_NEAR}\b"
        rf"[^.?!]{{0,40}}\b{ACTIVITY}\b",
    ),
    _cue(
        "c3_cant_fit",
        "complaint_about_activities",
        2,
        r"\b(it|that|this) (doesn't|won't|does not) fit (my|with|in)\b|\bgive me (homework|"
        r"something|a task) i can\b|\bthat's (not therapy|torture)\b",
    ),
    # C4 complaints about the parameters of therapy: fees, times, length, rules.
    _cue(
        "c4_money",
        "complaint_about_parameters",
        2,
        r"\b(charged|charging|invoice|billed|bill for|the fee|fees|cancellation|what i'm "
        r"paying|still charging)\b",
    ),
    _cue("c4_paying", "complaint_about_parameters", 1, r"\b(i'm|i am) paying\b|\bpaying for\b"),
    _cue(
        "c4_time_frame",
        "complaint_about_parameters",
        2,
        r"\b(late start|started late|kept me waiting|sat out there|my time doesn't count)\b|"
        r"\bminutes out of\b|\b(sessions?|appointments?) (are|is) too (short|long|far apart)\b",
    ),
    # C5 complaints about progress: therapy not helping, not fast enough.
    _cue(
        "c5_not_helping",
        "complaint_about_progress",
        2,
        r"\b(it|this|that|therapy|talking|coming here)( really| actually)?( is|'s)? (not|isn't|"
        r"is not|never) (really |actually )?(helping|working)\b|\bchanging anything\b|"
        r"\bmoved the dial\b",
    ),
    _cue(
        "c5_nothing_changed",
        "complaint_about_progress",
        1,
        r"\bnothing('s| is| has)? (really )?(different|changed|changing)\b|\bworse,? actually\b",
    ),
    _cue(
        "c5_sessions_and",
        "complaint_about_progress",
        2,
        r"\b(session|week|month) \w+,? and (i'm|i am|i feel|it's) (still|no|exactly)\b|"
        r"\b\w+ (sessions|weeks|months) and (i'm|i am|i feel|nothing|it's) (still|no|exactly|"
        r"where)\b|\b(i feel|i'm|i am) (exactly the same|no better)\b",
    ),
    _cue(
        "c5_youtube",
        "complaint_about_progress",
        2,
        r"\b(get|got|read|find) (this|that|all this|all that|it) (off|on|from) (youtube|google|"
        r"the internet|a book|an app|tiktok)\b|\b(waste|wasting) of (time|money)\b",
    ),
    _cue(
        "c5_wont_work",
        "complaint_about_progress",
        2,
        r"\bnot (sure )?(this|therapy|it)('s| is) (going to|gonna) work\b|\bi'll give it "
        r"(till|until|to)\b|\bnot promising anything\b",
    ),
    # C6 defending oneself against a perceived criticism.
    _cue(
        "c6_not_trait",
        "defending_against_therapist",
        2,
        r"\bi('m| am) not (lazy|avoiding|making excuses|an alcoholic|stupid|lying|being "
        r"difficult|exaggerating|making it up|the problem)\b",
    ),
    _cue(
        "c6_my_fault",
        "defending_against_therapist",
        2,
        r"\b(so )?it's my fault\b|\b(that's|that is|it's) (a bit )?(unfair|not fair)\b|"
        r"\bi literally can't\b|\bi('m| am) doing my best\b|\bwhat (was|am) i "
        r"supposed to do\b|\bthis was an emergency\b|\bi wasn't (at|just)\b",
    ),
    # C7 efforts to control or pressure the therapist.
    _cue(
        "c7_tell_me",
        "controlling_or_pressuring",
        2,
        r"\b(just )?tell me what to do\b|\bi need you to\b|\b(could|can|will) you just\b",
    ),
    _cue(
        "c7_request",
        "controlling_or_pressuring",
        1,
        r"\b(could|can|will) you (email|text|ring|call|write|send|sort|promise|fix) me\b",
    ),
    _cue(
        "c7_demand",
        "controlling_or_pressuring",
        2,
        r"\b(i want|give me|i need) (a|the|my) (diagnosis|referral|letter|prescription)\b|"
        r"\b(want|need|put) (it|that|this) in writing\b|\bi just want (one person|someone|"
        r"somebody|you) to (actually |just )?(be on my side|take my side|agree|tell me)\b|"
        r"\btoo much to ask\b|"
        r"\b(take|be on) my side\b",
    ),
    _cue(
        "c7_hurry",
        "controlling_or_pressuring",
        2,
        r"\bquickly,? though\b|\bi('ve| have) got (a call|to go|somewhere)\b|\bcan we (hurry|"
        r"speed (this|it) up|get on with it)\b",
    ),
    *_MORE,
    *_GENERAL,
)
