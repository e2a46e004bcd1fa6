"""MITI 4.2.1 rule machinery and the Affirm, Seek, Emphasize and Confront rule sets.

The definitions, sources and limits of every rule are in :mod:`alliancelens.models.miti_rules`
(clinical reference §6.1, source key Moyers-MITI4.2.1 [V]), which re-exports these names;
Persuade and its permission checks are in :mod:`alliancelens.models._miti_persuade`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "AFFIRM",
    "CONFRONT",
    "EMPHASISING_AUTONOMY",
    "IS_OKAY",
    "OKAY",
    "SEEKING_COLLABORATION",
    "WORD",
    "Rules",
    "prepared",
    "rules",
]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Rules:
    """Patterns, each searched only when one of its trigger words is in the text."""

    rules: tuple[tuple[frozenset[str], re.Pattern[str]], ...]
    #: Every rule's trigger words: without one of them in the text no pattern is searched.
    triggers: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "triggers", frozenset().union(*(t for t, _ in self.rules)))

    def search(self, said: str, words: frozenset[str] | None = None) -> bool:
        """Whether any pattern matches normalised text ``said`` (``words``: its word set)."""
        words = frozenset(WORD.findall(said)) if words is None else words
        if self.triggers.isdisjoint(words):
            return False
        for trigger, pattern in self.rules:  # a plain loop: no generator frames
            if not trigger.isdisjoint(words) and pattern.search(said):
                return True
        return False


_TRIGGERS = re.compile(r"\(\?#([^)]*)\)")


def rules(*patterns: str) -> Rules:
    """Patterns that open with ``(?#trigger words)``: every match contains one of the words."""
    found = []
    for pattern in patterns:
        triggers = _TRIGGERS.match(pattern)
        if triggers is None:
            raise ValueError("every MITI rule pattern must open with (?#trigger words)")
        found.append((frozenset(triggers.group(1).split()), re.compile(pattern)))
    return Rules(tuple(found))


@lru_cache(maxsize=4096)
def prepared(text: str) -> tuple[str, frozenset[str]]:
    """Lower-cased text with straight quotes and single spaces, and its set of words."""
    said = " ".join(text.translate(_QUOTES).lower().split())
    return said, frozenset(WORD.findall(said))


_GOOD = (
    r"great good wonderful fantastic excellent impressive amazing admirable encouraging "
    r"inspiring remarkable terrific brilliant awesome"
)
_GOOD_IDEA = (
    r"smart wise creative thoughtful solid practical sensible realistic manageable positive "
    r"meaningful significant important strong helpful valuable brave courageous insightful "
    r"reasonable achievable doable exciting"
)
_IDEA = (
    r"idea ideas plan plans step steps start insight insights strategy strategies decision goal "
    r"goals choice choices approach observation realisation realization foundation progress "
    r"achievement accomplishment commitment move tools options direction approaches milestone "
    r"shift"
)
_QUALITY = (
    r"commitment determination courage strength persistence resilience dedication insight "
    r"self-awareness awareness honesty openness willingness motivation effort efforts "
    r"resourcefulness perseverance thoughtfulness bravery initiative"
)


def _alt(words: str) -> str:
    return "(?:" + "|".join(words.split()) + ")"


# §6.1 AF: praise only where it is tied to the client's strengths, efforts or values.
AFFIRM = rules(
    r"(?#worked tried done made put shown come been managed stuck kept taken started begun)"
    r"(?<!\bwhat )(?<!\bif )\byou(?:'ve| have) (?:really |clearly |already |obviously )"
    r"?(?:worked|tried|done|made|put|shown|come|been working|managed|stuck|kept|taken|started|"
    r"begun)[\w ,']{0,40}\b(?:hard|lot|effort|progress|far|great|huge|big|determination|steps?|"
    r"strides|courage|commitment|strength)\b",
    r"(?#took takes taken)\b(?:that|it|this) (?:took|takes|must have taken|must take) (?:a lot "
    r"of |real |some |great )?(?:courage|strength|guts|effort|determination|commitment|"
    r"resilience|persistence)",
    "(?#shows demonstrates says speaks reflects)"
    r"\b(?:shows|demonstrates|says a lot about|speaks to|reflects) (?:a lot of |real |great |such "
    r"|a |your |a real |a strong |a strong sense of |a real sense of )?"
    rf"(?:{_alt(_QUALITY)}|how much you care)",
    r"(?#shows show showed)\b(?:shows?|showed) (?:that )?you(?:'re| are) (?:quite |really |very |"
    r"so )?(?:motivated|committed|determined|ready|capable|serious)\b|\b(?:shows?|showed) "
    r"(?:that )?you (?:have|had) the (?:ability|strength|capacity|skills)\b",
    r"(?#capable strong determined resilient committed)\bhow (?:capable|strong|determined|"
    r"resilient|committed) you (?:are|can be)\b",
    r"(?#got)\byou(?:'ve| have) got (?:a |real |a lot of |a strong )?(?:commitment|determination|"
    r"courage|strength|resilience|persistence)\b",
    r"(?#been)\byou(?:'ve| have) been (?:really |so |incredibly |very |remarkably )"
    r"?(?:thoughtful|open|honest|brave|committed|persistent|resilient|courageous)\b",
    "(?#see)"
    rf"\b{_alt(_GOOD)} to see (?:your|how you|that you|such|you (?:taking|making|doing|trying))\b",
    "(?#hear)"
    rf"\b(?:{_alt(_GOOD)}|glad) to hear (?:that )?you(?:'re| are) (?:open|ready|willing|thinking "
    r"about|considering|committed|motivated|taking|making|trying)\b",
    "(?#hear)"
    rf"\b{_alt(_GOOD)} to hear (?:that |how |about )?(?:you(?:'ve| have)|the (?:changes|"
    r"progress|steps))",
    r"(?#progress strides steps)\byou(?:'re| are) (?:already )?(?:making|taking) (?:real |great |"
    r"good |such |steady )?(?:progress|strides|steps forward)\b",
    r"(?#committed determined resourceful persistent dedicated resilient brave courageous "
    r"insightful thoughtful aware worker strong doing someone)(?<!\bhope )(?<!\bif )(?<!\bwhen )"
    r"\byou(?:'re| are) (?:(?:really|clearly|obviously|very|so|quite|already) ){0,2}(?:committed|"
    r"determined|resourceful|persistent|dedicated|resilient|brave|courageous|insightful|"
    r"thoughtful|self-aware|a hard worker|a strong|doing (?:so |really )?(?:well|great)|someone "
    r"who (?:cares|really cares|works))",
    r"(?#care cared)\byou (?:really |clearly |obviously )?(?:care|cared) (?:a lot |deeply |so "
    r"much )?about\b",
    r"(?#insight understanding strength resilience determination awareness courage base lot)"
    r"\byou (?:clearly |really |obviously |already )?have (?:a |the |such a |so much )?(?:lot of "
    r"|real |good |solid |great |strong |clear )?(?:insight|understanding|strength|resilience|"
    r"determination|self-awareness|awareness|courage|solid base)\b",
    r"(?#appreciate admire respect)\bi (?:really |truly )?(?:appreciate|admire|respect) (?:your|"
    r"that you|how you|the way you|you (?:being|sharing|opening|taking))\b",
    "(?#thank thanks)"
    rf"\bthank(?:s| you) (?:so much )?for (?:your {_alt(_QUALITY)}|being (?:so |really )?(?:open|"
    r"honest|willing|candid)|sharing (?:so )?(?:openly|honestly))",
    f"(?#{_GOOD})"
    rf"\b(?:it's|it is|that's|that is|how) (?:really |so |truly |very )?{_alt(_GOOD)} "
    r"(?:that|how) you(?:'ve|'re| have| are)?\b",
    f"(?#{_IDEA})"
    r"\b(?:that's|that is|it's|it is|what|this is|sounds like|seems like|is|are|you've (?:taken|"
    r"made|come up with|found)|you (?:have )?(?:taken|made|came up with|have come up with)|you're "
    r"(?:taking|making)) (?:really |truly |quite |all )?(?:a |an )?"
    r"(?:really |very |such a |truly )?"
    rf"{_alt(_GOOD + ' ' + _GOOD_IDEA)}(?: and \w+| \w+)? {_alt(_IDEA)}\b",
    f"(?#{_IDEA})"
    r"\b(?:those|these) (?:are|sound like|seem like) (?:all |some |really |such )*"
    rf"{_alt(_GOOD + ' ' + _GOOD_IDEA)} {_alt(_IDEA)}\b",
    r"(?#commendable admirable impressive inspiring)\b(?:it's|it is|that's|that is|which is|is|"
    r"are) (?:quite |really |very |so |truly )?(?:commendable|admirable|impressive|inspiring)\b",
    r"(?#glad)\bi'm (?:really |so |very )?glad (?:that )?you(?:'ve| have)? (?:taken|made|decided|"
    r"come|tried|managed|been able)\b",
    r"(?#good)\bgood (?:for you|on you)\b.{0,40}\byou\b",
    r"(?#done)\bwell done (?:on|for)\b",
    r"(?#proud)\byou (?:should|can) be (?:really |very |so )?proud of\b",
    r"(?#commitment determination courage persistence resilience dedication honesty openness "
    r"perseverance willingness)\byour (?:commitment|determination|courage|persistence|resilience|"
    r"dedication|honesty|openness|perseverance|willingness to)\b",
)

OKAY = "okay ok alright right fine"
IS_OKAY = r"(?:okay|ok|alright|all right|fine)(?: with you)?"
# §6.1 Seek: input on the plan or the agenda, joint work (asking permission, PERMISSION, also
# counts as Seek).
SEEKING_COLLABORATION = rules(
    r"(?#sound seem)\bhow (?:does|would) (?:that|this)(?: plan| idea)? (?:sound|seem)\b",
    r"(?#feel)\bhow do you feel about (?:trying|doing|starting|the idea|the plan|(?:that|this|"
    r"these|those) (?:idea|plan|options?|steps?|strateg(?:y|ies)|suggestions?))\b",
    r"(?#sound seem feel work)\b(?:does|would) (?:that|this) (?:sound|seem|feel|work) (?:okay|ok|"
    r"alright|all right|good|right|reasonable|doable|helpful|like a plan)\b",
    r"(?#would)\bwould (?:that|this) (?:be|work|feel) (?:okay|ok|alright|all right|helpful|good|"
    r"useful)\b",
    r"(?#ideas thoughts suggestions)\bwhat (?:ideas|thoughts|suggestions) do you have\b",
    r"(?#thoughts ideas)\bwhat (?:are )?your (?:thoughts|ideas) (?:on|about) (?:that (?:plan|"
    r"idea)|these (?:ideas|options)|trying|doing|using|starting|the (?:idea|plan))\b",
    r"(?#hear)\bi'd (?:love|like) to hear (?:your|what you)\b",
    r"(?#think)\bwhat do you think (?:about|of) (?:that|this|these|those|the|doing|trying|making|"
    r"it)\b|\bwhat do you think (?:would|might|could) (?:work|help|be (?:most )?helpful)\b",
    r"(?#work helpful help)\bwhat (?:would|might) (?:work|be (?:most )?helpful|help) (?:best )"
    r"?for you\b",
    r"(?#like want)\bwhat (?:would|do) you (?:like|want) to (?:talk about|focus on|start with|"
    r"work on|do next|discuss|explore|begin with)\b",
    r"(?#where)\bwhere would you like to (?:start|begin|go)\b",
    r"(?#like want)\bwould you (?:like|want) to (?:talk about|focus on|start|spend|look at|"
    r"explore)\b",
    r"(?#specific particular)\bis there (?:anything|something) (?:specific|in particular) "
    r"(?:you'd|you would) like to (?:talk about|focus on|explore|discuss)\b",
    r"(?#together)(?<!\bglad )\b(?:let's|we could|we can|we might) (?:\w+ ){0,6}together\b|"
    r"\btogether,? (?:we can|we could|let's)\b",
    r"(?#explore exploring brainstorm think look work figure discuss talk)\b(?:let's|let us|we "
    r"(?:can|could)|maybe we (?:can|could)|perhaps we (?:can|could)) (?:start by |also |continue "
    r"to )?(?:explore|exploring|brainstorm|think about|look at|look into|work out|figure out|"
    r"discuss|talk about (?:some|what|how))\b",
    r"(?#allowing letting)\b(?:thank you|thanks) for (?:allowing|letting) me\b",
    r"(?#comfortable open ready)\bif you(?:'re| are| feel) (?:comfortable|open|ready)(?: to "
    r"(?:it|that))?,? (?:we|i|let's)\b|\bif you(?:'re| are) open to (?:it|that|hearing|some|"
    r"exploring)\b",
    r"(?#know)\b(?:you can |just )?let me know (?:if|what|whether|how)\b",
    r"(?#plan)\blet's (?:craft|make|build|create|put together|come up with) (?:a|the|your) plan\b",
    f"(?#{OKAY})"
    r"\bis (?:that|this) (?:okay|ok|alright|all right) with you\b",
    # QA qa21 item 9: asking the client what the session should be spent on is asking for their
    # input on the agenda (§6.1 Seek), however "useful" or "important" is phrased.
    r"(?#useful helpful important)\bwhat (?:would|might|could|will) (?:be )?(?:the )?(?:most |"
    r"more |really )?(?:useful|helpful|important) (?:things? )?(?:(?:for (?:us|you) )?to "
    r"(?:focus on|talk about|work on|look at|start with|spend)|(?:for us )?today)\b",
)

# §6.1 Emphasize: responsibility and choice for change placed with the client.
EMPHASISING_AUTONOMY = rules(
    r"(?#up choice decision call life journey body)\b(?:it's|it is|that's|that is|this is) "
    r"(?:entirely |totally |completely |really |all |ultimately |always )?(?:up to you|your "
    r"(?:choice|decision|call|life|journey|body))\b",
    r"(?#choice decision)\bthe (?:choice|decision) is (?:entirely |totally |ultimately )"
    r"?(?:yours|up to you)\b",
    r"(?#decide choose)(?<!\bif )(?<!\bwhen )(?<!\bonce )\b(?:only you|you alone|you) (?:get to|"
    r"can|are the one (?:who|to)|are free to|have the (?:right|freedom) to) (?:decide|choose)\b",
    r"(?#whatever)\bwhatever (?:\w+ )?you (?:decide|choose|end up (?:deciding|choosing))\b|"
    r"\bwhatever (?:feels|you're|you are|you feel) (?:right|comfortable|important)\b",
    r"(?#expert boss charge control driver)\byou(?:'re| are) (?:the|in) (?:expert|boss|charge|"
    r"control|driver's seat)\b",
    r"(?#judge knows)\byou(?:'re| are) the (?:best judge|one who knows)\b",
    r"(?#better best)\byou know (?:yourself|your (?:situation|life|body|family|own mind)) "
    r"(?:better|best)\b",
    r"(?#make force)\b(?:no one|nobody|i) can(?:'t|not)? (?:make|force) you\b",
    r"(?#don)\byou don't have to (?:do|decide|change|commit to|quit) (?:anything|it|that|this|"
    r"now)\b",
    r"(?#pace time way)\b(?:at|in) your own (?:pace|time|way)\b|\bat (?:your|whatever) pace\b",
    r"(?#feels)\bif (?:that|it|this) feels right (?:for|to) you\b",
    r"(?#whenever)\bwhenever (?:you(?:'re| are| feel) ready|it feels right)\b",
    r"(?#works work fits feels)\b(?:what|which|whatever) (?:\w+ )?(?:works|feels right|fits|work)"
    r" (?:best )?for you\b",
    r"(?#pressure)\bno pressure\b",
)

# §6.1 Confront: disagreeing, labelling, shaming, moralising, doubting honesty.
CONFRONT = rules(
    r"(?#denial lying kidding fooling excuses alcoholic addict being)\byou(?:'re| are) (?:just |"
    r"only |obviously |clearly |still )?(?:in denial|lying|kidding yourself|fooling yourself|"
    r"making excuses|an alcoholic|an addict|being (?:ridiculous|dishonest|irresponsible|childish|"
    r"selfish|unrealistic|naive|stubborn|defensive|silly))\b",
    r"(?#true ridiculous nonsense excuse irresponsible wrong reason)\b(?:that's|that is) (?:just "
    r"|only |simply )?(?:not true|ridiculous|nonsense|an excuse|a lame excuse|irresponsible|"
    r"wrong|not (?:a good|an) (?:excuse|reason))\b",
    r"(?#come)\bcome on\b[,.!]? (?:be honest|really|seriously|you|now)\b",
    r"(?#believe)\bi (?:don't|do not) believe (?:you|that)\b",
    r"(?#ashamed better)\byou (?:should|ought to) (?:be ashamed|know better)\b",
    r"(?#see understand admit stop get)\b(?:how|why) (?:can't|couldn't|won't|don't|didn't) you "
    r"(?:just )?(?:see|understand|admit|stop|get it)\b",
    r"(?#face admit accept)\byou (?:have|need|got) to (?:face|admit|accept) (?:it|the fact|that|"
    r"the truth)\b",
    r"(?#kidding)\byou(?:'ve| have) got to be kidding\b",
    r"(?#problem)\bthe (?:real )?problem is (?:you|that you)\b",
    r"(?#thinking)\bwhat were you thinking\b",
    r"(?#blaming excuses saying)\byou (?:always|keep) (?:blaming|making excuses|saying that)\b",
)
