"""Harm-to-others rules for :mod:`alliancelens.analysers.risk`.

Sources: homicidal ideation, clinical-reference §10.3 tier 3 [Swaminathan2023], and the
ruptures-examples README's harm_to_others kind. Each rule names its statement severity (a rating
of the words, never of the person: NICE NG225, clinical-reference §10.2) and the needles that
let the screen skip it cheaply. Patterns run on lower-cased text with straight apostrophes; the
wording is our own, nothing is copied from any data set. See docs/analysers/risk.md.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._risk_rule import (
    OTHERS,
    SRC_OTHERS,
    RiskRule,
    rule,
)

__all__ = ["RULES"]

_TARGETS = (
    r"(?:my (?:ex|boss|manager|dad|father|mum|mother|brother|sister|husband|wife|partner|"
    r"neighbour|landlord|son|daughter|colleague|stepdad|stepmum)|the (?:baby|kids|children|child))"
)
_OWN_INTENT = (
    r"(?:i(?:'ll| will| could| might| would|'d| shall)|i(?:'m| am| have|'ve| do| really| just|"
    r" honestly| swear| so)?(?: [\w']+){0,3}? (?:going to|gonna|goin to|want to|wanna|like to|"
    r"feel like|mind to|mean to|intend to|plan to|could|will|'ll|wanted to|wanting to|felt like))"
    r"(?: [\w']+)?"
)
_VIOLENT_VERB = (
    r"(?:glass|bottle|stab|shank|knife|shoot|batter|beat|bash|smash|break|snap|deck|floor|lamp|"
    r"end|finish|waste|"
    r"thump|leather|wallop|belt|punch|hit|slap|kick|strangle|throttle|choke|kill|murder|hurt|"
    r"harm|attack|kneecap|torch|maim|cripple|shake|smack|whack|klap|clobber|bust|chin|nut|"
    r"headbutt|knock out|stamp on)"
)
_VICTIM = (
    r"(?:him|her|them|you|that \w+|the lot of (?:them|you)|everyone|every one of them|"
    r"(?:my|his|her|their|that|the) (?:[\w']+ ){0,2}?(?:ex|boss|manager|dad|father|mum|mother|"
    r"brother|sister|husband|wife|partner|neighbour|neighbor|landlord|son|daughter|colleague|"
    r"stepdad|stepmum|fella|bloke|lad|guy|man|woman|girl|boy|teacher|friend|mate|wean|kid))"
)
_HIT_BODY = (
    r"(?:(?:his|her|their|[a-z]+'s) (?:face|head|knees?|kneecaps?|legs?|jaw|neck|nose|teeth|"
    r"skull|arms?|ribs|throat|fingers|hands?|wrists?|ankles?))"
)
_VIOLENT_ING = (
    r"(?:hurting|killing|stabbing|attacking|strangling|harming|shooting|punching|beating|"
    r"smashing|hitting|kicking|choking|throttling|battering|bashing|glassing|drowning|"
    r"slitting|caving|slapping|putting my hands|pushing|shoving|shaking|smacking|whacking|"
    r"running over|running down|knocking|breaking)"  # v14: "breaking both his knees"
)
_WEAPON = (
    r"(?:knife|blade|bat|baseball bat|hammer|crowbar|machete|axe|gun|brick|screwdriver|"
    r"golf club|iron bar|wrench|spanner|shotgun|rifle|air rifle|pistol|firearm|knuckleduster|"
    r"cutlass|panga|sword|shank|shiv)"
)
_THEIR_THING = (
    r"(?:(?:his|her|their|[a-z]+'s) (?:\w+ )?(?:windscreen|window|windows|car|van|door|house|"
    r"flat|face|head|tyres))"
)

# The rule table is kept unformatted: one rule per block reads best.
# fmt: off
_FIRST_PASS: Final[tuple[RiskRule, ...]] = (
    rule("si.voices", OTHERS, "high", SRC_OTHERS,
         "describes voices telling them to harm",
         r"\bvoices? (?:tell|telling|told|say|saying|tells)(?: me)?(?: to)? (?:hurt|kill|harm|"
         r"attack|stab|do it)\b", person="any",
         needles=("voice",)),
    rule("others.threat", OTHERS, "moderate", SRC_OTHERS,
         "states a wish or intent to hurt someone",
         r"\bi(?:'ll| will|'m going to| am going to|'m gonna| could| want "
         r"to| wanna|'d like to| feel like i could| swear i'll| swear i "
         r"will| might)(?: \w+){0,2}? (?:kill|murder|stab|strangle|throttle|"
         r"shoot|batter|hurt|attack|punch|beat up|run over) (?:him|her|"
         r"them|you|that (?:man|woman|guy|bloke|idiot|bastard|cow)|(?:my "
         r"(?:ex|boss|manager|dad|father|mum|mother|brother|sister|husband|"
         r"wife|partner|neighbour|landlord|son|daughter|colleague|stepdad|"
         r"stepmum)|the (?:baby|kids|children|child))|someone|somebody|"
         r"people|everyone)\b",
         needles=("kill", "murder", "stab", "strangle", "throttle", "shoot", "batter", "hurt",
                  "attack", "punch", "beat", "run over")),
    rule("others.want_dead", OTHERS, "moderate", SRC_OTHERS,
         "wishes someone dead",
         r"\bi (?:want|wanted|wish|wished) (?:him|her|them|he|she|they) "
         r"(?:was |were |)(?:dead|gone for good|to die|to suffer)\b",
         needles=("dead", "die", "suffer", "gone for good")),
    rule("others.thoughts", OTHERS, "moderate", SRC_OTHERS,
         "has thoughts of hurting someone",
         r"\b(?:thought|thoughts|thinking|think|fantasi[sz]\w*|dream\w*|imagin\w*|"
         r"pictur\w*)(?: about| of)? (?:hurting|killing|stabbing|attacking|strangling|"
         r"harming|shooting|punching|beating) (?:him|her|them|someone|somebody|people|(?:my (?:ex|"
         r"boss|manager|dad|father|mum|mother|brother|sister|husband|wife|"
         r"partner|neighbour|landlord|son|daughter|colleague|stepdad|stepmum)|"
         r"the (?:baby|kids|children|child)))\b",
         needles=("hurting", "killing", "stabbing", "attacking", "strangling", "harming",
                  "shooting", "punching", "beating")),
    rule("others.weapon", OTHERS, "high", SRC_OTHERS,
         "describes a weapon, approach or revenge",
         r"\b(?:put|keep|keeping|carry|carrying|bought|brought|taking|hid|"
         r"hidden|got) (?:a|my|the) (?:knife|gun|weapon|machete|bat|blade) "
         r"(?:in(?! the (?:drawer|sink|dishwasher|cupboard|block|bin))|on|under|with|for|ready|"
         r"to)\b|\bwait(?:ing)? (?:for (?:him|her|them) (?:outside|after)|"
         r"outside (?:his|her|their) (?:house|flat|work|place))\b", person="any",
         needles=("knife", "gun", "weapon", "machete", "bat", "blade", "wait")),
    # v18 (QA16 #7): going round armed ("I carry a knife now when I go out"); moderate: a weapon
    # without a named person or threat (README: high needs a threat with the weapon)
    rule("others.armed", OTHERS, "moderate", SRC_OTHERS,
         "describes carrying a weapon (going round armed)",
         r"\b(?:i|i've|i'm|i've been|i have)\b[^.?!]{0,12}\b(?:carry|carrying|carried|take|"
         r"taking|keep|keeping|started carrying|started taking) (?:a|my|the) (?:knife|blade|"
         r"machete|gun|weapon|bat|knuckle[- ]?duster|screwdriver)s?\b(?! block)[^.?!]{0,30}\b(?:"
         r"out|when i go|around|round|on me|with me|in my (?:bag|pocket|coat|jacket|car)|"
         r"everywhere|now|for protection|just in case)\b|\bgo(?:ing)? (?:round|around|about|out) "
         r"armed\b|\bi'm armed\b",
         needles=("knife", "blade", "machete", "gun", "weapon", "bat", "duster", "screwdriver",
                  "armed")),
    rule("others.make_pay", OTHERS, "moderate", SRC_OTHERS,
         "speaks of revenge ('make him pay')",
         r"\bmake (?:him|her|them) pay\b",
         needles=("pay",)),
    rule("others.fallback", OTHERS, "moderate", SRC_OTHERS,
         "speaks of violence towards someone (broad net)",
         r"(?<!could have )(?<!could've )(?<!could of )"
         r"\b(?:kill|killing|murder\w*|stab\w*|strangl\w*|shoot|shooting|batter\w*|hurt|hurting|"
         r"attack\w*|punch\w*|smash\w*|throttl\w*) (?:him|her|them|someone|somebody|people|that "
         rf"\w+|{_TARGETS})\b(?! (?:feelings|pride))", person="explicit",
         needles=("kill", "murder", "stab", "strangl", "shoot", "batter", "hurt", "attack",
                  "punch", "smash", "throttl")),
)
# Generalisation pass (version 2, 2026-11-22): broader, principled patterns written against our
# own fresh sentences (tests/analysers/test_risk_generalisation.py), not against any evaluation
# set. Each combines two parts (an intent frame, a harm verb, a person or body part; a means and a
# preparation act; indifference and a risky outcome) so that new wording is caught without
# listing sentences.
_GENERAL: Final[tuple[RiskRule, ...]] = (
    rule("others.intent", OTHERS, "moderate", SRC_OTHERS,
         "states an intent or wish to injure someone",
         r"\b" + _OWN_INTENT + r"(?: \w+){0,2}? " + _VIOLENT_VERB + r"(?: in)? (?:"
         + _VICTIM + r"|" + _HIT_BODY + r")\b(?!'s (?:feelings|pride|chances)| (?:up|back|a "
         r"text|an email|a message|a line|feelings|pride|chances|heart|record|concentration|"
         r"mood|hands?|off|awake|out of it))|\b" + _OWN_INTENT
         + r"(?: \w+){0,2}? (?:break|smash|snap|"
         r"cave|bash|kick) " + _HIT_BODY + r"\b",
         needles=("end", "finish", "waste", "glass", "bottle", "stab", "shank", "knife",
                  "shoot", "batter", "beat", "bash", "smash", "break", "snap", "deck", "floor",
                  "lamp", "thump", "leather", "wallop", "belt", "punch", "hit", "slap", "kick",
                  "strangle", "throttle", "choke", "kill", "murder", "hurt", "harm", "attack",
                  "kneecap", "torch", "maim", "cripple", "shake", "smack", "whack", "klap",
                  "clobber", "bust", "chin", "nut", "knock out", "stamp on")),
    rule("others.weapon_on", OTHERS, "high", SRC_OTHERS,
         "describes a weapon meant for someone, or going to them armed",
         r"\b(?:tak(?:e|ing)|took|put|putting|use|using|bring|bringing|brought|carry|carrying|"
         r"got|have|'ve|keep|kept|grab\w*|b(?:ought|uy|uying)|sharpen\w*|hid|hidden|stash\w*) "
         r"(?:a |the |my |an )?" + _WEAPON + r"\b[^.?!]{0,40}?"
         r"\b(?:to|on|at|for|into|across|through) (?:" + _VICTIM + r"|" + _HIT_BODY + r"|"
         + _THEIR_THING + r")\b|\b" + _OWN_INTENT + r"(?: [\w']+){0,4}? (?:" + _VICTIM
         + r")\b[^.?!]{0,40}\bwith (?:a|an|the|my|his|her|[a-z]+'s)(?: [\w']+){0,2}? "
         + _WEAPON + r"\b|\b"
         + _WEAPON
         + r"\b[^.?!]{0,60}\b(?:us(?:e|ing) it (?:on|pon)|tak(?:e|ing) it to|for when (?:he|"
         r"she|they)|if (?:he|she|they) (?:come|comes|shows?|turns?|tries))\b|\b(?:going|go|"
         r"went|drive|drove|driving|head(?:ing)?) (?:round|over|down)(?: there| to (?:his|her|"
         r"their)(?: \w+)?)? with (?:a|the|my|an) " + _WEAPON + r"\b", person="any",
         needles=("knife", "blade", "bat", "hammer", "crowbar", "machete", "axe", "gun",
                  "brick", "screwdriver", "golf club", "wrench", "spanner", "rifle", "pistol",
                  "firearm", "knuckleduster", "cutlass", "panga", "sword", "shank", "shiv")),
    rule("others.approach", OTHERS, "moderate", SRC_OTHERS,
         "describes watching or waiting at someone's home (approach behaviour)",
         r"\b(?:sat|sitting|sit|waited|waiting|wait|parked|parking|stood|standing|hanging "
         r"around|hung around|lurk\w*|watch\w*) (?:outside|at|by|near|across from|opposite) "
         r"(?:his|her|their|that \w+'s|[a-z]+'s) (?:house|flat|door|work|place|car|office|"
         r"yard)\b(?=[^.?!]{0,80}\b(?:till|until|all night|at night|in the dark|in the morning|"
         r"hours|with (?:a|the|my)|for (?:him|her|them) to (?:come|leave)|again)\b)",
         person="any",
         needles=("outside", "at ", "by ", "near", "across from", "opposite")),
    rule("others.lasting_harm", OTHERS, "moderate", SRC_OTHERS,
         "states an aim to injure someone lastingly or to run them down",
         r"\bmake sure (?:he|she|they) (?:never|can't|won't|doesn't|cannot) (?:\w+ )?(?:walk|"
         r"talk|see|wake|breathe|bother|hurt|touch|look|gets?|comes?|goes|makes? it)\w*\b|\bso "
         r"hard (?:he|she|they|it) (?:doesn't|don't|won't|can't|never|wouldn't) (?:get (?:back )?"
         r"up|wake up|walk|breathe|see straight)\b|\bput (?:him|her|them) in "
         r"(?:hospital|the ground|a wheelchair|the grave|intensive care|a box)\b|\b(?:run|"
         r"running|ran|ram|ramming|drive|driving) (?:him|her|them|(?:my|his|her|that) "
         r"[\w' ]{1,25}?) (?:off the road|over)\b|\b(?:hands?|fingers) (?:round|around) "
         r"(?:his|her|their|someone's|[a-z]+'s) (?:throat|neck)\b", person="any",
         needles=("make sure", "put ", "off the road", "over", "round", "so hard")),
    rule("others.imagery", OTHERS, "moderate", SRC_OTHERS,
         "has violent images or thoughts about a person",
         r"\b(?:thought|thoughts|thinking|think|fantasi[sz]\w*|dream\w*|imagin\w*|pictur\w*|"
         r"visuali[sz]\w*|(?:see|seeing|saw) myself|playing out|play out|rehears\w*|go(?:es|ing)?"
         r" through|went "
         r"through|run(?:ning)? through|ran through|replay\w*)\b(?: about| of)?(?: myself)?(?: "
         r"just)? " + _VIOLENT_ING
         + r"(?! (?:him|her|them|my|your|one)sel)(?: [\w']+){0,2}? (?:him|"
         r"her|them|his|their|someone|somebody|[a-z]+'s|" + _VICTIM + r")\b",
         needles=("hurting", "killing", "stabbing", "attacking", "strangling", "harming",
                  "shooting", "punching", "beating", "smashing", "hitting", "kicking",
                  "choking", "throttling", "battering", "bashing", "glassing", "drowning",
                  "slitting", "caving", "slapping", "putting my hands", "pushing", "shoving",
                  "shaking", "smacking", "whacking", "running over", "running down",
                  "knocking", "breaking")),
    # v12 (fresh set v21, plain English: "Part of me, yes. The other part wants to put him
    # through a wall."): a part of the speaker wants to hurt someone
    rule("others.part_wants", OTHERS, "moderate", SRC_OTHERS,
         "a part of them wants to hurt someone",
         r"\b(?:(?:a |one |the other |another )?part of me|the other part|another part)(?: of me)? "
         r"(?:wants?|wanted|would (?:like|love)|(?:is|was) dying) to (?:\w+ ){0,2}?(?:kill|murder|"
         r"stab|strangle|throttle|hurt|batter|punch|hit|smash|beat|choke|put (?:him|her|them) "
         r"through)\b(?! (?:my|him|her|them|your)sel)",
         needles=("part",)),
    rule("others.see_dead", OTHERS, "moderate", SRC_OTHERS,
         "wishes to see someone dead or suffering",
         r"\b(?:want|wanted|wish|wished|'d like|would like|love|hope|hoping) (?:to see )?(?:him|"
         r"her|them|that \w+|my \w+) (?:was |were |to be |)(?:dead|gone for good|die|in the "
         r"ground|six feet under|suffer|to suffer|in hospital|in a box)\b",
         needles=("dead", "gone for good", "die", "ground", "six feet", "suffer", "hospital",
                  "a box")),
    # --- version 4 (2026-11-22): acts, conditional threats, arranging harm, following a person.
    # Written on our own sentences (tests/analysers/test_risk_rules_others.py) after the blind
    # set v2 showed these families missing; no sentence of that set is listed.
    rule("others.did_harm", OTHERS, "moderate", SRC_OTHERS,
         "describes having hurt someone physically (marks, bruises, too hard)",
         r"\b(?!shook (?:his|her|their|my \w+'s) hands?\b)(?:grabbed|shook|shaken|hit|slapped|smack"
         r"ed|pinched|shoved|pushed|squeezed|threw|"
         r"kicked|punched|bit|choked|strangled|throttled|yanked) (?:him|her|them|the baby|my "
         r"(?:son|daughter|baby|kid|child|boy|girl|wife|husband|partner|boyfriend|girlfriend)|"
         + _HIT_BODY + r"|(?:his|her|their) (?:wrist|hand|hair|shoulder)s?)\b[^.?!]{0,40}?"
         r"\b(?:so hard|too hard|hard enough|that hard|left (?:a |some )?(?:marks?|bruises?)|"
         r"bruis\w+|until (?:he|she|they) (?:cried|screamed|stopped))", person="any",
         needles=("hard", "left", "bruis", "until")),
    rule("others.conditional_threat", OTHERS, "moderate", SRC_OTHERS,
         "threatens harm on a condition ('if he ever ..., I'll ...')",
         r"\bif (?:he|she|they|that \w+|my \w+)\b(?: [\w']+){0,3}? (?:ever|even|so much as|dares?|"
         r"tries|comes?|touches|takes|goes|lays|lay|puts?)\b[^.?!]{0,80}?\bi(?:'ll| will|'m going "
         r"to|'m gonna|'d| would| swear)\b(?: [\w']+){0,3}? (?:make sure (?:he|she|they) (?:never|"
         r"won't|doesn't|don't|can't|isn't|aren't)|make (?:him|her|them) (?:regret|sorry|suffer)|"
         r"do (?:him|her|them) in|sort (?:him|her|them) out|end (?:him|her|them)|finish (?:him|"
         r"her|them)|be waiting)\b", person="any",
         needles=("if ",)),
    rule("others.arrange_harm", OTHERS, "high", SRC_OTHERS,
         "speaks of paying or asking others to hurt someone",
         r"\b(?:knows?|got|pay|paid|paying|get|getting|ask|asked) (?:a couple of |some |a few |a "
         r"|two )?(?:lads|people|guys|men|blokes|boys|mates|fellas|someone|somebody|guy|lad|"
         r"bloke|fella|cousins)\b[^.?!]{0,30}?\b(?:who(?:'d| would| could| will|'ll)?|to) "
         r"(?:sort (?:it|him|her|them)(?: out)?|do (?:it|him|her|them)(?: over| in)?|deal with "
         r"(?:it|him|her|them)|take care of (?:him|her|them)|handle (?:him|her|them)|rough "
         r"(?:him|her|them) up|hurt|break|batter|beat|kneecap)\b(?=[^.?!]{0,40}\b(?:for (?:a "
         r"few quid|money|cash|a fee|a price|a favour|a ton|a grand|\w+ (?:quid|dollars|bucks|"
         r"rand|naira))|(?:him|her|them|it) (?:properly|good|for good|over))\b)", person="any",
         needles=("lads", "people", "guys", "men", "blokes", "boys", "mates", "fellas", "some",
                  "guy", "lad", "bloke", "fella", "cousins")),
    rule("others.following", OTHERS, "moderate", SRC_OTHERS,
         "tracks a person's routine or when they are alone (approach behaviour)",
         r"\b(?:know|learn\w*|learnt|worked out|clocked|memori[sz]ed|found out) (?:exactly )?"
         r"(?:his|her|their|[a-z]+'s) (?:schedule|routine|movements|shifts?|rota|route)\b(?=[^.?!]{"
         r"0,60}"
         r"\b(?:alone|on (?:his|her|their) own|nobody|no one|by heart|inside out|to the minute|"
         r"every (?:move|detail)|before (?:everyone|anyone))\b)|\b(?:know|"
         r"learn\w*|learnt|worked out|clocked|found out) (?:exactly )?(?:what time|when|where) "
         r"(?:he|she|they) (?:gets?|arrives?|leaves?|finish\w*|parks?|walks?|goes|is|'s)\b[^.?!]"
         r"{0,40}\b(?:alone|on (?:his|her|their) own|before (?:everyone|anyone|the others)|nobody|"
         r"no one|by (?:himself|herself|themselves))\b|\b(?:started|been|keep|kept) (?:taking|using"
         r"|"
         r"walking|driving|getting) (?:the )?(?:same )?(?:stairs|route|way|bus|train|path|road|"
         r"lift|entrance) (?:as )?(?:he|she|they) (?:takes?|uses?|walks?|drives?|gets?)\b",
         person="any",
         needles=("know", "learn", "worked out", "clocked", "memori", "found out", "taking",
                  "using", "walking", "driving", "getting")),
    rule("others.injury_order", OTHERS, "moderate", SRC_OTHERS,
         "names an injury to inflict on someone ('break his knees')",
         r"^\W*(?:\w+ )?(?:break|smash|snap|cave in|kneecap|slash|stab|burn) " + _HIT_BODY
         + r"\b", person="any",
         needles=("break", "smash", "snap", "cave", "kneecap", "slash", "stab", "burn")),
    rule("others.could_have", OTHERS, "moderate", SRC_OTHERS,
         "says they could have killed or hurt someone (flagged when meant)",
         r"\bi could(?:'ve| have| of) (?:\w+ )?(?:killed|strangled|murdered|throttled|hurt|"
         r"shaken|smothered) (?:him|her|them|the baby|my \w+)\b", hyperbole=True,
         needles=("could",)),
    # v21 (QA25 #8): command hallucinations to harm a child or baby are ``high`` (a named,
    # dependent victim); written on our own sentences (tests/analysers/test_risk_slang_means.py)
    rule("others.command_child", OTHERS, "high", SRC_OTHERS,
         "hears a voice telling them to harm a baby or child (command hallucination)",
         r"\b(?:voices?|it|they|something|someone) (?:keeps? |kept |is |are |was |were )?(?:telling"
         r"|tells|told|saying|says|ordering|orders|wants) me to (?:hurt|harm|kill|stab|drown|"
         r"smother|suffocate|hit|shake|drop) (?:the|my|our) (?:baby|babies|infant|newborn|kids?|"
         r"child|children|son|daughter|little one)\b", person="any",
         needles=("me to",)),
    # v21 (QA25 #5): surveillance of a person (where they live and when they leave) is
    # preparatory behaviour towards them (§10.3 tier 3: intent with a target and a plan)
    rule("others.surveillance", OTHERS, "high", SRC_OTHERS,
         "says they have been tracking where and when someone can be found",
         r"\bi know (?:exactly )?where (?:she|he|they|my ex|the \w+) (?:lives?|works?|stays?|"
         r"parks?)\b[^.?!]{0,40}\b(?:what time|when) (?:she|he|they) (?:leaves?|gets? (?:home|back|"
         r"in|off)|finish\w*|goes|walks)\b|\bi(?:'ve| have)? (?:been )?(?:following|watching|"
         r"waiting outside|sitting outside|parked outside|parking outside) (?:her|his|their) "
         r"(?:house|place|flat|work|office|school)\b(?! for (?:my|the) (?:kids|children))",
         needles=("where", "outside", "following", "watching")),
)
# fmt: on

#: The harm to others rules in screening order.
RULES: Final = (*_FIRST_PASS, *_GENERAL)
