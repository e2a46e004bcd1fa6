"""Risk-language rules as data, for :mod:`alliancelens.analysers.risk` (see docs/analysers/risk.md).

Every rule names the statement category it screens for, a default severity of the *statement*
(never a rating of the person: NICE NG225, clinical-reference §10.2), a human-readable reason and
its source. Kind and severity ids follow ``shared/data/ruptures-examples/README.md`` ("Risk
language"); the categories map onto the C-SSRS screener questions (clinical-reference §10.1,
[Posner2011], [CSSRS-screener]). The guard lists (idioms, negation, third party, past and
resolved, fear of death, grief, unwanted intrusive thoughts) follow §10.3 rule 3 ("handle
negation, idiom and reported speech") and the README's hard-negative tags.

All patterns run on lower-cased text with typographic apostrophes straightened. The wording is
our own: nothing here is copied from any data set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "AFFIRMING_NEGATION",
    "ANAPHORIC_QUESTION",
    "CONTRAST_IDEATION",
    "DENIAL_PHRASE",
    "DENIAL_START",
    "EGO_DYSTONIC",
    "EXPLORES",
    "FEAR_OF_DEATH",
    "FIRST_PERSON",
    "FOLLOW_UP",
    "GRIEF",
    "IDIOMS",
    "JOKING",
    "KINDS",
    "NEGATORS",
    "NEGATOR_EXCEPTIONS",
    "PAST_REMOTE",
    "RECENT",
    "RULES",
    "SCREENING_TOPICS",
    "THREAD_TOPICS",
    "PROPOSAL",
    "BARE_ACCEPTANCE",
    "SERIOUS",
    "SEVERITY_ESCALATORS",
    "SEVERITY_ORDER",
    "THIRD_PERSON",
    "RiskRule",
]

SI: Final = "suicidal_ideation"
PASSIVE: Final = "passive_suicidal_ideation"
SELF_HARM: Final = "self_harm"
OTHERS: Final = "harm_to_others"

#: Statement categories screened, in the README's order.
KINDS: Final = (SI, PASSIVE, SELF_HARM, OTHERS)
#: Severity ids of the README ("Risk language"); higher index = more urgent to review.
SEVERITY_ORDER: Final = ("low", "moderate", "high")

_CSSRS_Q1 = "§10.1 C-SSRS Q1 wish to be dead [Posner2011]"
_CSSRS_Q2 = "§10.1 C-SSRS Q2 non-specific active suicidal thoughts [Posner2011]"
_CSSRS_Q3_6 = "§10.1 C-SSRS Q3-Q6 method, plan, preparatory behaviour [Posner2011]"
_NICE = "§10 self-harm as defined in NICE NG225 [NICE-NG225]; README self_harm"
_OTHERS = "§10.3 tier 3 homicidal ideation [Swaminathan2023]; README harm_to_others"
_README = "ruptures-examples README, risk kinds (passive: burdensomeness, indifference to death)"


@dataclass(frozen=True, slots=True)
class RiskRule:
    """One lexical rule: a pattern, the category and statement severity it signals, and why.

    ``person`` is ``"first"`` when the pattern itself pins the speaker as the subject (``kill
    myself``), ``"any"`` when the owner must be checked (``suicide`` may be a brother's).
    """

    id: str
    kind: str
    severity: str
    pattern: re.Pattern[str]
    reason: str
    source: str
    person: str = "first"


def _rule(
    rule_id: str, kind: str, severity: str, pattern: str, reason: str, source: str, **kw: str
) -> RiskRule:
    return RiskRule(rule_id, kind, severity, re.compile(pattern), reason, source, **kw)


_ME = r"(?:i|i'm|i've|i'd|i'll|i am|i have|i would|i will)"
_DEATH = (
    r"(?:die|died|dying|dead\b|death|never woke up|didn't wake up|not wake up|crash(?:ed|es)? "
    r"into|hit me|killed|not here any ?more|gone for good)"
)
_ACCEPT = (
    r"(?:(?:that'd|that would|it'd|it would|wouldn't) be (?:all right|alright|ok|okay|fine|a relief"
    r"|a mercy|easier|no bad thing|so bad|the worst thing)|i wouldn't (?:really )?mind|i'd be "
    r"(?:fine|okay|ok) with (?:it|that))"
)
_MISHAP = (
    r"(?:if (?:a|the|some) (?:lorry|truck|car|bus|train|plane|van)|if something (?:bad )?"
    r"happen(?:ed|s) to me|if i (?:got|get|was|were) (?:hit|run over|cancer|killed)|if i "
    r"(?:died|didn't wake|never woke))"
)
_TARGETS = (
    r"(?:my (?:ex|boss|manager|dad|father|mum|mother|brother|sister|husband|wife|partner|"
    r"neighbour|landlord|son|daughter|colleague|stepdad|stepmum)|the (?:baby|kids|children|child))"
)

RULES: Final[tuple[RiskRule, ...]] = (
    # --- active suicidal ideation (C-SSRS Q2-Q6) -------------------------------------------
    _rule("si.kill_myself", SI, "moderate", r"\bkill(?:ing|ed|s)? myself\b",
          "speaks of killing themself", _CSSRS_Q2),
    _rule("si.end_life", SI, "moderate",
          r"\bend(?:ing|ed|s)? (?:my (?:own )?life|it all)\b|\b(?:take|taking|took) my (?:own )?"
          r"life\b",
          "speaks of ending their life", _CSSRS_Q2),
    _rule("si.end_it", SI, "moderate",
          r"\b(?:want(?:ed)? to|going to|gonna|plan(?:ning)? to|thinking (?:about|of)|thought "
          r"(?:about|of)|ready to|decided to|just) end(?:ing)? (?:it|things|everything)\b"
          r"(?! (?:with|between|off))",
          "speaks of 'ending it'", _CSSRS_Q2),
    _rule("si.suicide", SI, "moderate",
          r"\bsuicid(?:e|al|ality)\b(?! (?:prevention|awareness|helpline|hotline|line|rates?|"
          r"statistics|charity|campaign|training|course|risk assessment))",
          "uses the word suicide/suicidal about themself", _CSSRS_Q2, person="any"),
    _rule("si.attempt", SI, "high",
          r"\b(?:attempt(?:ed)?|tried|try) (?:suicide|to (?:kill myself|end (?:it|my life)|take "
          r"my (?:own )?life))\b",
          "describes a suicide attempt", _CSSRS_Q3_6),
    _rule("si.overdose", SI, "high", r"\b(?:overdos(?:e|ed|ing)|od'd)\b",
          "describes an overdose", _CSSRS_Q3_6, person="any"),
    _rule("si.method_research", SI, "high",
          r"\b(?:looked up|look up|looking up|googled|researched|research(?:ing)?|read up on) "
          r"(?:how (?:many|much|long|to)|ways to|the best way|what (?:dose|it would take))",
          "describes researching a method", _CSSRS_Q3_6),
    _rule("si.means", SI, "high",
          r"\b(?:counted|counting|saving up|saved up|stockpil\w*|hoard\w*|collect\w*)"
          r"\b[^.?!]{0,40}\b(?:tablets|pills|paracetamol|painkillers|sleeping pills|rope|"
          r"meds|medication)\b|\b(?:tablets|pills|paracetamol|painkillers|rope)\b[^.?!]{0,60}"
          r"\b(?:counted|how many it would take|enough to)\b",
          "describes gathering or counting means", _CSSRS_Q3_6),
    _rule("si.preparation", SI, "high",
          r"\b(?:wr(?:ote|itten|iting) (?:a |my |some )?(?:suicide |goodbye )?(?:note|letters?) "
          r"(?:to|for)|goodbye (?:letters?|notes?)|suicide note|(?:sorted|sorting|made|making|"
          r"updated) (?:out )?(?:a|my) will|(?:my|put my) affairs in order|giv(?:en|ing|e) "
          r"(?:away )?(?:all )?my (?:things|stuff|belongings)(?: away)?)\b",
          "describes possible preparatory acts", _CSSRS_Q3_6),
    _rule("si.method_place", SI, "high",
          r"\b(?:hang(?:ing)? myself|noose|jump(?:ing)? (?:off|from|in front of)|step(?:ped|ping)?"
          r" in front of|(?:stood|standing|went) (?:on|to) (?:the|a) (?:bridge|ledge|edge|"
          r"cliff)|(?:train|railway) tracks)\b",
          "mentions a suicide method or place", _CSSRS_Q3_6),
    _rule("si.unsafe", SI, "high",
          r"\b(?:can't|cannot|couldn't|not sure (?:i|if i) can|don't know (?:if|whether) i can)"
          r" (?:keep|stay) (?:myself )?safe\b|\bdon't feel safe (?:with|from|around) myself\b",
          "doubts they can keep themself safe", _CSSRS_Q3_6),
    _rule("si.not_here_by", SI, "moderate",
          r"\bwon't (?:be (?:here|around)) (?:for|by|at|after|much longer|next)\b",
          "implies not being alive in future", _CSSRS_Q2),
    # --- passive ideation (C-SSRS Q1) -------------------------------------------------------
    _rule("passive.wish_dead", PASSIVE, "low",
          r"\bwish(?:ed|ing)? (?:that )?i (?:was|were|could be|'d be|would be) (?:just )?(?:dead|"
          r"gone for good|not here|not alive|never born)|\bwish(?:ed|ing)? (?:that )?i(?:'d| had)"
          r" (?:just )?(?:died|never been born)|\bwish(?:ed|ing)? i could (?:just )?(?:die|"
          r"disappear|not exist)\b",
          "wishes to be dead or gone", _CSSRS_Q1),
    _rule("passive.wish_not_exist", PASSIVE, "low",
          r"\bwish(?:ed|ing)? i (?:didn't|did not|don't) (?:exist|wake up|have to wake up)\b",
          "wishes not to exist or wake", _CSSRS_Q1),
    _rule("passive.want_to_die", PASSIVE, "low",
          r"\b(?:want|wanted|wanting|wants|wanna|would like|'d like) to (?:die|be dead|disappear"
          r" (?:forever|for good)|not exist|stop existing|not be (?:here|alive)|sleep forever|go "
          r"to sleep (?:and|forever))\b",
          "wants to die or not exist", _CSSRS_Q1, person="any"),
    _rule("passive.not_want_live", PASSIVE, "low",
          r"\b(?:don't|do not|didn't|no longer|dont) (?:really |even )?want to (?:wake up|be alive|"
          r"exist|live|go on|carry on|keep going|be here)(?=\s*(?:$|[.,;:!?—-]|any ?more|like "
          r"this|without|at all|now|these days|most days|some days|sometimes|in the morning|"
          r"tomorrow|on this earth|in this world))",
          "does not want to be alive", _CSSRS_Q1),
    _rule("passive.not_wake", PASSIVE, "low",
          r"\bif i (?:just )?(?:never|didn't|did not|don't|wouldn't) (?:wake|woke) up\b|"
          r"\b(?:and|to) (?:just )?(?:never|not) (?:wake|woke) up\b|\bnever (?:wake|woke) up "
          r"again\b|\b(?:hop(?:e|ing)|pray(?:ing)?|wish(?:ing)?) (?:that )?i (?:won't|don't|"
          r"wouldn't|never|didn't) (?:wake|woke) up\b",
          "speaks of not waking up", _CSSRS_Q1),
    _rule("passive.easier_gone", PASSIVE, "low",
          r"\b(?:easier|better|simpler|a relief) (?:for everyone )?if i (?:just )?(?:wasn't|"
          r"weren't|was not|were not|died|disappeared|was gone|were gone|wasn't around|"
          r"weren't around|didn't exist|didn't wake)",
          "says things would be easier if they were gone", _CSSRS_Q1),
    _rule("passive.better_off_without_me", PASSIVE, "low",
          r"\bbetter off without me\b|\bbetter off if i (?:was|were)n't (?:here|around)\b",
          "burdensomeness: others better off without them", _README),
    _rule("passive.better_off_dead", PASSIVE, "low", r"\bbetter off (?:dead|not here)\b",
          "says they would be better off dead", _CSSRS_Q1, person="any"),
    _rule("passive.no_one_would_miss", PASSIVE, "low",
          r"\b(?:no one|no-one|nobody) (?:would|will|'d) (?:even )?(?:miss me|notice if i "
          r"(?:was|were) gone|care if i (?:died|was gone|wasn't here))\b",
          "says no one would miss them", _README),
    _rule("passive.burden", PASSIVE, "low",
          rf"\b{_ME} (?:just |such |only )?(?:a|such a|nothing but a) burden\b|\bfeel(?:s|ing)?"
          r" like (?:a|such a) burden\b|\bburden (?:to|on) (?:everyone|everybody|my family|"
          r"them|you|people)\b",
          "describes themself as a burden", _README),
    _rule("passive.no_point", PASSIVE, "low",
          r"\b(?:(?:don't|do not|can't|cannot|couldn't) see (?:the|any)|see no|there's no|no|"
          r"not any|isn't any|isn't much|what's the|what is the|wonder (?:what|why) the) point "
          r"(?:in |of |to )?(?:living|life|being alive|going on|carrying on|being here|"
          r"(?:any of )?it all|any of it|anything|existing|me|waking up|getting up)\b|\bwhy "
          r"(?:do |should )?i (?:even )?bother (?:being alive|living|waking up|getting up|going "
          r"on|carrying on)\b",
          "questions the point of living", _CSSRS_Q1),
    _rule("passive.not_worth", PASSIVE, "low",
          r"\b(?:life|living|it)(?: isn't| is not| wasn't|'s not| doesn't feel| does not feel|"
          r" doesn't seem| isn't really| is hardly| is just not| not) (?:really )?worth (?:living"
          r"|going on)\b|\blife(?: isn't| is not|'s not) worth it\b|\bnothing (?:left )?to live "
          r"for\b|\bno reason to (?:live|go on|carry on|be here|keep going)\b",
          "says life is not worth living", _CSSRS_Q1),
    _rule("passive.tired_of_life", PASSIVE, "low",
          r"\b(?:tired|sick) of (?:living|being alive|life|existing)\b|\bdone with (?:life|"
          r"living)\b",
          "is tired of living", _CSSRS_Q1),
    _rule("passive.indifferent", PASSIVE, "low",
          r"\b(?:wouldn't|would not|don't|do not|didn't) (?:really )?(?:care|mind) (?:if|whether)"
          r" i (?:died|die|lived|live|woke|wake|didn't|was dead|got hit|crashed|was gone|"
          r"disappeared)",
          "is indifferent to dying", _CSSRS_Q1),
    _rule("passive.welcome_death", PASSIVE, "low",
          rf"\b{_ACCEPT}\b(?=[^?]{{0,160}}\b{_DEATH})|\b{_DEATH}[^?]{{0,160}}\b{_ACCEPT}\b|"
          rf"\b{_MISHAP}[^.?!]{{0,100}}\b(?:{_ACCEPT}|relief)",
          "would welcome death or an accident", _CSSRS_Q1),
    _rule("passive.thoughts_death", PASSIVE, "low",
          r"\b(?:think(?:ing)?|thought|thoughts) (?:about|of) (?:dying|death|being dead|not being"
          r" here|not being around|not waking up)\b",
          "has thoughts of death or not being here", _CSSRS_Q1),
    _rule("passive.disappear", PASSIVE, "low",
          r"\b(?:disappear|vanish|fade away|not exist) (?:forever|for good|completely)\b",
          "wishes to disappear for good", _CSSRS_Q1),
    _rule("passive.cant_go_on", PASSIVE, "low",
          r"\bcan't (?:go on|carry on|keep going) (?:any ?more|living)\b",
          "says they cannot go on (hopelessness)", _CSSRS_Q1),
    # --- self-harm (NICE NG225) ------------------------------------------------------------
    _rule("sh.self_injury", SELF_HARM, "moderate",
          r"\b(?:cut|cuts|cutting|burn(?:ed|t|ing|s)?|hurt(?:ing|s)?|harm(?:ed|ing|s)?|hit"
          r"(?:ting|s)?|punch(?:ed|ing)?|scratch(?:ed|ing)?|bit|bite|biting|starv(?:e|ed|ing)|"
          r"bruis(?:e|ed|ing)) myself\b",
          "describes injuring themself", _NICE),
    _rule("sh.word", SELF_HARM, "moderate", r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*)\b",
          "uses the word self-harm about themself", _NICE, person="any"),
    _rule("sh.cutting", SELF_HARM, "moderate",
          r"\bi(?:'ve| have)? (?:cut|burned|burnt) (?:again|last night|on (?:monday|tuesday|"
          r"wednesday|thursday|friday|saturday|sunday)|my (?:arm|arms|wrist|wrists|leg|legs|"
          r"thigh|thighs|skin|stomach|hip|hips))\b|\bcut (?:my )?(?:wrists?|thighs?)\b|"
          r"\b(?:started|start|stop|stopped|keep|kept|been|urges? to|want(?:ed)? to|went back to|"
          r"relapsed) (?:cutting|burning)(?=\s*(?:$|[.,;:!?—-]|again|myself|my\b|more|every|"
          r"most|when|at night|for|since|a bit|a lot))|\b(?:fresh|new|the) (?:cuts|burns) on "
          r"(?:my|me)\b",
          "describes cutting or burning", _NICE),
    _rule("sh.used_to", SELF_HARM, "moderate",
          r"\bused to (?:cut|burn|self[- ]?harm|hurt myself|harm myself)\b",
          "describes a history of self-harm (current unless clearly resolved)", _NICE),
    _rule("sh.head_bang", SELF_HARM, "moderate",
          r"\b(?:bang(?:ed|ing)?|hit(?:ting)?|smash(?:ed|ing)?) my head\b|\bhead[- ]?bang\w*|"
          r"\bpunch(?:ed|ing)? (?:the |a )?walls?\b",
          "describes hitting their head or a wall", _NICE),
    _rule("sh.urges", SELF_HARM, "moderate",
          r"\b(?:urges?|urge) to (?:hurt|harm|cut|burn)\b|\b(?:razor|blade|blades)\b(?=[^.?!]*"
          r"\b(?:myself|my (?:arm|arms|leg|legs|skin)|again)\b)",
          "describes self-harm urges or implements", _NICE),
    # --- harm to others (§10.3 tier 3) -----------------------------------------------------
    _rule("others.threat", OTHERS, "moderate",
          r"\bi(?:'ll| will|'m going to| am going to|'m gonna| could| want to| wanna|'d like to|"
          r" feel like i could| swear i'll| swear i will| might)(?: \w+){0,2}? (?:kill|murder|"
          r"stab|strangle|throttle|shoot|batter|hurt|attack|punch|beat up|run over) "
          rf"(?:him|her|them|you|that (?:man|woman|guy|bloke|idiot|bastard|cow)|{_TARGETS}|"
          r"someone|somebody|people|everyone)\b",
          "states a wish or intent to hurt someone", _OTHERS),
    _rule("others.want_dead", OTHERS, "moderate",
          r"\bi (?:want|wanted|wish|wished) (?:him|her|them|he|she|they) (?:was |were |)"
          r"(?:dead|gone for good|to die|to suffer)\b",
          "wishes someone dead", _OTHERS),
    _rule("others.thoughts", OTHERS, "moderate",
          r"\b(?:thought|thoughts|thinking|think|fantasi[sz]\w*|dream\w*) (?:about|of) "
          rf"(?:hurting|killing|stabbing|attacking|strangling|harming) (?:him|her|them|someone|"
          rf"somebody|people|{_TARGETS})\b",
          "has thoughts of hurting someone", _OTHERS),
    _rule("others.weapon", OTHERS, "high",
          r"\b(?:put|keep|keeping|carry|carrying|bought|brought|taking|hid|hidden|got) (?:a|my|"
          r"the) (?:knife|gun|weapon|machete|bat|blade) (?:in|on|under|with|for|ready|to)\b|"
          r"\bmake (?:him|her|them) pay\b|\bwait(?:ing)? (?:for (?:him|her|them) (?:outside|"
          r"after)|outside (?:his|her|their) (?:house|flat|work|place))\b",
          "describes a weapon, approach or revenge", _OTHERS),
)

#: Idioms and hyperbole that use risk words without risk meaning (README idiom_or_hyperbole).
IDIOMS: Final = re.compile(
    r"\b(?:(?:is|was|are|were|'s|'re|keeps?|been) (?:absolutely |literally |really |just "
    r"|slowly )?killing (?:me|us)\b|kill(?:s|ed|ing)? (?:me|us) (?:to say|that|when|how)|"
    r"(?:i'd|i would|i could) kill for\b|kill(?:ing)? time\b|killed it\b|"
    r"(?:could(?:'ve| have)?|i'd|would) murder(?:ed)? (?:a|an|some|the) "
    r"(?:pizza|curry|burger|drink|pint|coffee|tea|kebab|sandwich|beer|glass)|"
    r"dying (?:to|for|of) (?:\w+ )?(?:laugh\w*|embarrassment|boredom|thirst|hunger|know|see|"
    r"try|get|go|meet|hear|a \w+)|(?:nearly|almost|could have|could've) died (?:laughing|of "
    r"embarrassment|of shame)|died (?:laughing|of embarrassment)|to die for\b|(?:bored|scared|"
    r"sick|worried|frightened|tired) to death\b|(?:i'd|i would) (?:rather|sooner) (?:die|be "
    r"dead) than\b|over my dead body|dead (?:tired|on my feet|beat|end|busy|serious|right)\b|"
    r"deadline|drop dead|dead to me|kill two birds|you're killing me|"
    r"the suspense is killing me|(?:my|his|her) (?:back|feet|knees|head|legs) (?:is|are) "
    r"killing me)"
)
#: Markers that a threat was joking; "not joking" is excluded by the look-behind.
JOKING: Final = re.compile(
    r"\bnot literally\b|(?<!not )(?<!n't )\b(?:only |just )?(?:joking|kidding)\b|"
    r"\bfigure of speech\b|\b(?:lol|haha+)\b|\bobviously not\b|\bi wouldn't really\b"
)
#: Markers that a statement is meant seriously (override JOKING).
SERIOUS: Final = re.compile(
    r"\bnot (?:joking|kidding)\b|\bi mean it\b|\bi'm serious\b|\bi am serious\b|"
    r"\bdeadly serious\b"
)
#: Negation cues looked for just before a match, within its clause.
NEGATORS: Final = re.compile(
    r"\b(?:not|never|no|nothing|none|nor|neither)\b|n't\b|\bdont\b|\bwont\b|\bcant\b"
)
#: Phrases that contain a negator but do not negate what follows.
NEGATOR_EXCEPTIONS: Final = re.compile(
    r"\b(?:can't|cannot|couldn't|can not|won't) (?:stop|help|get (?:it|this|that|the \w+) out)"
    r"|\b(?:don't|do not|didn't) (?:know|think i can stop)\b|\bnot (?:sure|joking|kidding|just|"
    r"only)\b|\bno (?:longer|one|matter)\b|\bnot gonna lie\b|\bnot going to lie\b"
)
#: Negated statements that nonetheless carry ideation ("I'm not going to, but I think about it").
CONTRAST_IDEATION: Final = re.compile(
    r"\b(?:but|though|although|except|only)\b[^.?!]{0,40}\b(?:i think about|i've thought about|"
    r"think about it|the thoughts?|part of me|some days|some nights|sometimes i|i wish|i want"
    r"|the urges?|tempted)\b"
)
#: First- and third-person tokens for deciding whose risk a sentence is about.
FIRST_PERSON: Final = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "myself", "im", "ive"})
THIRD_PERSON: Final = frozenset(
    "he she they him her his their them he's she's they're he'd she'd they'd someone somebody "
    "people friend friends brother sister mum mom mother dad father son daughter partner "
    "husband wife boyfriend girlfriend colleague patient client cousin uncle aunt nan gran "
    "grandad grandma grandpa grandfather grandmother neighbour neighbor flatmate mate kid kids "
    "child baby ex boss manager".split()
)
#: Clearly remote past (README past_resolved), and markers that make it current again.
PAST_REMOTE: Final = re.compile(
    r"\b(?:\w+ years ago|years ago|a long time ago|ages ago|a decade ago|when i was (?:\w+|a "
    r"(?:teenager|kid|child|student)|at (?:school|uni|university|college)|younger|little)|"
    r"in my (?:teens|twenties|thirties|early \w+|late \w+)|as a (?:teenager|kid|child|student)"
    r"|back (?:in|at) (?:school|uni|university|college|19\d\d|20[01]\d)|at (?:school|uni))\b"
)
RECENT: Final = re.compile(
    r"\b(?:again|still|recently|lately|this (?:week|month|year|morning|weekend)|last (?:night|"
    r"week|weekend|month)|yesterday|today|tonight|these days|at the moment|right now|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|every (?:day|night|week)"
    r"|since (?:christmas|the summer|january|february|march|april|may|june|july|august|"
    r"september|october|november|december)|back again|coming back)\b"
)
#: Fear of dying (health anxiety), grief language and unwanted intrusive harm images.
FEAR_OF_DEATH: Final = re.compile(
    r"\b(?:scared|afraid|terrified|frightened|panic\w*|worried|fear|convinced)\b[^.?!]{0,40}"
    r"\b(?:die|dying|death|heart attack|stroke|tumour|cancer)\b"
)
GRIEF: Final = re.compile(
    r"\b(?:part of me died|died (?:inside|with (?:him|her|them))|instead of (?:him|her|them)|"
    r"(?:wish|wished) it had been me|a piece of me died)\b"
)
EGO_DYSTONIC: Final = re.compile(
    r"\b(?:horrif\w*|intrusive|unwanted|pops? into my head|pop into my head|sick to my stomach|"
    r"disgust\w*|the last thing i (?:want|would)|i would never|i'd never|what if i)\b"
)
#: Answers that deny a screening question ("No.", "No, never.", "Nothing like that").
DENIAL_START: Final = re.compile(
    r"^(?:\(\w[\w ]*\)\s*)*(?:(?:um|erm|uh|well|honestly|oh)[,.]?\s+)*(?:no\b|nope\b|nah\b|"
    r"never\b|none\b|not at all\b|definitely not\b|absolutely not\b|certainly not\b|god,? no\b"
    r"|nothing like that\b|not like that\b|not since\b)"
)
DENIAL_PHRASE: Final = re.compile(
    r"\b(?:nothing like that|not like that|i (?:would|could)(?:n't| not| never) (?:ever )?do "
    r"(?:anything|it|that)|i'd never do (?:anything|it|that)|not in that place|i'm not "
    r"(?:suicidal|going to do anything)|that's not me)\b"
)
#: Hedged answers that are *not* treated as a denial.
AFFIRMING_NEGATION: Final = re.compile(r"^(?:\(\w[\w ]*\)\s*)*not really\b|^not (?:exactly|as such)\b")

#: What a therapist's risk screening question asks about: topic regex -> (kind, severity).
SCREENING_TOPICS: Final[tuple[tuple[re.Pattern[str], str, str], ...]] = (
    (re.compile(r"\b(?:how (?:you )?(?:might|would) (?:do it|you do it)|plans? to (?:end|kill|"
                r"take)|access to (?:tablets|pills|a gun|weapons?))"), SI, "high"),
    (re.compile(r"\bsuicid\w*|kill(?:ing)? yourself|end(?:ing)? (?:your (?:own )?life|it all)|"
                r"tak(?:e|ing) your (?:own )?life"), SI, "moderate"),
    (re.compile(r"\b(?:harm(?:ing)?|hurt(?:ing)?|injur\w*|cut(?:ting)?) yourself|self[- ]?harm"),
     SELF_HARM, "moderate"),
    (re.compile(r"\b(?:harm(?:ing)?|hurt(?:ing)?|kill(?:ing)?) (?:anyone|someone|somebody|"
                r"anybody|others|other people)\b"), OTHERS, "moderate"),
    (re.compile(r"\bbetter off (?:dead|not here|without you)|(?:not )?want(?:ing)? to be (?:here|"
                r"alive)|(?:isn't|is not|not) worth living|(?:not|never) wak(?:e|ing) up|"
                r"(?:thoughts?|think\w*) (?:about|of) (?:death|dying|being dead)|wish(?:ed)? "
                r"you (?:were|was) dead"), PASSIVE, "low"),
)
#: Topics that count only as a follow-up to a flagged disclosure (not as screening questions).
THREAD_TOPICS: Final[tuple[tuple[re.Pattern[str], str, str], ...]] = (
    (re.compile(r"\b(?:a plan\b|method|where (?:are|is) the|tablets|pills|rope|weapon|knife|"
                r"gun|intend|intention|act on|acted on|go(?:es)? further)"), SI, "high"),
    (re.compile(r"\b(?:the cuts|cuts\b|urges?\b|burns?\b|scars?\b)"), SELF_HARM, "moderate"),
    (re.compile(r"\b(?:those (?:kinds of )?thoughts|that thought|the thoughts?)\b"), PASSIVE, "low"),
)
#: A therapist proposal or permission request; a bare "okay" to it is not a disclosure.
PROPOSAL: Final = re.compile(
    r"\b(?:would (?:that|it) be (?:ok|okay|all right|alright)|is (?:that|it) (?:ok|okay|all right"
    r"|alright)|shall we|i'd like (?:us )?to|would you be (?:willing|up for|okay)|does that sound"
    r"|how does that sound|would you like)\b"
)
BARE_ACCEPTANCE: Final = re.compile(
    r"^(?:(?:yes|yeah|yep|ok|okay|sure|alright|all right|fine|thanks|thank you|please|go on|"
    r"sounds good|that's (?:ok|okay|fine|good)|that would be (?:good|ok|okay|helpful))\W*){1,3}$"
)
#: Therapist follow-up wording that keeps a disclosure thread open (besides SCREENING_TOPICS).
FOLLOW_UP: Final = re.compile(
    r"\b(?:how often|how long|how many times|when did|how deep|medical|hospital|a&e|doctor|"
    r"where (?:are|is|do you keep)|what (?:stops|stopped|keeps|kept)|safe|safety|plan|means|"
    r"what happened|tell me more|say more|what do you mean|when you say|mean it|serious|"
    r"the thoughts?|that thought|those thoughts|go further|acted|act on|right now|tonight)\b|"
    r"\bhow (?:bad|serious|close|often|long|much|many|deep|would you|did you|were you|are you)\b|"
    r"\bthought about how\b|\bwhere (?:are|is|were|was|do) (?:they|it|you)\b|\bwhat did you "
    r"(?:use|do)\b|\bdid (?:you|it|they) need\b|\bwhen was the last\b|\bhave you (?:done|"
    r"acted)\b"
)
#: Therapist wording that explores or acknowledges a disclosure (for ``therapist_follow_up``).
EXPLORES: Final = re.compile(
    r"\b(?:tell me more|say more|what do you mean|when you say|that thought|those thoughts|"
    r"those feelings|how often|how long|what's that like|what is that like|safe|safety|go "
    r"further|the point of|thank you for (?:telling|saying|being honest|sharing)|i'm (?:really |"
    r"so )?glad you (?:told|said|mentioned)|take (?:that|this|it|what you(?:'ve)? (?:just )?said)"
    r" seriously|i want to (?:check|ask|understand|make sure))\b"
)
#: A short question pointing back at what was just said ("Where are they now?").
ANAPHORIC_QUESTION: Final = re.compile(r"^[^?]{0,60}\b(?:it|that|they|them|those|this)\b[^?]{0,30}\?$")
#: What raises a statement's severity (README severity table): plan, means, intent, weapons.
SEVERITY_ESCALATORS: Final[dict[str, re.Pattern[str]]] = {
    SI: re.compile(
        r"\b(?:plan|planned|planning|method|how i'd do it|how i would do it|looked up|researched|"
        r"tablets|pills|overdose|rope|bridge|jump|note|letters|my will|tonight|this weekend|"
        r"intend|i mean it|made up my mind|decided|going to do it|counted)\b"
    ),
    PASSIVE: re.compile(
        r"\b(?:drive|driving) (?:really )?(?:fast|recklessly)|don't look (?:when|before)|"
        r"stopped taking my (?:meds|medication|tablets)|drinking (?:more|a lot|every)\b"
    ),
    OTHERS: re.compile(
        r"\b(?:knife|gun|weapon|machete|glovebox|i mean it|not joking|swear|i know where|"
        r"wait(?:ing)? for (?:him|her|them)|tonight|find (?:him|her|them))\b"
    ),
}
