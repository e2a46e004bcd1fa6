"""Set-aside patterns for the risk rules (see docs/analysers/risk.md).

A rule match in :mod:`alliancelens.analysers._risk_lexicon` is *set aside* (listed, not flagged)
when it sits in an idiom, is negated, belongs to a third party, is clearly past and resolved, is
joking, is fear of dying, grief language, an accident or an unwanted intrusive thought; the tests
that use these patterns are in :mod:`alliancelens.analysers._risk_guards`. They follow
clinical-reference §10.3 rule 3 ("handle negation, idiom and reported speech") and the
hard-negative tags of the ruptures-examples README. Patterns run on lower-cased text with
straight apostrophes; the wording is our own.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._phrases import Phrase

__all__ = [
    "ACCIDENT",
    "CONTRAST_IDEATION",
    "CURRENT",
    "DANGER_FROM_OTHERS",
    "EGO_DYSTONIC",
    "FEAR_OF_DEATH",
    "FIRST_PERSON",
    "GRIEF",
    "IDIOMS",
    "INDIFFERENCE",
    "JOKING",
    "LAUGHTER",
    "LAWFUL_REMEDY",
    "MEDICATION_USE",
    "NEGATED_AFTER",
    "NEGATORS",
    "NEGATOR_EXCEPTIONS",
    "PAST_ANY",
    "PAST_REMOTE",
    "PROGNOSIS",
    "RECENT",
    "REPORTED_THREAT",
    "RESOLVED",
    "SERIOUS",
    "THIRD_PARTY_ACT",
    "THIRD_PERSON",
    "TIED_TO_SPEAKER",
]

#: Idioms and hyperbole that use risk words without risk meaning (README idiom_or_hyperbole).
IDIOMS: Final = Phrase(
    r"\b(?:(?:is|was|are|were|'s|'re|keeps?|been) (?:absolutely |literally |really |just "
    r"|slowly )?killing (?:me|us)\b|kill(?:s|ed|ing)? (?:me|us) (?:to say|that|when|how)|"
    r"(?:i'd|i would|i could) kill for\b|kill(?:ing)? time\b|killed it\b|"
    # v20 (QA20 #6): exasperation with a habitual "sometimes" ("I could strangle him at times")
    # v21 (QA25 #12): a conditional of exasperation ("... one more time, I'll kill them")
    r"one more time,? i(?:'ll| will|'m going to| am going to|'m gonna) (?:actually |honestly "
    r")?(?:kill|murder|strangle|throttle) (?:him|her|them|you)\b(?![^.?!]{0,40}\b(?:i mean it|"
    r"not joking|i'm serious|seriously|i swear))|"
    r"i could (?:honestly |seriously |just |happily |cheerfully )?(?:kill|strangle|throttle|"
    r"murder) (?:him|her|them|you|my \w+),? (?:sometimes|at times|some days)\b|"
    r"(?:could(?:'ve| have)?|i'd|would) murder(?:ed)? (?:a|an|some|the) "
    r"(?:pizza|curry|burger|drink|pint|coffee|tea|kebab|sandwich|beer|glass)|"
    r"dying (?:to|for|of) (?:\w+ )?(?:laugh\w*|embarrassment|boredom|thirst|hunger|know|see|"
    r"try|get|go|meet|hear|a \w+)|"
    # v11 (QA: "I was dying to tell her what I really thought"): eager to do something
    r"dying (?:to|for) (?:tell|say|ask|talk|share|show|read|watch|eat|drink|do|find out|start|"
    r"use|give|hug|visit|open|play|sing|dance|travel)\b|"
    r"(?:nearly|almost|could have|could've) died (?:laughing|of "
    r"embarrassment|of shame)|died (?:laughing|of embarrassment)|to die for\b|(?:bored|scared|"
    r"sick|worried|frightened|tired) to death\b|(?:i'd|i would)(?: \w+)? (?:rather|sooner) "
    r"(?:die|be dead) than\b|over my dead body|dead (?:tired|on my feet|beat|end|busy|serious|"
    r"right)\b|"
    r"(?:laughed|laughing) so (?:hard|much) (?:that )?i (?:nearly|almost) died|"
    r"deadline|drop dead|dead to me|kill two birds|you're killing me|"
    r"the suspense is killing me|(?:my|his|her) (?:back|feet|knees|head|legs) (?:is|are) "
    r"killing me|(?:nearly |almost )?(?:kill(?:ed|ing)? myself|died|dying|die|wet myself) "
    r"(?:laughing|with laughter|of laughter)|"
    # exertion and exasperation ("nearly killed myself going up that hill", "she'll kill me if")
    r"(?:nearly |almost |practically )?kill(?:ed|ing|s)? (?:myself|yourself|himself|herself) "
    r"(?:going up|getting (?:up|to|there)|running|climbing|carrying|lifting|cycling|walking|"
    r"working|cleaning|moving|digging|rushing|racing|training|at the gym|with (?:all )?(?:this|"
    r"that|the|work|overwork|worry|worrying|running|stress))\b|"
    r"(?:'ll|will|'d|would|gonna|going to) (?:kill|murder|strangle) me (?:if|when|for)\b|"
    r"(?:shoot|kill) me now\b|skin (?:me|him|her|you) alive|(?:have|had) my (?:life|guts)\b|"
    r"(?:dead|dying|die|died) (?:from|of) (?:tiredness|exhaustion|boredom|embarrassment|hunger|"
    r"thirst|the heat|the cold|cold|shame|fright|sleep)\b|"
    # protective statements, not risk: "I've too much to live for"
    r"(?:too much|so much|plenty|a lot|lots|loads|everything|a reason|reasons) to live for|"
    # v5: hyperbole of strain and tiredness ("literally dying before the quiz", "dead in first
    # period", "almost died in there", "you sounded dead")
    r"literally (?:dying|died|dead)\b(?! to| inside)|(?:nearly|almost) died (?:in there|in here)|"
    r"dead (?:in|by|during|after) (?:the )?(?:first|second|third|last|double|morning|\w+) "
    r"(?:period|lesson|class|lecture|meeting|shift|practice|training)\b|(?:sound|sounds|sounded|"
    r"look|looks|looked|looking) (?:half |completely |totally |like the walking )?dead\b|"
    # habits, not intent ("smoke myself to death", "drown myself in tea at this rate")
    r"(?:smoke|smoking|eat|eating|work|working|worry|worrying|bore|boring) (?:myself|yourself|"
    r"himself|herself) (?:to death|into an early grave)|drown(?:ing)? (?:myself|my sorrows) in "
    r"(?:\w+ )?(?:tea|coffee|work|paperwork|chocolate|biscuits|emails)\b|"
    # sport and work ("smashed them in the semi", "cutting from eight till seven" at a salon)
    r"(?:smashed|thrashed|destroyed|battered|hammered|crushed|murdered|killed) (?:them|him|her|"
    r"it|us|the \w+) (?:in|at) (?:the )?(?:semi|final|game|match|quiz|exam|test|race|league|"
    r"round|derby|tournament)\w*|cutting (?:hair|from \w+ (?:till|to|until) \w+))"
)
#: A transcribed laugh or smile ("(laughs)", "(small laugh)"): a sign of joking for threats and
#: broad-net matches, never enough on its own to set aside an explicit statement.
LAUGHTER: Final = Phrase(r"\([^()]{0,20}\b(?:laugh\w*|chuckl\w*|giggl\w*|grin\w*|smil\w*)[^()]*\)")
#: Markers that a threat was joking; "not joking" is excluded by the look-behind.
JOKING: Final = Phrase(
    r"\bnot literally\b|\bnot (?:really|seriously),? (?:obviously|of course)\b|"
    r"(?:\(laugh\w*\)|haha\w*)\W*not really\b|(?<!not )(?<!n't )\b(?:only |just )?"
    r"(?:joking|kidding)\b|"
    r"\bfigure of speech\b|\b(?:lol|haha+)\b|\bobviously not\b|\bi wouldn't really\b|"
    r"\b(?:that|it|this)(?: \w+)?(?:'s| is| was) (?:just |only )?a joke\b"
)
#: Markers that a statement is meant seriously (override JOKING).
SERIOUS: Final = Phrase(
    r"\bnot (?:joking|kidding)\b|\bi mean it\b|\bi'm serious\b|\bi am serious\b|"
    r"\bdeadly serious\b|\bnot (?:as )?a figure of speech\b|\b(?:don't|do not) mean (?:that|it|"
    r"this) as a (?:joke|figure of speech)\b|\b(?:it's|it is|this is|that's|that is) not a joke\b|"
    r"\bno joke\b|\bnot (?:a )?joke any ?more\b"
)
#: Negation cues looked for just before a match, within its clause.
NEGATORS: Final = Phrase(
    r"\b(?:not|never|no|nothing|none|nor|neither)\b|n't\b|\bdont\b|\bwont\b|\bcant\b"
)
#: Phrases that contain a negator but do not negate what follows.
NEGATOR_EXCEPTIONS: Final = Phrase(
    r"\b(?:can't|cannot|couldn't|can not|won't) (?:stop|help|get (?:it|this|that|the \w+) out)"
    r"|\b(?:don't|do not|didn't) (?:know|think i can stop)\b|\b(?:don't|do not|can't|cannot) see "
    r"(?:why|the point|how)\b|\bnot (?:scared|afraid|frightened"
    r"|worried|bothered) (?:of|about|by)\b|\bnot (?:sure|joking|kidding|just|"
    r"only)\b|\bno (?:longer|one|matter)\b|\bnot gonna lie\b|\bnot going to lie\b|"
    # v21 (QA25 #3): an appraisal of the week ("honestly not great, i've been looking up ...")
    r"\bnot (?:so |too |very |that )?(?:great|good|well|brilliant|amazing|the best)\b|"
    # negating the feeling about dying is not negating the wish ("I'd not be sorry to go")
    r"\b(?:not|n't|never) (?:be )?(?:sorry|sad|bothered|upset)\b|"
    r"\bnot (?:really |even )?(?:care|mind)\b|\b(?:don't|didn't|wouldn't|"
    r"do not|did not|would not) (?:really |even )?(?:care|mind)\b"
)
#: Negated statements that nonetheless carry ideation ("I'm not going to, but I think about it").
CONTRAST_IDEATION: Final = Phrase(
    r"\b(?:but|though|although|except|only)\b[^.?!]{0,40}\b(?:i think about|i've thought about|"
    r"think about it|the thoughts?|part of me|"
    # v18 (QA16 #6): "some days" only with ideation after it ("but some days are hard" is not)
    r"(?:some days|some nights|sometimes),? i (?:think|wish|want|feel like (?:doing|it|ending)|"
    r"could|get (?:the )?(?:urge|thoughts?))|i wish|i want"
    r"|the urges?|tempted)\b|\b(?:just|only) (?:that )?i (?:want|wish|think about)\b|\b(?:not gonna"
    r"|"
    r"not going to|won't|can't) pretend\b"
)
#: Version 18 (QA16 #5, #8): someone else's reported threat ("He said if he sees me with anyone
#: he'll stab them", "My husband says he'll kill me if I leave"): danger to the client or others
#: from that person, which this analyser does not screen (``NOT_SCREENED``), never the client's
#: own harm to others and never an idiom.
REPORTED_THREAT: Final = Phrase(
    r"\b(?:he|she|they|my (?:ex|husband|wife|partner|boyfriend|girlfriend|dad|father|stepdad|"
    r"mum|mother|stepmum|brother|son|landlord|neighbou?r))(?:'s)? (?:\w+ )?(?:said|says|told me|"
    r"tells me|threatened|threatens|keeps saying|swore|texted|messaged)\b[^.?!]{0,50}\b(?:he'll|"
    r"she'll|they'll|he will|she will|they will|he'd|she'd|they'd|he's going to|she's going to|"
    r"they're going to|he's gonna|she's gonna)\b"
)
#: Why such a match is set aside.
DANGER_FROM_OTHERS: Final = (
    "about another person: danger to the client or others from them (not screened by this "
    "analyser; follow your safeguarding protocol)"
)
#: First- and third-person tokens for deciding whose risk a sentence is about.
FIRST_PERSON: Final = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "myself", "im", "ive"})
# fmt: off
THIRD_PERSON: Final = frozenset((
    "he", "she", "they", "him", "her", "his", "their", "them", "he's", "she's", "they're", "he'd",
    "she'd", "they'd", "someone", "somebody", "people", "friend", "friends", "brother", "sister",
    "mum", "mom", "mother", "dad", "father", "son", "daughter", "partner", "husband", "wife",
    "boyfriend", "girlfriend", "colleague", "patient", "client", "cousin", "uncle", "aunt", "nan",
    "gran", "grandad", "grandma", "grandpa", "grandfather", "grandmother", "neighbour",
    "neighbor", "flatmate", "mate", "kid", "kids", "child", "baby", "ex", "boss", "manager",
    "lad", "lass", "bloke", "guy", "fella", "man", "woman", "girl", "boy", "our", "auntie",
    "aunty", "niece", "nephew", "classmate", "housemate", "roommate", "coworker", "stepson",
    "stepdaughter", "grandson", "granddaughter", "teenager", "student", "pupil", "bairn", "wean",
))
# fmt: on
#: Clearly remote past (README past_resolved), and markers that make it current again.
PAST_REMOTE: Final = Phrase(
    r"\b(?:\w+ years ago|years ago|a long time ago|ages ago|a decade ago|when i was (?:\w+|a "
    r"(?:teenager|kid|child|student)|at (?:school|uni|university|college)|younger|little)|"
    r"in my (?:teens|twenties|thirties|early \w+|late \w+)|as a (?:teenager|kid|child|student)"
    r"|back (?:in|at) (?:school|uni|university|college|19\d\d|20[01]\d)|at (?:school|uni))\b"
)
RECENT: Final = Phrase(
    r"\b(?:again|still|recently|lately|this (?:week|month|year|morning|weekend)|last (?:night|"
    r"week|weekend|month)|yesterday|today|tonight|these days|at the moment|right now|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|every (?:day|night|week)"
    r"|since (?:christmas|the summer|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)|back again|coming back)\b"
)
#: Any past frame (wider than PAST_REMOTE); it sets a match aside only together with RESOLVED.
PAST_ANY: Final = Phrase(
    r"\b(?:(?:this time )?last year|(?:\w+ )?(?:months|years) ago|back then|at the time|(?:in )?"
    r"those days|used to|before i got (?:sober|clean|help|better|treatment)|when i was (?:drinking|"
    r"using|ill|unwell|in a bad (?:way|place))|when i (?:first )?(?:started|began)|"
    r"(?:freshman|sophomore|first|second|third) year|"
    # v21 (QA25 #9): an anniversary ("it'll be ten years in may since i tried")
    r"(?:\w+ )?years since|it(?:'ll| will) be (?:\w+ )?years)\b"
)
#: Statements that the past episode is over ("four years clean", "that's gone now").
RESOLVED: Final = Phrase(
    r"\b(?:(?:\w+ )?(?:years?|months?|weeks?) (?:clean|free|sober)|(?:that's|that is|it's|it is|"
    r"its) (?:all )?(?:gone|behind me|over|in the past) now|not who i am (?:now|any ?more)|(?:now|"
    r"these days) i (?:know|want|have|'m|am|feel|can|see)|i(?:'ve| have)(?: not|n't| never) "
    r"(?:felt|been|done|had) (?:like )?(?:that|it|them|those)\b[^.?!]{0,20}\bsince|not since "
    r"(?:then|\w+)|not for (?:\w+ )?(?:years|months)|(?:don't|do not) (?:even )?(?:get|have) "
    r"(?:the|those) (?:urges|thoughts) any ?more|(?:that|it) was the (?:drink|liquor|booze|drugs|"
    r"illness|depression) talk\w*|i want to be (?:around|here|alive)|"
    # v5: "that's sorted now", "i don't feel like that now", "the scars have all faded"
    r"(?:that's|that is|it's|it is|its) (?:all )?(?:sorted|resolved|dealt with|done) now|"
    r"i (?:don't|do not) feel (?:like )?that (?:now|any ?more)|i got (?:help|better|treatment)|"
    r"(?:the )?scars (?:have )?(?:all )?(?:faded|healed)|"
    # v21 (QA25 #9): "proud of how far I've come", "in a much better place now"
    r"(?:proud of )?how far i(?:'ve| have) come|in a (?:much |far |way )?better place now)\b"
)
#: A medical prognosis of the speaker's own death (QA25 #10), for the passive broad net.
PROGNOSIS: Final = Phrase(
    r"\b(?:terminal|prognosis|palliative|hospice|months to live|weeks to live|oncologist|"
    r"(?:i'm|i am) dying\b[^.?!]{0,30}\b(?:months|weeks|cancer|tumour|disease|condition))\b"
)
#: Indifference to surviving beside a stopped treatment (QA25 #3).
INDIFFERENCE: Final = Phrase(
    r"\b(?:what(?:'s| is|s) the point|why bother|no point|(?:don't|do not) care (?:any ?more|"
    r"what happens|if i)|doesn't matter any ?more|let (?:it|nature) take)\b"
)
#: A thread answer that puts the act on someone else ("a colleague's husband did it", "she lost
#: my uncle that way"), unless the speaker ties it to themself ("... and I could too").
THIRD_PARTY_ACT: Final = Phrase(
    r"\b(?:my|a|his|her|their|our|the) (?:\w+'s )?(?:\w+ )?(?:mother|father|mum|mom|dad|brother|"
    r"sister|uncle|aunt|auntie|cousin|friend|husband|wife|son|daughter|colleague|neighbou?r|nan|"
    r"gran|granny|grandad|grandpa|grandma|partner|boyfriend|girlfriend|classmate|mate|student)\b"
    r"[^.?!]{0,20}\b(?:did it|did that|killed (?:himself|herself|themselves)|took (?:his|her|"
    r"their) (?:own )?life)|\blost (?:my|a|his|her|their|our) \w+ (?:that way|to suicide)"
)
TIED_TO_SPEAKER: Final = Phrase(
    r"\b(?:me too|i (?:should|could|might|want to|will|would)(?: \w+)? (?:too|as well)|same way"
    r"|like (?:him|her|them) did|i've thought about it|i think about it)\b"
)
#: Markers that the risk is current, strict enough to sit beside a past frame ("every day" of a
#: past habit does not count).
CURRENT: Final = Phrase(
    r"\b(?:again|still|recently|lately|this (?:week|month|morning|weekend)|last (?:night|week|"
    r"weekend)|yesterday|today|tonight|at the moment|right now|back again|coming back)\b"
)
#: Accidental injury ("I'll fall and hurt myself"), not self-harm.
ACCIDENT: Final = Phrase(
    r"\b(?:fall|fell|falling|trip|tripped|slip|slipped|crash|crashed)(?: over| down| off)? and "
    r"(?:hurt|injure|cut|burn)\w* myself\b|\bby accident\b|\baccidentally\b|"
    r"\bon (?:a|an|the|some) (?:nail|oven|stove|hob|iron|kettle|pan|tray|grill|barbecue|bbq|"
    r"fence|door|table|corner|wire|thorn|bush|bramble)\b|\b(?:chopping|cooking|shaving|"
    r"gardening|ironing|baking|diy)\b|\b(?:itch\w*|eczema|rash|insect bites?|allerg\w*|"
    r"sunburn\w*)\b|\bcut (?:my|me) (?:hand|finger|thumb|foot|toe|head|knee|chin|lip|shin)s? "
    r"(?:open )?(?:on|with|while|at work|playing|falling)\b"
)
#: Lawful or financial retaliation ("make him pay" through a lawyer), for retaliation rules.
LAWFUL_REMEDY: Final = Phrase(
    r"\b(?:lawyer|solicitor|court|sue|suing|sued|tribunal|small claims|invoice|legal|police|"
    r"report (?:him|her|them)|complaint|ombudsman|review|hr|union|bailiffs?|debt collectors?|"
    r"pay (?:me )?back|refund|compensation)\b"
)
#: Ordinary use of prescribed medication ("decided to give them a go"), for the means rules.
MEDICATION_USE: Final = Phrase(
    r"\b(?:give (?:them|it) a (?:go|try)|(?:gp|doctor|nurse|pharmacist|chemist) (?:gave|"
    r"prescribed|gives|said)|as prescribed|start(?:ed)? (?:taking )?(?:them|it)\b|repeat "
    r"prescription)"
)
#: A negation right after a noun match ("suicide has never been on my mind").
NEGATED_AFTER: Final = Phrase(
    r"^[\s,]*(?:has|have|is|was|had|'s|were)(?: never|n't| not)(?: ever| once| really)? "
    r"(?:been|crossed|occurred|entered|come up|an option|on my mind|something i)"
)
#: Fear of dying (health anxiety), grief language and unwanted intrusive harm images.
FEAR_OF_DEATH: Final = Phrase(
    r"(?<!not )(?<!n't )(?<!no longer )\b(?:scared|afraid|terrif\w*|frighten\w*|panic\w*|"
    r"worr(?:y|ied|ying|ies)|fear\w*|convinced|anxious|what if|concern\w*|dread\w*)\b[^.?!]{0,70}"
    r"\b(?:die|dying|death|heart attack|stroke|tumour|cancer|overdos\w*)\b|"
    r"\b(?:could|might|would|will) die (?:if|from|of)\b|\b(?:plane|car|bus|train|lift|boat|"
    r"ship|ferry) (?:will|would|might|could|is going to|'s going to) (?:crash|sink|fall|go down)"
    r"\b[^.?!]{0,60}\b(?:die|dying|death)\b|\b(?:pain|pains|chest|heart|lump|"
    r"symptoms?|illness|disease|headaches?|bleed on the brain|aneurysm|scan|diagnosis|"
    r"tumour|cancer|blood pressure)\b[^.?!]{0,60}\b(?:die|dying|death)\b|"
    # fear of not coming round from an anaesthetic
    r"\b(?:surgery|operation|anaesthetic|anesthetic|putting me under|put under|procedure)\b"
    r"[^.?!]{0,80}\b(?:what if i (?:don't|never|didn't) wake|(?:not|never) wak(?:e|ing) up)\b"
)
GRIEF: Final = Phrase(
    r"\b(?:part of me died|died (?:inside|with (?:him|her|them))|instead of (?:him|her|them)|"
    r"(?:wish|wished) it had been me|a piece of me died|"
    r"died (?:when|the day) (?:he|she|they|my \w+) died|buried (?:there )?with (?:him|her|them)|"
    r"the old me (?:is|was|died))\b"
)
EGO_DYSTONIC: Final = Phrase(
    r"\b(?:horrif\w*|intrusive|unwanted|pops? into my head|pop into my head|sick to my stomach|"
    r"disgust\w*|the last thing i (?:want|would)|i would never|i'd never|what if i|flash(?:es)? of|"
    r"feel (?:sick|ill) (?:even )?(?:saying|thinking)|the thought of it makes me|crawl out of my "
    r"skin|(?:hid|hide|hidden|locked (?:away|up)|put away) (?:every|all(?: the| my)?|the) knives)\b"
)
