"""Self-harm rules for :mod:`alliancelens.analysers.risk`.

Sources: self-harm as defined in NICE NG225 (clinical-reference §10 [NICE-NG225]) and the
ruptures-examples README's self_harm kind. Each rule names its statement severity (a rating of
the words, never of the person: NICE NG225, clinical-reference §10.2) and the needles that let
the screen skip it cheaply. Patterns run on lower-cased text with straight apostrophes; the
wording is our own, nothing is copied from any data set. See docs/analysers/risk.md.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._risk_rule import (
    SELF_HARM,
    SRC_NICE,
    RiskRule,
    rule,
)

__all__ = ["RULES"]

_BODY = (
    r"(?:arms?|forearms?|legs?|wrists?|thighs?|skin|stomach|belly|hips?|chest|body|ankles?|"
    r"shoulders?)"
)
_SH_TOOL = (
    r"(?:razor|blade|knife|scissors|lighter|compass|sharpener|glass|lit cigarette|cigarette|"
    r"needle|pin|safety pin|kettle|iron|belt|buckle|lighter|match|matches)"
)

# The rule table is kept unformatted: one rule per block reads best.
# fmt: off
_FIRST_PASS: Final[tuple[RiskRule, ...]] = (
    rule("sh.self_injury", SELF_HARM, "moderate", SRC_NICE,
         "describes injuring themself",
         r"\b(?:cut|cuts|cutting|burn(?:ed|t|ing|s)?|hurt(?:ing|s)?|harm(?:ed|"
         r"ing|s)?|hit(?:ting|s)?|punch(?:ed|ing)?|scratch(?:ed|ing)?|bit|"
         r"bite|biting|starv(?:e|ed|ing)|bruis(?:e|ed|ing)) myself\b",
         needles=("myself",)),
    rule("sh.word", SELF_HARM, "moderate", SRC_NICE,
         "uses the word self-harm about themself",
         r"\bself[- ]?(?:harm\w*|injur\w*|mutilat\w*)\b", person="any",
         needles=("self",)),
    rule("sh.cutting", SELF_HARM, "moderate", SRC_NICE,
         "describes cutting or burning",
         r"\bi(?:'ve| have)? (?:cut|burned|burnt) (?:again|last night|on "
         r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
         r"my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|"
         r"hip|hips))\b|\bcut (?:my )?(?:wrists?|thighs?)\b|\b(?:started|"
         r"start|stop|stopped|keep|kept|been|urges? to|want(?:ed)? to|went "
         r"back to|relapsed) (?:cutting|burning)(?=\s*(?:$|[.,;:!?—-]|again|"
         r"myself|my\b|more|every|most|when|at night|for|since|a bit|a "
         r"lot))|\b(?:fresh|new|the) (?:cuts|burns) on (?:my|me)\b", person="any",
         needles=("cut", "burn")),
    rule("sh.used_to", SELF_HARM, "moderate", SRC_NICE,
         "describes a history of self-harm (current unless clearly resolved)",
         r"\bused to (?:cut|burn|self[- ]?harm|hurt myself|harm myself)\b",
         needles=("used to",)),
    rule("sh.head_bang", SELF_HARM, "moderate", SRC_NICE,
         "describes hitting their head or a wall",
         r"\b(?:bang(?:ed|ing)?|hit(?:ting)?|smash(?:ed|ing)?) my head\b|"
         r"\bhead[- ]?bang\w*|\bpunch(?:ed|ing)? (?:the |a )?walls?\b",
         needles=("head", "wall")),
    rule("sh.urges", SELF_HARM, "moderate", SRC_NICE,
         "describes self-harm urges or implements",
         r"\b(?:urges?|urge) to (?:hurt|harm|cut|burn)\b|\b(?:razor|blade|"
         r"blades)\b(?=[^.?!]*\b(?:myself|my (?:arm|arms|leg|legs|skin)|"
         r"again)\b)", person="any",
         needles=("urge", "razor", "blade")),
    rule("sh.until_bleed", SELF_HARM, "moderate", SRC_NICE,
         "describes injuring their skin until it bleeds or bruises",
         r"\b(?:scratch|pick|bite|hit|punch|burn|cut|claw)\w* (?:at )?my (?:arms?|legs?|skin|"
         r"wrists?|thighs?|face|stomach|hands?)\b[^.?!]{0,40}\b(?:until|till|so) (?:it|they) "
         r"(?:bleed|bled|bleeds|bruise|bruised|hurt)\b",
         needles=("until", "till", "so it", "so they")),
    rule("sh.on_purpose", SELF_HARM, "moderate", SRC_NICE,
         "describes hurting themself on purpose",
         r"\b(?:hurt|cut|burn(?:ed|t)?|hit|smash(?:ed)?|punch(?:ed)?|bang(?:ed)?|scratch(?:ed)?|"
         r"bruis(?:e|ed))\b[^.?!]{0,50}\bon purpose\b", person="any",
         needles=("on purpose",)),
    rule("sh.skin", SELF_HARM, "moderate", SRC_NICE,
         "describes tearing or picking at their skin",
         r"\b(?:ripp|tear|tore|pick|gouge|claw)\w* (?:at )?(?:my )?skin\b",
         needles=("skin",)),
    rule("sh.fallback", SELF_HARM, "moderate", SRC_NICE,
         "speaks of bleeding, cutting or blades (broad net)",
         r"\b(?:bleed|bleeding|bled|blades?|razors?)\b|\bcutting\b(?! (?:back|down|up|out|off|"
         r"corners|it|ties|costs|the|my hair|hair|in|edge|through|across|class|school|work))",
         person="explicit",
         needles=("bleed", "bled", "cutting", "blade", "razor")),
)
# Generalisation pass (version 2, 2026-11-22): broader, principled patterns written against our
# own fresh sentences (tests/analysers/test_risk_generalisation.py), not against any evaluation
# set. Each combines two parts (an intent frame, a harm verb, a person or body part; a means and a
# preparation act; indifference and a risky outcome) so that new wording is caught without
# listing sentences.
_GENERAL: Final[tuple[RiskRule, ...]] = (
    rule("sh.body_injury", SELF_HARM, "moderate", SRC_NICE,
         "describes injuring their own body (cutting, burning, scraping, carving)",
         r"\b(?:cut|cuts|cutting|slash\w*|carv\w*|scrap(?:e|ed|ing)|scratch\w*|gouge\w*|slic\w*|"
         r"scor(?:e|ed|ing)|"
         r"burn\w*|scald\w*|nick\w*|stab\w*|hack\w*|dig\w*|jab\w*|pierc\w*) (?:at |into |up "
         r"|open |away at )?my (?:own )?" + _BODY + r"\b|\b(?:tak(?:e|es|"
         r"ing)|took|put|putting|used|using|use|hold|held|holding|press\w*) (?:a |the |my )?"
         + _SH_TOOL + r"s? (?:to|on|against|across|into|over) my (?:own )?" + _BODY + r"\b|\b"
         + _SH_TOOL + r"s?\b[^.?!]{0,25}\b(?:to|on|against|across|into|over|in) my (?:own )?"
         r"(?:[\w ]{0,12})?" + _BODY + r"\b",
         needles=("my",)),
    rule("sh.tool_on_body", SELF_HARM, "moderate", SRC_NICE,
         "describes using a sharp or hot object on their own body",
         r"\bmy (?:own )?" + _BODY + r"\b[^.?!]{0,20}\bwith (?:a|an|the|my|some) (?:\w+ )?(?:"
         + _SH_TOOL + r"|key|nails?|pen|compass|bottle top)\b|\bbeen at (?:them|it|my \w+) "
         r"(?:again )?with (?:a|an|the|my) (?:\w+ )?" + _SH_TOOL + r"\b",
         needles=("with", "been at")),
    rule("sh.did_my_arms", SELF_HARM, "moderate", SRC_NICE,
         "describes 'doing' their arms or legs (self-harm slang) or injuries they caused",
         r"\b(?:did|done|do|doing) my (?:arms?|legs?|wrists?|thighs?)\b(?=[^.?!]{0,60}\b(?:again|"
         r"last night|helps?|only thing|release|relief|cope|when it gets|to feel|punish|urges?|"
         r"nobody|no one|hide))|\b(?:marks|scars|cuts|burns|bruises|scratches|wounds)\b"
         r"[^.?!]{0,30}\b(?:are|were|was|is|came) (?:from|by) me\b|\bdid (?:it|that|this|them|"
         r"those) to myself\b|\bi did (?:them|those|these) myself\b", person="any",
         needles=("my", "from me", "by me")),
    rule("sh.punish_self", SELF_HARM, "moderate", SRC_NICE,
         "describes hurting or depriving themself as punishment",
         r"\b(?:to|as a way to|so i could|just to|as) (?:punish|hurt) myself\b|\bpunish(?:ing|ed)?"
         r" myself (?:by|with)\b|\b(?:slam\w*|bang\w*|smash\w*|crush\w*|trap\w*) my (?:hands?|"
         r"fists?|fingers|head|arms?) (?:in|against|into|on) (?:the |a )?(?:door|wall|table|desk|"
         r"floor|mirror|window)\b(?=[^.?!]{0,50}\b(?:angry|hate|punish|on purpose|myself|when i"
         r"|every time|again))",
         needles=("my",)),
    rule("sh.until_hurt", SELF_HARM, "moderate", SRC_NICE,
         "describes injuring themself until they bleed or bruise",
         r"\bmy (?:[\w ]{0,20})?(?:arms?|legs?|wrists?|thighs?|skin|stomach|knuckles|fingers|"
         r"hands?|lips?|face|head)\b[^.?!]{0,40}\b(?:till|until|so) (?:it|they|i) (?:bleed|"
         r"bleeds|bled|bruise|bruised|blister\w*|scarred)\b|\b(?:till|until) my \w+ (?:bleed|"
         r"bled|bleeds|bruise|bruised|split|blister\w*)\b",
         needles=("till", "until", "so it", "so they", "so i")),
    # --- version 4 (2026-11-22): punishment by purging or starving, and wound care that shows a
    # cut was deliberate and serious; written on our own sentences
    # (tests/analysers/test_risk_rules.py).
    rule("sh.punish_body", SELF_HARM, "moderate", SRC_NICE,
         "makes themself sick or goes without food as a punishment",
         r"\b(?:make|made|making) myself (?:sick|throw up|vomit|bleed|suffer|go hungry)\b"
         r"[^.?!]{0,50}\bpunish\w*|\bpunish\w*\b[^.?!]{0,50}\b(?:make|made|making) myself (?:sick|"
         r"throw up|vomit)\b|\b(?:starv\w*|(?:don't|won't|not) (?:let|letting) myself eat)\b"
         r"[^.?!]{0,40}\bpunish\w*",
         needles=("punish",)),
    rule("sh.wound_care", SELF_HARM, "high", SRC_NICE,
         "describes a cut deep enough to need closing, or deeper than usual",
         r"\bcut\w*\b[^.?!]{0,60}\b(?:deeper (?:than|then) (?:normal|usual|last time|before|"
         r"ever|i meant)|butterfly (?:strips|stitches|plasters)|steri[- ]?strips?|needed "
         r"(?:stitches|gluing|glue)|had to (?:get|have) (?:it )?(?:stitched|glued))\b",
         person="any",
         needles=("cut",)),
    # v5: acts on one's own body described plainly ("punch my thighs", "my hand on the pan ...
    # hold it there", "the straighteners on my wrist", "I make small cuts on the arm")
    rule("sh.own_body_act", SELF_HARM, "moderate", SRC_NICE,
         "describes hitting, burning or cutting their own body",
         r"\bbang(?:ed|ing|in'?)? my head (?:off|against|on|into) (?:the |a )?(?!brick)(?:\w+ )?"
         r"(?:wall|floor|door)\b|\bpunch(?:ed|es|ing|in'?)? my (?:own )?(?:thighs?|legs?|arms?|"
         r"stomach|face|head)\b|\bmy hand on the (?:pan|hob|stove|cooker|iron|kettle|grill)\b"
         r"[^.?!]{0,50}\bhold (?:it|them) there\b|\b(?:press\w*'?|hold\w*|put\w*) (?:the |my )?"
         r"(?:hair )?(?:straighteners|curling iron|iron|lighter|cigarette) (?:on|against|to) my "
         + _BODY + r"\b|\bi (?:make|made|do|did) (?:small |little |tiny |a few |some )?(?:cuts|"
         r"lines|scratches) (?:on|in|into) (?:the|my) " + _BODY + r"\b|\bdid (?:it|the thing) "
         r"(?:again )?[^.?!]{0,30}\bon my (?:own )?" + _BODY + r"\b|\bdid the thing with (?:the|a|"
         r"my) (?:\w+ )?(?:blade|razor|sharpener|knife|lighter)\b",
         needles=("my", "did the thing", "cuts", "lines", "scratches")),
    # --- version 21 (QA25 #3, #4): going back to a blade (relapse) and a "scratch job" on the
    # wrists; written on our own sentences (tests/analysers/test_risk_slang_means.py)
    rule("sh.back_to_blade", SELF_HARM, "moderate", SRC_NICE,
         "describes going back to a blade or cutting (relapse)",
         r"\b(?:went|gone|going|got|been|am|i'm|slipped|relapsed) back (?:to|on|onto) (?:the |my "
         r"|a )?(?:razors?|blades?|cutting|sharpeners?|scissors)\b", person="any",
         needles=("back",)),
    rule("sh.wrist_slang", SELF_HARM, "moderate", SRC_NICE,
         "describes a scratch or cut 'job' on their wrists or arms",
         r"\b(?:scratch|cut|slash|carv\w*|nick)\w* (?:job|number|session) (?:on|to|at) my "
         r"(?:wrists?|forearms?|arms?|thighs?)\b", person="any",
         needles=("job", "number", "session")),
)
# fmt: on

#: The self-harm rules in screening order.
RULES: Final = (*_FIRST_PASS, *_GENERAL)
