"""Guards and context cues for :mod:`alliancelens.analysers.risk` (see docs/analysers/risk.md).

The rules in :mod:`alliancelens.analysers._risk_lexicon` find candidate risk statements; these
patterns decide when a candidate is *set aside* (idiom, negation, third party, clearly past and
resolved, joking, fear of dying, grief, an unwanted intrusive thought), when a client answer is a
denial, and what a therapist's question asks about. They follow clinical-reference §10.3 rule 3
("handle negation, idiom and reported speech") and rule 4 (speaker attribution), and the
hard-negative tags of the ruptures-examples README. Patterns run on lower-cased text with
straight apostrophes; the wording is our own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from alliancelens.analysers._risk_lexicon import OTHERS, PASSIVE, SELF_HARM, SI, RiskRule

__all__ = [
    "ACCIDENT",
    "AFFIRMING_NEGATION",
    "ANAPHORIC_QUESTION",
    "BARE_ACCEPTANCE",
    "COMMON_WORDS",
    "CONTRAST_IDEATION",
    "DENIAL_PHRASE",
    "DENIAL_START",
    "EGO_DYSTONIC",
    "EXPLORES",
    "FEAR_OF_DEATH",
    "FIRST_PERSON",
    "FOLLOW_UP",
    "GRIEF",
    "GUARDS",
    "IDIOMS",
    "JOKING",
    "MEDICATION_USE",
    "NEGATED_AFTER",
    "NEGATORS",
    "NEGATOR_EXCEPTIONS",
    "PAST_REMOTE",
    "PROPOSAL",
    "RECENT",
    "SCREENING_TOPICS",
    "SERIOUS",
    "SEVERITY_ESCALATORS",
    "THIRD_PERSON",
    "THREAD_TOPICS",
    "Candidate",
    "negated",
    "not_the_speaker",
    "third_party",
]

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
    r"sick|worried|frightened|tired) to death\b|(?:i'd|i would)(?: \w+)? (?:rather|sooner) "
    r"(?:die|be dead) than\b|over my dead body|dead (?:tired|on my feet|beat|end|busy|serious|"
    r"right)\b|"
    r"(?:laughed|laughing) so (?:hard|much) (?:that )?i (?:nearly|almost) died|"
    r"deadline|drop dead|dead to me|kill two birds|you're killing me|"
    r"the suspense is killing me|(?:my|his|her) (?:back|feet|knees|head|legs) (?:is|are) "
    r"killing me|(?:nearly |almost )?(?:kill(?:ed|ing)? myself|died|dying|die|wet myself) "
    r"(?:laughing|with laughter|of laughter)|"
    # protective statements, not risk: "I've too much to live for"
    r"(?:too much|so much|plenty|a lot|lots|loads|everything|a reason|reasons) to live for)"
)
#: Markers that a threat was joking; "not joking" is excluded by the look-behind.
JOKING: Final = re.compile(
    r"\bnot literally\b|\bnot (?:really|seriously),? (?:obviously|of course)\b|"
    r"(?:\(laugh\w*\)|haha\w*)\W*not really\b|(?<!not )(?<!n't )\b(?:only |just )?"
    r"(?:joking|kidding)\b|"
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
    r"|\b(?:don't|do not|didn't) (?:know|think i can stop)\b|\b(?:don't|do not|can't|cannot) see "
    r"(?:why|the point|how)\b|\bnot (?:scared|afraid|frightened"
    r"|worried|bothered) (?:of|about|by)\b|\bnot (?:sure|joking|kidding|just|"
    r"only)\b|\bno (?:longer|one|matter)\b|\bnot gonna lie\b|\bnot going to lie\b|"
    # negating the feeling about dying is not negating the wish ("I'd not be sorry to go")
    r"\b(?:not|n't|never) (?:be )?(?:sorry|sad|bothered|upset)\b|\b(?:don't|didn't|wouldn't|"
    r"do not|did not|would not) (?:really |even )?(?:care|mind)\b"
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
    [
        "he",
        "she",
        "they",
        "him",
        "her",
        "his",
        "their",
        "them",
        "he's",
        "she's",
        "they're",
        "he'd",
        "she'd",
        "they'd",
        "someone",
        "somebody",
        "people",
        "friend",
        "friends",
        "brother",
        "sister",
        "mum",
        "mom",
        "mother",
        "dad",
        "father",
        "son",
        "daughter",
        "partner",
        "husband",
        "wife",
        "boyfriend",
        "girlfriend",
        "colleague",
        "patient",
        "client",
        "cousin",
        "uncle",
        "aunt",
        "nan",
        "gran",
        "grandad",
        "grandma",
        "grandpa",
        "grandfather",
        "grandmother",
        "neighbour",
        "neighbor",
        "flatmate",
        "mate",
        "kid",
        "kids",
        "child",
        "baby",
        "ex",
        "boss",
        "manager",
    ]
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
#: Accidental injury ("I'll fall and hurt myself"), not self-harm.
ACCIDENT: Final = re.compile(
    r"\b(?:fall|fell|falling|trip|tripped|slip|slipped|crash|crashed)(?: over| down| off)? and "
    r"(?:hurt|injure|cut|burn)\w* myself\b|\bby accident\b|\baccidentally\b|"
    r"\bon (?:a|an|the|some) (?:nail|oven|stove|hob|iron|kettle|pan|tray|grill|barbecue|bbq|"
    r"fence|door|table|corner|wire|thorn|bush|bramble)\b|\b(?:chopping|cooking|shaving|"
    r"gardening|ironing|baking|diy)\b|\b(?:itch\w*|eczema|rash|insect bites?|allerg\w*|"
    r"sunburn\w*)\b"
)
#: Ordinary use of prescribed medication ("decided to give them a go"), for the means rules.
MEDICATION_USE: Final = re.compile(
    r"\b(?:give (?:them|it) a (?:go|try)|(?:gp|doctor|nurse|pharmacist|chemist) (?:gave|"
    r"prescribed|gives|said)|as prescribed|start(?:ed)? (?:taking )?(?:them|it)\b|repeat "
    r"prescription)"
)
#: A negation right after a noun match ("suicide has never been on my mind").
NEGATED_AFTER: Final = re.compile(
    r"^[\s,]*(?:has|have|is|was|had|'s|were)(?: never|n't| not)(?: ever| once| really)? "
    r"(?:been|crossed|occurred|entered|come up|an option|on my mind|something i)"
)
#: Fear of dying (health anxiety), grief language and unwanted intrusive harm images.
FEAR_OF_DEATH: Final = re.compile(
    r"(?<!not )(?<!n't )(?<!no longer )\b(?:scared|afraid|terrif\w*|frighten\w*|panic\w*|"
    r"worr(?:y|ied|ying|ies)|fear\w*|convinced|anxious|what if|concern\w*)\b[^.?!]{0,40}"
    r"\b(?:die|dying|death|heart attack|stroke|tumour|cancer|overdos\w*)\b|"
    r"\b(?:could|might|would|will) die (?:if|from|of)\b|\b(?:pain|pains|chest|heart|lump|"
    r"symptoms?|illness|disease|"
    r"tumour|cancer|blood pressure)\b[^.?!]{0,60}\b(?:die|dying|death)\b"
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
AFFIRMING_NEGATION: Final = re.compile(
    r"^(?:\(\w[\w ]*\)\s*)*not really\b|^not (?:exactly|as such)\b"
)

#: What a therapist's risk screening question asks about: topic regex -> (kind, severity).
SCREENING_TOPICS: Final[tuple[tuple[re.Pattern[str], str, str], ...]] = (
    (
        re.compile(
            r"\b(?:how (?:you )?(?:might|would) (?:do it|you do it)|plans? to (?:end|kill|"
            r"take)|access to (?:tablets|pills|a gun|weapons?))"
        ),
        SI,
        "high",
    ),
    (
        re.compile(
            r"\bsuicid\w*|kill(?:ing)? yourself|end(?:ing)? (?:your (?:own )?life|it all)|"
            r"tak(?:e|ing) your (?:own )?life"
        ),
        SI,
        "moderate",
    ),
    (
        re.compile(r"\b(?:harm(?:ing)?|hurt(?:ing)?|injur\w*|cut(?:ting)?) yourself|self[- ]?harm"),
        SELF_HARM,
        "moderate",
    ),
    (
        re.compile(
            r"\b(?:harm(?:ing)?|hurt(?:ing)?|kill(?:ing)?) (?:anyone|someone|somebody|"
            r"anybody|others|other people)\b"
        ),
        OTHERS,
        "moderate",
    ),
    (
        re.compile(
            r"\bbetter off (?:dead|not here|without you)|(?:not )?want(?:ing)? to be (?:here|"
            r"alive)|(?:isn't|is not|not) worth living|(?:not|never) wak(?:e|ing) up|"
            r"(?:thoughts?|think\w*) (?:about|of) (?:death|dying|being dead)|wish(?:ed)? "
            r"you (?:were|was) dead"
        ),
        PASSIVE,
        "low",
    ),
)
#: Topics that count only as a follow-up to a flagged disclosure (not as screening questions).
THREAD_TOPICS: Final[tuple[tuple[re.Pattern[str], str, str], ...]] = (
    (
        re.compile(
            r"\b(?:a plan\b|method|where (?:are|is) the|tablets|pills|rope|weapon|knife|"
            r"gun|intend|intention|act on|acted on|go(?:es)? further)"
        ),
        SI,
        "high",
    ),
    (re.compile(r"\b(?:the cuts|cuts\b|urges?\b|burns?\b|scars?\b)"), SELF_HARM, "moderate"),
    (
        re.compile(r"\b(?:those (?:kinds of )?thoughts|that thought|the thoughts?)\b"),
        PASSIVE,
        "low",
    ),
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
    r"\b(?:how deep|medical attention|hospital|a&e|where (?:are|is|were|was|do you keep) "
    r"(?:they|it|them|the)|what (?:stops|stopped|keeps|kept) (?:you|it)|safe|safety|mean it|"
    r"serious|the thoughts?|that thought|those thoughts|go further|acted on|act on|thought about"
    r" how|how (?:bad|serious|close|often do|often does|long have you)|what did you (?:use|do)|"
    r"did (?:you|it|they) need|when was the last|have you (?:done|acted)|tell me more|say more|"
    r"what do you mean|when you say)\b"
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
ANAPHORIC_QUESTION: Final = re.compile(
    r"^[^?]{0,60}\b(?:it|that|they|them|those|this)\b[^?]{0,30}\?$"
)
#: What raises a statement's severity (README severity table): plan, means, intent, weapons.
SEVERITY_ESCALATORS: Final[dict[str, re.Pattern[str]]] = {
    SI: re.compile(
        r"\b(?:plan|planned|planning|method|how i'd do it|how i would do it|looked up|researched|"
        r"tablets|pills|overdose|rope|bridge|jump|note|letters|my will|tonight|this weekend|"
        r"intend|i mean it|made up my mind|decided|going to do it|counted)\b"
    ),
    PASSIVE: re.compile(
        r"\b(?:drive|driving) (?:really )?(?:fast|recklessly)|don't look (?:when|before)|"
        r"stopped taking my (?:meds|medication|tablets)|drinking (?:more|a lot|every)\b|"
        # risky behaviour alongside indifference to dying (README: passive, moderate)
        r"\b(?:drive|driving|drove|drink[- ]driv\w*|had a few|drunk|pissed|steaming|without "
        r"looking|stopped (?:taking )?my [\w ]{0,12}(?:meds|medication|tablets|insulin|inhaler)|"
        r"swam|swimming|speed\w*|motorbike|traffic|the road|out drinking|canal|river|"
        r"skinful|floor it|floored it|in the car|skipp\w* my [\w ]{0,12}(?:meds|medication|"
        r"tablets|insulin|inhaler))\b"
    ),
    OTHERS: re.compile(
        r"\b(?:knife|gun|weapon|machete|glovebox|i mean it|not joking|swear|i know where|"
        r"hammer|crowbar|bat|baseball bat|brick|axe|screwdriver|golf club|iron bar|wrench|"
        r"spanner|shotgun|rifle|pistol|firearm|by the door|going round|go round|outside "
        r"(?:his|her|their) \w+|i'd do it myself|"
        r"wait(?:ing)? for (?:him|her|them)|tonight|find (?:him|her|them))\b"
    ),
}
#: Common words ignored when checking whether a therapist question echoes the client's words.
# fmt: off
COMMON_WORDS: Final = frozenset((
    "about", "after", "again", "also", "anything", "because", "been", "before", "could",
    "didn't", "does", "doing", "done", "don't", "even", "every", "everyone", "everything",
    "feel", "feels", "felt", "from", "going", "good", "have", "honest", "honestly", "into",
    "just", "know", "like", "maybe", "more", "much", "nothing", "really", "right", "said",
    "same", "should", "some", "something", "still", "than", "that", "that's", "them", "then",
    "there", "they", "thing", "things", "think", "this", "time", "very", "want", "well", "were",
    "what", "when", "where", "which", "with", "would", "yeah", "your", "you're", "it's", "i'm",
    "okay",
))
# fmt: on


# --- guard functions -------------------------------------------------------------------------
_CLAUSE_BREAK = re.compile(r"[,;:—–(]|\b(?:but|though|although|because|so|and then)\b")
_TOKEN = re.compile(r"[a-z']+")


def negated(sentence: str, start: int) -> bool:
    before = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    window = " ".join(NEGATOR_EXCEPTIONS.sub(" ", clause).split()[-6:])
    return bool(NEGATORS.search(window))


def third_party(sentence: str, start: int) -> bool:
    """True when the nearest person before ``start`` is someone other than the speaker."""
    for token in reversed(_TOKEN.findall(sentence[:start])):
        bare = token.removesuffix("'s")
        if token in FIRST_PERSON:
            return False
        if bare in THIRD_PERSON or bare.removesuffix("s") in THIRD_PERSON:
            return True
    return False


_DETERMINERS: Final = frozenset({"my", "his", "her", "their", "our", "your", "the", "a", "an"})


def not_the_speaker(sentence: str, start: int) -> bool:
    """For broad-net rules: the subject before ``start`` is not (clearly) the speaker."""
    tokens = _TOKEN.findall(sentence[:start])[-8:]
    for position in range(len(tokens) - 1, -1, -1):
        token = tokens[position]
        if token in FIRST_PERSON:
            return False
        if (token, tokens[position - 1] if position else "") == ("own", "my"):
            return False  # "my own death"
        if token in _DETERMINERS or token.removesuffix("'s") in THIRD_PERSON:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Candidate:
    """A rule match waiting for the guards: the rule, its sentence, where, and the utterance."""

    rule: RiskRule
    sentence: str
    start: int
    utterance: str
    end: int | None = None

    def negated_after(self) -> bool:
        """A negation just after the match ("suicide has never crossed my mind")."""
        return self.end is not None and bool(NEGATED_AFTER.search(self.sentence[self.end :]))


#: (test, reason) in order; the first test that holds sets the match aside.
GUARDS: Final[tuple[tuple[Callable[[Candidate], bool], str], ...]] = (
    (
        lambda c: (
            (negated(c.sentence, c.start) or c.negated_after())
            and not CONTRAST_IDEATION.search(c.utterance)
        ),
        "negated",
    ),
    (
        lambda c: (
            c.rule.person == "third"
            or (c.rule.person == "any" and third_party(c.sentence, c.start))
            or (c.rule.person == "explicit" and not_the_speaker(c.sentence, c.start))
        ),
        "about a third party",
    ),
    (
        lambda c: bool(PAST_REMOTE.search(c.sentence)) and not RECENT.search(c.utterance),
        "past and resolved (history; still clinically relevant)",
    ),
    (
        lambda c: bool(JOKING.search(c.utterance)) and not SERIOUS.search(c.utterance),
        "joking or hyperbole",
    ),
    (
        lambda c: (
            (c.rule.kind == PASSIVE or c.rule.id == "si.overdose")
            and bool(FEAR_OF_DEATH.search(c.sentence))
        ),
        "fear of dying, not a wish to die",
    ),
    (
        lambda c: c.rule.kind == SELF_HARM and bool(ACCIDENT.search(c.sentence)),
        "accidental injury",
    ),
    (
        lambda c: c.rule.id.startswith("si.means") and bool(MEDICATION_USE.search(c.sentence)),
        "ordinary use of prescribed medication",
    ),
    (
        lambda c: c.rule.kind == PASSIVE and bool(GRIEF.search(c.utterance)),
        "grief language",
    ),
    (
        lambda c: (
            c.rule.kind == OTHERS
            and bool(EGO_DYSTONIC.search(c.utterance))
            and not SERIOUS.search(c.utterance)
        ),
        "unwanted intrusive thought (ego-dystonic)",
    ),
)
