"""A transparent lexical rater for the EPITOME empathy mechanisms (clinical-reference §8).

EPITOME [Sharma2020] rates a response on three mechanisms, each 0 (none), 1 (weak) or 2 (strong):

* **Emotional reactions (ER)**: the responder expresses warmth, compassion or concern. Strong when
  they name their own felt emotion ("I'm so sorry", "I feel sad hearing that"); weak when they
  hint at it ("hang in there", "that sounds really hard", "I hope things get easier").
* **Interpretations (IP)**: the responder shows they understood the seeker's feelings or
  experience. Strong for a specific understanding (a reflection such as "it sounds like you feel
  invisible at work", or sharing a similar experience); weak for generic understanding ("I
  understand", "I know how you feel").
* **Explorations (EX)**: the responder asks about feelings or experiences not yet stated. Strong
  for a specific question about the person ("How long have you felt this alone?"); weak for a
  generic one ("What happened?", "Tell me more").

The cue lists are our own wording, written from the definitions above. They are **not** trained
on the EPITOME data, whose licence forbids shipping a model built from it; that data is only used
to *measure* this rater (``alliancelens evaluate empathy``). The output is an automated estimate
of a human-coded scale (§0.2 rule 3), not the scale itself.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers._phrases import Phrase

__all__ = ["MECHANISMS", "SEEKER_SHARES", "rate_empathy"]

MECHANISMS: Final = ("emotional_reactions", "interpretations", "explorations")

_DEGREE = r"(?:so |really |very |incredibly |pretty |quite )"
_HARD = (
    r"(?:hard|tough|awful|difficult|painful|rough|heavy|exhausting|frightening|scary|lonely|"
    r"overwhelming|stressful|upsetting|sad|frustrating|discouraging|disheartening|confusing|"
    r"unfair|isolating|draining)"
)
_FEELING = (
    r"(?:sad|sorry|bad|awful|terrible|moved|touched|angry|mad|furious|heartbroken|upset|"
    r"worried|concerned|saddened|glad|happy|relieved|proud|horrified|gutted)"
)
ER_STRONG: Final = re.compile(
    r"\b(?:i'm|i am|im|i feel|i felt|i was|so|really|very|truly) (?:so |really |very |truly |"
    r"deeply |genuinely |sincerely )?sorry\b(?! (?:but|if i|for (?:my|being|the)|i))|"
    rf"\bi(?:'m| am|m| feel| felt) (?:so |really |very |quite |truly |genuinely )?{_FEELING}\b"
    r"(?= (?:to (?:hear|read|see|know)|that|for you|about|you|hearing|reading|listening|for "
    r"what))|\bmy heart (?:goes out|breaks|aches|hurts|sank)|\b(?:breaks|broke|warms) my heart\b|"
    r"\bsorry (?:to hear|for your loss|you(?:'re| are| feel| have|'ve| had| went))|"
    r"\b(?:hugs?|sending (?:love|hugs|you (?:love|hugs|strength))|i love you|love you|"
    r"virtual hug)\b|\bi(?:'d| would) (?:hug|give you a hug)\b|\bthat makes me (?:so |really )?"
    r"(?:sad|angry|mad|happy|furious)\b|\bi(?:'m| am) (?:so |really )?(?:glad|happy) (?:you|to "
    r"hear|that)\b|\bi care about you\b"
)
ER_WEAK: Final = re.compile(
    r"\b(?:that|it|this) (?:sounds|must (?:be|have been|feel)|seems|is) (?:so |really |very |"
    r"incredibly |pretty |such a |a )?(?:hard|tough|awful|difficult|painful|rough|heavy|"
    r"exhausting|frightening|scary|horrible|terrible|lonely|overwhelming|stressful|upsetting|"
    r"sad|frustrating|discouraging|disheartening|crappy|shitty|lot|struggle)\b|"
    r"\bhang in there\b|\bstay strong\b|\bbe strong"
    r"\b|\byou(?:'ve| have|ve) got this\b|\byou can do (?:it|this)\b|\bgood luck\b|\ball the best"
    r"\b|\btake care\b|\bi hope (?:you|things|it|that|this|your)\b|\bhope (?:you|things|it) "
    r"(?:get|gets|feel|will|find|work)|\b(?:it|things|everything)(?:'ll| will) (?:be|get) "
    r"(?:ok|okay|better|fine|alright|easier)\b|\byou(?:'re| are|r) not alone\b|\b(?:i'm |i am )?"
    r"here (?:for you|to listen|if you need)|\bi'm listening\b|\byou matter\b|\byou(?:'re| are) "
    r"(?:a good|strong|brave|worth|not worthless|not a burden|amazing|valued|loved)\b|\b(?:oh no"
    r"|aw+|wow|damn|ugh)\b|\bproud of you\b|\bthat (?:sucks|is rough|'s rough|stinks)\b|"
    r"\bthat's (?:so |really )?(?:hard|tough|awful|rough|a lot|terrible|the worst|painful)\b|"
    r"\bsorry\b|"
    r"\bi feel (?:for )?you\b|\bi know (?:the feel|how you feel)|\b(?:keep|chin|head) up\b|"
    r"\bkeep (?:on|going|fighting)\b|\bgive it time\b|\bit (?:really )?gets better\b|\bi "
    r"promise\b|\btrust me\b|\bfeel free to (?:pm|message|talk|reach)|\blet me know if you "
    r"(?:want|wanna|need)|\b(?:we're|we are|i'm|i am) (?:all )?here\b|\bcare about you\b|"
    r"\bpeople care\b|\b(?:is|are) the worst\b|\bi wish (?:you|the best)|\bplease (?:don't|dont)"
    r"\b|\bnot (?:a bother|a fraud|worthless)\b|\byou(?:'re| are) worthy\b|\bwe'll listen\b"
)
IP_STRONG: Final = re.compile(
    r"\b(?:it sounds like|sounds like you|it sounds as (?:if|though)|it seems (?:like|that|as if)"
    r" you|you must (?:feel|be|have)|i can (?:imagine|see|tell|hear) (?:how|that|why|you|it)|"
    r"you(?:'re| are) (?:feeling|saying)|what i'm hearing|so you(?:'re| feel| have|'ve| are)|"
    r"part of you|it's (?:like|as if) you|as if you)\b|(?:^|[.!?] )(?:and |so )?you (?:feel|"
    r"felt|sound|seem)\b|"
    # QA28 #11: reflections of feeling or meaning without "you feel": "... and it feels like
    # nothing has moved", "it sounds really discouraging to put in the time ...", "so the fear
    # was partly about ...", "it makes sense that you'd ..."
    r"(?:^|[.!?] |\b(?:and|but|so),? )(?:it|that) (?:feels|felt) (?:like|as if|as though)\b|"
    rf"\b(?:it|that) (?:sounds|must (?:be|have been|feel)) {_DEGREE}?{_HARD},? (?:to|when|that|"
    r"because|how|\w+ing)\b,? \w+ \w+|"
    r"(?:^|[.!?] )so,? (?:the|your|part of|what you|for you)\b[^?]*?(?:[.!]|$)|"
    r"\bmakes (?:total |a lot of |complete )?sense that you\b|"
    # QA qa30 #5: a reflection put as a plain statement about the client's experience ("you
    # carry that with you", "I heard a lot of longing", "waiting stirs up the feeling of…", "it
    # makes sense that the anger came first")
    r"(?:^|[.!?] )(?:and |so )?you(?:'re| are|'ve been| have been)? (?:still )?(?:carry|carrying|"
    r"hold|holding|keep|keeping|long|longing|miss|missing|wanted|needed) (?:that|this|so|all|it|"
    r"for|him|her|them|a lot)\b[^?]*?(?:[.!]|$)|"
    r"\bi (?:hear|heard|sense|sensed|notice|noticed) (?:a lot of |some |so much |real |such )?"
    r"(?:longing|sadness|grief|anger|hurt|fear|pain|loneliness|shame|guilt|relief|hope|love)\b|"
    r"\b(?:stirs|stirred|brings|brought|churns|churned) (?:up )?(?:(?:the|that|this|a|an) )?"
    r"(?:old |same |familiar )?(?:feeling|sense|fear|memory|memories|wound)\b|\b(?:stirred|"
    r"brought) (?:a lot|so much|something|it all) up\b|\b(?:touches|touched) (?:this|that|an|"
    r"the) (?:old|same|deep) \w+|"
    r"\bit makes (?:total |a lot of |complete )?sense that\b|\ba long time to (?:hold|carry|"
    r"feel|live with)\b"
)
#: Defending oneself against the client ("That's not fair, I do my best") is no understanding
#: of the client, and not "a similar experience" either (QA qa30 #5). Our own wording.
_DEFENSIVE: Final = re.compile(
    r"\b(?:that's|that is|it's) (?:not|hardly) (?:fair|true|what i (?:meant|said))\b|\bi "
    r"(?:do|did|try|'m doing) (?:my|our) best (?:for|with) (?:you|all|every|them)\b|\bi have "
    r"(?:a lot of|lots of|other|many) (?:clients|patients)\b|\bi(?:'m| am) (?:just |only )?"
    r"trying to help\b|\bi did (?:let you know|tell you|warn you)\b"
)
#: In chair work or a rehearsal, asking what the client wants to say to the absent person
#: directs the enactment; it explores nothing the client has not said (QA qa30 #5).
_ENACTMENT_PROMPT: Final = Phrase(
    r"\b(?:say|tell|ask|show) (?:to )?(?:him|her|them|your \w+)\b|\b(?:want|like|need) (?:him|"
    r"her|them) to (?:know|hear|see|understand)\b|\bwhat (?:does|would|did) (?:he|she|they) "
    r"(?:say|answer|reply)\b"
)
#: Sharing a similar experience (EPITOME strong interpretation); counted only when the seeker
#: shared an experience to be similar to (``rate_empathy(..., seeker_shared=...)``, QA28 #11).
IP_SHARING: Final = re.compile(
    r"\bi(?:'ve| have) (?:been|gone) (?:there|through)|\bi (?:know|understand) what it(?:'s| is)"
    r" like to\b|\bi (?:have|had|'ve had|went through|go through|struggle|struggled|suffer|"
    r"suffered|deal|dealt|felt|feel|get|got|was|used to|did|tried|lost|know the feeling of)\b"
    r"(?! (?:to say|to ask|a question|an idea|a suggestion|a thought|you))|\bsame (?:thing "
    r")?(?:happened|here|with me|for me|boat)\b|\bme too\b|\bmy (?:mom|mum|dad|ex|wife|husband|"
    r"girlfriend|boyfriend|friend|brother|sister|therapist|depression|anxiety|family|parents)\b"
)
IP_WEAK: Final = re.compile(
    r"\bi (?:understand|get it|get that|know how you feel|know the feeling|know what you mean|"
    r"can relate|feel you|hear you|know that feeling)\b|\bi know (?:how|what) (?:that|it|you)|"
    r"\bthat makes (?:total |a lot of |complete )?sense\b|\b(?:that's|it's) (?:understandable|"
    r"normal|valid|a familiar feeling)\b|\bnot just you\b"
)
EX_WEAK: Final = re.compile(
    r"\b(?:what happened|what's (?:going on|wrong|up|your story|your situation)|what is going on|"
    r"(?:want|wanna|like) to talk|how are you|tell (?:me|us) (?:a bit )?more|care to "
    r"(?:share|elaborate)|what do you mean|what help|why\W*$|but why)"
)
_SUGGESTION = re.compile(
    r"\b(?:have you (?:tried|considered|thought about (?:seeing|going|getting|trying|talking))|"
    r"why not|why don't you|how about|what about trying|you (?:tried|should))\b"
)
_FEELING_WORDS = re.compile(
    r"\b(?:feel|feels|feeling|felt|lonely|alone|angry|sad|scared|anxious|afraid|worried|hurt|"
    r"upset|guilty|ashamed|hopeless|overwhelmed|like for you|affect|mean to you|makes? you|"
    r"made you|what was (?:it|that) like)\b"
)
#: An exploration put as a statement: "I'm curious what it felt like for you" (QA28 #11).
_CURIOUS = re.compile(
    r"\b(?:i'm|i am|i was) (?:really |just )?(?:curious|wondering)|\bi wonder\b|\bi'd (?:really )?"
    r"(?:like|love) to (?:hear|know|understand)\b"
)
#: A seeker turn that shares something of their own (first person).
SEEKER_SHARES: Final = re.compile(r"\b(?:i|i'm|i've|i'd|i was|my|me|myself|we|our|us)\b")
_YOU = re.compile(r"\b(?:you|your|you're|you've|u|ur|yourself)\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
#: "What's it been like missing her?" asks about the client's experience without "you" (qa30 #5).
_WHAT_LIKE = re.compile(r"\bwhat(?:'s| is| was| has)? (?:it|that)(?: been)? like\b")


_NOT_EXPERIENCE = re.compile(
    r"\bi(?:'m| am)? (?:so |really |very )?sorry\b|\bi (?:hope|think|promise|wish|guess|"
    r"believe|suggest|recommend)\b|\bi(?:'m| am) (?:here|not sure|sure|glad)\b|\bi(?:'d| would|"
    r" can| could)\b|\blet me\b"
)
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|im|ive|my|me|myself)\b")


_EMOTICONS: Final = ("<3", ":(", ":-(")


#: The strong and weak wordings of emotional reactions and of interpretations, asked yes or no
#: one branch at a time (``Phrase.found_in``: the same answers as ``search``).
_ER: Final = (Phrase(ER_STRONG), Phrase(ER_WEAK))
_IP: Final = (Phrase(IP_STRONG), Phrase(IP_WEAK))


def _level(text: str, levels: tuple[Phrase, Phrase]) -> int:
    strong, weak = levels
    if strong.found_in(text):
        return 2
    return 1 if weak.found_in(text) else 0


def _emotional_reactions(text: str) -> int:
    level = _level(text, _ER)
    if level == 0 and any(mark in text for mark in _EMOTICONS):
        return 1
    return level


def _interpretations(text: str, seeker_shared: bool) -> int:
    """IP level; also strong when the responder shares a similar experience.

    Sharing counts through :data:`IP_SHARING` or two or more first-person mentions outside stock
    phrases such as "I'm sorry" or "I hope" (EPITOME rates a similar experience as strong
    interpretation) — but only when the seeker shared an experience of their own
    (``seeker_shared``): a therapist's story about their own week after the client chatted about
    the news is not "a similar experience" (QA28 #11).
    """
    level = _level(text, _IP)
    if level == 2 or not seeker_shared or _DEFENSIVE.search(text):
        return level
    # v8: the responder's own feeling ("I'm glad you told me", "I feel moved") is an emotional
    # reaction, not a similar experience (QA qa30 #5)
    own = ER_STRONG.sub(" ", text)
    if IP_SHARING.search(own):
        return 2
    if len(_FIRST_PERSON.findall(_NOT_EXPERIENCE.sub(" ", own))) >= 2:
        return 2
    return level


def _explorations(text: str, *, coaching: bool = False) -> int:
    best = 1 if re.search(r"\btell (?:me|us) (?:a bit )?more\b", text) else 0
    if "?" not in text and not _CURIOUS.search(text):
        return best
    for sentence in _SENTENCE.findall(text):
        asks = "?" in sentence or _CURIOUS.search(sentence) is not None
        if not asks or _SUGGESTION.search(sentence):
            continue
        if coaching and _ENACTMENT_PROMPT.search(sentence):
            continue  # v8: directing the chair work or rehearsal (QA qa30 #5)
        generic = bool(EX_WEAK.search(sentence))
        you = bool(_YOU.search(sentence) or _WHAT_LIKE.search(sentence))
        if you and not generic and (len(sentence.split()) >= 4 or _FEELING_WORDS.search(sentence)):
            return 2
        if generic or you:
            best = 1
    return best


def rate_empathy(
    text: str, *, seeker_shared: bool = True, coaching: bool = False
) -> dict[str, int]:
    """EPITOME levels (0/1/2) for one response, by mechanism name.

    ``seeker_shared`` says whether the seeker's (client's) turn being answered shared an
    experience of their own; when it did not, the responder's own story is not rated as
    "sharing a similar experience" (QA28 #11). ``coaching``: the therapist's turn lies inside a
    role-play or chair-work span (not a line spoken in role), where "what do you want to say to
    him?" directs the enactment and is not an exploration (QA qa30 #5).
    """
    norm = " ".join(text.lower().replace("’", "'").split())
    return {
        "emotional_reactions": _emotional_reactions(norm),
        "interpretations": _interpretations(norm, seeker_shared),
        "explorations": _explorations(norm, coaching=coaching),
    }
