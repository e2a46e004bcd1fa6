"""The rupture lexicon, kept as data: all cues of the withdrawal and confrontation tables.

Sources for every marker: its definition in clinical-reference §5.2 (withdrawal W1-W7) and §5.3
(confrontation C1-C7) [3RS-2015; Eubanks2019; S/U as tagged there], in the operational wording
of ``ruptures-examples/README.md``. The phrases are our own generalisations of those
definitions (British and American English), not lines of any transcript. Patterns run on
lower-cased text with transcriber notes removed; markers that need context (W1 denial, W2
minimal response, W5 bare assent, W6 content/affect split) add rules in ``_markers.py``.
"""

from __future__ import annotations

import re

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._cue import ACTIVITY, ACTIVITY_BAD, Cue
from alliancelens.analysers.ruptures._cues_confrontation import CONFRONTATION_CUES
from alliancelens.analysers.ruptures._cues_indirect import INDIRECT_CUES
from alliancelens.analysers.ruptures._cues_withdrawal import WITHDRAWAL_CUES

__all__ = [
    "ABSTRACT",
    "ACTIVITY",
    "ACTIVITY_BAD",
    "APPRECIATION",
    "CLOSING",
    "CORRECTION_INVITED",
    "CUES",
    "DISTRESS",
    "EXERCISE",
    "GROUNDING",
    "NOT_AGAINST",
    "PARTING",
    "RELIEF",
    "TECHNICAL",
    "VINDICATED",
    "Cue",
]

#: Every cue, withdrawal first, then the indirect/dialect block of both kinds.
CUES: tuple[Cue, ...] = (*WITHDRAWAL_CUES, *CONFRONTATION_CUES, *INDIRECT_CUES)

# W3 abstract communication: general or intellectualised terms standing in for "me".
ABSTRACT = re.compile(
    r"\b(society|everyone|everybody|people (in general|nowadays|these days)|nowadays|these days"
    r"|modern (life|world|society)|the world|human nature|humans|humanity|in general|generally|"
    r"general thing|as a society|we're all|we all|culture|the system|motivational|psychological"
    r"|neuro\w*|dopamine|serotonin|cortisol|amygdala|brain chemistry|evolutionar\w*|"
    r"theoretically|conceptually|philosophical\w*|existential|intellectual\w*|societal|"
    r"systemic|statistically|objectively speaking|in theory|algorithms?|(there's|there are) "
    r"(studies|research)|stud(y|ies) (show|shows|say|says|found)|research (shows|says|found)|"
    r"scientific\w*|scientists?)\b"
)
# W6: distressing content that laughter would not match.
DISTRESS = re.compile(
    r"\b(hospital|a&e|ambulance|emergency|stroke|heart attack|cancer|died|dying|death|dead|"
    r"funeral|hurt|hit me|pain|scared|terrified|frightened|panic\w*|alone|lonely|left me|leave "
    r"me|divorce|fired|sacked|abuse\w*|worthless|hate myself|can't keep doing this|crying|cried|"
    r"bleeding|collapsed|ashamed|humiliat\w*|falling off|attack|lump|biopsy|scan|diagnos\w*|"
    r"faint\w*|overdose|miscarriage|redundan\w*|evict\w*)\b"
)
#: Relief named: "I feel lighter", "I feel less like I'm drowning", "it's a relief to say it".
#: Naming how one feels is neither a denial nor a move against the therapist (version 16; QA
#: qa13 item 5: in the labelled sets no client turn naming relief is a marker).
RELIEF = Phrase(
    r"\bi feel (a bit |a lot |a little |much |so |quite )?(lighter|calmer|relieved|less (like|"
    r"heavy|alone|stuck|scared|anxious|overwhelmed))\b|\b(it's|that's|it is|what) (a |such a "
    r")?relief\b|\bi('m| am) (so |really )?relieved\b"
)
#: A grounding or orienting prompt: the therapist asks the client to notice and name what is
#: here and now (what they see, hear, touch, feel under their feet, where they are). Version 17
#: (QA qa15 item 3): a grounding exercise during dissociation is a task the therapist leads, and
#: it asks for short concrete answers, not elaboration; the corpus defines W2 as "short, flat
#: answers to questions or reflections that invite the client to elaborate" (clinical-reference
#: §5.2 [S: 3RS-2022-code]). "The lamp. The clock." answers the prompt; it is not withdrawal.
GROUNDING = Phrase(
    r"\b(one|two|three|four|five|\d) things? (that )?you can (see|hear|feel|touch|smell|taste)\b|"
    r"\bname (one|two|three|four|five|\d) things?\b|\bfeel (your|both) (feet|hands|back|body|"
    r"seat)\b|\byour (feet|hands|back) (on|against) the (floor|ground|chair|seat|cushion)\b|"
    r"\b(press|push|plant) (them|your feet|your hands|both feet) (down|into|on|against)\b|"
    r"\bnotice the (floor|chair|carpet|ground|seat|cushion|weight|texture|temperature)\b|"
    r"\bwhat('s| is) the temperature\b|\bwhere are you (right )?now\?|\byou're (here|safe) "
    r"(with me|in the room)\b|\byou're safe now\b|\bback (here )?(in|into) the room\b"
)
#: Version 19 (QA qa22 item 5): a therapist-led experiential exercise in progress (imagery, a
#: calm or safe place, bilateral tapping or eye movements, a body scan, breathing, a cue word,
#: "what do you notice now?"). Like grounding (version 17), the exercise sets the pace and asks
#: for brief reports of what the client notices, so a short answer or plain compliance ("I
#: will.") inside it is the task done, not W2 minimal response or W5 deference (the corpus
#: defines W2 by replies to prompts that invite elaboration, clinical-reference §5.2 [S:
#: 3RS-2022-code]). Our own wording.
EXERCISE = Phrase(
    r"(^|[.!?] )(now,? |just |gently |and |so )?(bring (it |that |them |your \w+ \w* ?)?(back )?to "
    r"mind|picture (it|that|yourself|the|a|your)|imagine (yourself|you're|you are|a|the|being)|"
    r"(just )?notice (that|it|what|where|how|whatever)|(close|shut) your eyes|breathe (in|out)|"
    r"let your (eyes|breath|body|shoulders))\b|\bwhat do you notice (now|in your body|as you)\b|"
    r"\b(sets?|rounds?) of (tapping|taps|eye movements|bilateral)\b|\bcue word\b|\blet'?s "
    r"(practise|practice|do|try) (the|a|an|some|your) [a-z ]{0,30}(exercise|imagery|"
    r"visuali[sz]ation|meditation|breathing|body scan)( now| together| here)?[.!]"
)
#: How many utterances back an ``EXERCISE`` prompt still frames the replies (version 19; our
#: default, set before measuring: a calm-place or tapping set runs a few exchanges).
EXERCISE_REACH = 8
#: Version 19 (QA qa22 item 5): the client welcoming the therapist's turn as taking their side
#: ("At last someone gets it.", "Finally, somebody listens."): feeling understood, the opposite of
#: appeasing surface agreement (W5) or withdrawal (clinical-reference §5.2 counter-evidence [S:
#: 3RS-2022-code]). Our own wording.
VINDICATED = Phrase(
    r"\b(finally|at last|at least),? (someone|somebody|one person|you|a person)( who)? "
    r"(says?|said|gets?|got|understands?|listens?|sees?|agrees?|believes?)\b|\b(someone|"
    r"somebody|you) (finally|actually) (gets?|got|understands?|listens?|sees?|believes?)"
    r"( it| me)?\b"
)
#: Version 19 (QA qa22 item 5): the therapist asks to be corrected ("tell me what I got wrong",
#: "correct me", "what did I miss?"). Naming what the therapist left out in reply ("You forgot
#: the…") is the correction asked for, a collaborative move, not a complaint against the
#: therapist (C1 needs a move against the therapist, clinical-reference §5.3 [U: 3RS-2015]).
CORRECTION_INVITED = Phrase(
    r"\b(tell me|let me know) (what|where|if|anything) (i('ve| have)? )?(got|get|missed|left|"
    r"misunderstood|misheard|wrong)\b|\bcorrect me\b|\bwhat (did|have) i (miss|miss out|get "
    r"wrong|leave out|got wrong|left out)\b|\bwhat('s| is| have i| did i) (missing|left out)\b|"
    r"\b(did|have) i (miss|missed|leave|left) (anything|something)\b|\bfill in what i('ve)? "
    r"missed\b"
)
#: Version 18 (QA qa20 items 2 and 3), in our own wording. Affection or grief at the therapy
#: ending ("I'll miss our sessions", "you'll make me cry"), surprise at the therapist's repair
#: ("I didn't expect you to say that") and a client telling the therapist they are not the cause
#: ("not because of you"): the client moving towards the therapist, not against them, which a
#: confrontation marker needs (clinical-reference §5.1, §5.3 [U: 3RS-2015]).
NOT_AGAINST = Phrase(
    r"\b(i'?m|i am) (going to|gonna) miss\b|\bi'?ll (really |so )?miss\b|\bmiss (you|this|"
    r"coming|our|these|talking)\b|\b(you'?ll|you will|you're going to|you're gonna|don't) make "
    r"me (cry|tear up|well up)\b|\b(not|wasn't|isn't) what i (expected|was expecting|thought you'?d"
    r")\b|\bi (didn't|did not|never) expect(ed)? (you|that|to hear)\b|\bnot because of you\b|"
    r"\bnot (your|you're) fault\b"
)
#: Version 18 (QA qa20 items 2 and 3): leave-taking ("Bye.", "Take care.", "See you then."). A
#: goodbye never confronts; it is withdrawal only when the client leaves before the therapist
#: closes, so the withdrawal veto also needs ``CLOSING`` before it (``_model_cues``).
PARTING = Phrase(
    r"(^|[.!?,] )((good)?bye|take care|cheers)\b|\b((good)?bye|take care)[.!]*$|\bsee (you|ya) "
    r"(then|soon|next|on|in|tomorrow|later|around)\b|\bhave a (good|nice|lovely|great) (week|"
    r"weekend|one|day|evening|holiday|christmas)\b|"
    # Version 20 (QA qa28 #1): returning the therapist's goodbye ("You too.", "And you.",
    # "Same to you.") as the whole reply is leave-taking too.
    r"^\W*(thanks,? |thank you,? |okay,? |ok,? )?(and )?(you too|and you|same to you|likewise|"
    r"you as well)\W*$"
)
#: Version 18: thanks for the work as a whole and praise of the therapist ("Thanks for all of
#: it.", "You've been really kind."): appreciation, not appeasement or a complaint (§5.2
#: counter-evidence [S: 3RS-2022-code]).
APPRECIATION = Phrase(
    r"\bthank(s| you)[.!,]* (ever so much |so much |very much |again )?for (everything|all "
    r"(of )?(it|this|that|your help)|all you('ve| have) done|your help|listening|being)\b|"
    r"\byou('ve| have)? (were|been) (so |really |very |incredibly )?(patient|kind|helpful|"
    r"lovely|great|amazing|brilliant)\b"
)
#: Version 18: the therapist closing the session ("Take care.", "We're nearly out of time.").
CLOSING = Phrase(
    r"\b(take (good )?care|goodbye|bye|see you (next|then|soon|on|in))\b|\bwe('re| are) (at|out "
    r"of|nearly out of) time\b|\b(few|couple of|couple) minutes left\b|\b(end|finish|stop) "
    r"(today|here|there|for today)\b|\b(our|this is our) (last|final) session\b"
)
#: Version 18 (QA qa20 item 3): trouble with the call or the equipment ("the audio keeps cutting
#: out", "you've frozen", "my wifi is rubbish"). Irritation at the technology is not a move
#: against the therapist, and asking what was said after a drop-out is not deference; no marker
#: of either kind is read from the model on such a turn (§5.2, §5.3: markers are about the
#: therapist, the therapy or the client's own experience).
TECHNICAL = Phrase(
    r"\b(you|it|the (video|audio|screen|call|line|picture|sound|image))('ve| have| has|'s)?( just| "
    r"kind of| completely)? (froze|frozen|freezing|cut out|cutting out|keeps? (cutting|freezing|"
    r"dropping)|dropped( out)?|lagging|glitch\w*|breaking up|went (blank|black|dead))\b|\b(the |"
    r"this |my |your )(connection|wifi|wi-fi|internet|signal|video|audio|mic|microphone|camera|"
    r"headphones|laptop|screen)( is| was|'s| keeps)? (so |really |very |a bit |being )?(bad|"
    r"terrible|awful|annoying|slow|patchy|dodgy|rubbish|poor|down|off|broken|muted|crap|"
    r"playing up|cutting out|dropping)\b|\byou('re| are) (on )?mute(d)?\b|\bcan('t| not) hear "
    r"(you|me)\b|\bcan you hear me\b"
)
