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

import dataclasses
import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "ALL_NEEDLES",
    "KINDS",
    "OTHERS",
    "PASSIVE",
    "RULES",
    "SELF_HARM",
    "SEVERITY_ORDER",
    "SI",
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
    myself``), ``"any"`` when the owner must be checked (``suicide`` may be a brother's), and
    ``"third"`` when it is always someone else (``kill herself``): such matches are only listed;
    ``"explicit"`` for the broad-net rules, which need the speaker as the subject: the nearest
    person word before the match must be first person, and a possessive or article on the way
    ("my dog died", "the film's death scene") means someone or something else.
    ``needles`` are plain substrings at least one of which every match contains; they let the
    analyser skip a rule cheaply (tests check the promise on every example sentence).
    """

    id: str
    kind: str
    severity: str
    pattern: re.Pattern[str]
    reason: str
    source: str
    person: str = "first"
    needles: tuple[str, ...] = ()


def _rule(  # noqa: PLR0917 - the rule table below reads best with positional fields
    rule_id: str,
    kind: str,
    severity: str,
    source: str,
    reason: str,
    pattern: str,
    *,
    person: str = "first",
) -> RiskRule:
    return RiskRule(rule_id, kind, severity, re.compile(pattern), reason, source, person)


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

# The rule table is kept unformatted: one rule per block reads best.
# fmt: off
_RULES: Final[tuple[RiskRule, ...]] = (
    # --- active suicidal ideation (C-SSRS Q2-Q6) ---
    _rule("si.kill_myself", SI, "moderate", _CSSRS_Q2,
          "speaks of killing themself",
          r"\bkill(?:ing|ed|s)? myself\b"),
    _rule("si.third_person", SI, "moderate", _CSSRS_Q2,
          "speaks of someone else killing or hurting themself",
          r"\b(?:kill(?:ing|ed|s)?|hurt(?:ing|s)?|harm(?:ing|ed|s)?|cut(?:ting|s)?) "
          r"(?:him|her|them)sel(?:f|ves)\b", person="third"),
    _rule("si.end_life", SI, "moderate", _CSSRS_Q2,
          "speaks of ending their life",
          r"\bend(?:ing|ed|s)? (?:my (?:own )?life|it all)\b|\b(?:take|taking|"
          r"took) my (?:own )?life\b", person="any"),
    _rule("si.end_it", SI, "moderate", _CSSRS_Q2,
          "speaks of 'ending it'",
          r"\b(?:want(?:ed)? to|going to|gonna|plan(?:ning)? to|thinking "
          r"(?:about|of)|thought (?:about|of)|ready to|decided to|just) "
          r"end(?:ing)? (?:it|things|everything)\b(?! (?:with|between|off))", person="any"),
    _rule("si.ending_things", SI, "moderate", _CSSRS_Q2,
          "speaks of ending things",
          r"\bend(?:ing)? (?:things|everything)\b(?! (?:with|between|off|on|there|early))",
          person="any"),
    _rule("si.suicide", SI, "moderate", _CSSRS_Q2,
          "uses the word suicide/suicidal about themself",
          r"\bsuicid(?:e|al|ality)\b(?! (?:prevention|awareness|helpline|"
          r"hotline|line|rates?|statistics|charity|campaign|training|course|"
          r"risk assessment))", person="any"),
    _rule("si.attempt", SI, "high", _CSSRS_Q3_6,
          "describes a suicide attempt",
          r"\b(?:attempt(?:ed)?|tried|try) (?:suicide|to (?:kill myself|"
          r"end (?:it|my life)|take my (?:own )?life))\b"),
    _rule("si.overdose", SI, "high", _CSSRS_Q3_6,
          "describes an overdose",
          r"\b(?:overdos(?:e|ed|ing)|od'd)\b", person="any"),
    _rule("si.method_research", SI, "high", _CSSRS_Q3_6,
          "describes researching a method",
          r"\b(?:looked up|look up|looking up|googled|researched|research(?:ing)?|"
          r"read up on) (?:how (?:many|much|long|to)|ways to|the best way|"
          r"what (?:dose|it would take))(?=[^.?!]{0,60}\b(?:tablets|pills|paracetamol|"
          r"painkillers|meds|medication|dose|lethal|die|dying|dead|kill|overdose|rope|hang|jump|"
          r"bridge|drown|bleed|take|survive|do it|end it)\b)", person="any"),
    _rule("si.means", SI, "high", _CSSRS_Q3_6,
          "describes gathering or counting means",
          r"\b(?:counted|counting|saving up|saved up|stockpil\w*|hoard\w*|"
          r"collect\w*)\b[^.?!]{0,40}\b(?:tablets|pills|paracetamol|painkillers|"
          r"sleeping pills|rope|meds|medication)\b|\b(?:tablets|pills|paracetamol|"
          r"painkillers|rope)\b[^.?!]{0,60}\b(?:counted|how many it would "
          r"take|enough to)\b", person="any"),
    _rule("si.preparation", SI, "high", _CSSRS_Q3_6,
          "describes possible preparatory acts",
          r"\b(?:wr(?:ote|itten|iting) (?:a |my |some )?(?:suicide |goodbye "
          r")?(?:note|letters?) (?:to|for)|goodbye (?:letters?|notes?)|suicide "
          r"note|(?:sorted|sorting|made|making|updated) (?:out )?(?:a|my) "
          r"will|(?:my|put my) affairs in order|giv(?:en|ing|e) (?:away "
          r")?(?:all )?my (?:things|stuff|belongings)(?: away)?)\b", person="any"),
    _rule("si.method_place", SI, "high", _CSSRS_Q3_6,
          "mentions a suicide method or place",
          r"\b(?:hang(?:ing)? myself|noose|jump(?:ing)? (?:off|from|in front "
          r"of)|step(?:ped|ping)? in front of|(?:stood|standing|went) (?:on|"
          r"to) (?:the|a) (?:bridge|ledge|edge|cliff)|(?:train|railway) "
          r"tracks)\b", person="any"),
    _rule("si.unsafe", SI, "high", _CSSRS_Q3_6,
          "doubts they can keep themself safe",
          r"\b(?:can't|cannot|couldn't|not sure (?:i|if i) can|don't know (?:if|whether) i (?:can|"
          r"will|'ll)|can't promise (?:i'll|i will|to|that i'll)|don't think i (?:can|will|'ll)) "
          r"(?:be |stay |keep |keeping )?(?:myself )?safe\b|\bdon't feel safe (?:with|from|around) "
          r"myself\b"),
    _rule("si.not_here_by", SI, "moderate", _CSSRS_Q2,
          "implies not being alive in future",
          r"\bwon't (?:be (?:here|around)) (?:for|by|at|after|much longer|"
          r"next)\b"),
    _rule("si.method_vehicle", SI, "moderate", _CSSRS_Q3_6,
          "thinks of crashing or driving into something",
          r"\b(?:driv(?:e|ing)|crash(?:ing)?|steer(?:ing)?|swerv(?:e|ing)) (?:the car |my car |"
          r"the van )?(?:into|off) (?:a |the )?(?:wall|tree|bridge|lorry|truck|river|cliff|"
          r"oncoming|motorway|road)\b", person="any"),
    _rule("si.means_contemplated", SI, "high", _CSSRS_Q3_6,
          "dwells on or gathers the means",
          r"\b(?:looked|looking|stared|staring|sat) (?:at|with) (?:the|my) (?:pills|tablets|"
          r"knife|rope|blade|razor)\b|\b(?:got|bought|have|kept|keep|hid|hidden|hiding) (?:a |the "
          r"|some )?(?:rope|noose)\b", person="any"),
    _rule("si.took_pills", SI, "high", _CSSRS_Q3_6,
          "describes taking or planning to take a large amount of medication",
          r"\b(?:took|take|taking|swallowed|swallow) (?:a load of|loads of|all (?:of )?my|a "
          r"handful of|a bunch of|too many|the lot of|all the|a whole (?:box|packet|pack) of) "
          r"(?:my )?(?:pills|tablets|meds|medication|paracetamol|painkillers)\b", person="any"),
    _rule("si.know_how", SI, "high", _CSSRS_Q3_6,
          "says they know how they would do it",
          r"\bknow (?:exactly )?how i(?:'d| would| will|'ll) do it\b|\bworked out how i(?:'d| "
          r"would) do it\b"),
    _rule("si.will_end_it", SI, "moderate", _CSSRS_Q2,
          "says they will end it",
          r"\bi(?:'ll| will|'m going to|'m gonna| might| could) (?:just )?end it\b(?! (?:with|"
          r"between|off))"),
    _rule("si.do_something", SI, "moderate", _CSSRS_Q2,
          "fears what they might do to themself",
          r"\b(?:what i (?:might|could|would|'ll|'d) do to myself|do (?:something|anything)(?: "
          r"stupid| silly)? to myself|do something stupid)\b"),
    _rule("si.close_to_it", SI, "high", _CSSRS_Q3_6,
          "describes coming close to an attempt or being prepared",
          r"\b(?:close to|nearly|almost) (?:doing it|did it|going through with it|went through "
          r"with it|ending it|ended it)\b|\bhad everything ready\b|\bgo(?:ne)? through with it\b|"
          r"\bedge of the (?:platform|roof|bridge|cliff)\b", person="any"),
    _rule("si.deserve_to_die", SI, "moderate", _CSSRS_Q2,
          "says they deserve to die",
          r"\bdeserve to (?:die|be dead|suffer|be punished|not exist)\b", person="any"),
    _rule("si.method_words", SI, "moderate", _CSSRS_Q3_6,
          "mentions a way of dying or how easy it would be",
          r"\b(?:engine running|car exhaust|hosepipe|carbon monoxide|painless ways?|ways to "
          r"(?:go|die|do it|end it|kill myself)|how easy it would be to (?:just )?(?:step|jump|die|"
          r"end it|do it|go|drive|crash|swerve|fall)|step off|jump off|throw "
          r"myself|overdose on|walk(?:ing|ed)? into the (?:sea|water|river|lake|reservoir)|"
          r"drown(?:ing)? myself)\b", person="any"),
    _rule("si.voices", OTHERS, "high", _OTHERS,
          "describes voices telling them to harm",
          r"\bvoices? (?:tell|telling|told|say|saying|tells)(?: me)?(?: to)? (?:hurt|kill|harm|"
          r"attack|stab|do it)\b", person="any"),
    # --- passive ideation (C-SSRS Q1) ---
    _rule("passive.wish_dead", PASSIVE, "low", _CSSRS_Q1,
          "wishes to be dead or gone",
          r"\bwish(?:ed|ing)? (?:that )?i (?:was|were|could be|'d be|would "
          r"be) (?:just )?(?:dead|gone for good|not here|not alive|never "
          r"born)|\bwish(?:ed|ing)? (?:that )?i(?:'d| had) (?:just )?(?:died|"
          r"never been born)|\bwish(?:ed|ing)? i could (?:just )?(?:die|"
          r"disappear|not exist)\b"),
    _rule("passive.wish_not_exist", PASSIVE, "low", _CSSRS_Q1,
          "wishes not to exist or wake",
          r"\bwish(?:ed|ing)? i (?:didn't|did not|don't) (?:exist|wake up|"
          r"have to wake up)\b"),
    _rule("passive.want_to_die", PASSIVE, "low", _CSSRS_Q1,
          "wants to die or not exist",
          r"\b(?:want|wanted|wanting|wants|wanna|would like|'d like) to "
          r"(?:die|be dead|disappear (?:forever|for good)|not exist|stop "
          r"existing|not be (?:here|alive)|sleep forever|go to sleep (?:and|"
          r"forever))\b", person="any"),
    _rule("passive.not_want_live", PASSIVE, "low", _CSSRS_Q1,
          "does not want to be alive",
          r"\b(?:don't|do not|didn't|no longer|dont) (?:really |even )?want "
          r"to (?:wake up|be alive|exist|live|go on|carry on|keep going|"
          r"be here)(?=\s*(?:$|[.,;:!?—-]|any ?more|like this|without|at "
          r"all|now|these days|most days|some days|sometimes|in the morning|"
          r"tomorrow|on this earth|in this world))"),
    _rule("passive.not_wake", PASSIVE, "low", _CSSRS_Q1,
          "speaks of not waking up",
          r"\bif i (?:just )?(?:never|didn't|did not|don't|wouldn't) (?:wake|"
          r"woke) up\b|\b(?:and|to) (?:just )?(?:never|not) (?:wake|woke) "
          r"up\b|\bnever (?:wake|woke) up again\b|\b(?:hop(?:e|ing)|pray(?:ing)?|"
          r"wish(?:ing)?) (?:that )?i (?:won't|don't|wouldn't|never|didn't) "
          r"(?:wake|woke) up\b"),
    _rule("passive.easier_gone", PASSIVE, "low", _CSSRS_Q1,
          "says things would be easier if they were gone",
          r"\b(?:easier|better|simpler|a relief) (?:for everyone )?if i "
          r"(?:just )?(?:wasn't|weren't|was not|were not|died|disappeared|"
          r"was gone|were gone|wasn't around|weren't around|didn't exist|"
          r"didn't wake)"),
    _rule("passive.better_off_without_me", PASSIVE, "low", _README,
          "burdensomeness: others better off without them",
          r"\bbetter off\b[^.?!]{0,40}\bwithout me\b|\bbetter off if i (?:was|were)n't (?:here|"
          r"around)\b"),
    _rule("passive.better_off_dead", PASSIVE, "low", _CSSRS_Q1,
          "says they would be better off dead",
          r"\bbetter off (?:dead|not here)\b", person="any"),
    _rule("passive.no_one_would_miss", PASSIVE, "low", _README,
          "says no one would miss them",
          r"\b(?:no one|no-one|nobody)(?: would| will|'d| 'd) (?:even )?(?:miss "
          r"me|notice if i (?:was|were) gone|care if i (?:died|was gone|"
          r"wasn't here)|notice|care)\b(?=\s*(?:$|[.,;!?]|if i (?:was|were|died|disappeared|"
          r"wasn't)|"
          r"anyway|either))"),
    _rule("passive.burden", PASSIVE, "low", _README,
          "describes themself as a burden",
          r"\b(?:i|i'm|i've|i'd|i'll|i am|i have|i would|i will) (?:just "
          r"|such |only )?(?:a|such a|nothing but a) burden\b|\bfeel(?:s|"
          r"ing)? like (?:a|such a) burden\b|\bburden (?:to|on) (?:everyone|"
          r"everybody|my family|them|you|people)\b"),
    _rule("passive.no_point", PASSIVE, "low", _CSSRS_Q1,
          "questions the point of living",
          r"\b(?:(?:don't|do not|can't|cannot|couldn't) see (?:the|any)|"
          r"see no|there's no|no|not any|isn't any|isn't much|what's the|"
          r"what is the|wonder (?:what|why) the) point (?:in |of |to )?(?:living|"
          r"life|being alive|going on|carrying on|being here|(?:any of )?it "
          r"all|any of it|anything|existing|me|waking up|getting up)\b|\bwhy "
          r"(?:do |should )?i (?:even )?bother (?:being alive|living|waking "
          r"up|getting up|going on|carrying on)\b", person="any"),
    _rule("passive.not_worth", PASSIVE, "low", _CSSRS_Q1,
          "says life is not worth living",
          r"\b(?:life|living|it)(?: isn't| is not| wasn't|'s not| doesn't "
          r"feel| does not feel| doesn't seem| isn't really| is hardly| "
          r"is just not| not) (?:really )?worth (?:living|going on)\b|\blife(?: "
          r"isn't| is not|'s not) worth it\b|\bnothing (?:left )?to live "
          r"for\b|\bno reason to (?:live|go on|carry on|be here|keep going)\b", person="any"),
    _rule("passive.tired_of_life", PASSIVE, "low", _CSSRS_Q1,
          "is tired of living",
          r"\b(?:tired|sick) of (?:living|being alive|life|existing)\b|\bdone "
          r"with (?:life|living)\b", person="any"),
    _rule("passive.indifferent", PASSIVE, "low", _CSSRS_Q1,
          "is indifferent to dying",
          r"\b(?:wouldn't|would not|don't|do not|didn't) (?:really )?(?:care|"
          r"mind) (?:if|whether) i (?:died|die|lived|live|woke|wake|didn't|"
          r"was dead|got hit|crashed|was gone|disappeared)"),
    _rule("passive.welcome_death", PASSIVE, "low", _CSSRS_Q1,
          "would welcome death or an accident",
          r"\b(?:(?:that'd|that would|it'd|it would|wouldn't) be (?:all "
          r"right|alright|ok|okay|fine|a relief|a mercy|easier|no bad thing|"
          r"so bad|the worst thing)|i wouldn't (?:really )?mind|i'd be (?:fine|"
          r"okay|ok) with (?:it|that))\b(?=[^?]{0,160}\b(?:die|died|dying|"
          r"dead\b|death|never woke up|didn't wake up|not wake up|crash(?:ed|"
          r"es)? into|hit me|killed|not here any ?more|gone for good))|\b(?:die|"
          r"died|dying|dead\b|death|never woke up|didn't wake up|not wake "
          r"up|crash(?:ed|es)? into|hit me|killed|not here any ?more|gone "
          r"for good)[^?]{0,160}\b(?:(?:that'd|that would|it'd|it would|"
          r"wouldn't) be (?:all right|alright|ok|okay|fine|a relief|a mercy|"
          r"easier|no bad thing|so bad|the worst thing)|i wouldn't (?:really "
          r")?mind|i'd be (?:fine|okay|ok) with (?:it|that))\b|\b(?:if (?:a|"
          r"the|some) (?:lorry|truck|car|bus|train|plane|van)|if something "
          r"(?:bad )?happen(?:ed|s) to me|if i (?:got|get|was|were) (?:hit|"
          r"run over|cancer|killed)|if i (?:died|didn't wake|never woke))[^.?!]{0,100}\b(?:(?:(?:t"
          r"hat'd|that would|it'd|it would|wouldn't) be (?:all right|alright|"
          r"ok|okay|fine|a relief|a mercy|easier|no bad thing|so bad|the "
          r"worst thing)|i wouldn't (?:really )?mind|i'd be (?:fine|okay|"
          r"ok) with (?:it|that))|relief)"),
    _rule("passive.thoughts_death", PASSIVE, "low", _CSSRS_Q1,
          "has thoughts of death or not being here",
          r"\b(?:think(?:ing)?|thought|thoughts) (?:about|of) (?:just )?(?:dying|death|"
          r"being dead|not being here|not being around|not waking up)\b", person="any"),
    _rule("passive.disappear", PASSIVE, "low", _CSSRS_Q1,
          "wishes to disappear for good",
          r"\b(?:disappear|vanish|fade away|not exist) (?:forever|for good|"
          r"completely)\b", person="any"),
    _rule("passive.cant_go_on", PASSIVE, "low", _CSSRS_Q1,
          "says they cannot go on (hopelessness)",
          r"\bcan't (?:go on|carry on|keep going) (?:any ?more|living)\b"),
    _rule("passive.happier_gone", PASSIVE, "low", _README,
          "says others would be better off or happier if they were gone",
          r"\b(?:easier|better|better off|simpler|happier|a relief)(?: for (?:everyone|everybody|"
          r"them|my family|the kids))? if i (?:just )?(?:wasn't|weren't|was not|were not|was gone|"
          r"were gone|wasn't around|weren't around|didn't exist|wasn't here|weren't here|died|"
          r"disappeared)\b"),
    _rule("passive.want_it_to_stop", PASSIVE, "low", _CSSRS_Q1,
          "wants it all to stop or end",
          r"\bwant (?:it all|everything|the pain|all of it|it|this|life) to (?:stop|end|be over)\b"
          r"|\bno way out\b|\bgiv(?:e|ing) up on (?:life|living|everything)\b", person="any"),
    _rule("passive.cant_take_it", PASSIVE, "low", _CSSRS_Q1,
          "says they cannot take or do this any more (hopelessness; may mean passive ideation)",
          r"\bcan't (?:do|take|cope with|handle) (?:this|it)(?: all)? any ?more\b", person="any"),
    _rule("passive.nice_not_exist", PASSIVE, "low", _CSSRS_Q1,
          "would like not to exist",
          r"\b(?:nice|good|easier|peaceful|better|a relief) to (?:just )?(?:not exist|not be here|"
          r"be dead|die|disappear|not wake up|stop existing)\b", person="any"),
    _rule("passive.hope_ill", PASSIVE, "low", _CSSRS_Q1,
          "hopes to fall ill or not recover",
          r"\bhop(?:e|es|ing) (?:that )?i (?:get|got|fall) (?:ill|sick|hit|cancer)\b|\b(?:and|to) "
          r"(?:don't|not|never) recover\b"),
    _rule("passive.without_me", PASSIVE, "low", _README,
          "says the world or others would be better without them",
          r"\b(?:better|happier|easier)(?: off)? without me\b"),
    _rule("passive.fallback_death", PASSIVE, "low", _CSSRS_Q1,
          "speaks of their own death or staying alive (broad net)",
          r"\b(?:die|dies|died|dying|dead|death|stay alive|staying alive|being alive|be alive|"
          r"to live for|disappear)\b", person="explicit"),
    _rule("passive.not_existing", PASSIVE, "low", _CSSRS_Q1,
          "speaks of not existing, not being around or not waking",
          r"\b(?:not|never|no longer|won't|stop(?:ped)?|wouldn't) (?:\w+ ){0,3}?(?:wake up|waking "
          r"up|exist|existing|be around|being around|be here|being here|be alive|being alive|go "
          r"on living)\b(?! (?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
          r"next (?:week|monday|tuesday|wednesday|thursday|friday|session)|for (?:a|the|our|next) "
          r"\w+|on holiday|in (?:two|three|a few) weeks|till|until|if it (?:wasn't|weren't)|"
          r"if not for|without|today if))", person="any"),
    _rule("passive.no_future", PASSIVE, "low", _CSSRS_Q1,
          "sees no future for themself",
          r"\b(?:don't|can't|do not|cannot) see (?:a|any) future\b|\bno future (?:for me|ahead|"
          r"left)\b", person="any"),
    _rule("passive.take_me", PASSIVE, "low", _CSSRS_Q1,
          "asks to be taken or to join someone who has died",
          r"\b(?:god|he|they) (?:would |will )?takes? me\b|\btake me (?:away|now|home)\b|\bjoin "
          r"(?:him|her|them|my (?:mum|mom|dad|nan|gran|grandad|husband|wife|son|daughter|brother"
          r"|sister))\b|\bbe with (?:him|her|them|my \w+) (?:again|soon|in heaven|up there)\b"),
    _rule("passive.bother_living", PASSIVE, "low", _CSSRS_Q1,
          "questions bothering to live",
          r"\bbother (?:living|being alive|going on|carrying on|waking up|staying alive)\b|"
          r"\b(?:a relief|nice|easier|peaceful|better|good) (?:just )?(?:not to|to not|never to) "
          r"(?:wake up|exist|be here|be alive)\b", person="any"),
    # --- self-harm (NICE NG225) ---
    _rule("sh.self_injury", SELF_HARM, "moderate", _NICE,
          "describes injuring themself",
          r"\b(?:cut|cuts|cutting|burn(?:ed|t|ing|s)?|hurt(?:ing|s)?|harm(?:ed|"
          r"ing|s)?|hit(?:ting|s)?|punch(?:ed|ing)?|scratch(?:ed|ing)?|bit|"
          r"bite|biting|starv(?:e|ed|ing)|bruis(?:e|ed|ing)) myself\b"),
    _rule("sh.word", SELF_HARM, "moderate", _NICE,
          "uses the word self-harm about themself",
          r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*)\b", person="any"),
    _rule("sh.cutting", SELF_HARM, "moderate", _NICE,
          "describes cutting or burning",
          r"\bi(?:'ve| have)? (?:cut|burned|burnt) (?:again|last night|on "
          r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
          r"my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|"
          r"hip|hips))\b|\bcut (?:my )?(?:wrists?|thighs?)\b|\b(?:started|"
          r"start|stop|stopped|keep|kept|been|urges? to|want(?:ed)? to|went "
          r"back to|relapsed) (?:cutting|burning)(?=\s*(?:$|[.,;:!?—-]|again|"
          r"myself|my\b|more|every|most|when|at night|for|since|a bit|a "
          r"lot))|\b(?:fresh|new|the) (?:cuts|burns) on (?:my|me)\b", person="any"),
    _rule("sh.used_to", SELF_HARM, "moderate", _NICE,
          "describes a history of self-harm (current unless clearly resolved)",
          r"\bused to (?:cut|burn|self[- ]?harm|hurt myself|harm myself)\b"),
    _rule("sh.head_bang", SELF_HARM, "moderate", _NICE,
          "describes hitting their head or a wall",
          r"\b(?:bang(?:ed|ing)?|hit(?:ting)?|smash(?:ed|ing)?) my head\b|"
          r"\bhead[- ]?bang\w*|\bpunch(?:ed|ing)? (?:the |a )?walls?\b"),
    _rule("sh.urges", SELF_HARM, "moderate", _NICE,
          "describes self-harm urges or implements",
          r"\b(?:urges?|urge) to (?:hurt|harm|cut|burn)\b|\b(?:razor|blade|"
          r"blades)\b(?=[^.?!]*\b(?:myself|my (?:arm|arms|leg|legs|skin)|"
          r"again)\b)", person="any"),
    _rule("sh.until_bleed", SELF_HARM, "moderate", _NICE,
          "describes injuring their skin until it bleeds or bruises",
          r"\b(?:scratch|pick|bite|hit|punch|burn|cut|claw)\w* (?:at )?my (?:arms?|legs?|skin|"
          r"wrists?|thighs?|face|stomach|hands?)\b[^.?!]{0,40}\b(?:until|till|so) (?:it|they) "
          r"(?:bleed|bled|bleeds|bruise|bruised|hurt)\b"),
    _rule("sh.on_purpose", SELF_HARM, "moderate", _NICE,
          "describes hurting themself on purpose",
          r"\b(?:hurt|cut|burn(?:ed|t)?|hit|smash(?:ed)?|punch(?:ed)?|bang(?:ed)?|scratch(?:ed)?|"
          r"bruis(?:e|ed))\b[^.?!]{0,50}\bon purpose\b", person="any"),
    _rule("sh.skin", SELF_HARM, "moderate", _NICE,
          "describes tearing or picking at their skin",
          r"\b(?:ripp|tear|tore|pick|gouge|claw)\w* (?:at )?(?:my )?skin\b"),
    _rule("sh.fallback", SELF_HARM, "moderate", _NICE,
          "speaks of bleeding, cutting or blades (broad net)",
          r"\b(?:bleed|bleeding|bled|blades?|razors?)\b|\bcutting\b(?! (?:back|down|up|out|off|"
          r"corners|it|ties|costs|the|my hair|hair|in|edge|through|across|class|school|work))",
          person="explicit"),
    # --- harm to others (§10.3 tier 3) ---
    _rule("others.threat", OTHERS, "moderate", _OTHERS,
          "states a wish or intent to hurt someone",
          r"\bi(?:'ll| will|'m going to| am going to|'m gonna| could| want "
          r"to| wanna|'d like to| feel like i could| swear i'll| swear i "
          r"will| might)(?: \w+){0,2}? (?:kill|murder|stab|strangle|throttle|"
          r"shoot|batter|hurt|attack|punch|beat up|run over) (?:him|her|"
          r"them|you|that (?:man|woman|guy|bloke|idiot|bastard|cow)|(?:my "
          r"(?:ex|boss|manager|dad|father|mum|mother|brother|sister|husband|"
          r"wife|partner|neighbour|landlord|son|daughter|colleague|stepdad|"
          r"stepmum)|the (?:baby|kids|children|child))|someone|somebody|"
          r"people|everyone)\b"),
    _rule("others.want_dead", OTHERS, "moderate", _OTHERS,
          "wishes someone dead",
          r"\bi (?:want|wanted|wish|wished) (?:him|her|them|he|she|they) "
          r"(?:was |were |)(?:dead|gone for good|to die|to suffer)\b"),
    _rule("others.thoughts", OTHERS, "moderate", _OTHERS,
          "has thoughts of hurting someone",
          r"\b(?:thought|thoughts|thinking|think|fantasi[sz]\w*|dream\w*|imagin\w*|"
          r"pictur\w*)(?: about| of)? (?:hurting|killing|stabbing|attacking|strangling|"
          r"harming|shooting|punching|beating) (?:him|her|them|someone|somebody|people|(?:my (?:ex|"
          r"boss|manager|dad|father|mum|mother|brother|sister|husband|wife|"
          r"partner|neighbour|landlord|son|daughter|colleague|stepdad|stepmum)|"
          r"the (?:baby|kids|children|child)))\b"),
    _rule("others.weapon", OTHERS, "high", _OTHERS,
          "describes a weapon, approach or revenge",
          r"\b(?:put|keep|keeping|carry|carrying|bought|brought|taking|hid|"
          r"hidden|got) (?:a|my|the) (?:knife|gun|weapon|machete|bat|blade) "
          r"(?:in|on|under|with|for|ready|to)\b|\bmake (?:him|her|them) "
          r"pay\b|\bwait(?:ing)? (?:for (?:him|her|them) (?:outside|after)|"
          r"outside (?:his|her|their) (?:house|flat|work|place))\b", person="any"),
    _rule("others.fallback", OTHERS, "moderate", _OTHERS,
          "speaks of violence towards someone (broad net)",
          r"\b(?:kill|killing|murder\w*|stab\w*|strangl\w*|shoot|shooting|batter\w*|hurt|hurting|"
          r"attack\w*|punch\w*|smash\w*|throttl\w*) (?:him|her|them|someone|somebody|people|that "
          rf"\w+|{_TARGETS})\b(?! (?:feelings|pride))", person="explicit"),
)
# fmt: on

# --- generalisation pass (version 2, 2026-11-22): broader, principled patterns -----------------
# Written against our own fresh sentences (tests/analysers/test_risk_generalisation.py), not
# against any evaluation set. Each pattern combines two parts (an intent frame, a harm verb, a
# person or body part; a means and a preparation act; indifference and a risky outcome) so that
# new wording is caught without listing sentences.
_BODY = (
    r"(?:arms?|forearms?|legs?|wrists?|thighs?|skin|stomach|belly|hips?|chest|body|ankles?|"
    r"shoulders?)"
)
_OWN_INTENT = (
    r"(?:i(?:'ll| will| could| might| would|'d| shall)|i(?:'m| am| have|'ve| do| really| just|"
    r" honestly| swear| so)?(?: [\w']+){0,3}? (?:going to|gonna|goin to|want to|wanna|like to|"
    r"feel like|mind to|mean to|intend to|plan to|could|will|'ll))(?: [\w']+)?"
)
_VIOLENT_VERB = (
    r"(?:glass|bottle|stab|shank|knife|shoot|batter|beat|bash|smash|break|snap|deck|floor|lamp|"
    r"end|finish|waste|"
    r"thump|leather|wallop|belt|punch|hit|slap|kick|strangle|throttle|choke|kill|murder|hurt|"
    r"harm|attack|kneecap|torch|maim|cripple)"
)
_VICTIM = (
    r"(?:him|her|them|you|that \w+|the lot of (?:them|you)|everyone|every one of them|"
    r"(?:my|his|her|their|that|the) (?:[\w']+ ){0,2}?(?:ex|boss|manager|dad|father|mum|mother|"
    r"brother|sister|husband|wife|partner|neighbour|neighbor|landlord|son|daughter|colleague|"
    r"stepdad|stepmum|fella|bloke|lad|guy|man|woman|girl|boy|teacher|friend|mate|wean|kid))"
)
_HIT_BODY = (
    r"(?:(?:his|her|their|[a-z]+'s) (?:face|head|knees?|kneecaps?|legs?|jaw|neck|nose|teeth|"
    r"skull|arms?|ribs|throat))"
)
_VIOLENT_ING = (
    r"(?:hurting|killing|stabbing|attacking|strangling|harming|shooting|punching|beating|"
    r"smashing|hitting|kicking|choking|throttling|battering|bashing|glassing|drowning|"
    r"slitting|caving|slapping|putting my hands)"
)
_MEANS = (
    r"(?:tablets|pills|paracetamol|painkillers|meds|medication|sleeping pills|insulin|"
    r"antidepressants|dose|rope)"
)
_WEAPON = (
    r"(?:knife|blade|bat|baseball bat|hammer|crowbar|machete|axe|gun|brick|screwdriver|"
    r"golf club|iron bar|wrench|spanner|shotgun|rifle|air rifle|pistol|firearm|knuckleduster)"
)
_SH_TOOL = (
    r"(?:razor|blade|knife|scissors|lighter|compass|sharpener|glass|lit cigarette|cigarette|"
    r"needle|pin|safety pin|kettle|iron|belt|buckle|lighter|match|matches)"
)
_THEIR_THING = (
    r"(?:(?:his|her|their|[a-z]+'s) (?:\w+ )?(?:windscreen|window|windows|car|van|door|house|"
    r"flat|face|head|tyres))"
)

# fmt: off
_GENERAL_RULES: Final[tuple[RiskRule, ...]] = (
    _rule("si.self_kill_slang", SI, "moderate", _CSSRS_Q2,
          "speaks of killing themself in everyday words",
          r"\b(?:top(?:ping|ped)?|off(?:ing|ed)?|do(?:ing)? away with|do(?:ing)? in|finish(?:ing)?"
          r" off|end(?:ing)?) myself\b(?! up| off| out)|\bdo(?:ing)? myself in\b|\bcheck(?:ing|ed)?"
          r" out (?:for good|early|permanently|of (?:life|this world))\b"),
    _rule("si.means_research", SI, "high", _CSSRS_Q3_6,
          "describes looking into a dose or a way to die",
          r"\b(?:looked|looking|look|checked|checking|check|googl\w*|research\w*|read(?:ing)? up"
          r"|search\w*|worked out|working out|figur\w* out)\b[^.?!]{0,60}?\b(?:lethal|fatal|"
          r"deadly|overdose|how many (?:of )?(?:my |the |those )?[\w ]{0,20}?" + _MEANS + r"|"
          r"(?:quickest|easiest|best|painless|surest|quietest|quick|quiet) ways? (?:to go|to die|"
          r"out|to do it|to end it))\b|\b(?:lethal|fatal|deadly) (?:dose|amount|quantity)\b|"
          r"\b(?:quickest|easiest|painless|surest|quietest) ways? (?:to go|to die|out|to do it|"
          r"to end it)\b", person="any"),
    _rule("si.stockpile", SI, "high", _CSSRS_Q3_6,
          "describes keeping a supply of medication or means back",
          r"\b(?:stash|supply|hoard|stockpile|collection|store|pile|box|bag)\b[^.?!]{0,15}\bof "
          r"(?:my )?" + _MEANS + r"\b[^.?!]{0,40}\b(?:put by|put away|set aside|hidden|hid|saved|"
          r"for when|just in case|in case|ready|kept|keeping|in my \w+)\b|\b" + _MEANS
          + r"\b[^.?!]{0,30}\b(?:put by|put away|set aside|for when i|hidden away|saved up)\b",
          person="any"),
    _rule("si.set_date", SI, "high", _CSSRS_Q3_6,
          "describes setting a date, a place or goodbye messages (possible preparation)",
          r"\b(?:picked|set|chosen|chose|decided on|fixed) (?:a|the) (?:date|day)\b(?! for| of"
          r" the| to (?:move|go|start))|\bgoodbye (?:messages?|texts?|videos?|emails?|cards?|"
          r"posts?|letters?|notes?)\b|\b(?:worked out|figured out|decided|know|planned|chosen|"
          r"picked) (?:exactly )?(?:where|when|how) (?:i'd|i would|i'll|i will|i'm going to)"
          r" (?:do it|end it|end things)\b", person="any"),
    _rule("si.edge", SI, "high", _CSSRS_Q3_6,
          "describes looking over an edge or drop (possible rehearsal)",
          r"\b(?:looked|looking|stared|staring|peered|peering|lean(?:ed|t|ing)|climb\w*) (?:over|"
          r"down from|off|onto|on to|up on) (?:the )?(?:edge|side|railings?|parapet|balcony|"
          r"bridge|roof|cliff|top floor|ledge)\b|\b(?:stood|standing|sat|sitting) on (?:the )?"
          r"(?:ledge|parapet|railings?|roof edge|edge of the (?:roof|bridge|cliff|car park))\b",
          person="any"),
    _rule("passive.sleep_forever", PASSIVE, "low", _CSSRS_Q1,
          "wishes to sleep and not come back, or would not be sorry to go",
          r"\b(?:go(?:ing)? to sleep|fall(?:ing)? asleep|drift(?:ing)? off|close my eyes)\b "
          r"(?:and|to) (?:just )?(?:(?:not|never) (?:come back|wake|wake up|come round|be here)|"
          r"stay asleep|be gone)\b|\b(?:not|n't|never|no) be (?:sorry|sad|bothered) to "
          r"(?:go|die|be gone|"
          r"not wake)\b(?! (?:home|back|out|to|there|on|in|and see))|\bnot sorry to go\b(?! "
          r"(?:home|back|out|to|there))", person="any"),
    _rule("passive.burden_metaphor", PASSIVE, "low", _README,
          "describes themself as a weight or drain on others (burdensomeness)",
          r"\b(?:weight|millstone|albatross|anchor) (?:round|around) [\w' ]{1,20}?necks?\b|\b(?:"
          r"drain|burden|weight|strain) (?:on|to) (?:every\w*|my (?:family|kids|partner|wife|"
          r"husband|mum|dad|parents|friends)|them all|you all|y'all|people)\b|\b(?:i'm|i am|"
          r"i've become|i feel like) (?:such |just |nothing but |only )?(?:a )?(?:waste of "
          r"(?:space|oxygen|air|skin)|dead weight|millstone)\b"),
    _rule("passive.out_of_picture", PASSIVE, "low", _README,
          "says others would cope better if they were gone",
          r"\bif i (?:was|were|'m|am|got) (?:just )?(?:out of the (?:picture|way)|gone|off the "
          r"scene|six feet under|in the ground|out of (?:their|everyone's) (?:lives|hair|way))\b"
          r"|\b(?:easier|better|simpler|kinder|a relief|for the best|fine|okay)\b[^.?!]{0,30}"
          r"\bif i (?:just )?(?:didn't|did not|never|don't|wouldn't) (?:come (?:home|back)|make "
          r"it (?:home|back)|wake up|get up|turn up|survive)\b"),
    _rule("passive.use_of_me", PASSIVE, "low", _CSSRS_Q1,
          "questions the use of being alive",
          r"\b(?:what's|what is|whats) the (?:use|point|good) (?:of|in) (?:me )?(?:even )?"
          r"(?:being here|being alive|living|carrying on|going on|existing|me being (?:here|"
          r"alive|around))\b|\bwhy am i (?:even |still )*(?:here|alive|around)\b"),
    _rule("passive.risky_indifference", PASSIVE, "low", _README,
          "indifference to dying alongside risky behaviour",
          r"\b(?:don't|do not|didn't|did not|wouldn't|won't|couldn't|never) (?:really |even |much"
          r" )?(?:care|mind|bother|give a \w+)\b(?: \w+)? (?:if|whether|that) (?:i|it|the car|"
          r"something|anything)\b[^.?!]{0,60}?\b(?:die|died|dying|dead|crash\w*|wrap\w*|tree|"
          r"wall|hit|made it (?:back|home|out)|make it (?:back|home|out)|come back|came back|"
          r"come home|woke|wake|kill\w*|live|lived|"
          r"survive\w*|come off|came off|get hurt|got hurt|drown\w*|end up|ends up|killed|(?:fall|"
          r"fell|go|went) (?:in|off|under|over)|go under)\b|\bhop"
          r"(?:e|es|ing|ed) (?:that )?(?:something|a car|a bus|a lorry|a truck|someone|it|a "
          r"train)(?: would| will)? (?:hits?|gets?|kills?|takes?|runs? me over) me\b|\bif it "
          r"(?:gets|kills|takes) me,? (?:then )?(?:it|so be it)\b|\bif i (?:come|came|go|went|"
          r"crash|die|fall)(?: off)?,? (?:then )?(?:i (?:come|came|go|went|crash|die|fall)"
          r"|so be it|that's that|whatever)\b", person="any"),
    _rule("sh.body_injury", SELF_HARM, "moderate", _NICE,
          "describes injuring their own body (cutting, burning, scraping, carving)",
          r"\b(?:cut|cuts|cutting|slash\w*|carv\w*|scrap(?:e|ed|ing)|scratch\w*|gouge\w*|slic\w*|"
          r"scor(?:e|ed|ing)|"
          r"burn\w*|scald\w*|nick\w*|stab\w*|hack\w*|dig\w*|jab\w*|pierc\w*) (?:at |into |up "
          r"|open |away at )?my (?:own )?" + _BODY + r"\b|\b(?:tak(?:e|es|"
          r"ing)|took|put|putting|used|using|use|hold|held|holding|press\w*) (?:a |the |my )?"
          + _SH_TOOL + r"s? (?:to|on|against|across|into|over) my (?:own )?" + _BODY + r"\b|\b"
          + _SH_TOOL + r"s?\b[^.?!]{0,25}\b(?:to|on|against|across|into|over|in) my (?:own )?"
          r"(?:[\w ]{0,12})?" + _BODY + r"\b"),
    _rule("sh.tool_on_body", SELF_HARM, "moderate", _NICE,
          "describes using a sharp or hot object on their own body",
          r"\bmy (?:own )?" + _BODY + r"\b[^.?!]{0,20}\bwith (?:a|an|the|my|some) (?:\w+ )?(?:"
          + _SH_TOOL + r"|key|nails?|pen|compass|bottle top)\b|\bbeen at (?:them|it|my \w+) "
          r"(?:again )?with (?:a|an|the|my) (?:\w+ )?" + _SH_TOOL + r"\b"),
    _rule("sh.did_my_arms", SELF_HARM, "moderate", _NICE,
          "describes 'doing' their arms or legs (self-harm slang) or injuries they caused",
          r"\b(?:did|done|do|doing) my (?:arms?|legs?|wrists?|thighs?)\b(?=[^.?!]{0,60}\b(?:again|"
          r"last night|helps?|only thing|release|relief|cope|when it gets|to feel|punish|urges?|"
          r"nobody|no one|hide))|\b(?:marks|scars|cuts|burns|bruises|scratches|wounds)\b"
          r"[^.?!]{0,30}\b(?:are|were|was|is|came) (?:from|by) me\b|\bdid (?:it|that|this|them|"
          r"those) to myself\b|\bi did (?:them|those|these) myself\b", person="any"),
    _rule("sh.punish_self", SELF_HARM, "moderate", _NICE,
          "describes hurting or depriving themself as punishment",
          r"\b(?:to|as a way to|so i could|just to|as) (?:punish|hurt) myself\b|\bpunish(?:ing|ed)?"
          r" myself (?:by|with)\b|\b(?:slam\w*|bang\w*|smash\w*|crush\w*|trap\w*) my (?:hands?|"
          r"fists?|fingers|head|arms?) (?:in|against|into|on) (?:the |a )?(?:door|wall|table|desk|"
          r"floor|mirror|window)\b(?=[^.?!]{0,50}\b(?:angry|hate|punish|on purpose|myself|when i"
          r"|every time|again))"),
    _rule("others.intent", OTHERS, "moderate", _OTHERS,
          "states an intent or wish to injure someone",
          r"\b" + _OWN_INTENT + r"(?: \w+){0,2}? " + _VIOLENT_VERB + r"(?: in)? (?:"
          + _VICTIM + r"|" + _HIT_BODY + r")\b(?!'s (?:feelings|pride|chances)| (?:up|back|a "
          r"text|an email|a message|a line|feelings|pride|chances|heart|record|concentration|"
          r"mood))|\b" + _OWN_INTENT + r"(?: \w+){0,2}? (?:break|smash|snap|"
          r"cave|bash|kick) " + _HIT_BODY + r"\b"),
    _rule("others.weapon_on", OTHERS, "high", _OTHERS,
          "describes a weapon meant for someone, or going to them armed",
          r"\b(?:tak(?:e|ing)|took|put|putting|use|using|bring|bringing|brought|carry|carrying|"
          r"got|have|'ve|keep|kept|grab\w*|b(?:ought|uy|uying)|sharpen\w*|hid|hidden|stash\w*) "
          r"(?:a |the |my |an )?" + _WEAPON + r"\b[^.?!]{0,40}?"
          r"\b(?:to|on|at|for|into|across|through) (?:" + _VICTIM + r"|" + _HIT_BODY + r"|"
          + _THEIR_THING + r")\b|\b" + _OWN_INTENT + r"(?: [\w']+){0,4}? (?:" + _VICTIM
          + r")\b[^.?!]{0,40}\bwith (?:a|an|the|my|his|her|[a-z]+'s)(?: [\w']+){0,2}? "
          + _WEAPON + r"\b|\b"
          + _WEAPON + r"\b[^.?!]{0,60}\b(?:us(?:e|ing) it on|tak(?:e|ing) it to|for when (?:he|"
          r"she|they)|if (?:he|she|they) (?:come|comes|shows?|turns?|tries))\b|\b(?:going|go|"
          r"went|drive|drove|driving|head(?:ing)?) (?:round|over|down)(?: there| to (?:his|her|"
          r"their)(?: \w+)?)? with (?:a|the|my|an) " + _WEAPON + r"\b", person="any"),
    _rule("others.approach", OTHERS, "moderate", _OTHERS,
          "describes watching or waiting at someone's home (approach behaviour)",
          r"\b(?:sat|sitting|sit|waited|waiting|wait|parked|parking|stood|standing|hanging "
          r"around|hung around|lurk\w*|watch\w*) (?:outside|at|by|near|across from|opposite) "
          r"(?:his|her|their|that \w+'s|[a-z]+'s) (?:house|flat|door|work|place|car|office|"
          r"yard)\b(?=[^.?!]{0,80}\b(?:till|until|all night|at night|in the dark|in the morning|"
          r"hours|with (?:a|the|my)|for (?:him|her|them) to (?:come|leave)|again)\b)",
          person="any"),
    _rule("others.lasting_harm", OTHERS, "moderate", _OTHERS,
          "states an aim to injure someone lastingly or to run them down",
          r"\bmake sure (?:he|she|they) (?:never|can't|won't|doesn't|cannot) (?:\w+ )?(?:walk|"
          r"talk|see|wake|breathe|bother|hurt|touch|look)\w*\b|\bput (?:him|her|them) in "
          r"(?:hospital|the ground|a wheelchair|the grave|intensive care|a box)\b|\b(?:run|"
          r"running|ran|ram|ramming|drive|driving) (?:him|her|them|(?:my|his|her|that) "
          r"[\w' ]{1,25}?) (?:off the road|over)\b|\b(?:hands?|fingers) (?:round|around) "
          r"(?:his|her|their|someone's|[a-z]+'s) (?:throat|neck)\b", person="any"),
    _rule("others.imagery", OTHERS, "moderate", _OTHERS,
          "has violent images or thoughts about a person",
          r"\b(?:thought|thoughts|thinking|think|fantasi[sz]\w*|dream\w*|imagin\w*|pictur\w*|"
          r"visuali[sz]\w*|see myself|playing out|play out)\b(?: about| of)?(?: myself)?(?: just)?"
          r" " + _VIOLENT_ING + r"(?: [\w']+){0,2}? (?:him|her|them|his|their|someone|somebody|"
          r"[a-z]+'s|" + _VICTIM + r")\b"),
    _rule("si.means_ready", SI, "high", _CSSRS_Q3_6,
          "dwells on, counts or readies medication or another means",
          r"\b(?:look(?:ed|ing)? at|star(?:ed|ing|e) at|count(?:ed|ing)?|lin(?:ed|ing|e) up|"
          r"hold(?:ing)?|held) (?:the |my |all the |all my |a handful of )?(?:\w+ )?" + _MEANS
          + r"\b|\b" + _MEANS + r"\b[^.?!]{0,20}\b(?:sorted|ready|lined up|set aside|waiting)"
          r"\b[^.?!]{0,12}\b(?:for|by|on) (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
          r"tonight|tomorrow|the weekend|when|after|the day)\b", person="any"),
    _rule("si.method_location", SI, "high", _CSSRS_Q3_6,
          "dwells at a place associated with suicide (rail, height, water)",
          r"\b(?:platform|railway|train tracks|level crossing|motorway bridge|cliff|"
          r"multi-?storey|rooftop|roof|overpass|flyover|pier|harbour wall)\b[^.?!]{0,60}\b(?:"
          r"thinking about (?:it|jumping|stepping|doing it|going)|for ages|a long time|trains? "
          r"(?:go|going|went) past|wondering|how easy|tempted|could just)\b", person="any"),
    _rule("passive.fine_without_me", PASSIVE, "low", _README,
          "says others would manage fine without them (burdensomeness)",
          r"\b(?:fine|grand|better|okay|ok|alright|all right|happier|easier|great|just fine)"
          r"(?: off)? without me(?: around| here| in the way| in the picture)?\b(?! (?:for|at|in|"
          r"on|while|when|this|today|tomorrow|tonight|next))"),
    _rule("passive.want_out", PASSIVE, "low", _CSSRS_Q1,
          "wants out of life",
          r"\b(?:want|wanted|wanna|need|needed) (?:out of|to get out of|to escape|to leave) "
          r"(?:this life|life|this world|it all|everything|this existence|being alive)\b"),
    _rule("others.see_dead", OTHERS, "moderate", _OTHERS,
          "wishes to see someone dead or suffering",
          r"\b(?:want|wanted|wish|wished|'d like|would like|love|hope|hoping) (?:to see )?(?:him|"
          r"her|them|that \w+|my \w+) (?:was |were |to be |)(?:dead|gone for good|die|in the "
          r"ground|six feet under|suffer|to suffer|in hospital|in a box)\b"),
    _rule("sh.until_hurt", SELF_HARM, "moderate", _NICE,
          "describes injuring themself until they bleed or bruise",
          r"\bmy (?:[\w ]{0,20})?(?:arms?|legs?|wrists?|thighs?|skin|stomach|knuckles|fingers|"
          r"hands?|lips?|face|head)\b[^.?!]{0,40}\b(?:till|until|so) (?:it|they|i) (?:bleed|"
          r"bleeds|bled|bruise|bruised|blister\w*|scarred)\b|\b(?:till|until) my \w+ (?:bleed|"
          r"bled|bleeds|bruise|bruised|split|blister\w*)\b"),
    _rule("si.means_enough", SI, "high", _CSSRS_Q3_6,
          "asks or knows whether a means would be enough (lethality)",
          r"\b" + _MEANS + r"\b[^.?!]{0,30}\b(?:would|will|could|might) (?:\w+ )?(?:do the job|"
          r"do it|be enough|finish me|kill me|work)\b|\b(?:enough|which|how much|how many)\b"
          r"[^.?!]{0,20}\b" + _MEANS + r"\b[^.?!]{0,20}\b(?:do the job|to do it|to finish me|"
          r"to kill me|to not wake up)\b", person="any"),
    _rule("si.ligature", SI, "high", _CSSRS_Q3_6,
          "describes something round their neck or a ligature point",
          r"\b(?:belt|rope|cord|scarf|tie|ligature|cable|lead|sheet|dressing gown cord|noose|"
          r"string|wire) (?:round|around) my neck\b", person="any"),
    _rule("si.place_drawn", SI, "high", _CSSRS_Q3_6,
          "keeps looking at or is drawn to a place associated with suicide",
          r"\b(?:eye(?:ing|d)?(?: up)?|star(?:ed|ing|e) (?:at|down at|over)|drawn to|keep going "
          r"back to|keep (?:looking|staring) at|thinking about) (?:the |that )?(?:bridge|cliff|"
          r"cliffs|tracks|railway line|platform edge|roof|multi-?storey|river|motorway|ledge)\b"
          r"(?! club| game| party)", person="any"),
    _rule("si.for_after", SI, "moderate", _CSSRS_Q3_6,
          "arranges things 'for after' or 'in case anything happens to me' (possible preparation)",
          r"\b(?:in case (?:anything|something) (?:happens|happened|were to happen) to me|for "
          r"(?:after|when) i'm (?:gone|not here|dead)|(?<!if )when i'm gone\b|for after\b(?= *"
          r"(?:$|[.,;!?])))"),
    _rule("passive.let_it_take_me", PASSIVE, "low", _CSSRS_Q1,
          "lets illness or danger take them, or neglects care on purpose",
          r"\blet (?:it|them|the \w+|god|nature|fate) (?:take|kill|get|finish|have) me\b|\b(?:"
          r"skipp\w*|stopp\w*|not taking|miss(?:ed|ing)|quit) (?:taking )?my [\w ]{0,12}(?:insulin|"
          r"meds|medication|tablets|inhaler|dialysis)\b[^.?!]{0,20}\bon purpose\b|\b(?:go to "
          r"sleep|sleep|fall asleep|drift off) (?:forever|for good|permanently)\b|\bif i "
          r"(?:hit|crash|die|come off|fall|go|wrap)\w*[^.?!,]{0,20},? (?:so what|who cares|"
          r"whatever|so be it|oh well|good riddance)\b", person="any"),
)
# fmt: on

# fmt: off
_NEEDLES: Final[dict[str, tuple[str, ...]]] = {
    "si.self_kill_slang": ("myself", "check"),
    "si.means_enough": ("tablet", "pill", "paracetamol", "painkiller", "meds", "medication",
                        "insulin", "antidepressant", "dose", "rope"),
    "si.ligature": ("my neck",),
    "si.place_drawn": ("bridge", "cliff", "tracks", "railway", "platform", "roof", "storey",
                       "river", "motorway", "ledge"),
    "si.for_after": ("in case", "for after", "for when", "when i'm gone"),
    "passive.let_it_take_me": ("let ", "on purpose", "sleep", "drift off", "if i"),
    "sh.tool_on_body": ("with", "been at"),
    "si.means_ready": ("tablet", "pill", "paracetamol", "painkiller", "meds", "medication",
                       "insulin", "antidepressant", "dose", "rope"),
    "si.method_location": ("platform", "railway", "tracks", "crossing", "bridge", "cliff",
                           "storey", "roof", "overpass", "flyover", "pier", "harbour"),
    "passive.fine_without_me": ("without me",),
    "passive.want_out": ("out of", "escape", "leave"),
    "others.see_dead": ("dead", "gone for good", "die", "ground", "six feet", "suffer",
                        "hospital", "a box"),
    "sh.until_hurt": ("till", "until", "so it", "so they", "so i"),
    "si.means_research": ("lethal", "fatal", "deadly", "overdose", "how many", "way"),
    "si.stockpile": ("tablet", "pill", "paracetamol", "painkiller", "meds", "medication",
                     "insulin", "antidepressant", "dose", "rope"),
    "si.set_date": ("date", "day", "goodbye", "do it", "end it", "end things"),
    "si.edge": ("edge", "side", "railing", "parapet", "balcony", "bridge", "roof", "cliff",
                "top floor", "ledge"),
    "passive.sleep_forever": ("sleep", "drift", "close my eyes", "sorry", "sad", "bothered"),
    "passive.burden_metaphor": ("neck", "drain", "burden", "weight", "strain", "waste of",
                                "millstone"),
    "passive.out_of_picture": ("if i",),
    "passive.use_of_me": ("the use", "the point", "the good", "why am i"),
    "passive.risky_indifference": ("care", "mind", "bother", "give a", "hop", "if it", "if i"),
    "sh.body_injury": ("my",),
    "sh.did_my_arms": ("my", "from me", "by me"),
    "sh.punish_self": ("my",),
    "others.intent": ("end", "finish", "waste", "glass", "bottle", "stab", "shank", "knife",
                      "shoot", "batter", "beat",
                      "bash", "smash", "break", "snap", "deck", "floor", "lamp", "thump",
                      "leather", "wallop", "belt", "punch", "hit", "slap", "kick", "strangle",
                      "throttle", "choke", "kill", "murder", "hurt", "harm", "attack", "kneecap",
                      "torch", "maim", "cripple"),
    "others.weapon_on": ("knife", "blade", "bat", "hammer", "crowbar", "machete", "axe", "gun",
                         "brick", "screwdriver", "golf club", "wrench", "spanner", "rifle",
                         "pistol", "firearm", "knuckleduster"),
    "others.approach": ("outside", "at ", "by ", "near", "across from", "opposite"),
    "others.lasting_harm": ("make sure", "put ", "off the road", "over", "round"),
    "others.imagery": ("hurting", "killing", "stabbing", "attacking", "strangling", "harming",
                       "shooting", "punching", "beating", "smashing", "hitting", "kicking",
                       "choking", "throttling", "battering", "bashing", "glassing", "drowning",
                       "slitting", "caving", "slapping", "putting my hands"),
    "si.kill_myself": ("kill",),
    "si.third_person": ("himself", "herself", "themsel"),
    "si.end_life": ("end", "life"),
    "si.end_it": ("end",),
    "si.ending_things": ("end",),
    "si.suicide": ("suicid",),
    "si.attempt": ("suicid", "kill", "end", "life"),
    "si.overdose": ("overdos", "od'd"),
    "si.method_research": ("look", "googl", "research", "read up"),
    "si.means": ("tablet", "pill", "paracetamol", "painkiller", "rope", "meds", "medication"),
    "si.preparation": ("note", "letter", "will", "affairs", "my things", "my stuff", "belongings"),
    "si.method_place": (
        "hang",
        "noose",
        "jump",
        "in front of",
        "bridge",
        "ledge",
        "edge",
        "cliff",
        "tracks",
    ),
    "si.unsafe": ("safe",),
    "si.not_here_by": ("won't be",),
    "si.method_vehicle": ("driv", "crash", "steer", "swerv"),
    "si.means_contemplated": ("pills", "tablets", "knife", "rope", "blade", "razor", "noose"),
    "si.took_pills": ("pills", "tablets", "meds", "medication", "paracetamol", "painkillers"),
    "si.know_how": ("do it",),
    "si.will_end_it": ("end it",),
    "si.do_something": ("myself", "stupid"),
    "passive.happier_gone": ("if i",),
    "passive.want_it_to_stop": ("to stop", "to end", "be over", "no way out", "give up",
                                "giving up"),
    "passive.cant_take_it": ("any more", "anymore"),
    "passive.nice_not_exist": ("exist", "be here", "dead", "die", "disappear", "wake"),
    "sh.until_bleed": ("until", "till", "so it", "so they"),
    "si.close_to_it": ("close to", "nearly", "almost", "ready", "through with it", "edge of"),
    "si.deserve_to_die": ("deserve",),
    "passive.hope_ill": ("hop", "recover"),
    "passive.without_me": ("without me",),
    "passive.fallback_death": ("die", "dying", "dead", "death", "alive", "live for", "disappear"),
    "sh.on_purpose": ("on purpose",),
    "sh.skin": ("skin",),
    "sh.fallback": ("bleed", "bled", "cutting", "blade", "razor"),
    "others.fallback": ("kill", "murder", "stab", "strangl", "shoot", "batter", "hurt", "attack",
                        "punch", "smash", "throttl"),
    "si.method_words": ("engine", "exhaust", "hosepipe", "monoxide", "painless", "ways to",
                        "easy it would", "step off", "jump off", "throw myself", "overdose on",
                        "into the", "drown"),
    "si.voices": ("voice",),
    "passive.not_existing": ("wake", "waking", "exist", "around", "here", "alive", "living"),
    "passive.no_future": ("future",),
    "passive.take_me": ("take", "join", "be with"),
    "passive.bother_living": ("bother", "not to", "to not", "never to"),
    "passive.wish_dead": ("wish",),
    "passive.wish_not_exist": ("wish",),
    "passive.want_to_die": ("die", "dead", "disappear", "exist", "not be", "sleep"),
    "passive.not_want_live": ("want to",),
    "passive.not_wake": ("wake", "woke"),
    "passive.easier_gone": ("if i",),
    "passive.better_off_without_me": ("better off",),
    "passive.better_off_dead": ("better off",),
    "passive.no_one_would_miss": ("no one", "no-one", "nobody"),
    "passive.burden": ("burden",),
    "passive.no_point": ("point", "bother"),
    "passive.not_worth": ("worth", "live for", "reason to"),
    "passive.tired_of_life": ("tired of", "sick of", "done with"),
    "passive.indifferent": ("care", "mind"),
    "passive.welcome_death": (
        "die",
        "dying",
        "dead",
        "death",
        "wake",
        "woke",
        "crash",
        "hit me",
        "killed",
        "not here",
        "gone for good",
        "lorry",
        "truck",
        "car",
        "bus",
        "train",
        "plane",
        "van",
        "happen",
        "if i",
    ),
    "passive.thoughts_death": ("dying", "death", "dead", "not being", "waking"),
    "passive.disappear": ("disappear", "vanish", "fade away", "exist"),
    "passive.cant_go_on": ("can't",),
    "sh.self_injury": ("myself",),
    "sh.word": ("self",),
    "sh.cutting": ("cut", "burn"),
    "sh.used_to": ("used to",),
    "sh.head_bang": ("head", "wall"),
    "sh.urges": ("urge", "razor", "blade"),
    "others.threat": (
        "kill",
        "murder",
        "stab",
        "strangle",
        "throttle",
        "shoot",
        "batter",
        "hurt",
        "attack",
        "punch",
        "beat",
        "run over",
    ),
    "others.want_dead": ("dead", "die", "suffer", "gone for good"),
    "others.thoughts": ("hurting", "killing", "stabbing", "attacking", "strangling", "harming",
                        "shooting", "punching", "beating"),
    "others.weapon": ("knife", "gun", "weapon", "machete", "bat", "blade", "pay", "wait"),
}
# fmt: on
#: The rules with their needles attached, in screening order.
RULES: Final[tuple[RiskRule, ...]] = tuple(
    dataclasses.replace(rule, needles=_NEEDLES[rule.id]) for rule in (*_RULES, *_GENERAL_RULES)
)
#: Every needle of every rule (checked once per utterance).
ALL_NEEDLES: Final = frozenset(n for needles in _NEEDLES.values() for n in needles)
