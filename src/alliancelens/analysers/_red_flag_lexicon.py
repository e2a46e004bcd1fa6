"""Version-2 red-flag cue families (``red_flags.therapist`` v2; used only by red flags).

Each family describes a behaviour rather than fixed wording; the turn-context decisions that use
them are in :mod:`alliancelens.analysers._red_flag_rules`, the version-1 cues (kept unchanged) in
:mod:`alliancelens.analysers._therapist_lexicon`, which re-exports these names. Cues are our own
wording, written from the ruptures-examples README "Therapist red flags" (own problems,
unsolicited advice, judgmental remarks, ignoring client feedback) and MITI 4.2.1 *Persuade*
without permission and *Confront* (clinical-reference §6.1, [Moyers-MITI4.2.1]); see
docs/analysers/red_flags.md.

All patterns run on lower-cased text with straight apostrophes.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers._phrases import Phrase

__all__ = [
    "BRUSHES_OFF",
    "CARRIES_ON",
    "CLIENT_OBJECTION",
    "CLIENT_OWN_ACT",
    "CONDUCT_LABEL",
    "DISAPPOINTING_AS_VERB",
    "DONE_TO_CLIENT",
    "EMPATHIC_FRAME",
    "JUDGMENT_FAMILIES",
    "LEAD_IN",
    "NEGATIVE_ABOUT_TASK",
    "OWNS_MISTAKE",
    "REFLECTS_BACK",
    "SELF_LABEL_FRAME",
    "TAKES_ON_BOARD",
    "TASK_START",
    "TASK_WORDS",
    "TOPIC_REFUSAL",
    "VERDICT_ON_THAT",
]

#: Spoken lead-ins that may precede an imperative or a task instruction ("Och, ...", "Bro, ...").
LEAD_IN: Final = (
    r"(?:(?:ah|ag|och|ach|oh|eish|abeg|arrey|ehn|look|honestly|seriously|so|well|right|okay|"
    r"ok|mate|hen|man|and|then|just|now|yeah|no|nah|listen|frankly|basically|really|omg|lol|"
    r"tbh|ngl|bro|dude|girl|love|hun|hon|mira|see|aiyo|aiyah|wah|jeez|god|uh|um|er|erm|"
    r"i think|i reckon|i'd say|you know)[,.!]? )*"
)

#: Words that label a person's character or conduct (never a feeling or a situation).
_TRAIT_WORDS = (
    r"lazy|idle|bone idle|slack|selfish|self-cent(?:red|ered)|self-absorbed|self-obsessed|"
    r"self-indulgent|self-pitying|entitled|spoilt|spoiled|ungrateful|greedy|irresponsible|"
    r"reckless|careless|thoughtless|inconsiderate|disrespectful|rude|arrogant|cocky|smug|vain|"
    r"shallow|petty|mean|nasty|cruel|vindictive|spiteful|manipulative|dishonest|deceitful|sneaky|"
    r"shady|two-faced|hypocritical|weak|weak-willed|spineless|gutless|cowardly|soft|wet|"
    r"pathetic|useless(?! (?:about|at))|incompetent|inept|clueless|stupid|dumb|thick|dim|daft|"
    r"silly|foolish|idiotic|ridiculous|naive|gullible|immature|childish|babyish|dramatic|"
    r"melodramatic|hysterical|overdramatic|attention[- ]seeking|needy|clingy|paranoid|neurotic|"
    r"obsessive|possessive|controlling|crazy|nuts|unhinged|irrational|unreasonable|stubborn|"
    r"pig-headed|whiny|whingey|moany|pushy|bossy|unreliable|flaky|sloppy|gross|disgusting|"
    r"revolting|shameless|cavalier|prickly|messed up|out of order|not cool|lame|oversensitive|"
    r"too sensitive|skewed|misguided|deluded|delusional|in denial|not (?:serious|committed|"
    r"bothered|trying)|unfair on (?:others|everyone|them|him|her|your)|a (?:drama queen|cop-out|"
    r"doormat|pushover|mess|coward|hypocrite|baby|brat|martyr|victim|idiot|fool|moron|loser|"
    r"liar|cheat|bully|snob|joke|disgrace|dog act|shambles|embarrassment|waste of space)"
)
#: Negative verdicts that judge the client only when said of the client or the client's act.
_VERDICT_WORDS = (
    r"terrible|awful|bad|wrong|unacceptable|appalling|disgraceful|shameful|embarrassing|"
    r"inexcusable|unforgivable|not (?:okay|ok|on|acceptable|great|good enough)"
)
_DEGREE = (
    r"(?:(?:being|so|just|such|a bit|a little|quite|really|very|pretty|rather|too|kind of|sort "
    r"of|kinda|sorta|both|all|incredibly|pure|plain|simply|completely|totally|a|an|frankly|"
    r"honestly|seems|seem|sounds|sound|looks|a rather|a very|a bit of a|demonstrates|shows|"
    r"suggests|um|uh|er|erm|like|actually|a total|an absolute|absolutely|a complete|such a)[,]? )*"
)
_YOU = (
    r"you(?:'re| are| were|'ve been| have been| seem| sound| come across as| look| really| so| "
    r"damn|'ve gotten|'ve got|'ve become|'re getting|'re becoming|'re turning into|'re acting| "
    r"are acting| act)"
)
_THAT = r"(?:that|this)(?:'s| is| was| seems| sounds| looks| demonstrates| shows| suggests)"
_GERUND = r"(?:\w+ing|non-\w+|\w+(?:ance|ence|ness|ment|ion)) [^.?!,]{0,50}?(?:is|was),?"
_NOT_OF_OTHERS = r"(?! (?:of (?:him|her|them|your \w+)|to (?:him|her|them)))"
JUDGMENT_FAMILIES: Final = (
    Phrase(rf"\b(?:{_YOU}|{_THAT}|{_GERUND}) {_DEGREE}(?:{_TRAIT_WORDS})\b{_NOT_OF_OTHERS}"),
    Phrase(rf"\b{_YOU} {_DEGREE}(?:{_VERDICT_WORDS})\b"),
    Phrase(
        r"\b(?:(?:poor|bad|terrible|lousy) (?:parenting|choices?|decisions?|self-control|"
        r"judge?ment|form|effort|attitude)|you (?:should|ought to) (?:be ashamed|know better|have"
        r" known better)|you(?:'d| would) (?:think|have thought) you'd|you should(?:n't| not)? "
        r"have (?:known|listened|thought|done|gone|said)|you shouldn't have|(?:only|no one but) "
        r"yourself to blame|what were you thinking|why on earth|i'm "
        r"(?:surprised|disappointed|shocked|ashamed) (?:at|in|with|by) you|shame on you|at your "
        r"age|a grown (?:woman|man|adult)|come off it|for god's sake|your own worst enemy|you "
        r"(?:always|never|constantly|do tend to) (?:jump|make|blame|turn|find|go|let|pick|have to "
        r"make)|(?:always|another|more|just) (?:an )?excuses?|always a reason with you|that's no "
        r"excuse|(?:stop|quit) (?:making excuses|feeling sorry for yourself|whining|moaning|"
        r"playing the victim)|playing the victim|pull yourself together|get a grip|snap out of it"
        r"|toughen up|how could you (?:do|say|be so|let|treat|have)|not even trying|you won't "
        r"(?:put|make) (?:the|any|an) (?:work|effort)|if you (?:really )?wanted to,? you would|"
        r"(?:other|most) people (?:manage|cope)|a lot of people in your (?:spot|position|shoes) "
        r"would|it's not (?:that|so) (?:hard|difficult)|not rocket science|brought (?:this|it) on "
        r"yourself|(?:make|making) (?:everything|it|this) (?:into )?a (?:drama|big deal|fuss)|"
        r"making a meal of it|cop on|wise up|catch yourself on|get real|(?:that|this)(?:'s| is| "
        r"was) on you|you did (?:her|him|them|me) dirty|(?:^|[.!?] )(?:a )?bit (?:soft|lazy|rich|"
        r"much|daft|selfish|slack)|some of us (?:have to|manage|just get on)|you can't (?:carry on"
        r"|go on|keep (?:on|going)) like that|you only (?:think|care) about yourself|what did you "
        r"think would happen|grow a (?:backbone|spine)|don't be (?:silly|daft|stupid|ridiculous|"
        r"soft|dramatic|such a)|you (?:just )?(?:can't|cannot) be bothered|nothing (?:ever )?"
        r"changes,? does it|if you (?:were|was) (?:a (?:little|bit) )?(?:less|more|not so) \w+ "
        r"with|in our culture we (?:do not|don't)|wh(?:at|it) kind of (?:a )?\w+ (?:does|dis|"
        r"would do) (?:that|this)\b|breach of trust|you(?:'re| are) wasting (?:your|my|our) "
        r"(?:life|time|potential|chance|money)|(?:disgracing|embarrassing|making a fool of) "
        r"yourself|(?<!not )(?<!never )(?<!about )(?<!of )(?<!from )(?<!avoid )letting (?:yourself|"
        r"everyone|them|us|your \w+) down|your priorities (?:seem |"
        r"are )?(?:\w+ )?(?:skewed|wrong|all over the place|messed up)|not how (?:a|any) (?:\w+ )?"
        r"(?:man|woman|person|adult|parent|mother|father|husband|wife|friend) (?:behaves|acts)|"
        r"kidding yourself|fooling yourself|feeling sorry for yourself|the (?:problem|"
        r"trouble) with "
        r"you|you (?:don't|never|won't) (?:listen|learn|try|bother)\b(?! to me)|(?:that|this) "
        r"(?:went|worked out) (?:well|great),? (?:didn't|did) it)(?!\w)"
    ),
)
#: "That's not okay" judges the client only after the client reported their own act.
VERDICT_ON_THAT: Final = Phrase(rf"\b{_THAT} {_DEGREE}(?:{_VERDICT_WORDS})\b")
CLIENT_OWN_ACT: Final = Phrase(
    r"\b(?:i|we) (?:\w+ )?(?:\w+ed|did|didn't|went|ate|had|got|spent|skipped|forgot|missed|said|"
    r"told|threw|hit|slapped|took|left|bought|drank|smoked|vaped|bunned|lost|broke|stole|lied|"
    r"cheated|quit|stopped|sent|borrowed|kept|let|ran|drove|sold|gave)\b"
)
DONE_TO_CLIENT: Final = Phrase(
    r"\b(?:he|she|they|someone|somebody|people|my \w+|the \w+) (?:\w+ )?(?:\w+ed|hit|said|told|"
    r"made|took|left|lied|cheated|threw|kept) (?:at |to )?(?:me|us)\b"
)
CONDUCT_LABEL: Final = Phrase(
    r"\b(?:that|this)(?:'s| is| was) (?:(?:a|an|very|really|pretty|rather|such) )?(?!(?:"
    r"understandable|normal|common|natural|protective|avoidance|safety|brave|healthy|helpful|"
    r"new|old|different|courageous|caring|kind|good|great|smart|sensible|wise|loving)\b)"
    r"[a-z-]+ (?:behaviou?r|conduct|attitude)\b"
)
SELF_LABEL_FRAME: Final = re.compile(
    r"\b(?:(?:call|calling|called|see|seeing|judge|judging|describe|describing|label|labelling|"
    r"telling) yourself|(?:the|this|that) (?:word|label|story|voice)|a (?:harsh )?voice|part of "
    r"you|you see yourself|not sure|(?<![a-z])'\w)"
)
OWNS_MISTAKE: Final = Phrase(
    r"\b(?:i made it sound|i(?:'m| am) sorry|that wasn't fair|i got (?:that|it) wrong|my mistake|"
    r"i was wrong)\b"
)


#: "That's really disappointing, and I hear it": the therapist is validating the client's feeling.
EMPATHIC_FRAME: Final = Phrase(
    r"\b(?:i hear (?:it|that|you)|i understand|for you|i get (?:it|that))\b"
)
#: "fear of disappointing people": the word is a verb about the client's own worry.
DISAPPOINTING_AS_VERB: Final = Phrase(
    r"disappointing (?:people|others|someone|them|him|her|you|me|us|anyone|everyone)\b"
)


CLIENT_OBJECTION: Final = Phrase(
    r"\b(?:(?:isn't|is not|not|wasn't|aren't|not really)(?: really)? (?:working|helping|helpful|"
    r"for me|my thing|relevant|useful|right for me)|(?:doesn't|does not|didn't|won't|wouldn't|"
    r"don't|do not) (?:really )?(?:work|help|fit|suit|make sense|do anything)|made (?:me|it) "
    r"(?:more|worse)|makes me (?:more |super |really )?(?:anxious|wound up|worse|dizzy|"
    r"uncomfortable)|(?:(?<!\bi )feel|feels|(?<!\bi )felt) (?:fake|silly|stupid|pointless|"
    r"patronising|like being)|(?:i )?(?:feel|felt) (?:fake|silly|stupid|pointless) (?:doing|"
    r"saying|writing|filling|with) |"
    r"waste of time|pointless|no point|useless|(?:does|doing) (?:my|me) head in|no use to me|"
    r"(?:isn't|is not|not|doesn't|don't|aren't) (?:doing|do) (?:anything|much|nothing) for me|"
    r"irritating|annoying|a pain|"
    r"(?:it's|it is|that's|this is|they're|it was|that was|these are|it feels|"
    r"feels) (?:\w+ ){0,2}too"
    r" (?:much|steep|fast|hard|soon|early|big|distressing|upsetting|scary|painful|overwhelming)|"
    r"(?:not|isn't|doesn't|don't) suit(?:ing)?|(?:feel|feeling|felt) (?:more|worse|even more) "
    r"(?:tense|anxious|stressed|wound up|panicky)|(?:would|'d) prefer not to|cringe|not ready "
    r"(?:for|to)|(?:not|no|nae) comfortable|uncomfortable|(?:i|we|mi|me) (?:don't|do not|"
    r"didnae|dinnae|nuh|nah|no|never) (?:really )?(?:(?:want|wanna) (?:to )?(?:be )?(?:doing|"
    r"talking|going|do|talk|go|try|"
    r"fill|keep|carry on|write|practi[sc]e|continue|this|that|it|the|these|any more|anymore)|"
    r"(?:find|like) (?:this|that|it|the|these|doing|talking|when you)|feel like you|think (?:this"
    r"|it|that|the|these))|(?:i|we)(?:'d| would) rather (?:not (?:do|talk|go into|go over|go "
    r"back over|discuss|try)|talk about|do something|we didn't)|can we (?:not|leave|skip|stop|do "
    r"something|talk about|move)|(?:let's|i'd (?:rather|like to)) leave it|(?:i'm|i am) tired of"
    r"|i(?:'m| am) not (?:doing|going to do|gonna|ganning|going through|sure (?:these|this|that|"
    r"it))|(?:that's|this is"
    r"|it's) not what i (?:need|came (?:here )?for|asked for)|not what i (?:came|signed up) for|"
    r"i (?:already )?(?:told|said to) you,? (?:already|before|last (?:week|time|session))|i did "
    r"try to tell you|i told you,? (?:i|it|that|mornings|evenings|\w+s) [^.?!]{0,40}(?:n't|not|"
    r"no)\b|you(?:'re| are) not (?:listening|hearing)|you (?:don't|do not) (?:get|understand|"
    r"listen)|you keep (?:bringing|going|coming|asking|pushing|saying)|it's not the problem|"
    r"that's not (?:what i|the problem|the point)|with respect|(?:can't|cannot) (?:do|make|"
    r"manage|fit) (?:that|the (?:homework|diary|exercise|sheet|worksheet|exposure|task)|\w+days?|"
    r"mornings|evenings|nights|it (?:at|on|in|before|after|during|then))|(?:mornings|evenings|"
    r"nights|weekends|\w+days) (?:don't|doesn't|won't) work|(?:does|did) (?:us|me) no good|"
    r"i gave up|i freaked out|i tried it)\b"
)
TASK_WORDS: Final = Phrase(
    r"\b(?:homework|diar(?:y|ies)|journal\w*|worksheets?|sheets?|records?|logs?|logging|charts?|"
    r"exercises?|exposures?|experiments?|apps?|recordings?|tapes?|breathing|mindfulness|"
    r"meditation|prompts?|questionnaires?|forms?|scales?|ratings?|check-ins?|role[- ]?play|"
    r"plan|schedule|ladder|techniques?|tasks?|assignments?|caper|script|protocol|body scan|"
    r"relaxation|tracking|this stuff|these things)\b"
)
NEGATIVE_ABOUT_TASK: Final = Phrase(
    r"\b(?:hate|can't stand|intrusive|stress(?:es|ing) me|worse|pointless|useless|stupid|silly|"
    r"boring|annoying|rubbish|crap|pish|load of|waste|a pain|awkward|uncomfortable|scary|cringe|"
    r"fake|patronising|childish|daft|no use|not (?:keen|for me|me|my thing|helping|working|useful|"
    r"right|into|feeling it)|too (?:much|hard|difficult|fast|soon|big|steep|long|early|late)|"
    r"(?:doesn't|don't|didn't) (?:help|work)|don't (?:like|want|"
    r"get)|do(?:es)? my head in|irritat\w+|overwhelm\w*|more (?:anxious|stressed|tense))\b"
)


TOPIC_REFUSAL: Final = Phrase(
    r"\b(?:(?:don't|do not|didn't|nuh|nah|no) (?:really )?(?:want|wanna) (?:to )?(?:be )?(?:talk|"
    r"go)(?:ing)? (?:about|into|over)|(?:not|no|nae) comfortable talking about|can we leave it|"
    r"rather not "
    r"(?:talk|go)(?: back)?(?: over| into| about)?|not ready (?:for|to))\b"
)
REFLECTS_BACK: Final = Phrase(
    r"^(?:(?:okay|ok|mm|mm-hmm|hmm|yeah|yes|right|all right|alright|uh-huh|sure|i see)[,.!]? )*"
    r"(?:so,? )?(?:you(?:'re| are|'ve| have|'d| would| feel| want| haven't| don't| didn't| "
    r"sound| seem| really)|it sounds|it seems|what i(?:'m)? hear)"
)
TAKES_ON_BOARD: Final = Phrase(
    r"\b(?:thanks?(?: you)? for (?:telling|saying|letting me know|being honest|that)|glad you "
    r"(?:said|told|mentioned|raised)|(?:useful|helpful|important|good) to know|that's "
    r"(?:important|really important|useful)|fair (?:enough|point)|you're right|makes sense|"
    r"i hear that (?:it|this|you)|i can see (?:why|that|how)|understandable|sorry|apologi|"
    r"my mistake|(?:what|which) (?:would|might|could) (?:work|fit|suit|help|be easier|feel)|"
    r"(?:smaller|different|easier|gentler|slower) (?:step|way|time|version|approach|pace)|"
    r"slow(?:er| down)|go back a step|(?:we(?:'ll| will| can| could)|let's) (?:drop|change|leave|"
    r"pause|park|slow|swap|adjust|adapt|find|look at (?:what|a smaller|another))|would you "
    r"(?:rather|prefer)|what(?:'s| is| has)(?: been)? (?:getting in the way|not working|"
    r"happening when)|what is it about|tell me more about|say more about|if it (?:still )?"
    r"(?:doesn't|does not) (?:suit|work|help)|how does that sound|would (?:a|an|either|any|that|"
    r"this|it)\b[^.?!]*\b(?:easier|better|help|work|suit)|is there (?:another|a better)|"
    r"sounds like|you(?:'re| are) (?:feeling|frustrated|fed up|saying|telling me)|i can hear|"
    r"i'm hearing|what would you like|(?:that|it) sounds (?:really |so |very )?(?:painful|hard|"
    r"difficult|frustrating|awful|tough)|what i need to know|(?:don't|do not) need to apologi|"
    r"your pace|when you're ready|we don't have to|what if we|how about we|instead|"
    r"we can,? of course|of course we can|"
    r"where(?:ver)? you(?:'d| would) like|whatever you(?:'d| would) like|(?:that's|"
    r"that is) (?:absolutely |completely "
    r"|totally )?(?:okay|ok|fine|alright|all right)(?!,? but))\b"
)
CARRIES_ON: Final = Phrase(
    r"\b(?:let's (?:just )?(?:keep|carry on|get back|finish|do|start|go|have a look|move|stick|"
    r"close|begin|aim|continue)|keep (?:going|logging|at it|with|doing|it)|we(?:'ll| will) "
    r"(?:keep|get to that|still|stick|carry on|have a crack)|persever\w*|stick with|push "
    r"through|give it (?:a|another|more)|you'll be (?:fine|right|ok|okay|grand)|it's (?:just|"
    r"only) (?:a|a few|ten|five|two)|as we (?:said|agreed|discussed)|core (?:component|part)|"
    r"the (?:best|right) time|(?:next|this) week,? (?:we'll|i'd like|you)|first,? let's|anyway|"
    r"consistency|trust (?:me|the process)|(?:today's|the|your|this) (?:homework|diary|"
    r"worksheet|sheet|log|plan|exercise|assignments?|checklist|recording|exposure|app|task|"
    r"goals sheet|body scan|role play|prompts?|script|protocol)|(?:^|[.!?] )(?:(?:right|okay|"
    r"ok|mm|no wahala)[,.]? )?so,? (?:let's|we'll|today|the next|next|now|back to|anyway|moving "
    r"on|onto|on to|thinking back|(?:your|the) \w+(?=,))|(?:^|[.!?] )still(?=,)|(?:ok|okay|yes|"
    r"yeah|i "
    r"know|i hear you|i get (?:it|that)|understood),? but\b|whole (?:point|intervention|idea)|"
    r"however|(?:requires|need to|have to|must) (?:that we )?(?:complete|finish|do|carry on|"
    r"continue)|please (?:close|begin|start|continue|carry on)|it (?:will|'ll) work|do it (?:daily"
    r"|every|again)|(?:it's|that's) (?:in|part of) the (?:plan|protocol|programme|program)|you'll "
    r"see|you will see|do it (?:properly|right)|twice (?:a day|daily)|next (?:item|question|thing|"
    r"one|bit|column|box)|(?:^|[.!?] )again(?=,)|(?:it's|it is) (?:so |really |"
    r"very )?important,? though|(?:as|like) i (?:said|explained)|we've (?:been through|"
    r"discussed) this|kindly|"
    r"requirement|required|mandatory|non-negotiable|she'll be right|give it a (?:week|fortnight|"
    r"month|go|chance))\b"
)
BRUSHES_OFF: Final = Phrase(
    r"\b(?:you'll (?:manage|cope|be fine|get used to it)|it's not (?:that|so) (?:bad|hard|"
    r"difficult)|you can do (?:it|this)|same again|again this week|as before|like we said|as "
    r"(?:planned|agreed))\b"
)
TASK_START: Final = Phrase(
    rf"^{LEAD_IN}(?:fill|write|bring|complete|start|begin|read|practi[sc]e|close your eyes|"
    rf"go ahead|"
    r"carry on|keep|now,? (?:i'll|let's|you))\b"
)
