"""Active suicidal ideation rules for :mod:`alliancelens.analysers.risk`.

Sources: C-SSRS screener Q2 (non-specific active thoughts) and Q3-Q6 (method, plan, preparatory
behaviour), clinical-reference §10.1 [Posner2011]. Each rule names its statement severity (a
rating of the words, never of the person: NICE NG225, clinical-reference §10.2) and the needles
that let the screen skip it cheaply. Patterns run on lower-cased text with straight apostrophes;
the wording is our own, nothing is copied from any data set. See docs/analysers/risk.md.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._risk_rule import (
    SI,
    SRC_CSSRS_Q2,
    SRC_CSSRS_Q3_6,
    RiskRule,
    rule,
)

__all__ = ["RULES"]

_MEANS = (
    r"(?:tablets|pills|paracetamol|painkillers|meds|medication|sleeping pills|insulin|"
    r"antidepressants|dose|rope)"
)

# The rule table is kept unformatted: one rule per block reads best.
# fmt: off
_FIRST_PASS: Final[tuple[RiskRule, ...]] = (
    rule("si.kill_myself", SI, "moderate", SRC_CSSRS_Q2,
         "speaks of killing themself",
         r"\bkill(?:ing|ed|s)? myself\b",
         needles=("kill",)),
    rule("si.third_person", SI, "moderate", SRC_CSSRS_Q2,
         "speaks of someone else killing or hurting themself",
         r"\b(?:kill(?:ing|ed|s)?|hurt(?:ing|s)?|harm(?:ing|ed|s)?|cut(?:ting|s)?) "
         r"(?:him|her|them)sel(?:f|ves)\b", person="third",
         needles=("himself", "herself", "themsel")),
    rule("si.end_life", SI, "moderate", SRC_CSSRS_Q2,
         "speaks of ending their life",
         r"\bend(?:ing|ed|s)? (?:my (?:own )?life|it all)\b|\b(?:take|taking|"
         r"took) my (?:own )?life\b", person="any",
         needles=("end", "life")),
    rule("si.end_it", SI, "moderate", SRC_CSSRS_Q2,
         "speaks of 'ending it'",
         r"\b(?:want(?:ed)? to|going to|gonna|plan(?:ning)? to|thinking "
         # v18: "some nights i think about ending it", "the thoughts of ending it are back"
         r"(?:about|of)|thought (?:about|of)|think(?:s)? (?:about|of)|thoughts (?:about|of)|"
         r"ready to|decided to|just) "
         r"end(?:ing)? (?:it|things|everything)\b(?! (?:with|between|off))", person="any",
         needles=("end",)),
    rule("si.ending_things", SI, "moderate", SRC_CSSRS_Q2,
         "speaks of ending things",
         r"\bend(?:ing)? (?:things|everything)\b(?! (?:with|between|off|on|there|early))",
         person="any",
         needles=("end",)),
    rule("si.suicide", SI, "moderate", SRC_CSSRS_Q2,
         "uses the word suicide/suicidal about themself",
         r"\bsuicid(?:e|al|ality)\b(?! (?:prevention|awareness|helpline|"
         r"hotline|line|rates?|statistics|charity|campaign|training|course|"
         r"risk assessment))", person="any",
         needles=("suicid",)),
    rule("si.attempt", SI, "high", SRC_CSSRS_Q3_6,
         "describes a suicide attempt",
         r"\b(?:attempt(?:ed)?|tried|try) (?:suicide|to (?:kill myself|"
         r"end (?:it|my life)|take my (?:own )?life))\b",
         needles=("suicid", "kill", "end", "life")),
    rule("si.overdose", SI, "high", SRC_CSSRS_Q3_6,
         "describes an overdose",
         r"\b(?:overdos(?:e|ed|ing)|od'd)\b", person="any",
         needles=("overdos", "od'd")),
    rule("si.method_research", SI, "high", SRC_CSSRS_Q3_6,
         "describes researching a method",
         r"\b(?:looked up|look up|looking up|googled|researched|research(?:ing)?|"
         r"read up on) (?:how (?:many|much|long|to)|ways to|the best way|"
         r"what (?:dose|it would take))(?=[^.?!]{0,60}\b(?:tablets|pills|paracetamol|"
         r"painkillers|meds|medication|dose|lethal|die|dying|dead|kill|overdose|rope|hang|jump|"
         r"bridge|drown|bleed|take|survive|do it|end it)\b)", person="any",
         needles=("look", "googl", "research", "read up")),
    rule("si.means", SI, "high", SRC_CSSRS_Q3_6,
         "describes gathering or counting means",
         r"\b(?:counted|counting|saving up|saved up|stockpil\w*|hoard\w*|"
         r"collect\w*)\b[^.?!]{0,40}\b(?:tablets|pills|paracetamol|painkillers|"
         r"sleeping pills|rope|meds|medication)\b|\b(?:tablets|pills|paracetamol|"
         r"painkillers|rope)\b[^.?!]{0,60}\b(?:counted|how many it would "
         r"take|enough to)\b", person="any",
         needles=("tablet", "pill", "paracetamol", "painkiller", "rope", "meds", "medication")),
    rule("si.preparation", SI, "high", SRC_CSSRS_Q3_6,
         "describes possible preparatory acts",
         r"\b(?:wr(?:ote|itten|iting) (?:a |my |some )?(?:suicide |goodbye "
         r")?(?:note|letters?) (?:to|for)|goodbye (?:letters?|notes?)|suicide "
         r"note|(?:sorted|sorting|made|making|updated) (?:out )?(?:a|my) "
         r"will|(?:my|put my) affairs in order|giv(?:en|ing|e) (?:away "
         r")?(?:all )?my (?:things|stuff|belongings)(?: away)?)\b", person="any",
         needles=("note", "letter", "will", "affairs", "my things", "my stuff", "belongings")),
    rule("si.method_place", SI, "high", SRC_CSSRS_Q3_6,
         "mentions a suicide method or place",
         r"\b(?:hang(?:ing)? myself|noose|jump(?:ing)? (?:off|from|in front "
         r"of)|step(?:ped|ping)? in front of|(?:stood|standing|went) (?:on|"
         r"to) (?:the|a) (?:bridge|ledge|edge|cliff)|(?:train|railway) "
         r"tracks)\b", person="any",
         needles=("hang", "noose", "jump", "in front of", "bridge", "ledge", "edge", "cliff",
                  "tracks")),
    rule("si.unsafe", SI, "high", SRC_CSSRS_Q3_6,
         "doubts they can keep themself safe",
         r"\b(?:can't|cannot|couldn't|not sure (?:i|if i) can|don't know (?:if|whether) i (?:can|"
         r"will|'ll)|can't promise (?:i'll|i will|to|that i'll)|don't think i (?:can|will|'ll)) "
         r"(?:be |stay |keep |keeping )?(?:myself )?safe\b|\bdon't feel safe (?:with|from|around) "
         r"myself\b",
         needles=("safe",)),
    rule("si.not_here_by", SI, "moderate", SRC_CSSRS_Q2,
         "implies not being alive in future",
         r"\bwon't (?:be (?:here|around)) (?:for|by|at|after|much longer|"
         r"next)\b",
         needles=("won't be",)),
    rule("si.method_vehicle", SI, "moderate", SRC_CSSRS_Q3_6,
         "thinks of crashing or driving into something",
         r"\b(?:driv(?:e|ing)|crash(?:ing)?|steer(?:ing)?|swerv(?:e|ing)) (?:the car |my car |"
         r"the van )?(?:into|off) (?:a |the )?(?:wall|tree|bridge|lorry|truck|river|cliff|"
         r"oncoming|motorway|road)\b", person="any",
         needles=("driv", "crash", "steer", "swerv")),
    rule("si.means_contemplated", SI, "high", SRC_CSSRS_Q3_6,
         "dwells on or gathers the means",
         r"\b(?:looked|looking|stared|staring|sat) (?:at|with) (?:the|my) (?:pills|tablets|"
         r"knife|rope|blade|razor)\b|\b(?:got|bought|have|kept|keep|hid|hidden|hiding) (?:a |the "
         r"|some )?(?:rope|noose)\b", person="any",
         needles=("pills", "tablets", "knife", "rope", "blade", "razor", "noose")),
    rule("si.took_pills", SI, "high", SRC_CSSRS_Q3_6,
         "describes taking or planning to take a large amount of medication",
         r"\b(?:took|take|taking|swallowed|swallow) (?:a load of|loads of|all (?:of )?my|a "
         r"handful of|a bunch of|too many|the lot of|all the|a whole (?:box|packet|pack) of) "
         # v12: a word may name the kind ("my mum's sleeping tablets", "his heart pills")
         r"(?:(?:my|me|his|her) (?:\w+'s )?|[a-z]+'s )?(?:[a-z-]+ )?(?:pills|tablets|meds|"
         r"medication|paracetamol"
         r"|"
         r"painkillers)\b", person="any",
         needles=("pills", "tablets", "meds", "medication", "paracetamol", "painkillers")),
    rule("si.know_how", SI, "high", SRC_CSSRS_Q3_6,
         "says they know how they would do it",
         r"\bknow (?:exactly )?how i(?:'d| would| will|'ll) do it\b|\bworked out how i(?:'d| "
         r"would) do it\b",
         needles=("do it",)),
    rule("si.will_end_it", SI, "moderate", SRC_CSSRS_Q2,
         "says they will end it",
         r"\bi(?:'ll| will|'m going to|'m gonna| might| could) (?:just )?end it\b(?! (?:with|"
         r"between|off))",
         needles=("end it",)),
    rule("si.do_something", SI, "moderate", SRC_CSSRS_Q2,
         "fears what they might do to themself",
         r"\b(?:what i (?:might|could|would|'ll|'d) do to myself|do (?:something|anything)(?: "
         r"stupid| silly)? to myself|do something stupid)\b",
         needles=("myself", "stupid")),
    rule("si.close_to_it", SI, "high", SRC_CSSRS_Q3_6,
         "describes coming close to an attempt or being prepared",
         r"\b(?:close to|nearly|almost) (?:doing it|did it|going through with it|went through "
         r"with it|ending it|ended it)\b|\bhad everything ready\b|\bgo(?:ne)? through with it\b|"
         r"\bedge of the (?:platform|roof|bridge|cliff)\b", person="any",
         needles=("close to", "nearly", "almost", "ready", "through with it", "edge of")),
    rule("si.deserve_to_die", SI, "moderate", SRC_CSSRS_Q2,
         "says they deserve to die",
         r"\bdeserve to (?:die|be dead|suffer|be punished|not exist)\b", person="any",
         needles=("deserve",)),
    rule("si.method_words", SI, "moderate", SRC_CSSRS_Q3_6,
         "mentions a way of dying or how easy it would be",
         r"\b(?:engine running|car exhaust|hosepipe|carbon monoxide|painless ways?|ways to "
         r"(?:go|die|do it|end it|kill myself)|how easy it would be to (?:just )?(?:step|jump|die|"
         r"end it|do it|go|drive|crash|swerve|fall)|step off|jump off|throw "
         r"myself|overdose on|walk(?:ing|ed)? into the (?:sea|water|river|lake|reservoir)|"
         r"drown(?:ing)? myself)\b", person="any",
         needles=("engine", "exhaust", "hosepipe", "monoxide", "painless", "ways to",
                  "easy it would", "step off", "jump off", "throw myself", "overdose on",
                  "into the", "drown")),
)
# Generalisation pass (version 2, 2026-11-22): broader, principled patterns written against our
# own fresh sentences (tests/analysers/test_risk_generalisation.py), not against any evaluation
# set. Each combines two parts (an intent frame, a harm verb, a person or body part; a means and a
# preparation act; indifference and a risky outcome) so that new wording is caught without
# listing sentences.
_GENERAL: Final[tuple[RiskRule, ...]] = (
    rule("si.self_kill_slang", SI, "moderate", SRC_CSSRS_Q2,
         "speaks of killing themself in everyday words",
         r"\b(?:top(?:ping|ped)?|off(?:ing|ed)?|do(?:ing)? away with|do(?:ing)? in|finish(?:ing)?"
         r" off|end(?:ing)?) myself\b(?! up| off| out)|\bdo(?:ing)? myself in\b|\bcheck(?:ing|ed)?"
         r" out (?:for good|early|permanently|of (?:life|this world))\b",
         needles=("myself", "check")),
    rule("si.means_research", SI, "high", SRC_CSSRS_Q3_6,
         "describes looking into a dose or a way to die",
         r"\b(?:looked|looking|look|checked|checking|check|googl\w*|research\w*|read(?:ing)? up"
         r"|search\w*|worked out|working out|figur\w* out)\b[^.?!]{0,60}?\b(?:lethal|fatal|"
         r"deadly|overdose|how many (?:of )?(?:my |the |those )?[\w ]{0,20}?" + _MEANS + r"|"
         r"(?:quickest|easiest|best|painless|surest|quietest|quick|quiet) ways? (?:to go|to die|"
         r"out|to do it|to end it))\b|\b(?:lethal|fatal|deadly) (?:dose|amount|quantity)\b|"
         r"\b(?:quickest|easiest|painless|surest|quietest) ways? (?:to go|to die|out|to do it|"
         r"to end it)\b", person="any",
         needles=("lethal", "fatal", "deadly", "overdose", "how many", "way")),
    rule("si.stockpile", SI, "high", SRC_CSSRS_Q3_6,
         "describes keeping a supply of medication or means back",
         r"\b(?:stash|supply|hoard|stockpile|collection|store|pile|box|bag)\b[^.?!]{0,15}\bof "
         r"(?:my )?" + _MEANS + r"\b[^.?!]{0,40}\b(?:put by|put away|set aside|hidden|hid|saved|"
         r"for when|just in case|in case|ready|kept|keeping|in my \w+)\b|\b" + _MEANS
         + r"\b[^.?!]{0,30}\b(?:put by|put away|set aside|for when i|hidden away|saved up)\b",
         person="any",
         needles=("tablet", "pill", "paracetamol", "painkiller", "meds", "medication",
                  "insulin", "antidepressant", "dose", "rope")),
    rule("si.set_date", SI, "high", SRC_CSSRS_Q3_6,
         "describes setting a date, a place or goodbye messages (possible preparation)",
         r"\b(?:picked|set|chosen|chose|decided on|fixed) (?:a|the) (?:date|day)\b(?! for| of"
         r" the| to (?:move|go|start))|\bgoodbye (?:messages?|texts?|videos?|emails?|cards?|"
         r"posts?|letters?|notes?)\b|\b(?:worked out|figured out|decided|know|planned|chosen|"
         r"picked) (?:exactly )?(?:where|when|how) (?:i'd|i would|i'll|i will|i'm going to)"
         r" (?:do it|end it|end things)\b|\b(?:i'd|i had|i've got|i've|i have|i've picked|got) "
         r"(?:a|the) (?:date|day|time) (?:in mind|picked|set|sorted|planned|chosen)\b",
         person="any",
         needles=("date", "day", "goodbye", "do it", "end it", "end things")),
    rule("si.edge", SI, "high", SRC_CSSRS_Q3_6,
         "describes looking over an edge or drop (possible rehearsal)",
         r"\b(?:looked|looking|stared|staring|peered|peering|lean(?:ed|t|ing)|climb\w*) (?:over|"
         r"down from|off|onto|on to|up on) (?:the )?(?:edge|side|railings?|parapet|balcony|"
         r"bridge|roof|cliff|top floor|ledge)\b|\b(?:stood|standing|sat|sitting) on (?:the )?"
         r"(?:ledge|parapet|railings?|roof edge|edge of the (?:roof|bridge|cliff|car park))\b",
         person="any",
         needles=("edge", "side", "railing", "parapet", "balcony", "bridge", "roof", "cliff",
                  "top floor", "ledge")),
    rule("si.means_ready", SI, "high", SRC_CSSRS_Q3_6,
         "dwells on, counts or readies medication or another means",
         r"\b(?:look(?:ed|ing)? at|star(?:ed|ing|e) at|count(?:ed|ing)?|lin(?:ed|ing|e) up|"
         r"hold(?:ing)?|held) (?:the |my |all the |all my |a handful of )?(?:\w+ )?" + _MEANS
         + r"\b|\b" + _MEANS + r"\b[^.?!]{0,20}\b(?:sorted|ready|lined up|set aside|waiting)"
         r"\b[^.?!]{0,12}\b(?:for|by|on) (?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
         r"tonight|tomorrow|the weekend|when|after|the day)\b|"
         # v18 (QA16 #3): the speaker has means readied "in case" ("i've got the pills ready in
         # case", "I keep the tablets sorted, just in case")
         r"\b(?:i(?:'ve| have)? got|ive got|i have|i keep|i'm keeping|i've been keeping)\b"
         r"[^.?!]{0,12}\b" + _MEANS + r"\b[^.?!]{0,12}\b(?:ready|sorted|lined up|set aside|"
         r"waiting|just in case|in case)\b", person="any",
         needles=("tablet", "pill", "paracetamol", "painkiller", "meds", "medication",
                  "insulin", "antidepressant", "dose", "rope")),
    rule("si.method_location", SI, "high", SRC_CSSRS_Q3_6,
         "dwells at a place associated with suicide (rail, height, water)",
         r"\b(?:platform|railway|train tracks|level crossing|motorway bridge|cliff|"
         r"multi-?storey|rooftop|roof|overpass|flyover|pier|harbour wall)\b[^.?!]{0,60}\b(?:"
         r"thinking about (?:it|jumping|stepping|doing it|going)|for ages|a long time|trains? "
         r"(?:go|going|went) past|wondering|how easy|tempted|could just)\b", person="any",
         needles=("platform", "railway", "tracks", "crossing", "bridge", "cliff", "storey",
                  "roof", "overpass", "flyover", "pier", "harbour")),
    rule("si.means_enough", SI, "high", SRC_CSSRS_Q3_6,
         "asks or knows whether a means would be enough (lethality)",
         r"\b" + _MEANS + r"\b[^.?!]{0,30}\b(?:would|will|could|might) (?:\w+ )?(?:do the job|"
         r"do it|be enough|finish me|kill me|work)\b|\b(?:enough|which|how much|how many)\b"
         r"[^.?!]{0,20}\b" + _MEANS + r"\b[^.?!]{0,20}\b(?:do the job|to do it|to finish me|"
         r"to kill me|to not wake up)\b", person="any",
         needles=("tablet", "pill", "paracetamol", "painkiller", "meds", "medication",
                  "insulin", "antidepressant", "dose", "rope")),
    rule("si.ligature", SI, "high", SRC_CSSRS_Q3_6,
         "describes something round their neck or a ligature point",
         r"\b(?:belt|rope|cord|scarf|tie|ligature|cable|lead|sheet|dressing gown cord|noose|"
         r"string|wire) (?:round|around) my neck\b", person="any",
         needles=("my neck",)),
    rule("si.place_drawn", SI, "high", SRC_CSSRS_Q3_6,
         "keeps looking at or is drawn to a place associated with suicide",
         r"\b(?:eye(?:ing|d)?(?: up)?|star(?:ed|ing|e) (?:at|down at|over)|drawn to|keep going "
         r"back to|keep (?:looking|staring) at|thinking about) (?:the |that )?(?:bridge|cliff|"
         r"cliffs|tracks|railway line|platform edge|roof|multi-?storey|river|motorway|ledge)\b"
         r"(?! club| game| party)", person="any",
         needles=("bridge", "cliff", "tracks", "railway", "platform", "roof", "storey",
                  "river", "motorway", "ledge")),
    rule("si.for_after", SI, "moderate", SRC_CSSRS_Q3_6,
         "arranges things 'for after' or 'in case anything happens to me' (possible preparation)",
         r"\b(?:in case (?:anything|something) (?:happens|happened|were to happen) to me|for "
         r"(?:after|when) i'm (?:gone|not here|dead)|(?<!if )when i'm gone\b|for after\b(?= *"
         r"(?:$|[.,;!?])))",
         needles=("in case", "for after", "for when", "when i'm gone")),
    # --- version 4 (2026-11-22): settling affairs; written on our own sentences
    # (tests/analysers/test_risk_rules.py), not on any evaluation set.
    rule("si.settling_affairs", SI, "high", SRC_CSSRS_Q3_6,
         "describes tying up loose ends or giving pets and things away (possible preparation)",
         r"\b(?:tying up|tied up|tie up) (?:all )?(?:the |my )?loose ends\b|\bnothing (?:left )?"
         r"(?:hanging|undone)\b|\b(?:gave|given|giving|give) (?:away )?"
         r"(?:the|my|ma|our) (?:dog|cat|pets?|budgie|rabbit|horse|bird)\b[^.?!]{0,40}\b(?:cleared|"
         r"clearing|paid|paying|sorted|sorting|sold|selling|gave|given|closed|cancelled|said "
         r"(?:my )?goodbyes?)\b", person="any",
         needles=("loose ends", "nothing", "dog", "cat", "pet", "budgie", "rabbit", "horse",
                  "bird")),
    # --- version 21 (QA25): online slang, a note, acquired means, rehearsal, height research;
    # written on our own sentences (tests/analysers/test_risk_slang_means.py)
    rule("si.online_slang", SI, "moderate", SRC_CSSRS_Q2,
         "uses online slang for killing themself ('kms', 'unalive')",
         # a bare "kms" after a bad mark is mostly hyperbole (fresh set t): the intent frame counts
         r"\b(?:wanna|want to|wanted to|going to|gonna|gon|thinking (?:about|of)|about to|could|"
         r"might|i'll|ima|finna|just|ready to|tryna) kms\b|\bunaliv(?:e|ed|ing)\b(?! (?:him|her|"
         r"them)sel)|"
         r"\bsewer ?slide\b", person="any",
         needles=("kms", "unaliv", "sewer")),
    rule("si.note_written", SI, "high", SRC_CSSRS_Q3_6,
         "says they wrote or left a note (possible suicide note)",
         r"\b(?:even |already |just )?(?:wrote|written|writing|left) (?:a|my|the) (?:little |short "
         r"|last )?note\b(?= *(?:$|[.,;!?]|last (?:week|night|month)|yesterday|this (?:week|"
         r"morning)|the other (?:day|night)|already|just in case|and (?:hid|left|put) it))",
         person="any",
         needles=("note",)),
    rule("si.means_acquired", SI, "high", SRC_CSSRS_Q3_6,
         "describes getting or keeping a means ready (rope, hose, tablets held back)",
         r"\bthere(?:'s| is) (?:a|the) (?:rope|noose)\b(?! swing| ladder)|\b(?:bought|got|"
         r"ordered|buying) (?:a |the |some )?(?:hose(?:pipe)?|tubing|charcoal)\b[^.?!]{0,30}\b"
         r"(?:exhaust|car|boot|engine)\b|\b(?:keeping|kept|keep|holding|held|putting|put) back "
         r"(?:my |the |some of my |all my )?(?:\w+ )?" + _MEANS + r"\b|\b" + _MEANS
         + r"\b[^.?!]{0,30}\binstead of taking them\b|\b(?:had|got|put|laid|tipped|emptied) "
         r"(?:all )?(?:the |my )?(?:\w+ )?(?:pills|tablets|meds|medication|paracetamol) out\b",
         person="any",
         needles=("rope", "noose", "hose", "tubing", "charcoal", "back", "instead of taking",
                  " out")),
    rule("si.rehearsal", SI, "high", SRC_CSSRS_Q3_6,
         "describes a rehearsal (engine running in a closed space, standing at an edge)",
         r"\bin the (?:car|garage)\b[^.?!]{0,50}\bengine running\b[^.?!]{0,40}\b(?:door|doors|"
         r"garage)\b[^.?!]{0,15}\b(?:shut|closed|down)\b|\b(?:stood|standing|sat|sitting) "
         r"(?:right )?(?:by|at|near) the (?:edge|ledge|drop) (?:for (?:a bit|a while|ages|a long "
         r"time|hours|an hour|\w+ minutes)|looking (?:down|over)|thinking about)\b", person="any",
         needles=("engine running", "edge", "ledge", "drop")),
    rule("si.height_research", SI, "high", SRC_CSSRS_Q3_6,
         "describes looking up how high a building or drop is (method research)",
         r"\b(?:looked|looking|look|checked|checking|googl\w*|research\w*|found out|finding "
         r"out|work(?:ed|ing) out)\b(?: up)? how (?:high|tall|far down|deep|far the drop)\b"
         r"[^.?!]{0,40}\b(?:bridge|multi-?storey|car park|building|cliff|roof|tower|block|flats|"
         r"drop|viaduct|quarry)\b", person="any",
         needles=("how high", "how tall", "how far", "how deep")),
)
# fmt: on

#: The active suicidal ideation rules in screening order.
RULES: Final = (*_FIRST_PASS, *_GENERAL)
