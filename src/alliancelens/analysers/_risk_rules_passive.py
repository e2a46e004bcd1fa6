"""Passive suicidal ideation rules for :mod:`alliancelens.analysers.risk`.

Sources: C-SSRS screener Q1 (wish to be dead), clinical-reference §10.1 [Posner2011], and the
ruptures-examples README's passive kind (burdensomeness, indifference to death). Each rule names
its statement severity (a rating of the words, never of the person: NICE NG225, clinical-
reference §10.2) and the needles that let the screen skip it cheaply. Patterns run on lower-
cased text with straight apostrophes; the wording is our own, nothing is copied from any data
set. See docs/analysers/risk.md.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._risk_rule import (
    PASSIVE,
    SRC_CSSRS_Q1,
    SRC_README,
    RiskRule,
    rule,
)

__all__ = ["RULES"]


# The rule table is kept unformatted: one rule per block reads best.
# fmt: off
_FIRST_PASS: Final[tuple[RiskRule, ...]] = (
    rule("passive.wish_dead", PASSIVE, "low", SRC_CSSRS_Q1,
         "wishes to be dead or gone",
         r"\bwish(?:ed|ing)? (?:that )?i (?:was|were|could be|'d be|would "
         r"be) (?:just )?(?:dead|gone for good|not here|not alive|never "
         r"born)|\bwish(?:ed|ing)? (?:that )?i(?:'d| had) (?:just )?(?:died|"
         r"never been born)|\bwish(?:ed|ing)? i could (?:just )?(?:die|"
         r"disappear|not exist)\b",
         needles=("wish",)),
    rule("passive.wish_not_exist", PASSIVE, "low", SRC_CSSRS_Q1,
         "wishes not to exist or wake",
         r"\bwish(?:ed|ing)? i (?:didn't|did not|don't) (?:exist|wake up|"
         r"have to wake up)\b",
         needles=("wish",)),
    rule("passive.want_to_die", PASSIVE, "low", SRC_CSSRS_Q1,
         "wants to die or not exist",
         r"\b(?:want|wanted|wanting|wants|wanna|would like|'d like) to "
         r"(?:die|be dead|disappear (?:forever|for good)|not exist|stop "
         r"existing|not be (?:here|alive)|sleep forever|go to sleep (?:and|"
         r"forever))\b", person="any",
         needles=("die", "dead", "disappear", "exist", "not be", "sleep")),
    rule("passive.not_want_live", PASSIVE, "low", SRC_CSSRS_Q1,
         "does not want to be alive",
         r"\b(?:don't|do not|didn't|no longer|dont) (?:really |even )?want "
         r"to (?:wake up|be alive|exist|live|go on|carry on|keep going|"
         r"be here)(?=\s*(?:$|[.,;:!?—-]|any ?more|like this|without|at "
         r"all|now|these days|most days|some days|sometimes|in the morning|"
         r"tomorrow|on this earth|in this world))",
         needles=("want to",)),
    rule("passive.not_wake", PASSIVE, "low", SRC_CSSRS_Q1,
         "speaks of not waking up",
         r"\bif i (?:just )?(?:never|didn't|did not|don't|wouldn't) (?:wake|"
         r"woke) up\b|\b(?:and|to) (?:just )?(?:never|not) (?:wake|woke) "
         r"up\b|\bnever (?:wake|woke) up again\b|\b(?:hop(?:e|ing)|pray(?:ing)?|"
         r"wish(?:ing)?) (?:that )?i (?:won't|don't|wouldn't|never|didn't) "
         r"(?:wake|woke) up\b",
         needles=("wake", "woke")),
    rule("passive.easier_gone", PASSIVE, "low", SRC_CSSRS_Q1,
         "says things would be easier if they were gone",
         r"\b(?:easier|better|simpler|a relief) (?:for everyone )?if i "
         r"(?:just )?(?:wasn't|weren't|was not|were not|died|disappeared|"
         r"was gone|were gone|wasn't around|weren't around|didn't exist|"
         r"didn't wake)",
         needles=("if i",)),
    rule("passive.better_off_without_me", PASSIVE, "low", SRC_README,
         "burdensomeness: others better off without them",
         r"\bbetter off\b[^.?!]{0,40}\bwithout me\b|\bbetter off if i (?:was|were)n't (?:here|"
         r"around)\b",
         needles=("better off",)),
    rule("passive.better_off_dead", PASSIVE, "low", SRC_CSSRS_Q1,
         "says they would be better off dead",
         r"\bbetter off (?:dead|not here)\b", person="any",
         needles=("better off",)),
    rule("passive.no_one_would_miss", PASSIVE, "low", SRC_README,
         "says no one would miss them",
         r"\b(?:no one|no-one|nobody)(?: would| will|'d| 'd) (?:even )?(?:miss "
         r"me|notice if i (?:was|were) gone|care if i (?:died|was gone|"
         r"wasn't here)|notice|care)\b(?=\s*(?:$|[.,;!?]|whether i|"
         r"if i (?:was|were|died|disappeared|wasn't)|"
         r"anyway|either))",
         person="any", needles=("no one", "no-one", "nobody")),
    rule("passive.burden", PASSIVE, "low", SRC_README,
         "describes themself as a burden",
         r"\b(?:i|i'm|i've|i'd|i'll|i am|i have|i would|i will) (?:just "
         r"|such |only )?(?:a|such a|nothing but a) burden\b|\bfeel(?:s|"
         r"ing)? like (?:a|such a) burden\b|\bburden (?:to|on) (?:everyone|"
         r"everybody|my family|them|you|people)\b",
         needles=("burden",)),
    rule("passive.no_point", PASSIVE, "low", SRC_CSSRS_Q1,
         "questions the point of living",
         r"\b(?:(?:don't|do not|can't|cannot|couldn't) see (?:the|any)|"
         r"see no|there's no|no|not any|isn't any|isn't much|what's the|"
         r"what is the|wonder (?:what|why) the) point (?:in |of |to )?(?:living|"
         r"life|being alive|going on|carrying on|being here|(?:any of )?it "
         r"all|any of it|anything|existing|me|waking up|getting up)\b|\bwhy "
         r"(?:do |should )?i (?:even )?bother (?:being alive|living|waking "
         r"up|getting up|going on|carrying on)\b", person="any",
         needles=("point", "bother")),
    rule("passive.not_worth", PASSIVE, "low", SRC_CSSRS_Q1,
         "says life is not worth living",
         r"\b(?:life|living|it)(?: isn't| is not| wasn't|'s not| doesn't "
         r"feel| does not feel| doesn't seem| isn't really| is hardly| "
         r"is just not| not) (?:really )?worth (?:living|going on)\b|\blife(?: "
         r"isn't| is not|'s not) worth it\b|\bnothing (?:left )?to live "
         r"for\b|\bno reason to (?:live|go on|carry on|be here|keep going)\b", person="any",
         needles=("worth", "live for", "reason to")),
    rule("passive.tired_of_life", PASSIVE, "low", SRC_CSSRS_Q1,
         "is tired of living",
         r"\b(?:tired|sick) of (?:living|being alive|life|existing)\b|\bdone "
         r"with (?:life|living)\b", person="any",
         needles=("tired of", "sick of", "done with")),
    rule("passive.indifferent", PASSIVE, "low", SRC_CSSRS_Q1,
         "is indifferent to dying",
         r"\b(?:wouldn't|would not|don't|do not|didn't) (?:really )?(?:care|"
         r"mind) (?:if|whether) i (?:died|die|lived|live|woke|wake|didn't|"
         r"was dead|got hit|crashed|was gone|disappeared)",
         needles=("care", "mind")),
    rule("passive.welcome_death", PASSIVE, "low", SRC_CSSRS_Q1,
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
         r"ok) with (?:it|that))|relief)",
         needles=("die", "dying", "dead", "death", "wake", "woke", "crash", "hit me", "killed",
                  "not here", "gone for good", "lorry", "truck", "car", "bus", "train",
                  "plane", "van", "happen", "if i")),
    # v18 (QA16 #6, item 46): a wish to be killed by an accident ("I wish I'd get hit by a bus")
    rule("passive.wish_accident", PASSIVE, "low", SRC_CSSRS_Q1,
         "wishes an accident would kill them",
         r"\b(?:wish|wished|hope|hoped|pray|prayed)(?: that)? (?:i'd|i would|i could|i might|i) "
         r"(?:just )?(?:get|got|be|was|were) (?:hit|run over|knocked down|killed)\b|\b(?:wish|hope)"
         r" (?:a|the|some) (?:lorry|truck|car|bus|train) would (?:hit|run me over|take me)\b",
         needles=("wish", "hope", "pray")),
    rule("passive.thoughts_death", PASSIVE, "low", SRC_CSSRS_Q1,
         "has thoughts of death or not being here",
         r"\b(?:think(?:ing)?|thought|thoughts) (?:about|of) (?:just )?(?:dying|death|"
         r"being dead|not being here|not being around|not waking up)\b", person="any",
         needles=("dying", "death", "dead", "not being", "waking")),
    rule("passive.disappear", PASSIVE, "low", SRC_CSSRS_Q1,
         "wishes to disappear for good",
         r"\b(?:disappear|vanish|fade away|not exist) (?:forever|for good|"
         r"completely)\b", person="any",
         needles=("disappear", "vanish", "fade away", "exist")),
    rule("passive.cant_go_on", PASSIVE, "low", SRC_CSSRS_Q1,
         "says they cannot go on (hopelessness)",
         r"\bcan't (?:go on|carry on|keep going) (?:any ?more|living)\b",
         needles=("can't",)),
    rule("passive.happier_gone", PASSIVE, "low", SRC_README,
         "says others would be better off or happier if they were gone",
         r"\b(?:easier|better|better off|simpler|happier|freer|a relief|less (?:stressed|worried|"
         r"burdened|tired|skint))(?: for (?:everyone|everybody|them|my family|the kids))? if i "
         r"(?:just )?(?:wasn't|weren't|was not|were not|was gone|"
         r"were gone|wasn't around|weren't around|didn't exist|wasn't here|weren't here|died|"
         r"disappeared)\b",
         needles=("if i",)),
    # v5: indifference to dying ("didn't care if she rolled over with me in her", "wouldn't mind
    # terribly if the surgeon's hand slipped") — a passive wish (C-SSRS item 1).
    rule("passive.indifferent_to_dying", PASSIVE, "low", SRC_CSSRS_Q1,
         "says they would not mind or care if they died",
         r"\b(?:didn't|don't|do not|did not|wouldn't|would not) (?:really |even )?(?:care|mind)"
         r"(?: \w+| one bit)? (?:if|whether) (?:i (?:died|die|lived or died|live or die|didn't "
         r"wake|never woke|got hit|didn't come back|never came back|went under)|(?:she|it|the "
         r"[\w']+(?: [\w']+)?) (?:rolled over|rolls over|sank|sinks|crashed|crashes|went under|"
         r"slipped|hit me|killed me|took me)\b)", person="any",
         needles=("care if", "mind if", "care whether", "care one bit", "mind terribly",
                  "mind much", "care much")),
    rule("passive.fine_without_me", PASSIVE, "low", SRC_README,
         "says others would be fine without them (burdensomeness)",
         r"\b(?:would|'d|will|'ll) (?:all )?be (?:sweet|fine|better|happier|alright|all right|"
         r"okay|ok|better off|grand|sorted)(?: as)? without me\b", person="any",
         needles=("without me",)),
    rule("passive.want_it_to_stop", PASSIVE, "low", SRC_CSSRS_Q1,
         "wants it all to stop or end",
         r"\bwant (?:it all|everything|the pain|all of it|it|this|life) to (?:stop|end|be over)\b"
         r"|\bno way out\b|\bgiv(?:e|ing) up on (?:life|living|everything)\b", person="any",
         needles=("to stop", "to end", "be over", "no way out", "give up", "giving up")),
    rule("passive.cant_take_it", PASSIVE, "low", SRC_CSSRS_Q1,
         "says they cannot take or do this any more (hopelessness; may mean passive ideation)",
         r"\bcan't (?:do|take|cope with|handle) (?:this|it)(?: all)? any ?more\b", person="any",
         needles=("any more", "anymore")),
    rule("passive.nice_not_exist", PASSIVE, "low", SRC_CSSRS_Q1,
         "would like not to exist",
         r"\b(?:nice|good|easier|peaceful|better|a relief) to (?:just )?(?:not exist|not be here|"
         r"be dead|die|disappear|not wake up|stop existing)\b", person="any",
         needles=("exist", "be here", "dead", "die", "disappear", "wake")),
    rule("passive.hope_ill", PASSIVE, "low", SRC_CSSRS_Q1,
         "hopes to fall ill or not recover",
         r"\bhop(?:e|es|ing) (?:that )?i (?:get|got|fall) (?:ill|sick|hit|cancer)\b|\b(?:and|to) "
         r"(?:don't|not|never) recover\b",
         needles=("hop", "recover")),
    rule("passive.without_me", PASSIVE, "low", SRC_README,
         "says the world or others would be better without them",
         r"\b(?:better|happier|easier)(?: off)? without me\b",
         needles=("without me",)),
    rule("passive.fallback_death", PASSIVE, "low", SRC_CSSRS_Q1,
         "speaks of their own death or staying alive (broad net)",
         r"\b(?:die|dies|died|dying|dead|death|stay alive|staying alive|being alive|be alive|"
         r"to live for|disappear)\b", person="explicit",
         needles=("die", "dying", "dead", "death", "alive", "live for", "disappear")),
    rule("passive.not_existing", PASSIVE, "low", SRC_CSSRS_Q1,
         "speaks of not existing, not being around or not waking",
         r"\b(?:not|never|no longer|won't|stop(?:ped)?|wouldn't) (?:\w+ ){0,3}?(?:wake up|waking "
         r"up|exist|existing|be around|being around|be here|being here|be alive|being alive|go "
         r"on living)\b(?! (?:on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
         r"next (?:week|monday|tuesday|wednesday|thursday|friday|session)|for (?:a|the|our|next) "
         r"\w+|on holiday|in (?:two|three|a few) weeks|till|until|if it (?:wasn't|weren't)|"
         r"if not for|without|today if))", person="any",
         needles=("wake", "waking", "exist", "around", "here", "alive", "living")),
    rule("passive.no_future", PASSIVE, "low", SRC_CSSRS_Q1,
         "sees no future for themself",
         r"\b(?:don't|can't|do not|cannot) see (?:a|any) future\b|\bno future (?:for me|ahead|"
         r"left)\b", person="any",
         needles=("future",)),
    rule("passive.take_me", PASSIVE, "low", SRC_CSSRS_Q1,
         "asks to be taken or to join someone who has died",
         r"\b(?:god|he|they) (?:would |will )?takes? me\b|\btake me (?:away|now|home)\b|\bjoin "
         r"(?:him|her|them|my (?:mum|mom|dad|nan|gran|grandad|husband|wife|son|daughter|brother"
         r"|sister))\b|\bbe with (?:him|her|them|my \w+) (?:again|soon|in heaven|up there)\b",
         needles=("take", "join", "be with")),
    rule("passive.bother_living", PASSIVE, "low", SRC_CSSRS_Q1,
         "questions bothering to live",
         r"\bbother (?:living|being alive|going on|carrying on|waking up|staying alive)\b|"
         r"\b(?:a relief|nice|easier|peaceful|better|good) (?:just )?(?:not to|to not|never to) "
         r"(?:wake up|exist|be here|be alive)\b", person="any",
         needles=("bother", "not to", "to not", "never to")),
)
# Generalisation pass (version 2, 2026-11-22): broader, principled patterns written against our
# own fresh sentences (tests/analysers/test_risk_generalisation.py), not against any evaluation
# set. Each combines two parts (an intent frame, a harm verb, a person or body part; a means and a
# preparation act; indifference and a risky outcome) so that new wording is caught without
# listing sentences.
_GENERAL: Final[tuple[RiskRule, ...]] = (
    rule("passive.sleep_forever", PASSIVE, "low", SRC_CSSRS_Q1,
         "wishes to sleep and not come back, or would not be sorry to go",
         r"\b(?:go(?:ing)? to sleep|fall(?:ing)? asleep|drift(?:ing)? off|close my eyes)\b "
         r"(?:and|to) (?:just )?(?:(?:not|never) (?:come back|wake|wake up|come round|be here)|"
         r"stay asleep|be gone)\b|\b(?:not|n't|never|no) be (?:sorry|sad|bothered) to "
         r"(?:go|die|be gone|"
         r"not wake)\b(?! (?:home|back|out|to|there|on|in|and see))|\bnot sorry to go\b(?! "
         r"(?:home|back|out|to|there))", person="any",
         needles=("sleep", "drift", "close my eyes", "sorry", "sad", "bothered")),
    rule("passive.burden_metaphor", PASSIVE, "low", SRC_README,
         "describes themself as a weight or drain on others (burdensomeness)",
         r"\b(?:weight|millstone|albatross|anchor) (?:round|around) [\w' ]{1,20}?necks?\b|\b(?:"
         r"drain|burden|weight|strain) (?:on|to) (?:every\w*|my (?:family|kids|partner|wife|"
         r"husband|mum|dad|parents|friends)|them all|you all|y'all|people)\b|\b(?:i'm|i am|"
         r"i've become|i feel like) (?:such |just |nothing but |only )?(?:a )?(?:waste of "
         r"(?:space|oxygen|air|skin)|dead weight|millstone)\b",
         needles=("neck", "drain", "burden", "weight", "strain", "waste of", "millstone")),
    rule("passive.out_of_picture", PASSIVE, "low", SRC_README,
         "says others would cope better if they were gone",
         r"\bif i (?:was|were|'m|am|got) (?:just )?(?:out of the (?:picture|way)|gone|off the "
         r"scene|six feet under|in the ground|out of (?:their|everyone's) (?:lives|hair|way))\b"
         r"|\b(?:easier|better|simpler|kinder|a relief|for the best|fine|okay)\b[^.?!]{0,30}"
         r"\bif i (?:just )?(?:didn't|did not|never|don't|wouldn't) (?:come (?:home|back)|make "
         r"it (?:home|back)|wake up|get up|turn up|survive)\b",
         needles=("if i",)),
    rule("passive.use_of_me", PASSIVE, "low", SRC_CSSRS_Q1,
         "questions the use of being alive",
         r"\b(?:what's|what is|whats) the (?:use|point|good) (?:of|in) (?:me )?(?:even )?"
         r"(?:being here|being alive|living|carrying on|going on|existing|me being (?:here|"
         r"alive|around))\b|\bwhy am i (?:even |still )*(?:here|alive|around)\b",
         needles=("the use", "the point", "the good", "why am i")),
    rule("passive.risky_indifference", PASSIVE, "low", SRC_README,
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
         r"|so be it|that's that|whatever)\b", person="any",
         needles=("care", "mind", "bother", "give a", "hop", "if it", "if i")),
    rule("passive.fine_without_me", PASSIVE, "low", SRC_README,
         "says others would manage fine without them (burdensomeness)",
         r"\b(?:fine|grand|better|okay|ok|alright|all right|happier|easier|great|just fine)"
         r"(?: off)? without me(?: around| here| in the way| in the picture)?\b(?! (?:for|at|in|"
         r"on|while|when|this|today|tomorrow|tonight|next))",
         needles=("without me",)),
    rule("passive.want_out", PASSIVE, "low", SRC_CSSRS_Q1,
         "wants out of life",
         r"\b(?:want|wanted|wanna|need|needed) (?:out of|to get out of|to escape|to leave) "
         r"(?:this life|life|this world|it all|everything|this existence|being alive)\b",
         needles=("out of", "escape", "leave")),
    rule("passive.let_it_take_me", PASSIVE, "low", SRC_CSSRS_Q1,
         "lets illness or danger take them, or neglects care on purpose",
         r"\blet (?:it|them|the \w+|god|nature|fate) (?:take|kill|get|finish|have) me\b|\b(?:"
         r"skipp\w*|stopp\w*|not taking|miss(?:ed|ing)|quit) (?:taking )?my [\w ]{0,12}(?:insulin|"
         r"meds|medication|tablets|inhaler|dialysis)\b[^.?!]{0,20}\bon purpose\b|\b(?:go to "
         r"sleep|sleep|fall asleep|drift off) (?:forever|for good|permanently)\b|\bif i "
         r"(?:hit|crash|die|come off|fall|go|wrap)\w*[^.?!,]{0,20},? (?:so what|who cares|"
         r"whatever|so be it|oh well|good riddance)\b", person="any",
         needles=("let ", "on purpose", "sleep", "drift off", "if i")),
    # --- version 4 (2026-11-22): regret at waking, sparing others, quitting care, hoping for an
    # accident; written on our own sentences (tests/analysers/test_risk_rules.py).
    rule("passive.regret_waking", PASSIVE, "low", SRC_CSSRS_Q1,
         "is disappointed to wake up or to be still alive",
         r"\b(?:vexed|annoyed|disappointed|angry|gutted|upset|sad|sorry|pissed off|fed up|cross|"
         r"frustrated|raging|devastated)\b(?: \w+){0,2}? (?:that |when |to )?i(?:'d| had)? "
         r"(?:woke(?: up)?|wake(?: up)?|still wake(?: up)?|(?:'m|am) still (?:here|alive|breathing)"
         r"|"
         r"made it through (?:the|another) night)\b",
         needles=("woke", "wake", "still", "made it")),
    rule("passive.spare_everyone", PASSIVE, "low", SRC_README,
         "thinks not waking or not coming back would spare others",
         r"\bif i (?:just |simply |only )?(?:didn't|did not|never|wouldn't|don't) (?:wake(?: up)?|"
         r"come round|come to|come back|make it|survive|pull through)\b[^.?!]{0,60}\b(?:spare|"
         r"save|easier|better|relief|kinder|simpler|fuss|burden|for the best|no one would|nobody "
         r"would|no bad thing|wouldn't matter)\b",
         needles=("if i",)),
    rule("passive.easier_if_gone", PASSIVE, "low", SRC_README,
         "says others would have it easier if they were not there",
         r"\b(?:easier|better|simpler|happier|a relief|lighter|calmer|kinder)\b[^.?!]{0,30}\bif i "
         r"(?:just |simply )?(?:wasn't|weren't|was not|were not)(?: (?:here|around|about|alive|in "
         r"the picture|in the way|on this earth|in their lives|there))?(?=\s*(?:$|[.,;!?]|any ?more"
         r"|at all|now))",
         needles=("if i",)),
    rule("passive.stopped_caring", PASSIVE, "low", SRC_README,
         "has stopped caring whether they survive, or hopes an accident ends it",
         r"\b(?:quit|stopped|stop|gave up|given up|past) car(?:ing|in) (?:whether|if) (?:i|it)\b"
         r"[^.?!]{0,60}?\b(?:make it|made it|die|live|come back|wake|crash|survive|get home|"
         r"home)\b|\bhop(?:e|es|ing|ed)\b(?: that)? (?:a|an|the|some|something|someone|one)\b"
         r"(?: [\w']+){0,4}? (?:settles? it|finish(?:es)? (?:it|me)|ends? it|takes? me|gets? me|"
         r"hits? me|kills? me|does it)\b", person="any",
         needles=("car", "hop")),
    # v21 (QA25 #3): stopping a life-sustaining treatment; the guard keeps it only beside
    # indifference in the same turn ("what's the point"), see _risk_guards
    rule("passive.stopped_treatment", PASSIVE, "moderate", SRC_README,
         "has stopped a life-sustaining treatment and shows indifference to surviving",
         r"\b(?:stopped|quit|given up|gave up|stopped bothering with|not been taking|haven't been "
         r"taking) (?:taking |doing |using )?my (?:\w+ )?(?:insulin|dialysis|heart (?:meds|pills|"
         r"tablets)|blood thinners|inhalers?|chemo|transplant meds)\b", person="any",
         needles=("insulin", "dialysis", "heart", "thinners", "inhaler", "chemo", "transplant")),
)
# fmt: on

#: The passive suicidal ideation rules in screening order.
RULES: Final = (*_FIRST_PASS, *_GENERAL)
