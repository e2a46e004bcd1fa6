"""Cues for indirect, polite, dialect and transcribed wording of withdrawal and confrontation.

Sources: the marker definitions of clinical-reference §5.2 (withdrawal W1-W7 [S; W7 U]) and §5.3
(confrontation C1-C7 [U]), as in ``_cues_withdrawal`` and ``_cues_confrontation``. This third
block holds generalisations, in our own wording, of marker *categories* the first two blocks
under-cover: minimising formulas ("no sense crying over it"), pivots to the therapist's life or
to leaving, caretaking of the therapist, present-tense self-put-downs, complaints about being
told off or treated as a case number, being sent home or cancelled on, progress complaints
measured against the start of therapy, denials of a trait the therapist implied, and demands to
sign, tick or let go. Text arrives lower-cased with dropped apostrophes restored ("dont" ->
"don't", "nothin'" -> "nothing"; see ``_text.normalise``), so transcribed and typed dialogue
match the same rows. Strength follows the ``_cue`` policy: 2 only where the wording is a marker
on its own, 1 where it needs a run.
"""

from __future__ import annotations

from alliancelens.analysers.ruptures._cue import ACTIVITY, Cue, cue

__all__ = ["INDIRECT_CUES"]

INDIRECT_CUES: tuple[Cue, ...] = (
    # W1 denial: minimising formulas and waving the therapist's reading away.
    cue(
        "w1_minimising",
        "denial",
        2,
        r"\bno (sense|use|point) (in )?(crying|dwelling|worrying|getting (upset|worked up)|going "
        r"on|moaning) (over|about|on)\b|\b(that's|it's|it is) (all )?(done|over) with\b|\bwater "
        r"under the bridge\b|\bi('ve)? (done|did) my (grieving|crying)\b|\byou('re| are) reading "
        r"(too much |a lot )?into (it|that|things|this)\b|\bnot (even )?that deep\b",
    ),
    cue(
        "w1_waved_off",
        "denial",
        1,
        r"\b(it's|that's|it is) (all )?(in the past|behind me|old news)\b|\bain't nothing\b|"
        r"\b(it's|that's) not (even )?deep\b|\b(don't|do not) (you )?worry about (it|that)\b",
    ),
    # W4 topic shift: a pivot to news or the therapist's life; wanting to leave.
    cue(
        "w4_news_pivot",
        "avoidant_storytelling_or_topic_shift",
        1,
        r"(^|[.!?] )(oh,? |here,? |hey,? |so,? )?(did|have) you (hear|heard|see|seen|catch|watch)"
        r"\b|\bdid i tell you\b|\bspeaking of which\b|\b(anyway|anyhow|anyways),? (how's|how is|"
        r"how was|how are|did you|what about)\b",
    ),
    cue(
        "w4_leaving",
        "avoidant_storytelling_or_topic_shift",
        2,
        r"\bis that the time\b|\bi('d| had) (best|better) (get off|be off|be going|make a move|"
        r"head off)\b|\bcan i (go|leave|head off) (now|yet|early)\b",
    ),
    # W5 deferential/appeasing: caretaking of the therapist, keeping the peace, handing over.
    cue(
        "w5_caretaking_more",
        "deferential_appeasing",
        2,
        r"\b(don't|do not) (you )?(go )?worry(ing)? (about|over) me\b|\byou (should|ought to|"
        r"oughta|need to) (be )?(take|taking) (it easy|care of yourself|a rest)\b|\bdon't you "
        r"(talk|go) like that\b|\bwe('re| are|'re not| are not| ain't) (in )?no hurry\b|"
        r"\bi('m| am) not (trying|tryna) to (cause|make) (no |any )?(problems|trouble|a fuss|a "
        r"scene)\b|\bwhatever you (gotta|got to|have to|need to|want to) (put|write|do)\b|"
        r"\b(put|write) (down )?whatever you\b",
    ),
    cue(
        "w5_soothing",
        "deferential_appeasing",
        1,
        r"\byou (rest|look after) (yourself|that|your)\b|\bi('m| am) sorry to hear (that|about)\b",
    ),
    # W7 self-criticism or hopelessness, in the present tense.
    cue(
        "w7_no_point_talking",
        "self_criticism_or_hopelessness",
        2,
        r"\bno point (in )?(talking|talkin|going over|thinking|going on) about (it|this|that|"
        r"them)\b|"
        r"\b(won't|ain't|not|never) (gonna|going to) (get|be) (fixed|better|sorted|cured|helped)\b",
    ),
    cue(
        "w7_putdown",
        "self_criticism_or_hopelessness",
        1,
        r"(?<!think )(?<!thinks )(?<!thought )(?<!that )(?<!say )(?<!said )\bi('m| am) (just )?(so "
        r"|too |really )?(dumb|thick|stupid|ugly|worthless|useless|an idiot|a loser|a burden)\b|"
        r"\bit's not you,? it's me\b",
    ),
    # C1 complaints about the therapist: told off, processed, not looked at, repeated to.
    cue(
        "c1_told_off",
        "complaint_about_therapist",
        2,
        r"\bi feel like (a|just a|another) (case|number|statistic|file|box to tick)\b|\byou('ve| "
        r"have) (had )?your (nose|head|eyes) (in|on|stuck in) (that|your|the)\b|\b(are|were) you "
        r"(even|actually) (listening|paying attention)\b|\bthere you go again\b|\bi('ve| have)? "
        r"(already )?told you (that |this )?(twice|already|before|three times|last (week|time))\b",
    ),
    cue(
        "c1_sounded_like",
        "complaint_about_therapist",
        1,
        r"\b(get|getting|got|be|being) told off\b|\b(telling|tell) me off\b|"
        r"\byou (sound|sounded) (dead |a bit |so |really )?like (my|everyone|everybody|all|the|"
        r"a|every)\b|\bsorry (doesn't|does not|won't) (fix|change|help|book|cut it|bring)\b|\byou"
        r" (look|talk|speak) (at|to) (the|her|him|them|your) ?\w*,? not (to |at )?me\b|\byou "
        r"people\b",
    ),
    # C2 rejecting an intervention.
    cue(
        "c2_dont_go_there",
        "rejecting_intervention",
        2,
        r"(^|[.!?] )(no,? )?(don't|do not) (do that|go there|start (that|this|with that))\b|"
        r"\b(don't|do not) (even )?(write|put) (it|that|this) (down|in)\b",
    ),
    cue(
        "c2_forget_it",
        "rejecting_intervention",
        1,
        # v20: not "forget it, it's fine" (taking one's own objection back, W5 ``w5_retract``)
        r"(^|[.!?,;] |\u2014 )(oh,? |just |look,? |no,? )?forget it\b(?!,? (it's|it is|i'm|that's) "
        r"(fine|okay|ok|nothing|alright|all right)\b)",
    ),
    # C4 complaints about the parameters: cancellations, changing staff, lost shifts, hours.
    cue(
        "c4_cancelled",
        "complaint_about_parameters",
        2,
        r"\bcancel+ed (again|on me|twice|three times|last minute)\b|\b(a )?different (person|"
        r"therapist|counsellor|"
        r"counselor|worker|interpreter|doctor) (every|each) time\b|\bonly (pick up|answer|work)"
        r" (till|until)\b",
    ),
    cue(
        "c4_cost_to_me",
        "complaint_about_parameters",
        1,
        r"\b(miss|missing|lose|losing) (my |a )?(shift|shifts|pay|wages|day's pay)\b|\b(docks|"
        r"docked) (me|my)\b|\b(minutes|hour|hours|miles) each way\b",
    ),
    # C5 complaints about progress, measured against the start of therapy.
    cue(
        "c5_since_started",
        "complaint_about_progress",
        2,
        r"\b(right|back|exactly) where (we|i) started\b|\bworse (now )?than (when|before) i "
        r"(started|came|began)\b|\bwhat('s| is| has) (this|it|all this|any of this|therapy) "
        r"(doing|done|done for) (for )?me\b|\bwhat am i (even )?(coming|paying) (here )?for\b|"
        r"\bwhy am i (even )?(coming here|bothering)\b|\bno further (on|along|forward)\b"
        # v24 (QA37 #5; our wording): doubting that coming is worth it ("I don't know why I
        # bother coming here", "why do I even keep coming?") is a complaint about progress
        r"|\b(i )?(don't|do not|dunno) (even )?know why i (even |still )?(bother|keep) (coming|"
        r"turning up|showing up|with (this|therapy|these sessions|the sessions))\b|\bwhy (do|"
        r"should) i (even |still )?(bother|keep) (coming|turning up|showing up)\b",
    ),
    # C6 defending against a trait the therapist seemed to imply.
    cue(
        "c6_not_that_person",
        "defending_against_therapist",
        1,
        r"\bi('m| am) not (being )?(careless|irresponsible|stubborn|selfish|aggressive|violent|in "
        r"denial|a liar|hiding (anything|something)|a drunk|an addict|paranoid|dramatic)\b|\bi "
        r"understood (you|that|it) (perfectly|fine|just fine)\b",
    ),
    cue(
        "c6_no_problem_label",
        "defending_against_therapist",
        2,
        r"\bi (don't|do not) (have|got) (no |a |an |any )?(temper|anger|drinking|drink|drug|"
        r"attitude|gambling) problem\b",
    ),
    # C7 controlling or pressuring: sign it, tick it, let me go, just say it.
    cue(
        "c7_sign_it",
        "controlling_or_pressuring",
        2,
        r"(^|[.!?] )(just |please |so )?let me (go|leave) (early|now|home)\b|\b(can|could|will) "
        r"you (just )?let me (go|leave)\b|\b(just )?(sign|tick) (the|my|this|that) (paper|form|"
        r"box|sheet)\b|\bwrite (in|on) your (file|notes|form) that\b|\b(that's|it's|that is|it "
        r"is) the least you (can|could) do\b",
    ),
    cue(
        "c7_reassure_me",
        "controlling_or_pressuring",
        1,
        r"\bjust tell me (it's|that it's|i'm|that i'm|he's|she's|it'll|it will)\b|(^|[.!?] )(go "
        r"on,? |just )?say it[,.!]",
    ),
    # Sarcasm: praise words turned against a task, a suggestion or the therapist. Only the
    # unmistakable forms are clear; "Oh, great." alone needs a run.
    cue(
        "c3_sarcastic_task",
        "complaint_about_activities",
        2,
        rf"\b(great|oh good|goody|oh joy|brilliant|fantastic|marvellous|wonderful|yay),? (another|"
        rf"more|the) (\w+ )?{ACTIVITY}\b",
    ),
    cue(
        "c2_sarcastic_rejection",
        "rejecting_intervention",
        2,
        r"\b(because|cause|'cause|cos) (that|it|this) (worked|went|helped) (so|really|sooo) well\b|"
        r"\bas if (that|it|this)('s| is| will|'ll)? (going to |gonna )?(work|help|change anything)"
        r"\b|\blike that('s| is) (going to|gonna) (work|help)\b",
    ),
    cue(
        "c1_sarcastic_thanks",
        "complaint_about_therapist",
        1,
        r"\bthanks (a bunch|for nothing|a million for that)\b|\bcheers for that\b|(^|[.!?] )oh,? "
        r"(great|marvellous|brilliant|wonderful|fantastic|goody|joy)[.!] |(^|[.!?] )yeah,? "
        r"right[.!]",
    ),
    # Polite and hedged complaints: the complaint wrapped in a softener.
    cue(
        "c1_softened",
        "complaint_about_therapist",
        1,
        r"\b(i don't mean to be rude|no disrespect|i hate to say (it|this)|i'm not being funny|"
        r"not to be (rude|funny|difficult)),? but\b|\bcould you (not|stop) \w+ing\b",
    ),
    cue(
        "c1_felt_like_you",
        "complaint_about_therapist",
        2,
        r"\b(it|that) (felt|feels|came across|comes across) (a bit |rather |quite |a little |kind "
        r"of )?(dismissive|rushed|cold|harsh|judgemental|judgmental|patronising|like you (weren't|"
        r"were not|didn't|did not|don't))\b|\bi('d| would) (prefer|rather) (you|if you) (didn't|"
        r"did not|not|stopped)\b|\bmaybe (someone|somebody) else (would|could|might) be (better|"
        r"a better fit)\b",
    ),
    cue(
        "c5_not_sure_working",
        "complaint_about_progress",
        2,
        r"\bi'm not (sure|convinced) (this|these sessions|it|therapy|the sessions|talking) (is|are)"
        r" (really |actually )?(working|helping|for me|doing (much|anything))\b|\bi (don't|do not)"
        r" (really )?(see|feel|notice) (much|any) (progress|difference|change)\b",
    ),
    cue(
        "c5_hoped_for_more",
        "complaint_about_progress",
        1,
        r"\bi (was|had been) (kind of |sort of |rather )?hoping (for|we'd|you'd|this would|it "
        r"would) (be )?(something )?(more|different|further)\b",
    ),
)
