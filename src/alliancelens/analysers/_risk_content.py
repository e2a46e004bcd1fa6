"""Risk-relevant content and the client's own severity words (version 16, docs/analysers/risk.md).

Two questions the risk analyser asks of text it did not flag by wording:

* **Does the exchange hold any risk-relevant content at all?** (:func:`has_risk_content`.) The
  trained model reads sentence frames as well as words: on the function words alone of "It
  would be fine if the trains ran on time" ("it would be if the on") it gives 0.99, so a plain
  hypothetical about a bus or a deadline can read as passive ideation at 0.97. A model-only
  reading is a *flag* only when the utterance, the therapist turn before it or the open
  disclosure thread has risk content; otherwise it is listed as *possible* and opens no thread.
  :data:`RISK_CONTENT` is a broad net over the semantic fields of the four kinds (death and
  ending, not being here, hopelessness and burden, self-injury and the body, means and methods,
  weapons and violence, urges, safety). It is deliberately wider than the rules: it only decides
  whether a model reading may be a flag, never flags anything itself. Transport words on their
  own ("train", "car", "road") are not in it: they name methods only with a method frame ("in
  front of", "the tracks", "crash", "off the bridge").
* **Do the client's own words carry high severity?** (:func:`own_words_high`.) ``high`` is plan,
  method, means, intent or preparation *as worded* (ruptures-examples README severity table):
  never a therapist's question about a plan, a safety-planning proposal or the model's severity
  head alone. A negated escalator ("not a plan, no", "I don't have a plan") does not count, nor
  a plan for staying safe ("I used my safety plan", version 22).

Patterns run on text normalised by :func:`alliancelens.analysers._risk_text.normalise`; the
wording is our own.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from alliancelens.analysers import _risk_context as ctx
from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers._phrases import AnyBranch

__all__ = [
    "ATTENDANCE",
    "RISK_CONTENT",
    "about_attendance",
    "cap_high",
    "content_in",
    "escalates",
    "grounded",
    "has_risk_content",
    "own_words_high",
]

# Risk-relevant content (module docstring), one regex alternation per semantic field. Recall
# first: a word here only allows a model reading to stay a flag, it never flags anything.
_DEATH: Final = (
    r"di(?:e|es|ed)|dying|dead|deid|death|kill\w*|suicid\w*|murder\w*|end(?:ed|s)? (?:it|"
    r"things|my|me|myself|everything|all|of (?:it|me))|ending (?:it|things|my)|over with|"
    r"funeral|graves?|"
    r"coffin|buried|heaven|the other side|(?:god|lord|it|death) (?:\w+ ){0,2}takes? (?:me|us|"
    r"the both of us)|let it (?:come|happen|take|get|choose)|take me (?:too|also|as well|away|"
    r"home|now)|let me (?:go|die|rest)|ready to go|goodbyes?"
)
#: Preparation: notes, a will, affairs in order, giving things away (a ``high`` marker too).
_PREPARATION: Final = (
    r"(?:a|the|my|suicide) note|letters? (?:to|for)|my will|the will|(?:things|affairs|"
    r"everything) in order|affairs|loose ends|give away|gave away"
)
_NOT_HERE: Final = (
    # v20: "you're not here" is the therapist's absence, not the client's (QA20 #2)
    r"not (?:be|being) (?:here|around|alive)|(?<!you're )(?<!you are )not here|(?:weren't|"
    r"wasn't|won't be|will not be|wouldn't be) (?:here|around|alive)|"
    r"(?:be|being|stay|staying) alive|alive|"
    r"exist|existing|existence|(?:not|never|no|\w+n't|stop) (?:\w+ ){0,2}(?:wak(?:e|ing)|"
    r"woken?)|in my sleep|go to sleep and|sleep (?:forever|for good)|slip\w* away|fade away|"
    r"disappear\w*|vanish\w*|gone for good|be with (?:him|her|them|my)|join (?:him|her|them|my)"
    r"|way out|escape|life|lives|live for|go on living|stop living"
)
_HOPELESS: Final = (
    r"no point|pointless|the point (?:of|in)|what's the point|(?:see|seeing|saw) (?:the|any) "
    r"point|(?:no|not|\w+n't) (?:\w+ ){0,2}(?:go|going|carry|carrying) on|give up|giving up|"
    r"gave up|can't do (?:this|it) any ?more|can't keep going|had enough|(?:tired|sick) of (?:it "
    r"all|everything|life|living|being)|(?:be )?done with (?:it all|it|everything|life)|burden|"
    r"better off|without me|(?:wouldn't|would not|don't|do not|not) (?:much )?mind|(?:don't|"
    r"wouldn't|not|no) (?:\w+ ){0,2}(?:care|bothered) (?:\w+ ){0,2}(?:if|whether|what)|(?:if|"
    r"when) (?:it|(?:the|my) (?:\w+ ){1,2})(?:gives out|goes|happens|comes),? (?:it|then it) "
    r"(?:gives out|goes|happens|comes)|so be it|whatever happens|hopeless|worthless|trapped|no "
    r"way out|unbearable|not worth|worth (?:it|living)"
)
_BODY: Final = (
    r"cut|cuts|cutting|blades?|razor|sharpener|compass|scissors|scratch\w*|scars?|scarred|blood|"
    r"bleed\w*|bled|burn|burns|burnt|burned|burning|(?:a|my|the) lighter|blister\w*|bruis\w*|"
    r"wounds?|stitch\w*|steri|bandage\w*|nails into|bang\w* my head|head (?:against|into)|"
    r"pull\w* (?:my |out my )?hair|starv\w*|purg\w*|on purpose|self[- ]?harm\w*|hurt\w*|"
    r"harm\w*|injur\w*|my (?:arms?|legs?|wrists?|thighs?|skin|stomach|hips?|body|neck|knuckles"
    r"|fists?)"
)
#: Means and methods (a ``high`` marker when worded by the client).
_MEANS: Final = (
    r"cords?|(?:the|a) (?:beam|rafters?|banister|hook)|"
    r"pills?|tablets?|meds|medication|paracetamol|painkillers?|overdos\w*|od'?d|od|doses?|"
    r"insulin|poison\w*|bleach|rope|noose|ligature|hang(?:ed|ing)? (?:myself|yourself|himself|"
    r"herself|from|off)|bridge|ledge|the edge|edge of|cliff|roof|balcony|parapet|jump\w*|"
    r"drown\w*|river|canal|the sea|pier|harbour|tracks|railway|platform|in front of|motorway|"
    r"overpass|flyover|crash\w*|swerv\w*|exhaust pipe|exhaust fumes|monoxide|hosepipe|ditch|"
    r"into a (?:tree|wall)|wrap\w* (?:\w+ ){0,2}round|ampoules?|vials?|syringes?|stash\w*|"
    r"stockpil\w*|sav(?:ed|ing) (?:them )?up"
)
#: Weapons and approach behaviour towards a person (README harm_to_others ``high``: weapon,
#: approach), also a ``high`` marker when worded by the client.
_WEAPON_APPROACH: Final = (
    r"(?:hand)?guns?|shotgun|rifle|pistol|firearm|bullets?|pull(?:ed)? the trigger|ammo|"
    r"cartridges?|"
    r"loaded|nine mil|knife|knives|machete|panga|cutlass|sharpen\w*|hammer|bat|baseball bat|"
    r"baton|crowbar|axe|weapons?|wrench|spanner|tyre (?:iron|lever)|iron bar|brick|glassing|"
    r"glass (?:him|her|them)|go(?:ing)? after (?:him|her|them)|waiting (?:for|on) (?:him|her|"
    r"them)|outside (?:his|her|their)|(?:his|her|their) (?:house|flat|place|truck|car|yard|door|"
    r"office)|follow(?:ing|ed)? (?:him|her|them)|watch(?:ing|ed)? (?:him|her|them|his|her)|i "
    r"know where (?:he|she|they)"
)
_VIOLENCE: Final = (
    r"punch\w*|slap\w*|hit(?:ting)? (?:him|her|them)|hit me|smash\w*|beat|beating|beaten|"
    r"batter\w*|stab\w*|shoot\w*|shot|strangl\w*|chok(?:e|ed|ing)|throttl\w*|break\w* (?:his|"
    r"her|their|every|both)|broke (?:his|her)|jaw|skull|kneecaps?|teeth|fists?|do (?:him|her|"
    r"them)|done (?:him|her)|sort (?:him|her|them) out|(?:his|her|their) face|what i'?d do to|"
    r"revenge|make (?:him|her|them) pay|violen\w*|attack(?:ed|ing)? (?:him|her|them|someone|"
    r"people)|fight|fighting|kick|kicked|kicking|shov\w*|push (?:him|her)|set fire|burn (?:it|"
    r"the \w+) down|put\w* one in (?:him|her)|(?:put|throw|threw|thrown|push|shove)\w* (?:him|"
    r"her|them) (?:through|out of|off|down|into)|through (?:a|the) (?:window|wall|table|door|"
    r"windscreen)"
)
_INTENT: Final = (
    r"urges?|voices?|thoughts? (?:of|about)|(?:those|these|the) thoughts|that thought|intend\w*|"
    r"intention|mean it|i'm serious|not joking|unsafe|safe|safety|crisis|danger\w*|did the "
    r"thing|the thing again|do it again|act on|acted on|done anything (?:about|towards|beyond)|"
    r"anything towards|see myself|pictur\w* (?:it|him|her|myself|his|her)"
)


def _alternation(*fields: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(f"(?:{f})" for f in fields) + r")\b")


_CONTENT_FIELDS: Final = (
    _DEATH,
    _PREPARATION,
    _NOT_HERE,
    _HOPELESS,
    _BODY,
    _MEANS,
    _WEAPON_APPROACH,
    _VIOLENCE,
    _INTENT,
)
RISK_CONTENT: Final = _alternation(*_CONTENT_FIELDS)
#: The same yes/no as ``RISK_CONTENT.search``, branch by branch with literal prefilters (fast).
_CONTENT_ANY: Final = AnyBranch(_CONTENT_FIELDS)
#: A negator just before an escalator ("not a plan", "no tablets", "never decided"). Version 22
#: (QA29 #1): a contracted negator a few words before it too ("I don't have a plan"), as the
#: spelt-out one already was ("I do not have a plan").
_NEGATED: Final = re.compile(
    r"\b(?:not|no|never|without|nothing)\b[^.,;!?]{0,12}$|\w+n't\b[^.,;!?]{0,12}$"
)
#: Version 22 (QA29 #2): a plan made for staying safe is coping, not a plan to die ("I used the
#: safety plan", "my crisis plan", "the care plan"): the word just before "plan" says whose.
_PROTECTIVE_PLAN: Final = re.compile(
    r"\b(?:safety|crisis|care|coping|treatment|wellness|wellbeing|recovery|support|action|"
    r"relapse(?:[- ]prevention)?|prevention|self[- ]care|keep(?:ing)?[- ]safe)[- ]$"
)
#: What makes a statement ``high`` when the client words it (README severity table): the rules'
#: escalators (plan, method, means, intent, weapons) and the means, weapon, approach and
#: preparation fields above.
_HIGH: Final = (
    lex.SEVERITY_ESCALATORS[lex.SI],
    lex.SEVERITY_ESCALATORS[lex.OTHERS],
    _alternation(_PREPARATION, _MEANS, _WEAPON_APPROACH),
)


def has_risk_content(*texts: str) -> bool:
    """Whether any of the (normalised, idiom-masked) texts holds risk-relevant content."""
    return any(content_in(text) for text in texts if text)


@functools.lru_cache(maxsize=8192)
def content_in(text: str) -> bool:
    """Whether one text holds risk-relevant content (memoised per session, like ``normalise``).

    The same therapist prompt is asked about for every answer that follows it.
    """
    return _CONTENT_ANY.found_in(text)


def escalates(pattern: re.Pattern[str], masked: str) -> bool:
    """Whether ``pattern`` (a severity escalator) matches ``masked`` not negated just before it.

    Version 20: "I think about killing myself, but I have not made a plan" names no plan.
    """
    return any(_counts(masked, m) for m in pattern.finditer(masked))


def _counts(masked: str, match: re.Match[str]) -> bool:
    """Whether an escalator match is the client's own: not negated, not a safety plan (v22)."""
    before = masked[max(0, match.start() - 24) : match.start()]
    if _NEGATED.search(before):
        return False
    return not (match.group().startswith("plan") and _PROTECTIVE_PLAN.search(before))


def own_words_high(masked: str) -> bool:
    """Whether the client's own (normalised, idiom-masked) words carry a ``high`` escalator.

    Plan, method, means, intent, preparation or a weapon, not negated just before it ("not a
    plan, no" is not a plan).
    """
    return any(_counts(masked, m) for pattern in _HIGH for m in pattern.finditer(masked))


def grounded(masked: str, prompt: str, *, rule_signal: bool = False) -> bool:
    """Whether a model reading of a client line has risk content to rest on (version 16).

    ``masked`` is the line (normalised, idioms masked), ``prompt`` the normalised therapist turn
    before it ('' if none); ``rule_signal`` says the rules matched something in the line (a hit or
    a non-idiom set-aside match). The therapist turn counts when it holds risk content, asks about
    a screening or thread topic, or follows up a disclosure ("what stopped you?"). The caller adds
    the other grounds: an open disclosure thread, and a therapist's next turn that asks about risk.
    """
    if rule_signal or has_risk_content(masked, prompt):
        return True
    # a screening or thread topic: ``topic`` asks the same patterns (indexed, memoised)
    asks_topic = ctx.topic(prompt, thread=True) is not None
    return asks_topic or ctx.RISK_FOLLOW_UP.found_in(prompt)


def cap_high(severity: str, masked: str) -> str:
    """``severity``, lowered from ``high`` to ``moderate`` unless the client's words are high."""
    return "moderate" if severity == "high" and not own_words_high(masked) else severity


#: Version 20 (QA20 #2, QA21 #8): talk about coming to therapy ("after today I won't be coming
#: here", "I don't see the point of coming here"): "here" and "the point" are the sessions.
ATTENDANCE: Final = re.compile(
    r"\b(?:(?:the )?point (?:of|in) )?(?:coming|come|be coming|going) (?:back )?(?:here|in here|"
    r"to (?:therapy|counselling|counseling|see you|these (?:sessions|appointments)|the (?:sessions?"
    r"|group|clinic|appointments?)|sessions|group|this group))\b"
)


def about_attendance(masked: str) -> bool:
    """Whether a (normalised, masked) line talks about coming to therapy and holds no risk content.

    Used for model-only readings: with the attendance phrase removed nothing risk-relevant is left
    ("I won't be coming here and I won't be here either" keeps its "won't be here").
    """
    if not ATTENDANCE.search(masked):
        return False
    return not has_risk_content(ATTENDANCE.sub(" ", masked))
