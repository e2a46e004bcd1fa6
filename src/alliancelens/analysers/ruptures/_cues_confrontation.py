"""Confrontation cues C1-C7: the client moves against the therapist or the work.

Sources: clinical-reference §5.3 [U: labels recalled from the 2015 manual and Eubanks2019].

Rows are ``cue(id, marker, strength, pattern)``; see ``_cue`` for what strength means. The first
block follows the marker definitions and the operational wording of the labelled corpus README;
the second holds paraphrases in our own wording so that unseen dialogue is covered too.
"""

from __future__ import annotations

from alliancelens.analysers.ruptures._cue import ACTIVITY, ACTIVITY_BAD_NEAR, Cue, cue

__all__ = ["CONFRONTATION_CUES"]

CONFRONTATION_CUES: tuple[Cue, ...] = (
    # C1 complaints about the therapist: "you" + complaint, criticism of manner or attitude.
    cue(
        "c1_side",
        "complaint_about_therapist",
        2,
        r"\b(whose|which) side are you on\b|\bare you (even )?(listening|on (his|her|their) "
        r"side)\b|\bam i boring you\b",
    ),
    # Version 17 (QA qa15 item 7): in couple and family work, the therapist taking the other
    # party's side, said as a statement ("you're taking his side", "you always side with her",
    # "you lean towards him") or as the therapist centring the other person ("you made it about
    # his feelings again") - a complaint about the therapist's attitude (C1, §5.3).
    cue(
        "c1_taking_sides",
        "complaint_about_therapist",
        2,
        r"\byou('re| are) (always |just |clearly |obviously )?(taking|on) (his|her|their|my "
        r"(husband|wife|partner|mum|dad|mother|father)'s) side\b|\byou (always |just |clearly |"
        r"obviously |still )?(side|sided|take|took) (with (him|her|them)|(his|her|their) side)\b"
        r"|\byou (always |still |just )?(lean|leaned|leant) (towards?|to) (him|her|them)\b|\byou "
        r"(made|make|turned|turn) (it|this|everything) (all )?about (him|her|them|his|her|their)"
        r"\b",
    ),
    cue(
        "c1_you_dont",
        "complaint_about_therapist",
        2,
        r"\byou (don't|didn't|never) (listen|get it|understand|care|hear me)\b|\bi don't think "
        r"you (get|understand)\b|\byou('re| are) not (listening|the one|hearing me|getting it)\b",
    ),
    cue(
        "c1_you_keep",
        "complaint_about_therapist",
        2,
        r"\byou (just |always )?(keep|kept|always|never) (asking|saying|telling|going|repeating|"
        r"bringing|handing|pushing|giving)\b|\byou just (repeat|sit|nod|say what)\b|\byou (just|"
        r"always|"
        r"only) (tell|lecture|criticise|criticize) me\b",
    ),
    cue(
        "c1_sound_like",
        "complaint_about_therapist",
        2,
        r"\byou sound (exactly |just )?like\b|\byou made it sound\b|\b(kind of |it )?sounds "
        r"like what you meant\b|\byou're talking like i\b",
    ),
    cue(
        "c1_manner",
        "complaint_about_therapist",
        2,
        r"\b(a bit |quite |so |really )?(patronising|patronizing|condescending|preachy|"
        r"judgemental|judgmental)\b|\bout of order\b|\bi'm not paying you to\b",
    ),
    cue(
        "c1_motive",
        "complaint_about_therapist",
        2,
        r"\byou (just )?(want|are after|only care about) (your|my) money\b|\byou don't (really )?"
        r"care\b|\b(it's|this is) just a job (for|to) you\b",
    ),
    cue(
        "c1_told_you",
        "complaint_about_therapist",
        2,
        r"\bi did (try to )?tell you\b|\bthat's what i('m| am|was) saying\b",
    ),
    cue(
        # v14 (QA, plain English: "It kind of felt like you were telling me the problem is me")
        "c1_felt_you_were",
        "complaint_about_therapist",
        2,
        r"\b(felt|feels|feel|sounded|seemed|seems) like you('re| are| were)? (just |kind of |"
        r"sort of )?(telling me|saying i|blaming|judging|lecturing|brushing|dismissing|not "
        r"listening|putting it (all )?on me|making (it|this) (about|my))\b|\b(a bit|quite|so|"
        r"really|kind of|pretty) dismissive\b",
    ),
    cue("c1_like_i_said", "complaint_about_therapist", 1, r"\blike i (said|told you)\b"),
    cue("c1_no_offence", "complaint_about_therapist", 1, r"\bno offence\b"),
    # C2 rejecting an intervention, often before hearing it.
    cue(
        "c2_dont_do_that",
        "rejecting_intervention",
        2,
        r"(^|[.!?] )(well,? )?don't\.|\bdon't (turn this into|psychoanaly[sz]e|analy[sz]e|start|"
        r"try to|"
        r"tell me (to|how))\b",
    ),
    cue(
        "c2_not_doing",
        "rejecting_intervention",
        2,
        r"\bi('m| am) not (doing|going to do|gonna do) (that|it|this|role ?play|most|any|the)"
        r"\b|\bnot happening\b|(^|[.!?] )no way\b",
    ),
    cue(
        "c2_dont_need",
        "rejecting_intervention",
        2,
        r"\bi don't need to (understand|talk about|know why|explore)\b|\bi need something that "
        r"(works|helps)\b|\b(that|it|this)('s| is| will)? (not|never) (going to|gonna) (work|"
        r"help)\b|\bthat won't work\b",
    ),
    cue(
        "c2_heard_it",
        "rejecting_intervention",
        2,
        r"\bi know why\.|\bblah\b|\bi've (read|heard|tried) (the leaflets|all (that|this)|"
        r"that before|it all)\b",
    ),
    # C3 complaints about the activities of therapy: a task word and a bad word together.
    cue(
        "c3_task_bad",
        "complaint_about_activities",
        2,
        rf"\b{ACTIVITY}\b[^.?!]{{0,60}}\b{ACTIVITY_BAD_NEAR}|\b{ACTIVITY_BAD_NEAR}\b"
        rf"[^.?!]{{0,40}}\b{ACTIVITY}\b",
    ),
    cue(
        # v15, polite register: "I'm not sure I see the point of going back to my mother every
        # time"; the object must be the work, not life ("the point in living" is risk language)
        "c2_see_the_point",
        "rejecting_intervention",
        2,
        r"\b(not (really |quite )?sure (that )?i (really )?see|(don't|do not|can't|cannot) "
        r"(really )?see|i'm not seeing) (the|much) point (of|in) (this|that|these|those|it|going "
        r"(back|over)|doing|talking|coming|writing|keeping|trying|filling|practi[sc]ing|the "
        r"(homework|exercise|diary|worksheet|sheet|log|task|technique|breathing|sessions?|role ?"
        r"play))\b",
    ),
    cue(
        # v15, polite register: "It would have been nice to know before last week"
        "c1_would_have_been_nice",
        "complaint_about_therapist",
        2,
        r"\bit would have been (nice|good|helpful) (to (know|be told|hear|have been told|have "
        r"known)|if you('d| had) (told|said|asked|mentioned|let me know))\b|\bi wish you('d| had) "
        r"(told|asked|said|mentioned|warned)\b",
    ),
    cue(
        # v14 (QA: "I don't see how breathing is supposed to fix the fact that my boss is
        # unreasonable"): doubting that a proposed activity can help; not "how I'm supposed to"
        "c3_dont_see_how",
        "complaint_about_activities",
        2,
        r"\b(don't|do not|can't|cannot) see how (?!i\b|i'm\b|i am\b)[^.?!]{0,40}\b(is|are|was|"
        r"would|will)? ?(supposed|going|meant) to (help|fix|change|work|solve)\b",
    ),
    cue(
        "c3_cant_fit",
        "complaint_about_activities",
        2,
        r"\b(it|that|this) (doesn't|won't|does not) fit (my|with|in)\b|\bgive me (homework|"
        r"something|a task) i can\b|\bthat's (not therapy|torture)\b",
    ),
    # C4 complaints about the parameters of therapy: fees, times, length, rules.
    cue(
        "c4_money",
        "complaint_about_parameters",
        2,
        r"\b(charged|charging|invoice|billed|bill for|the fee|fees|cancellation|what i'm "
        r"paying|still charging)\b",
    ),
    cue("c4_paying", "complaint_about_parameters", 1, r"\b(i'm|i am) paying\b|\bpaying for\b"),
    cue(
        "c4_time_frame",
        "complaint_about_parameters",
        2,
        r"\b(late start|started late|kept me waiting|sat out there|my time doesn't count)\b|"
        r"\bminutes out of\b|\b(sessions?|appointments?) (are|is) too (short|long|far apart)\b",
    ),
    # C5 complaints about progress: therapy not helping, not fast enough.
    cue(
        "c5_not_helping",
        "complaint_about_progress",
        2,
        r"\b(it|this|that|therapy|talking|coming here)( really| actually)?( is|'s)? (not|isn't|"
        r"is not|never) (really |actually )?(helping|working)\b|\bchanging anything\b|"
        r"\bmoved the dial\b",
    ),
    cue(
        "c5_nothing_changed",
        "complaint_about_progress",
        1,
        r"\bnothing('s| is| has)? (really )?(different|changed|changing)\b|\bworse,? actually\b|"
        r"\bnothing (ever )?changes\b",
    ),
    # v18 (QA qa20 item 3): the therapy format named as pointless, as in a group ("this group
    # is a waste of time", "we go round in circles"): C5, in our own wording.
    cue(
        "c5_format_pointless",
        "complaint_about_progress",
        2,
        r"\b(this|the|these) (group|groups|course|programme|program|sessions|meetings)( is| are|'s)"
        r"( just| really| completely| totally| a bit)? (pointless|useless|a waste|going nowhere|"
        r"not (helping|working|going anywhere))\b|\b(go|going|goes|went) (round|around) in "
        r"circles\b",
    ),
    cue(
        "c5_sessions_and",
        "complaint_about_progress",
        2,
        r"\b(session|week|month) \w+,? and (i'm|i am|i feel|it's) (still|no|exactly)\b|"
        r"\b\w+ (sessions|weeks|months) and (i'm|i am|i feel|nothing|it's) (still|no|exactly|"
        r"where)\b|\b(i feel|i'm|i am) (exactly the same|no better)\b",
    ),
    cue(
        "c5_youtube",
        "complaint_about_progress",
        2,
        r"\b(get|got|read|find) (this|that|all this|all that|it) (off|on|from) (youtube|google|"
        r"the internet|a book|an app|tiktok)\b|\b(waste|wasting) of (time|money)\b",
    ),
    cue(
        "c5_wont_work",
        "complaint_about_progress",
        2,
        r"\bnot (sure )?(this|therapy|it)('s| is) (going to|gonna) work\b|\bi'll give it "
        r"(till|until|to)\b|\bnot promising anything\b",
    ),
    # C6 defending oneself against a perceived criticism.
    cue(
        "c6_not_trait",
        "defending_against_therapist",
        2,
        r"\bi('m| am) not (lazy|avoiding|making excuses|an alcoholic|stupid|lying|being "
        r"difficult|exaggerating|making it up|the problem)\b",
    ),
    cue(
        "c6_my_fault",
        "defending_against_therapist",
        2,
        r"\b(so )?it's my fault\b|\b(that's|that is|it's) (a bit )?(unfair|not fair)\b|"
        r"\bi literally can't\b|\bi('m| am) doing my best\b|\bwhat (was|am) i "
        r"supposed to do\b|\bthis was an emergency\b|\bi wasn't (at|just)\b",
    ),
    # C7 efforts to control or pressure the therapist.
    cue(
        "c7_tell_me",
        "controlling_or_pressuring",
        2,
        r"\b(just )?tell me what to do\b|\bi need you to\b|\b(could|can|will) you just\b",
    ),
    cue(
        "c7_request",
        "controlling_or_pressuring",
        1,
        r"\b(could|can|will) you (email|text|ring|call|write|send|sort|promise|fix) me\b",
    ),
    cue(
        "c7_demand",
        "controlling_or_pressuring",
        2,
        r"\b(i want|give me|i need) (a|the|my) (diagnosis|referral|letter|prescription)\b|"
        r"\b(want|need|put) (it|that|this) in writing\b|\bi just want (one person|someone|"
        r"somebody|you) to (actually |just )?(be on my side|take my side|agree|tell me)\b|"
        r"\btoo much to ask\b|"
        r"\b(take|be on) my side\b",
    ),
    cue(
        "c7_hurry",
        "controlling_or_pressuring",
        2,
        r"\bquickly,? though\b|\bi('ve| have) got (a call|to go|somewhere)\b|\bcan we (hurry|"
        r"speed (this|it) up|get on with it)\b",
    ),
    # Paraphrases (our wording), same sources and strength policy.
    cue(
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
    cue(
        "c2_tried_that",
        "rejecting_intervention",
        2,
        r"\bi('ve| have) (already )?tried (that|all that|all of that|it before)\b|\b(that|it|this)"
        r" (won't|doesn't|wouldn't) work for me\b|\bi don't buy (that|it)\b|\b(that|this) "
        r"(sounds|seems) (silly|stupid|pointless|like a waste)\b|\bno thanks\b|\bi'd rather not"
        r" (do|try) (that|it|this)\b",
    ),
    cue(
        "c3_waste",
        "complaint_about_activities",
        2,
        r"\b(this|that|these|the) (exercise|exercises|questions|worksheet|homework|technique|"
        r"breathing|meditation|role ?play)\b[^.?!]{0,40}\b(waste of time|doesn't do anything|"
        r"didn't do anything|never works|makes? me feel worse|feels? fake|embarrassing|like "
        r"school)\b|\bi'm not a (child|kid)\b|\bi don't see how (this|that|it) (helps|will help|"
        r"is going to help)\b",
    ),
    cue(
        "c4_frame",
        "complaint_about_parameters",
        2,
        r"\b(waiting list|you cancelled|cancelled on me|rescheduled again|(too|so) expensive|"
        r"can't afford (this|the sessions|it)|(stupid|ridiculous) (rule|policy)|only (get|have) "
        r"(fifty|50) minutes|every (two|other) weeks isn't)\b",
    ),
    cue(
        "c5_going_nowhere",
        "complaint_about_progress",
        2,
        r"\b(this|it|we)('s| is| are|'re)? (not|isn't|aren't) (going|getting) anywhere\b|\bgoing "
        r"(round|around) in circles\b|\bi('m| am) not getting (any )?better\b|\bi feel worse "
        r"(than|since)\b|\bwhat (are|have) we (actually )?(achieved|done)\b|\bhow (long|much "
        r"longer) (is|will) this (take|go on)\b|\bi thought (this|therapy) would (help|work)\b|"
        # v20 (QA qa28 #2): "weeks of this and I'm not any better", in our own wording
        r"\bi('m| am) (still )?not any (better|further on)\b",
    ),
    cue(
        "c6_not_making_up",
        "defending_against_therapist",
        2,
        r"\bi('m| am) not (making|inventing) (it|this|that) up\b|\b(are you|you're) (saying|"
        r"suggesting|implying) (i|it's|that i|this is)\b|\bthat's not (true|fair|what happened)"
        r"\b|\bi('m| am) not (a child|crazy|mad|weak)\b|\bdon't (make|put) (this|it) (on|about) "
        r"me\b|\byou make it sound like i\b",
    ),
    cue(
        "c7_straight_answer",
        "controlling_or_pressuring",
        2,
        r"\b(give|tell) me (the|an|a straight) answer\b|\bi want you to (tell|agree|say|call|"
        r"write|sign)\b|\byou have to (help|tell|agree|sign)\b|\banswer the question\b|\bjust "
        r"agree with me\b|\byou're supposed to (help|be on)\b|\bpromise me\b|\bswear to me\b",
    ),
    cue(
        "c1_you_never",
        "complaint_about_therapist",
        2,
        r"\byou never (?!know\b)\w+|\byou (keep|kept) \w+ing\b|\byou('re| are) (just |really |"
        r"still )?not (really )?(helping|hearing|getting|listening)\b|\byou don't (even )?(care|"
        r"remember|listen)\b",
    ),
    cue(
        "c2_dont_want_that",
        "rejecting_intervention",
        2,
        r"\bi don't (want|think i (can|want)) to (do|try) (that|this|it)\b|\bi('m| am) not (doing|"
        r"trying) (that|this)\b|\bthat's not (going to|gonna) happen\b",
    ),
    cue(
        "c5_no_better",
        "complaint_about_progress",
        2,
        r"\bi don't feel any (better|different)\b|\b(nothing|it) (ever )?(helps|works)\b[^.?!]*"
        r"\b(here|this|therapy|sessions?)\b|\bstill (no|not any) (better|different)\b",
    ),
    cue(
        "c4_price",
        "complaint_about_parameters",
        2,
        r"\b(put|putting|pushed) (the|your) (price|prices|fee|fees|rate|rates) up\b|\b(can|could) "
        r"(barely|hardly|not|n't) afford\b|\bcan't afford (this|it|the)\b|\b(too|so|really) "
        r"expensive\b",
    ),
    cue(
        # v19 (QA qa22 items 3, 5; our wording): the client saying the session went elsewhere
        # than they wanted ("I'd hoped we'd spend more time on my job", "we never got to my
        # sister"): a polite complaint about the session's activity (C3, clinical-reference
        # §5.3 [U: 3RS-2015]), not a resolution
        "c3_other_focus",
        "complaint_about_activities",
        2,
        r"\bi(( think| guess) i)?( really| actually| kind of| sort of)? ?(wanted|was hoping|had "
        r"hoped|'d hoped|hoped|would have liked|'d have liked|would've liked) (to|we'd|we would|"
        r"that we'd|we could) (talk|focus|spend|get|work|look|go)( a bit| a lot)?( more)?( more|"
        r" time| longer)? (about|on|into|to)\b|\bwe (never|didn't|did not|barely|hardly) "
        r"(really )?(got|get) (to|round to|around to) (talk|talking|my|me|us|the thing|what i)\b|"
        r"\bi wish we'?d "
        r"(talked|spent|focused|focussed|looked|gone)\b",
    ),
    cue(
        "c7_want_you_to",
        "controlling_or_pressuring",
        2,
        r"\bi want you to (fix|sort|help|make|give|write)\b|\byou (need|have) to (fix|sort|give|"
        r"tell) (this|it|me)\b",
    ),
    cue(
        # v24 (QA37 #5; our wording): refusing the therapist's own example or advice as not
        # applying ("well, you're not me", "that's easy for you to say", "it worked for you, not
        # me"): the client moves against the intervention (C2, clinical-reference §5.3 [U])
        "c2_not_me",
        "rejecting_intervention",
        2,
        r"(^|[.!?,] )(well,? |but,? |yeah,? |right,? )?you('re| are) not me\b|\b(that's|it's) "
        r"(all )?(easy|fine|alright|all right) for you to say\b|\b(it|that) (might have )?"
        r"(worked|work|works) for you,? (but )?not (for )?me\b",
    ),
)
