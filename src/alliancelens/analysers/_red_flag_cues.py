"""Version-3 red-flag cue families (``red_flags.therapist`` v3; used only by red flags).

Version 2 found 2 of 7 red flags on a second author's wording (blind set v2) and 29% on our own
batches 11-13, written in a different voice: advice framed as a question, subtle or sarcastic
judgment, polite overriding. These families describe those *forms*; the decisions that use them
are in :mod:`alliancelens.analysers._red_flag_rules` (advice, judgment) and
:mod:`alliancelens.analysers._red_flag_feedback` (feedback). Definitions: ruptures-examples
README "Therapist red flags"; MITI 4.2.1 *Persuade* without permission (which includes
suggestions put as questions) and *Confront* (clinical-reference §6.1, [Moyers-MITI4.2.1]);
3RS resolution strategies for what counts as taking feedback on board (§5, [Safran-Muran2000]).
Version 4 adds ``OPTIONS`` and ``CLIENT_OBLIGATION`` (advice precision). Cues are our own
wording. All patterns run on normalised text (lower case, straight
apostrophes).
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._phrases import Phrase

__all__ = [
    "ADJUSTS",
    "CLIENT_OBLIGATION",
    "INSISTS",
    "JUDGMENT_V3",
    "KIN",
    "OBJECTION_V3",
    "OPTIONS",
    "PRESCRIPTION",
    "REFRAMES",
    "SARCASM_ALONE",
    "SUGGESTION_QUESTION",
    "TOPIC_AFTER",
    "TRIED_BEFORE",
]

# --- advice ----------------------------------------------------------------------------------
#: A suggestion put as a question ("Have you thought about just leaving him?", "Isn't it time you
#: told her?", "Could you not get your mother-in-law to ...?", "Why not take the router out?").
SUGGESTION_QUESTION: Final = Phrase(
    r"\b(?:(?:have you|did you) (?:thought about|thought of|considered|tried|looked into|given "
    r"any thought to)|would you (?:consider|not consider|think about)|"
    r"what's (?:stopping|stopped) you (?:from )?just)"
    r" (?:just |simply |maybe |perhaps )?(?!(?:what|how|whether|why|when|where|who|which|if|"
    r"anything|something|any|it|that|this|them|doing anything|being|feeling)\b)[a-z]+ing\b|"
    r"\bisn't it (?:about )?time (?:you|for you to)\b|"
    r"\b(?:could|can|would) you not (?:just )?(?!remember|say|tell me|see)[a-z]+\b|"
    r"\b(?:couldn't|can't|wouldn't) you (?:just|simply) [a-z]+\b|"
    r"\bwhy not (?!(?:tell|talk|say|share|start|me|you|so|yet|now|then|though|both|either)\b)"
    r"(?:just )?[a-z]{3,}\b(?! (?:of|too)\b)|"
    r"\bwouldn't it be (?:simpler|easier|better|best|wiser|a good idea|worth) (?:to|if you|"
    r"just)\b|\bwould it not be (?:simpler|easier|better|best|wiser) (?:to|if you)\b|"
    r"\bdon't you think (?:you(?:'d| would| should| ought| need| might)|it(?:'d| would) be "
    r"(?:better|best|wise|easier|good|time))\b"
)
#: "Have you tried cutting down before?": asking about past attempts, not suggesting.
TRIED_BEFORE: Final = Phrase(
    r"\b(?:before|already|ever|in the past|previously|so far|at all|last time|yet|or not)\b"
)
#: Prescriptions that carry no second-person modal ("The most useful thing you could do is ...",
#: "If it were me, I'd ...", "You might want to ...", "if you just ..., everything will follow").
PRESCRIPTION: Final = Phrase(
    r"\b(?:the )?(?:most|single most|one|best|only|first) (?:useful |helpful |important |"
    r"effective |sensible |practical )?thing (?:you (?:could|can|should|need to|ought to) "
    r"(?:do|try)|to do|for you to do)(?: (?:this|next) week| now| right now| tonight| "
    r"today)? (?:is|would be)\b|"
    r"\b(?:if (?:it|that) (?:were|was) me|if i (?:were|was) in your (?:shoes|position|place|"
    r"spot|boat)|in your (?:spot|boat)),? (?:i'd|i would) (?!(?:\w+ )?(?:feel|be|want|find|"
    r"think|guess|imagine|worry|panic|cry|wonder|struggle))[a-z]+\b|"
    r"\bi(?:'d| would) have a (?:\w+ )?(?:word|talk|chat|conversation)\b|"
    r"\byou (?:might|may) (?:want|wish|like) to (?!(?:tell me|say|share|pause|take a (?:breath|"
    r"moment|minute))\b)[a-z]+\b|"
    r"\byou could (?:always|just|even) (?!(?:tell me|say|share)\b)[a-z]+\b|"
    r"\b(?:(?:is|'s) (?:exactly |just |really )?what you need\b|what you need (?:right now |now "
    r")?is\b)|"
    r"\bhere's what(?:'s going to happen| you're going to| you need to| you do| you should| i "
    r"want you to| to do| i'd do)|"
    r"\bwhat's going to happen is\b|\bthe key is (?:to|just)\b|"
    r"\bif you (?:just|only|simply|would just|could just) [^.?!]{3,80}?\b(?:everything|things|"
    r"it|the rest|you|that|this|life)(?: else)?(?:'ll| will| would|'d| is going to| should)\b"
)

# --- judgment --------------------------------------------------------------------------------
_ROLE = (
    r"(?:mother|father|mum|mom|dad|parent|person|man|woman|friend|partner|son|daughter|husband|"
    r"wife|adult|human being|sister|brother|employee|student|christian|muslim)"
)
_VIRTUE = (
    r"(?:responsible(?! for)|mature|sensible|considerate|respectful|reasonable|smart|clever|wise"
    r"|honest|kind(?! to yourself| with yourself| of (?:him|her|them))|nice(?! to (?:hear|see))|"
    r"loyal|thoughtful|fair (?:on|to) (?:him|her|them|others|your \w+|anyone|everyone))"
)
_NEGATED = r"(?:isn't|is not|wasn't|was not|aren't|are not|weren't|were not|hardly|not)"
#: The subject of a verdict on conduct: "you" or a gerund phrase ("getting that high ... isn't").
_ACT_SUBJECT = (
    r"(?:you(?:'re| are| were)? (?:being )?|(?!(?:some|no|any|every)?thing\b|morning\b|evening\b)"
    r"\w+ing [^.?!,]{0,80}? )"
)
#: Subtle, sarcastic and comparative judgment of the client or the client's act.
JUDGMENT_V3: Final = Phrase(
    rf"\b{_ACT_SUBJECT}{_NEGATED} (?:very |exactly |particularly |really |terribly |that |the "
    rf"most |being )?{_VIRTUE}\b|"
    r"\bso,? you (?:lied|cheated|stole|betrayed|deceived|were lying|were cheating)\b|"
    r"\b(?:quite a lot of|a lot of|such|so much|pure|plain|basically|nothing but|a "
    r"bit of) (?:deception|dishonesty|lying|cheating|betrayal|selfishness|laziness|cowardice|"
    r"manipulation|self-pity|self-indulgence|immaturity)\b|"
    r"\bsurprise,? surprise\b|\bwhat a "
    r"(?:surprise|shock)\b|\bwho(?:'d| would| could)(?: have)? (?:thought|guessed|predicted|seen "
    r"that coming)\b|\b(?:there's|that's) a (?:shock|surprise)\b|\bwell,? there's your answer\b|"
    r"\bcolou?r me (?:shocked|surprised)\b|"
    r"\b(?:most|other|normal|plenty of|lots of|a lot of|loads of) (?:people|folk|folks|mums|"
    r"moms|dads|parents|men|women|kids|students|adults|guys|girls)(?: (?:your|my) age| in your "
    r"(?:position|situation|shoes|spot))? (?:have |would have |would've |seem to |just )?"
    r"(?:manage[ds]?|cope|coped|get on with it|move[ds]? out|sort(?:ed)? "
    r"(?:it|themselves)|handle[ds]? it|get there|get over it|grow out of|have managed|have "
    r"moved)\b|\beveryone else (?:manages|copes|seems to manage|can (?:do|manage)|is able)\b|"
    r"\b(?:it's|that's|this is|it is) (?:really )?not (?:a big|much of an?|a lot to|an? "
    r"unreasonable) ask\b|\bnot (?:much|a lot) to ask\b|"
    rf"\b(?:is|do you think|would you say) (?:that|this)(?:'s| is)? (?:really )?(?:the )?"
    rf"(?:kind|sort|type) of (?:a )?{_ROLE} (?:you (?:want|wish|hope|mean|are trying|'re "
    rf"trying) to be|you are)\b|"
    rf"\b(?:what|which) (?:kind|sort|type) of (?:a )?{_ROLE} (?!(?:do|did|would you|you)\b)"
    r"(?:\w+s|would|could|does|just)\b|"
    r"\bi(?:'m| am) (?:a (?:little|bit) |quite |rather |really |very |frankly |honestly )?"
    r"(?:surprised|disappointed|shocked)(?:,? (?:to be honest|honestly|frankly|i must say|i "
    r"have to say))?,? (?:given|after (?:everything|all)|considering|that you(?:'d| would| did|"
    r" didn't| went| chose| still)|you(?:'d| would| did| didn't| went| chose| still))\b|"
    r"\b(?:and )?then (?:you(?:'re| are| act| seem)? )?(?:act(?:ing)? )?(?:all )?(?:surprised|"
    r"shocked|amazed)\b|"
    r"\bno wonder (?:they|he|she|nobody|no one|people|everyone|your (?:friends|partner|wife|"
    r"husband|boss|kids|family)) (?:\w+ )?(?:stopped|left|don't|doesn't|won't|avoid|gave up|"
    r"got fed up|are fed up|is fed up|'re fed up|'s fed up|stopped inviting)\b|"
    r"\byou can't (?:keep|go on|carry on) \w+ing [^.?!]{0,60}\band (?:then )?(?:expect|act|be "
    r"surprised|wonder|complain)\b|"
    r"\byou(?:'re| are) teaching (?:him|her|them|the kids|your \w+) (?:that|to)\b|"
    r"\byou(?:'re| are) the (?:adult|parent|grown-up|grown up)(?: here| in this)\b|"
    r"\b(?:whether|if) you(?:'re| are|'ll| will)? (?:ever )?(?:going to |gonna )?(?:ever )?"
    r"(?:stick (?:at|with) anything|follow through|grow up|finish anything|commit to anything|"
    r"take (?:anything|this|it) seriously|sort yourself out)\b|"
    r"\byou(?:'re| are) (?:quite |a bit |rather |so |very |being |really )?(?:passive[- ]"
    r"aggressive|self-sabotaging)\b"
)
#: "Of course you did." as the whole reply to a lapse: sarcasm, not validation.
SARCASM_ALONE: Final = Phrase(
    r"^(?:oh,? |well,? |right,? )?(?:of course (?:you|he|she|they) (?:did|didn't|do|don't|have|"
    r"haven't|are|aren't|would|wouldn't|were|forgot|can't)|shocking|typical|classic|"
    r"unbelievable)[.!]*$"
)

# --- ignoring feedback -----------------------------------------------------------------------
#: Session activities a client may refuse ("I don't want to give it a name").
_SESSION_ACT = (
    r"(?:give (?:it|this|that|the \w+) a (?:name|go)|name (?:it|the \w+)|do (?:this|that|it|the|"
    r"these|any)|try (?:this|that|it|the)|use (?:the|this|that|it)|fill|write (?:it|this|the|a)|"
    r"practi[sc]e|role-?play|picture|imagine|close my eyes|rate|answer|share (?:today|in|this|"
    r"that|it)|read (?:it|this|that|the)|sit (?:with|in)|talk about|go (?:there|into|over))"
)
#: Complaints about the therapy or the therapist, and refusals of a session activity.
OBJECTION_V3: Final = Phrase(
    r"\b(?:(?:it|everything|this|we|whatever i \w+),? (?:always |just |all |somehow )?(?:ends? "
    r"up|comes? back|keeps? coming back|turns? into|goes? back|gets? turned) (?:being )?(?:about|"
    r"to|into)|whatever i (?:bring|say|talk about)|talking to (?:a wall|somebody who|someone "
    r"who)|knows? the answer before|nothing (?:has|'s|is) (?:moved|changed|shifted|improved)|"
    r"going (?:round|around) in circles|(?:not|isn't|aren't|never) getting anywhere|you(?:'re|"
    r" are) "
    r"not (?:really )?(?:hearing|listening)|not "
    r"everything is (?:about )?|i (?:don't|do not) (?:want|need) (?:an?|any|more|another|your) "
    r"(?:interpretation|analysis|lecture|theory|theories|explanation|worksheet|homework)|this is"
    r" (?:exactly )?what i(?:'m| am|'ve been| was) (?:talking about|saying)|(?:i'm|i am) "
    r"(?:really |just )?not (?:up for|in the mood for) (?:it|this|that|the|doing|today)|can't "
    r"face (?:it|this|that|the|doing|going|talking)|(?:i'd|i would) (?:really )?(?:prefer|"
    r"rather) (?:we |you )?(?:didn't|did not|not|don't) (?:go|talk|do|get|bring|look|use)|"
    r"(?:don't|do not) think (?:\w+ ){0,4}(?:will|would|is going to|'s going to|is gonna|can) "
    r"(?:work|help|fit|suit)|(?:it|that|this|doing (?:it|that|this)) (?:feels|felt|seems|"
    r"makes me feel) (?:a bit |really |so |kind of |quite |pretty |a little )?(?:childish|silly|"
    r"daft|stupid|dumb|fake|patronising|pointless|awkward|cringe|weird|forced|embarrassing|like"
    r" a case|like homework|like school)|makes? me feel (?:like )?(?:a |an )?(?:case|child|kid|"
    r"idiot|number|dumb|stupid|silly|judged)|(?:i|we) (?:really |just )?(?:don't|do not|"
    rf"didn't) (?:really )?(?:want|wanna) (?:to )?{_SESSION_ACT}|"
    r"(?:puts?|put) me off|didn't want to go there|(?:i|we) (?:really )?(?:don't|"
    r"do not) want (?:my "
    r"\w+|him|her|them|anyone) (?:in|at|here|coming|to come|to join|involved|to know)|(?:i'm|i "
    r"am) (?:a bit |quite |rather |really )?(?:reluctant|hesitant|unwilling) to|"
    r"i(?:'ve| have) told you what i need|(?:not sure|don't think) (?:this|the|these|that) "
    r"(?:\w+ )?(?:is|are) (?:right for me|for me|working|helping|my thing)|not "
    r"(?:for|to) (?:guys|people|someone|men|women) like me)\b"
)
#: Words after which the refused topic follows ("not everything is my father").
TOPIC_AFTER: Final = Phrase(
    r"\b(?:about|into|over|bring(?:ing)? up|asking (?:me )?about|on about|everything is(?: about)?|"
    r"back to|up for|mood for|face)\s+((?:my |the |your )?[a-z'-]+)"
)
#: Kin words mapped to one stem, so "my dad" and "your father" are one topic.
KIN: Final = {
    "dad": "father",
    "da": "father",
    "daddy": "father",
    "pop": "father",
    "mum": "mother",
    "mom": "mother",
    "mam": "mother",
    "ma": "mother",
    "mummy": "mother",
    "stepdad": "stepfather",
    "stepmum": "stepmother",
    "stepmom": "stepmother",
    "ex-husband": "ex",
    "ex-wife": "ex",
    "ex-partner": "ex",
    "childhood": "child",
    "kids": "child",
    "children": "child",
}
#: Taking the objection on board: a choice, a smaller step, dropping or pausing the task, or a
#: question about the objection itself (3RS: change the task, invite exploration).
ADJUSTS: Final = Phrase(
    r"\b(?:(?:what|which) (?:would|might|could) (?:work|fit|suit|help|be easier|feel|make)|"
    r"(?:smaller|different|easier|gentler|slower|shorter|lighter) (?:step|way|time|version|"
    r"approach|pace|one)|slow(?:er| down| the pace)|go back a step|(?:we(?:'ll| will| can| "
    r"could)|let's|shall we) (?:drop|change|leave|pause|park|slow|swap|adjust|adapt|skip|stop|"
    r"try something|come back|put (?:it|that|this) aside)|would you (?:rather|prefer|like to)|"
    r"what(?:'s| is| has)(?: been)? (?:getting in the way|not working|making|happening when|"
    r"bothering)|what is it about|what was it about|tell me (?:more|a bit) about (?:what|why|"
    r"that|how)|say more about|if it (?:still )?(?:doesn't|does not) (?:suit|work|help)|is "
    r"there (?:another|a better)|what would you like|(?:we|you) (?:don't|do not) have to|"
    r"what if we|how about we|instead|of course we can|we can,? of course|where(?:ver)? you"
    r"(?:'d| would) like|whatever you(?:'d| would) like|your pace|i(?:'m| am) sorry|apologi|"
    r"my mistake|you're right|fair point|or (?:would|do) you|(?:would|does) (?:a|an|either|any|"
    r"that|this|it)\b[^.?!]*\b(?:easier|better|help|work|suit)|won't (?:go there|do "
    r"(?:it|that|this)|push)|unless you want|(?:could|can) we look at what|decide together|"
    r"no need to|up to you|your (?:call|choice))\b"
)
#: Insisting after an acknowledgement: the plan stands, a decision is announced, "it only takes".
INSISTS: Final = Phrase(
    r"\b(?:we (?:do |still |really |will |'ll )?(?:need|have) to (?:do|keep|complete|fill|get|"
    r"use|continue|stick|carry on|practi[sc]e|go (?:through|back|over)|look|talk|finish|try)|"
    r"you (?:do |still |really |will |'ll )?(?:need|have) to (?:do|keep|complete|fill|continue|"
    r"stick|carry on|practi[sc]e|finish) (?:it|this|that|them|the|these|with)|(?:is|are|it's|"
    r"they're|that's) (?:really |very much |absolutely |actually )?(?:central|core|key|"
    r"essential|integral|fundamental|a (?:core|key|central|required|necessary|standard) "
    r"(?:part|component|element)) (?:to|of)|part of (?:how (?:the|we|this)|the (?:plan|programme|"
    r"program|protocol|treatment|process|course|model|approach|service))|works best (?:if|"
    r"when) we (?:stay|stick|keep|"
    r"do)|i'd (?:like|want) (?:you|us) to (?:keep|carry on|continue|stick|still|do|try|pick up|"
    r"go back|finish|complete|stay)|i'd like to (?:pick up|go back|return|continue|carry on|stay"
    r" with|stick with|get back)|(?:it's|it is) (?:really |so |very )?important "
    r"(?:that )?we (?:still |keep |do |stay |stick |go |look |carry on|finish|continue)|we "
    r"(?:still|should still|'ll still|will still) (?:do|need|keep|go|try|have)|let's (?:just )?"
    r"(?:get (?:this|it|that|the|through)|do (?:this|it|the)|pop|put|try|keep|stick|go (?:back|"
    r"on|through)|look at (?:your|the|this)|pick up|carry on|crack on|push on|press on)|shall "
    r"we (?:look at|go (?:through|back|over)|start|get|do|fill|crack on|carry on|continue|pick "
    r"up)|i'll (?:put|book|sign|schedule|send|pencil|add|set) you|i(?:'ve| have) (?:already )?"
    r"(?:asked|booked|arranged|scheduled|invited|signed) |pick up where we left off|what we "
    r"(?:usually |generally |normally )?(?:find|see) is|that's exactly why|humou?r me|indulge me|"
    r"bear with me|trust me|(?:it|this|that|they)"
    r"(?: only| just)? takes? (?:just |only )?(?:\d+|a few|two|five|ten|a couple|one|a minute|"
    r"a second)|(?:^|[.,!?] )just (?:fill|write|do|complete|answer|try|give it|put|tick|rate|"
    r"pop)|the thing is|stay with (?:it|that|this)|sending it now|non-negotiable|(?:nonetheless|"
    r"nevertheless|regardless|all the same)|"
    r"(?:that's|it's|those are) the rules?|rules are rules|everyone (?:has to|does it|takes a "
    r"turn))\b"
)
#: Treating the objection as resistance, or as a phase to push through.
REFRAMES: Final = Phrase(
    r"\b(?:(?:it's |that's )?interesting (?:how|that) (?:\w+ )?you|(?:that|this|the|your) "
    r"\w+(?:ness|ance|ence|ity|ion) is interesting|push(?:ing)? (?:that|it|this|me) (?:away|"
    r"off|aside)|brush(?:ing)? (?:that|it|this) (?:off|aside)|resist(?:ance|ing)?|"
    r"defen[cs]es|defensive(?:ness)?|hard to look at|(?:lots of|a lot of|many|most) (?:people|"
    r"clients|folk) (?:feel|say|think|find) (?:that|this)(?: way)? (?:at first|initially|to begin"
    r" with|early on)|(?:a |that's a |it's a )?(?:really )?(?:common|normal|natural) (?:feeling|"
    r"reaction|response) (?:at (?:this|that) (?:stage|point)|at first|early on|to begin with))\b"
)


#: The client's own first-person obligation ("i gotta make the window"): a therapist "you need
#: to ..." after it reflects the client's constraint rather than persuading (MITI 4.2.1
#: reflections vs *Persuade*, clinical-reference §6.1, [Moyers-MITI4.2.1]). Version 4.
CLIENT_OBLIGATION: Final = Phrase(
    r"\b(?:i|we) (?:\w+ )?(?:should|must|need to|have to|ought to|'ve got to|got to|gotta)\b"
)
#: Advice offered as one option among several (MITI 4.2.1 *Persuade with Permission*: "a clear
#: emphasis on the client's choice", clinical-reference §6.1, [Moyers-MITI4.2.1]). Version 4.
OPTIONS: Final = Phrase(
    r"\b(?:one (?:option|possibility|idea|thing some people do) (?:is|would be|might be)|some "
    r"(?:people|folks|clients) (?:\w+ ){1,8}(?:others|other people|some)\b|,? or (?:you could|"
    r"maybe|perhaps|you might)|(?:a few|several|some|two|three) (?:options|possibilities|ideas|"
    r"different ways|routes)\b)"
)
