"""MITI 4.2.1 Persuade: advice and directive rules, and when permission is in view.

The definitions, sources and limits are in :mod:`alliancelens.models.miti_rules` (clinical
reference §6.1 and §6.3, source key Moyers-MITI4.2.1 [V]), which re-exports these names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from alliancelens.models._miti_codes import (
    IS_OKAY,
    OKAY,
    SEEKING_COLLABORATION,
    WORD,
    prepared,
    rules,
)

__all__ = [
    "ACCEPTANCE",
    "ADVICE",
    "ARGUMENT",
    "CLIENT_REQUEST",
    "DIRECTIVE",
    "IMPERATIVE",
    "NOT_ADVICE",
    "PERMISSION",
    "persuades",
]

# §6.1 Persuade: advice, suggestions, directives. "you" after if/when/how/that/find/feel/glad/
# think sits inside a reflection or an indirect question and does not count.
_YOU = r"you(?<![a-z]you)" + "".join(
    rf"(?<!\b{word} you)"
    for word in ("if", "when", "how", "what", "that", "find", "feel", "glad", "think")
)
DIRECTIVE = rules(
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
ADVICE = rules(
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
NOT_ADVICE = rules(
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
    # QA qa21 item 2: the therapist owning their part in a rupture ("you're right, I was rushing
    # you") or thanking the client for saying so is repair, not an attempt to change the client.
    r"(?#right)\byou(?:'re| are) (?:quite |absolutely |completely |totally )?right\b",
    r"(?#telling saying being letting)\bthank(?:s| you) for (?:telling|saying|being honest|"
    r"letting me know)\b",
    r"(?#focused caught carried pushing rushing pushy ahead)\bi (?:got|was|have been|'ve been|"
    r"went) (?:a bit |too |so |quite |really )?(?:focused|caught up|carried away|pushing|rushing|"
    r"pushy|ahead)\b",
    r"(?#me mistake fault)\bthat's on me\b|\bmy (?:mistake|fault)\b",
    # QA qa22 item 6: a reflection of feeling ("you're eager to get going, and slowing down
    # feels frustrating"), a collecting summary the client is invited to correct, a preference
    # that frees the client from failing ("I'd rather hear what got in the way") and an
    # invitation to say when the therapist pushes are no attempt to change the client.
    r"(?#eager keen impatient frustrated worried torn unsure tired ready desperate anxious)"
    r"\byou(?:'re| are) (?:really |so |quite |a bit |very )?(?:eager|keen|impatient|frustrated|"
    r"worried|torn|unsure|tired|ready|desperate|anxious)\b",
    r"(?#feels feel felt)\b(?:feels?|felt) (?:really |so |quite |a bit |very )?(?:frustrating|"
    r"hard|difficult|scary|overwhelming|unfair|pointless|exhausting|frightening|too much)\b",
    r"(?#summarise summarize recap together tell)\blet me (?:summari[sz]e|recap|pull (?:this|"
    r"that|it|some of this) together)\b|\btell me (?:what|if|where) i (?:got|get|'ve got|have "
    r"got|missed|left out)\b",
    r"(?#rather)\bi(?:'d| would) rather (?:hear|know|you told|you tell|talk)\b",
    r"(?#tell know)\b(?:tell me|let me know) (?:if|when|whenever) i\b",
)
#: Persuasion by argument (§6.1 Persuade: "logic, compelling arguments ... to change the
#: client's mind"): insisting on the approach's importance or that the task gets easier, right
#: where the client hesitated (QA qa22 item 6). Coded like a directive.
ARGUMENT = rules(
    r"(?#core heart key)\b(?:is|are) (?:really |absolutely |just )?the (?:core|heart|key "
    r"(?:part|ingredient)) of (?:this|the|our|what)\b",
    r"(?#without)\bwithout (?:them|it|this|that|doing (?:them|it|this)),? (?:we|you) "
    r"(?:can't|cannot|won't|will not|really can't)\b",
    r"(?#easier)\b(?:it|this|that|they) (?:gets?|will get|becomes?|will become) (?:much |a lot |"
    r"so much )?easier (?:with practice|the more|once|over time)\b",
    r"(?#understand hear know get)\bi (?:understand|hear|know|get) (?:that )?(?:it|this|that|"
    r"you) (?:feels?|is|seems?|sounds?|find) [^.?!]{0,30}\bbut\b(?! (?:what|how|i wonder))",
)

# Permission asked by the therapist (clinical reference §6.1, Persuade with Permission).
PERMISSION = rules(
    f"(?#{OKAY})"
    rf"\b(?:(?:would|will|is) it be|is it) {IS_OKAY} (?:if|to)\b|\b(?:would|is) (?:that|this) "
    rf"(?:be )?{IS_OKAY}\?",
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
CLIENT_REQUEST = rules(
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
    said, words = prepared(text)
    # The coder's "advice" does not count when the same utterance shares the decision with the
    # client (Seek, §6.1): "let's decide together what would help" (QA qa21 item 2).
    advice = advice and not SEEKING_COLLABORATION.search(said, words)
    statements = _QUESTION.sub(" ", said).strip() if "?" in said else said
    if statements is not said:
        words = frozenset(WORD.findall(statements))
    stems = frozenset(w[:5] for w in words if len(w) >= 5) - _COMMON
    if not statements:
        return 0, stems
    if DIRECTIVE.search(statements, words) or ARGUMENT.search(statements, words):
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
    client = prepared(previous_client)[1]
    return len(stems & frozenset(w[:5] for w in client if len(w) >= 5)) >= 2


def _permitted(text: str, previous_therapist: Sequence[str], previous_client: str) -> bool:
    """Whether permission is in view (§6.1 Persuade with Permission): asked, requested or given."""
    before = previous_therapist[-2:]
    if any(PERMISSION.search(*prepared(t)) for t in (*before, text)):
        return True
    client = prepared(previous_client)
    if CLIENT_REQUEST.search(*client):
        return True
    return bool(ACCEPTANCE.search(client[0])) and any(_advises(t) for t in before)


def persuades(
    text: str,
    *,
    advice: bool,
    autonomy: bool,
    previous_therapist: Sequence[str],
    previous_client: str,
) -> bool:
    """Whether therapist utterance ``text`` is Persuade without permission (§6.1, §6.3).

    Arguments as for :func:`alliancelens.models.miti_rules.miti_flags`; ``autonomy`` says
    whether the utterance emphasises the client's choice (then it is not counted).
    """
    kind, stems = _advice_kind(text, advice=advice)
    return (
        kind > 0
        and not autonomy
        and not (kind == _SUGGESTION and _echoes(stems, previous_client))
        and not _permitted(text, previous_therapist, previous_client)
    )
