"""Transparent lexical rules for MITI 4.2.1 behaviour codes that AnnoMI does not label.

Each rule is a regular expression over the lower-cased therapist utterance, written from the
MITI 4.2.1 definitions (Moyers, Manuel & Ernst 2014/2015, paraphrased in the clinical reference
§6.1, source key Moyers-MITI4.2.1 [V]), and tried only when one of its trigger words occurs
(which keeps the analyser fast). Rules fire on explicit, typical wordings and miss paraphrase,
irony and tone. The flags are **estimates** of human MITI coding, never the instrument (clinical
reference §0.2 rule 3). Wordings were tuned on the ``dev`` half of MIBot (``alliancelens
evaluate mibot --half dev``) and on invented sentences; ``test`` was scored only afterwards.

* **Affirm (AF)** — §6.1: positive about the client's *specific* strengths, efforts or values;
  generic praise or "I'm proud of you" is not coded. Fires when praise is tied to the client
  ("it's impressive that you've…", "that shows real commitment", "thank you for being so open",
  "that's a thoughtful plan"); a bare "Great!" or "That's great to hear" does not.
* **Seeking collaboration (Seek)** — §6.1: shares power or recognises the client's expertise
  (asks their ideas, input on agenda or plan): "how does that sound?", "what would you like to
  focus on?", asking permission ("is it okay if I share…?"), "we can explore that together".
* **Emphasising autonomy (Emphasize)** — §6.1: places responsibility and choice for change with
  the client ("it's your choice", "whatever you decide", "you know yourself best", "at your own
  pace"). A conditional ("if you decide to…") or a past choice ("you decided…") does not fire.
* **Confront** — §6.1: disagrees, argues, corrects, shames, blames, criticises, labels,
  moralises, ridicules or questions honesty ("you're in denial", "you should know better").
* **Persuade** (without permission) — §6.1/§6.3: advice, a suggestion or a directive outside a
  question, with no permission in view. It is *Persuade with Permission* (MI-consistent, not
  counted) when the client's last turn asks for it, the therapist asked permission in their
  previous two turns or the same utterance, the client accepted ("yes", "go on") while the
  therapist is already in an advice sequence, or the utterance emphasises the client's choice.
  A soft suggestion that repeats the client's own idea from their last turn is their plan
  reflected back, not persuasion; a directive ("you should…") still counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ACCEPTANCE",
    "ADVICE",
    "AFFIRM",
    "CLIENT_REQUEST",
    "CONFRONT",
    "DIRECTIVE",
    "EMPHASISING_AUTONOMY",
    "IMPERATIVE",
    "NOT_ADVICE",
    "PERMISSION",
    "SEEKING_COLLABORATION",
    "MitiFlags",
    "Rules",
    "miti_flags",
]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Rules:
    """Patterns, each searched only when one of its trigger words is in the text."""

    rules: tuple[tuple[frozenset[str], re.Pattern[str]], ...]

    def search(self, said: str, words: frozenset[str] | None = None) -> bool:
        """Whether any pattern matches normalised text ``said`` (``words``: its word set)."""
        words = frozenset(_WORD.findall(said)) if words is None else words
        return any(not trigger.isdisjoint(words) and p.search(said) for trigger, p in self.rules)


_TRIGGERS = re.compile(r"\(\?#([^)]*)\)")


def _rules(*patterns: str) -> Rules:
    """Patterns that open with ``(?#trigger words)``: every match contains one of the words."""
    rules = []
    for pattern in patterns:
        triggers = _TRIGGERS.match(pattern)
        if triggers is None:
            raise ValueError("every MITI rule pattern must open with (?#trigger words)")
        rules.append((frozenset(triggers.group(1).split()), re.compile(pattern)))
    return Rules(tuple(rules))


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
AFFIRM = _rules(
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

_OKAY = "okay ok alright right fine"
_IS_OKAY = r"(?:okay|ok|alright|all right|fine)(?: with you)?"
# §6.1 Seek: input on the plan or the agenda, joint work (asking permission, PERMISSION, also
# counts as Seek).
SEEKING_COLLABORATION = _rules(
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
    f"(?#{_OKAY})"
    r"\bis (?:that|this) (?:okay|ok|alright|all right) with you\b",
)

# §6.1 Emphasize: responsibility and choice for change placed with the client.
EMPHASISING_AUTONOMY = _rules(
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
CONFRONT = _rules(
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

# §6.1 Persuade: advice, suggestions, directives. "you" after if/when/how/that/find/feel/glad/
# think sits inside a reflection or an indirect question and does not count.
_YOU = r"you(?<![a-z]you)" + "".join(
    rf"(?<!\b{word} you)"
    for word in ("if", "when", "how", "what", "that", "find", "feel", "glad", "think")
)
DIRECTIVE = _rules(
    "(?#should must ought need have got gotta)"
    + _YOU
    + r" (?:really |definitely |seriously |absolutely )?(?:should|must|ought to|need to|have to|"
    r"'ve got to|have got to|gotta)\b(?! (?:be (?:ashamed|proud)|know better))",
    r"(?#recommend suggest advise urge)\b(?:i|we)(?:'d| would)? (?:really |strongly |highly )"
    r"?(?:recommend|suggest|advise|urge)(?:ing)? (?:that|you|we|to|trying|a|an|the|some|\w+ing)\b",
    r"(?#encourage)\bi (?:would |'d )?(?:really |strongly )?encourage you to\b",
    r"(?#advice recommendation suggestion)\bmy (?:advice|recommendation|suggestion) (?:is|would "
    r"be)\b",
    r"(?#were)\bif i were you\b",
)
_DO = (
    r"(?:try|consider|start|begin|set|plan|keep|use|look (?:into|for|at)|replace|switch|swap|cut|"
    r"reduce|join|talk to|speak (?:to|with)|ask|put|avoid|limit|practi[cs]e|download|call|write|"
    r"schedule|focus on|choose|create|make a|have (?:a|an|open|some)|experiment|find (?:a|an|"
    r"some|ways?|something)|think about (?:setting|trying|using|starting|joining|replacing|"
    r"finding|making|keeping))"
)
ADVICE = _rules(
    "(?#could might may can)"
    + _YOU
    + rf" (?:could|might|may|can) (?:also |always |then |perhaps )?(?:want to )?{_DO}\b",
    r"(?#helpful useful worthwhile worth idea beneficial wise important best)\b(?:helpful|useful|"
    r"worthwhile|worth it|a good idea|beneficial|wise|important|best) to (?:try|consider|start|"
    r"set|keep|plan|use|find|replace|avoid|limit|talk|speak|reach|cut|reduce|practi[cs]e|"
    r"identify|make|create|schedule|remove)\b",
    r"(?#worth)\b(?:it's|it is|it can be|it may be|it might be|it could be) worth (?:trying|"
    r"considering|looking|talking|exploring)\b",
    r"(?#option approach idea strategy step thing way tip)\b(?:one|another|a|the first|a good) "
    r"(?:\w+ ){0,2}(?:option|approach|idea|strategy|step|thing|way|tip) (?:might|could|would|is|"
    r"may) (?:be )?(?:to\b|\w+ing\b)",
    r"(?#here)\bhere (?:are|is|'s) (?:a few|some|one|a couple of) (?:\w+ )?(?:ideas?|tips?|"
    r"strateg(?:y|ies)|suggestions?|options?|things you)\b",
    r"(?#about)\bhow about (?:trying|starting|setting|you)\b",
    r"(?#people others)\b(?:some|many|other) people (?:find|have found|found)\b|\bothers have "
    r"found\b",
    r"(?#help ease handy helpful useful beneficial good)(?:^|[.!:;] )(?:sometimes,? |perhaps,? |"
    r"maybe,? |also,? |if possible,? )?\w+ing\b[^.!:;]{0,100}\b(?:could|can|might|may|will|would)"
    r" (?:really |also )?(?:help|ease|be (?:handy|helpful|useful|beneficial|a good))\b",
)
# A sentence (or list item after a colon) that opens with an advice verb: "Plan activities…".
IMPERATIVE = re.compile(
    r"(?:^|[.!:;]\s*)\W*(?:try|consider|plan|practi[cs]e|set|start|keep|replace|avoid|limit|"
    r"remove|create|identify|schedule|reward|lean on|join|write|swap|switch|cut|reduce|throw|"
    r"download|make sure|stay away|think about (?:setting|using|trying)|talk to (?:your|a|someone)|"
    r"use (?:a|an|the|your|some)|drink|stop|quit|focus on|find (?:a|an|some|ways?|something))\b"
    r"(?! (?:me|going|it up|in touch)\b)"
)
# Offers of support, summaries, reflections and invitations that the coder may call advice but
# that are no attempt to change the client's behaviour (§6.1 Persuade).
NOT_ADVICE = _rules(
    r"(?#free)\bfeel free to\b",
    r"(?#reach)\breach out\b",
    r"(?#here happy glad)\b(?:i(?:'m| am)|we(?:'re| are)) (?:really |so |always )?(?:here|happy|"
    r"glad)\b",
    r"(?#talked discussed explored touched covered looked)\bwe(?:'ve| have)? (?:also )?(?:talked|"
    r"discussed|explored|touched|covered|looked)\b",
    r"(?#talked shared mentioned said acknowledged recognised recognized noted expressed "
    r"identified considered decided come)\byou(?:'ve| have)? (?:talked|shared|mentioned|said|"
    r"acknowledged|recogni[sz]ed|noted|expressed|identified|considered|decided|come up with)\b",
    r"(?#thinking considering open planning hoping interested feeling aware)\byou(?:'re| are) "
    r"(?:thinking|considering|open|planning|hoping|interested|feeling|aware)\b",
    r"(?#if)^\W*if\b",
    r"(?#care luck)\b(?:take care|good luck|best of luck)\b",
)

# Permission asked by the therapist (clinical reference §6.1, Persuade with Permission).
PERMISSION = _rules(
    f"(?#{_OKAY})"
    rf"\b(?:(?:would|will|is) it be|is it) {_IS_OKAY} (?:if|to)\b|\b(?:would|is) (?:that|this) "
    rf"(?:be )?{_IS_OKAY}\?",
    r"(?#up willing)\bwould you be (?:up for|willing to) (?:trying|try|giving|doing)\b",
    r"(?#share tell give offer suggest mention make add say ask)\b(?:can|could|may|might) i "
    r"(?:share|tell you|give you|offer|suggest|mention|make|add|say|ask)\b",
    r"(?#mind)\b(?:do|would) you mind if i\b|\bmind if i\b",
    r"(?#like want)\bwould you (?:like|want) (?:me to|some|to hear|more information|to know|a "
    r"few|to look|to explore|to go over|to talk about (?:some|a few|ways|options|strategies))\b",
    r"(?#interested open)\b(?:would|are) you (?:be )?(?:interested|open) (?:in|to) (?:hearing|"
    r"some|knowing|learning|exploring|discussing|a few|looking)\b",
    r"(?#open interested comfortable like)\bif you(?:'re| are| feel) (?:open|interested|"
    r"comfortable)\b|\bif you(?:'d| would) like\b",
    r"(?#permission)\b(?:may i have|i'd like to ask for|with) your permission\b",
)
# The client's last turn asks for advice or information.
CLIENT_REQUEST = _rules(
    r"(?#what)\bwhat (?:should|can|could|do|would) i\b|\bwhat do you (?:think|suggest|recommend|"
    r"advise)\b|\bwhat are (?:some|the|other)\b",
    r"(?#tell help give suggest recommend show explain share)\b(?:can|could|would) you (?:tell|"
    r"help|give|suggest|recommend|show|explain|share)\b",
    r"(?#idea ideas suggestion suggestions advice tips recommendation recommendations help "
    r"strategies options methods ways)\b(?:any|some|your|more|another|other|different) (?:ideas?|"
    r"suggestions?|advice|tips|recommendations?|help|strategies|options|methods|ways)\b",
    r"(?#how)\bhow (?:else )?(?:do|can|could|would|should) i\b",
    r"(?#list wondering know)\b(?:can|could|would) you list\b|\bi (?:was |am |'m )?wondering\b|"
    r"\bi (?:would|'d) like to know\b",
    r"(?#help work)\b(?:would|will|could|can|does|do|is) (?:this|that|it|these|they|the \w+|a "
    r"\w+) (?:help|work)\b",
    r"(?#advice help information ideas tips)\bi (?:want|need|would like|'d like) (?:some |your )"
    r"?(?:advice|help|information|ideas|tips)\b",
    r"(?#tell help show please)\b(?:tell me|help me|show me|please)\b",
    r"(?#plan)\blet'?s (?:set up |make |do )?(?:a )?plan\b",
    r"(?#go like would)^\W*(?:yes|yeah|sure|ok|okay)?\W*(?:go (?:on|ahead)|i'd like that|that "
    r"would (?:help|be (?:great|good|helpful)))\W*$",
)
# A client turn that accepts what came before ("yes", "sure, go on"): it licenses the rest of an
# advice sequence the therapist is already in (a MITI coder reads the whole exchange).
ACCEPTANCE = re.compile(
    r"^\W*(?:yes|yeah|yep|sure|ok|okay|definitely|absolutely|alright|all right|sounds good|of "
    r"course|go on|please)\b"
)
_QUESTION = re.compile(r"[^?.!:;]*\?")


@dataclass(frozen=True, slots=True)
class MitiFlags:
    """The rule-based MITI codes of one therapist utterance."""

    affirm: bool
    seeking_collaboration: bool
    emphasising_autonomy: bool
    confront: bool
    persuade: bool

    def as_dict(self) -> dict[str, bool]:
        """The flags keyed by code name."""
        return {
            "affirm": self.affirm,
            "seeking_collaboration": self.seeking_collaboration,
            "emphasising_autonomy": self.emphasising_autonomy,
            "confront": self.confront,
            "persuade": self.persuade,
        }


@lru_cache(maxsize=4096)
def _prepared(text: str) -> tuple[str, frozenset[str]]:
    """Lower-cased text with straight quotes and single spaces, and its set of words."""
    said = " ".join(text.translate(_QUOTES).lower().split())
    return said, frozenset(_WORD.findall(said))


_DIRECTIVE, _SUGGESTION = 2, 1
# Stems too common to show that a suggestion echoes the client's own idea.
_COMMON = frozenset(
    {"about", "think", "reall", "would", "could", "shoul", "there", "their", "these", "those"}
    | {"thing", "somet", "maybe", "might", "which", "where", "other", "being", "going", "becau"}
)


@lru_cache(maxsize=4096)
def _advice_kind(text: str, *, advice: bool = False) -> tuple[int, frozenset[str]]:
    """(2 directive / 1 suggestion / 0 none, word stems) of the utterance's statements.

    Questions are removed first: a directive inside a question is a question (§6.1 Q).
    """
    said, words = _prepared(text)
    statements = _QUESTION.sub(" ", said).strip() if "?" in said else said
    if statements is not said:
        words = frozenset(_WORD.findall(statements))
    stems = frozenset(w[:5] for w in words if len(w) >= 5) - _COMMON
    if not statements:
        return 0, stems
    if DIRECTIVE.search(statements, words):
        return _DIRECTIVE, stems
    if ADVICE.search(statements, words) or IMPERATIVE.search(statements):
        return _SUGGESTION, stems
    suggested = advice and not NOT_ADVICE.search(statements, words)
    return (_SUGGESTION if suggested else 0), stems


def _advises(text: str) -> bool:
    return _advice_kind(text)[0] > 0


def _echoes(stems: frozenset[str], previous_client: str) -> bool:
    """Whether a suggestion repeats the client's own idea (two shared five-letter stems).

    That is the client's plan reflected or affirmed, not the therapist's persuasion.
    """
    client = _prepared(previous_client)[1]
    return len(stems & frozenset(w[:5] for w in client if len(w) >= 5)) >= 2


def _permitted(text: str, previous_therapist: Sequence[str], previous_client: str) -> bool:
    """Whether permission is in view (§6.1 Persuade with Permission): asked, requested or given."""
    before = previous_therapist[-2:]
    if any(PERMISSION.search(*_prepared(t)) for t in (*before, text)):
        return True
    client = _prepared(previous_client)
    if CLIENT_REQUEST.search(*client):
        return True
    return bool(ACCEPTANCE.search(client[0])) and any(_advises(t) for t in before)


def miti_flags(
    text: str,
    *,
    advice: bool,
    previous_therapist: Sequence[str] = (),
    previous_client: str = "",
) -> MitiFlags:
    """Rule-based MITI codes of therapist utterance ``text``.

    ``advice`` says whether the model coded the utterance as therapist input of subtype advice
    (it counts unless the utterance reads as an offer of support, a summary or a reflection,
    ``NOT_ADVICE``); ``previous_therapist`` holds the therapist's previous turns (most recent
    last; the last two are checked for a permission request or an advice sequence) and
    ``previous_client`` the client's last turn (checked for a request for advice, an acceptance
    that continues an advice sequence, or the idea a suggestion merely echoes).
    """
    said, words = _prepared(text)
    autonomy = EMPHASISING_AUTONOMY.search(said, words)
    kind, stems = _advice_kind(text, advice=advice)
    persuade = (
        kind > 0
        and not autonomy
        and not (kind == _SUGGESTION and _echoes(stems, previous_client))
        and not _permitted(text, previous_therapist, previous_client)
    )
    return MitiFlags(
        affirm=AFFIRM.search(said, words),
        seeking_collaboration=(
            SEEKING_COLLABORATION.search(said, words) or PERMISSION.search(said, words)
        ),
        emphasising_autonomy=autonomy,
        confront=CONFRONT.search(said, words),
        persuade=persuade,
    )
