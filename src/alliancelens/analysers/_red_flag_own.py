"""The therapist's own problems (``red_flags.therapist``): cues and the decisions around them.

Definition: ruptures-examples README "Therapist red flags" (the therapist talking about their own
problems); the not-flagged cases follow the same README (brief disclosure in the client's
service) and congruence in clinical-reference §9.1 ([Rogers1957]). Cues are our own wording.

* Version 1 cues live in :mod:`alliancelens.analysers._therapist_lexicon` (``OWN_LIFE``,
  ``OWN_NARRATIVE``, ``SAME_AS_CLIENT``) and count as they always did.
* Version 2 families (:data:`_OWN_CUES`): a possessive plus a life domain, first-person past
  narrative, "me too" openers and time anchors.
* Version 3 families (:data:`_OWN_CUES_V3`): "we" narrative ("we had the builders in"),
  seasons and months as time anchors ("last spring", "in March"), the therapist's own distress
  ("I've never been so stressed", "the worst year of my life") and more life domains ("our
  oldest", "my viva"). Version 3 decisions: a disclosure the client asked for ("Have you ever
  ...?") and that is handed back may be longer; a disclosure offered as the recipe behind the
  advice in the same turn ("what I used to do ... you should do that") is advice, not the
  therapist's problems; and a therapist who answers the client's question about their story
  goes on telling it (:func:`continues_story`).

* Version 8 (:data:`_OWN_CUES_V4`, QA22 item 2, QA24 item 10): the therapist's strain and
  impairment, regret about their own life and "I've done that too"; narrative cues are read per
  clause (the story before ", you should ..." counts); an open story thread in the session lowers
  the bar by one cue for told sentences; sentences naming the detour (:data:`_OWNS_DETOUR`) are
  repair, not story; the counted words are the whole told story.

All text arrives normalised by :func:`alliancelens.analysers._red_flag_text.normalise`.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from alliancelens.analysers import _red_flag_exempt as exempt
from alliancelens.analysers import _therapist_lexicon as lex
from alliancelens.analysers._phrases import Phrase, PhraseIndex
from alliancelens.analysers._red_flag_text import sentences

__all__ = [
    "asks_about_therapist",
    "continues_story",
    "is_brief_recipe",
    "is_own_life_disclosure",
    "own_problem_words",
]

_LIFE = (
    r"(?:(?:ex-?)?(?:husband|wife|partner|boyfriend|girlfriend)(?:'s)?|ex|kids|children|son|"
    r"daughter|mum|mam|mom|mother|dad|father|parents|sister|brother|gran|granny|grandma|"
    r"grandmother|grandad|grandfather|nan|nana|cousin|in-laws|da|daddy|mummy|mammy|folks|tita|"
    r"tito|auntie|aunt|uncle|family|dog|cat|house|flat|home|boiler|"
    r"landlord|deposit|rent|mortgage|car|minivan|bills|back|knee|weight|health|doctor|gp|meds|"
    r"medication|own (?:therapy|therapist|studies|training|doctoral|depression|anxiety|grief|"
    r"divorce|recovery)|therapy|surgery|operation|diagnosis|burnout|divorce|breakup|marriage|"
    r"first marriage|wedding|funeral|childhood|twenties|thirties|forties|fifties|youth|"
    r"holiday|christmas|place|farm|property|business|shop|mortgage|lawyer|solicitor|"
    r"counsellor|counselor|court (?:case|date|hearing)|custody|settlement)"
)
#: Version-2 families: life domains, first-person narrative (index 1), "me too" and anchors.
_OWN_CUES: Final = (
    Phrase(
        rf"\b(?:my|our|mine|me and my) (?:\w+ )?{_LIFE}\b|\b(?:ours|mine)(?: \w+)? (?:kept|was|"
        r"did|took|went|were|lasted|cost|got|used to|has been|had been)\b"
    ),
    Phrase(
        r"\bi (?:literally |actually |basically |just |really |totally |once |even )?(?:was|had|"
        r"dropped out|sat|stood|turned|stopped|started|lived|worked|got|went|lost|spent|drove|"
        r"ended up|used to|took|couldn't|"
        r"couldnae|didnae|almost|nearly|grew up|slipped|quit|moved|left|split|fought|cried|"
        r"lie there|lay there|still (?:avoid|hate|miss|think about|dream|remember|have|get)|"
        r"was prescribed|experienced|"
        r"'ve been dealing|'ve been arguing|have been arguing|'re still paying|did the same|"
        r"have lost|'ve lost|was sober|'ve (?:stopped|started|given up|quit|cut out))\b"
        r"(?! (?:wondering|thinking|struck|curious|going to|hoping|trying to (?:understand|"
        r"follow|get)|the sense|a sense|the impression|a thought|an idea|that wrong|it wrong|you|"
        r"lost for words))"
    ),
    Phrase(
        r"\b(?:same here|been there|tell me about it|don't talk to me about|that takes me back|"
        r"takes me back|i can relate|that was me|i know the feeling|i was exactly the same|"
        r"reminds me of (?:when i|my)|in my own experience|speaking from (?:my own )?experience|"
        r"(?:with|like|and) mine\b|same (?:thing )?(?:with|for) my|(?:me|i) and (?:the|my) "
        r"(?:wife|husband|missus|mrs|partner|kids|other half)|(?:sorted|fixed|helped|worked for) "
        r"mine|(?:we|i) had the same|same "
        r"(?:fight|thing|problem|story|issue) (?:with|over)|the day i|i(?:'ve| have| had| was|'m|"
        r" am| did)\b[^.?!]{0,50}\bmyself\b|"
        r"the (?:wife|husband|missus|kids|weans) and (?:me|i)|i(?:'ve| have) been there|"
        r"myself (?:this|last) year|"
        r"(?:a|two|three|few|couple of) (?:years|summers|months|winters) (?:ago|back)|growing up|"
        r"the year i|when i was|(?:in|at) (?:college|uni|university|high school|school)|(?:last|"
        r"that) (?:year|summer|christmas),? (?:i|we|my))"
        r"\b"
    ),
)
_SEASON = r"spring|summer|autumn|fall|winter|easter|new year"
#: Version-3 families. Index 0 is narrative and, like version 2's, counts only in sentences that
#: are not about "you"; index 1 counts in any first-person sentence.
_OWN_CUES_V3: Final = (
    Phrase(
        r"\bwe(?:'ve| have)? (?:had|lost(?! (?:about |some |a (?:bit|few|lot) (?:of )?)?(?:\w+ )?"
        r"(?:minutes|time|the connection))|nearly|almost|moved|spent|ended up|used to|fought|"
        r"argued|split|just "
        r"went through|went through (?:that|it|the same|something|hell|a (?:lot|rough|hard|bad))|"
        r"were (?:living|stuck|skint|broke|up))\b(?! (?:to\b|a (?:good|useful|helpful|long|short|"
        r"difficult) (?:session|chat|talk|conversation)|agreed|planned|talked|discussed|looked|"
        r"said|practi[sc]ed|tried (?:the|this|that)))|"
        rf"\b(?:last|that|one|the whole of last|most of last) (?:{_SEASON}|month|term)\b|"
        r"\bi(?:'ve| have)? (?:honestly |genuinely |really )?(?:never |ever )?(?:been|felt|was) "
        r"(?:so |such a |a |completely |absolutely |utterly |totally )*(?:stressed|wreck|mess|"
        r"exhausted|miserable|depressed|lonely|skint|terrified|heartbroken|devastated|livid|"
        r"furious|gutted|shattered|burnt out|burned out)\b|"
        r"\bi thought i(?:'d| would) (?:lose my mind|go mad|go crazy|never|die)\b|"
        r"\bi (?:couldn't|could not) (?:sleep|eat|cope|stop crying|get out of bed|drive)\b"
    ),
    Phrase(
        r"\b(?:worst|hardest) (?:year|time|day|month|week|period|summer|winter) of my life\b|"
        r"\bi(?:'m| am) still not over (?:it|that|him|her)\b|\b(?:it|that) (?:nearly|almost) "
        r"(?:broke|killed|finished) me\b|\b(?:my|our) (?:oldest|youngest|eldest|baby|"
        r"neighbou?rs|builders|contractor|kitchen|old boss|last job|viva|phd|dissertation|"
        r"pregnancy|miscarriage|ivf|tours?|deployment)\b"
    ),
)
#: Version-4 family (qa22 item 2): the therapist's own strain and impairment ("I haven't been
#: sleeping", "drinking more than I should", "I'm a bit frazzled"), regret about their own life
#: ("I wasted ten years", "look where it got me") and "I've done that too" comparisons. It counts,
#: like the narrative families, only in first-person sentences that are not about "you".
_OWN_CUES_V4: Final = Phrase(
    r"\bi(?:'ve| have)? (?:not |n't )?been (?:drinking|not sleeping|sleeping badly|not coping|"
    r"crying|falling apart|signed off|off work|on (?:antidepressants|sleeping pills))\b|"
    r"\bi (?:haven't|have not|hadn't|'ve not) been (?:sleeping|eating|coping|myself)\b|"
    r"\bdrinking (?:more than i should|too much|a lot more|every night)\b|"
    r"\bi(?:'m| am) (?:a bit |so |really |completely |totally )?(?:frazzled|all over the place|"
    r"knackered|running on empty|barely (?:coping|holding (?:it|things) together))\b|"
    r"\b(?:it's|it has|it's just) been (?:one of those|a (?:rough|hard|horrible|nightmare|hell of "
    r"a|brutal|awful)) (?:weeks?|days?|months?|years?)\b|"
    r"\bi (?:wasted|lost|threw away) (?:\w+ )?(?:years|months)\b|\bi should have (?:left|gone|"
    r"ended it|walked away|divorced)\b|\bi know i did\b|\blook where it got me\b|"
    r"\bi wasn't (?:firm|strong|brave|honest) enough\b|\bi wasn't firm\b|"
    r"\bi(?:'ve| have) done (?:that|it|the same) (?:too|myself)\b|\bi did it (?:in|at|myself)\b|"
    r"\bi don't know how i'd (?:get through|cope|manage|survive)\b|\bat least yours\b"
)
_TIE_BACK: Final = Phrase(
    r"\b(?:(?:like|for|about) you\b[^.?!]*\?|what about you|yours\b|their own|your own (?:way|"
    r"experience)|i mention (?:it|this|that)|i'll (?:say|share) (?:this |something |it )?"
    r"briefly|i'd rather keep the (?:focus|spotlight)|back to you|keep the (?:focus|spotlight) "
    r"on you|enough about me|but this is about you|what (?:does|is|was|has) (?:it|that|this)"
    r"[^.?!]* (?:like|give) (?:for )?you|you(?:'re| are) the expert|what do you think|this "
    r"(?:hour|time|space) is yours|i won't go into it|how (?:is|does|would) "
    r"(?:it|that|this) (?:sit|fit|land) (?:with|for) you)"
)
_FIRST_PERSON: Final = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|our|us)\b|\b(?:been there|same here)\b"
)
_SECOND_PERSON: Final = re.compile(r"\b(?:you|your|you're|you've|yourself)\b")
#: The therapist names their own detour into their story as the problem (3RS R5, §5.4): "I've
#: been going on about my dad", "which isn't what you came here for", "that was me reaching for
#: my own stuff". Such a sentence is repair, never the story itself (version 8).
_OWNS_DETOUR: Final = Phrase(
    r"\b(?:(?:talking|talked|going on|gone on|went on|started on|started talking|telling you) "
    r"(?:on )?about (?:my|me\b|myself)|(?:taken|took|taking) up your (?:time|session)|"
    r"(?:isn't|is not|wasn't|not) what (?:either of |both of )?you(?:'re| are)? (?:came|come|here)|"
    r"(?:that's|that is|that was) on me|reaching for my own|my own stuff|let me stop myself|"
    r"calling me out|making (?:it|this|the session) about (?:me|myself)|i took (?:the|this) "
    r"session|did something unhelpful|i(?:'m| am) sorry (?:i|for|that i)|(?:tangent|detour) about "
    r"my|i told you about my|put my (?:own |family's )?(?:story|stuff|family|life)|(?:wasn't|isn't|"
    r"was not|is not) fair on you|this is your (?:time|session|hour))\b"
)
#: Clause boundaries inside one sentence (version 8).
_CLAUSE_MARKS: Final = (",", ";", " - ", ":")
#: A disclosure tied back to the client stays brief: at most this many self-disclosing words.
#: Our own working value (no published cut-off), set on the synthetic training batches.
_TIED_BACK_MAX_WORDS: Final = 30
#: When the client asked about the therapist, a handed-back answer may run to this many words.
#: Our own working value (version 3; no published cut-off), set on training batches 11-12.
_INVITED_MAX_WORDS: Final = 60

#: The client asks about the therapist's own life or what the therapist would do.
_ASKS_ABOUT_THERAPIST: Final = Phrase(
    r"\b(?:(?:have|did|do|were|are) you (?:ever|yourself)|what (?:would|did) you do|how "
    r"(?:would|did) you (?:handle|deal|cope)|can i ask you|what about you|how about you)\b"
)
#: The disclosure is offered as what worked, i.e. the recipe behind the advice in the same turn.
_RECIPE: Final = Phrase(
    r"\b(?:what i (?:used to do|did|do)|what (?:worked|helped) (?:for )?me|what saved (?:me|my)|"
    r"what got me (?:out of|"
    r"through)|(?:that's|that is|this"
    r" is|which is) (?:what|how) (?:got me through|helped me|worked for me|sorted me|saved me|i'd "
    r"do)|worked (?:wonders )?for me|best thing i (?:ever )?did|(?:it|that|this)(?:'s| has| "
    r"had)? (?:really )?(?:transformed|changed|fixed|sorted|saved) (?:things|everything|my)|you "
    r"could try that|do what i did)\b"
)
#: Own-life cues that are themselves the "what worked" frame, not part of the story.
_RECIPE_CUE: Final = Phrase(
    r"what (?:helped|worked for|got) me|best thing|changed everything|transformed|"
    r"(?:sorted|fixed|helped|worked for) mine"
)
#: The client's turn between two therapist turns asks after the therapist's story.
_ASKS_AFTER_STORY: Final = re.compile(
    r"\?|\b(?:sorry to hear|sorry about|oh no|that's awful|that's terrible|how awful|how's he|"
    r"how's she|how is (?:he|she)|how are you)\b"
)
#: The therapist brings the talk back to the client.
_REDIRECTS: Final = Phrase(
    r"\b(?:anyway|back to you|enough about me|let's|but you|your time|this is about you|where "
    r"were we|"
    r"i(?:'m| am) sorry)\b"
)
#: "He's okay", "it's been a lot": news about the people in the therapist's story.
_THIRD_PERSON_STATE: Final = re.compile(r"\b(?:he|she|they|it)(?:'s| is| was|'ve| has| had)\b")
#: A follow-up answer shorter than this is a polite close, not a continued story.
_STORY_MIN_WORDS: Final = 6


def _about_you(sentence: str, at: int) -> bool:
    """True when the clause of ``sentence`` around position ``at`` speaks of "you".

    Clauses split at commas, semicolons and dashes (version 8): in "When I was stressed I just
    went running, you should do that" the story clause is the therapist's own (qa24 item 10);
    in "I went too fast, before I'd heard what it was like for you" the clause "I went too
    fast" is still the therapist's own; a second clue about "you" in the clause keeps it out.
    """
    start = max(sentence.rfind(mark, 0, at) for mark in _CLAUSE_MARKS) + 1
    ends = [i for i in (sentence.find(mark, at) for mark in _CLAUSE_MARKS) if i >= 0]
    return _SECOND_PERSON.search(sentence[start : min(ends, default=len(sentence))]) is not None


#: The version-1 cues, then the later families in the order they are read; their literals are
#: looked up in one pass per sentence.
_V1_CUES: Final = PhraseIndex((p, p) for p in (lex.OWN_LIFE, lex.OWN_NARRATIVE, lex.SAME_AS_CLIENT))
_FAMILIES: Final = PhraseIndex((p, p) for p in (*_OWN_CUES, *_OWN_CUES_V3, _OWN_CUES_V4))


@functools.lru_cache(maxsize=4096)
def _cues(sentence: str) -> tuple[str, ...]:
    """Own-life cues in one sentence.

    Memoised (a pure function of the sentence): a session's turns are read twice, for the
    story thread and then turn by turn. ``red_flags.therapist`` empties the memo per session
    (:func:`forget_sentences`).

    Every version-1 match counts; a version-2 or version-3 family match counts when it overlaps
    none already found and the sentence is in the first person, and a narrative family only when
    the sentence is not about "you" ("I went to him too fast, before I'd heard what it was like
    for you" is the therapist owning a mistake, not their life story).
    """
    found = [
        (m.start(), m.end(), m.group())
        for pattern in _V1_CUES.possible(sentence)  # the others cannot match
        for m in pattern.pattern.finditer(sentence)
    ]
    if not _FIRST_PERSON.search(sentence):
        return tuple(cue for _, _, cue in sorted(found))
    narrative = (_OWN_CUES[1], _OWN_CUES_V3[0], _OWN_CUES_V4)
    for pattern in _FAMILIES.possible(sentence):
        for m in pattern.pattern.finditer(sentence):
            if pattern in narrative and _about_you(sentence, m.start()):
                continue
            if all(m.end() <= a or m.start() >= b for a, b, _ in found):
                found.append((m.start(), m.end(), m.group()))
    return tuple(cue for _, _, cue in sorted(found))


def forget_sentences() -> None:
    """Drop the per-sentence memo of own-life cues (called when a session's analysis starts)."""
    _cues.cache_clear()


def own_problem_words(
    text: str, min_cues: int, *, invited: bool = False, story: bool = False
) -> tuple[int, str | None]:
    """Words of the self-disclosing sentences and the first cue, when there are enough cues.

    ``invited`` says the client asked about the therapist in the turn being answered; a
    disclosure handed back to the client may then run to ``_INVITED_MAX_WORDS`` words.
    ``story`` says the therapist already told their own story in this session (version 8): one
    cue fewer is enough, and a brief turn is handed back only by a question or by turning the
    talk back to the client, not by a comparison ("at least yours goes quiet").
    Counted words (version 8): the cue sentences and the story sentences around them, i.e. every
    sentence of the turn that is neither a question nor about "you". A sentence that names the
    detour or owns a session mistake gives no cue, and in such a repair turn only strain and
    impairment cues count.
    """
    cues: list[str] = []
    story_cues: list[str] = []
    words = 0
    repair = False
    for sentence in sentences(text):
        # a sentence owning a session mistake ("I was pushing my own ideas") or the detour
        # into the therapist's own story ("I've taken up your time with my mum") is repair
        owned = _OWNS_DETOUR.found_in(sentence) or (
            exempt.owns_a_mistake(sentence) and _OWN_CUES[0].search(sentence) is None
        )
        repair = repair or owned
        found = () if owned else _cues(sentence)
        cues.extend(found)
        told = not (_SECOND_PERSON.search(sentence) or sentence.rstrip().endswith("?"))
        if told and not _RECIPE.search(sentence):
            story_cues.extend(found)
        if found or (told and not owned):
            words += len(sentence.split())
    if repair:  # a repair turn refers to the story; only strain or impairment still counts
        cues = [cue for cue in cues if _OWN_CUES_V4.fullmatch(cue)]
        story_cues = [cue for cue in story_cues if cue in cues]
    if story and len(cues) < min_cues:
        cues = story_cues  # one told cue continues an open story thread (version 8)
        min_cues = max(1, min_cues - 1)
    if len(cues) < min_cues or (lex.HERE_AND_NOW.search(text) and len(cues) < min_cues + 1):
        return 0, None
    limit = _INVITED_MAX_WORDS if invited else _TIED_BACK_MAX_WORDS
    tie_back = _TIE_BACK.search(text) is not None
    if story:
        tie_back = tie_back and (text.rstrip().endswith("?") or bool(_REDIRECTS.search(text)))
    if words <= limit and tie_back:
        return 0, None
    return words, cues[0]


def is_own_life_disclosure(text: str) -> bool:
    """True when a turn carries an own-life cue and never turns to the client ("you").

    ``relational.markers`` reads such a turn as self-disclosure, never as congruence: "I should
    have left years earlier" about the therapist's marriage owns no mistake in the session (qa22
    item 3). ``text`` is normalised.
    """
    if _SECOND_PERSON.search(text):
        return False
    return any(_cues(sentence) for sentence in sentences(text))


def asks_about_therapist(client_text: str) -> bool:
    """True when the client's turn asks about the therapist's life or what they would do."""
    return _ASKS_ABOUT_THERAPIST.search(client_text) is not None


def _story_cues(text: str) -> list[str]:
    """Own-life cues of ``text`` other than the "what worked for me" phrases themselves."""
    found = [cue for sentence in sentences(text) for cue in _cues(sentence)]
    return [cue for cue in found if not _RECIPE_CUE.search(cue)]


def is_brief_recipe(text: str, min_cues: int) -> bool:
    """True when a brief disclosure is framed as what worked ("that's what got me through").

    Brief: setting aside the "what worked" phrases, at most ``min_cues`` own-life cues remain. A
    longer story ("I went through a phase last year, after my divorce, ...") stays the
    therapist's own problems even when it ends in advice.
    """
    return _RECIPE.search(text) is not None and len(_story_cues(text)) <= min_cues


def continues_story(reply: str, client_between: str) -> bool:
    """True when the therapist answers the client's question about their story by telling more.

    The caller checks that the therapist's previous turn was an own-problems flag and that only
    ``client_between`` came in between. A reply that redirects to the client ("Anyway, ...",
    "back to you"), hands the talk back, ends on a question or is a brief close is not counted.
    """
    if not _ASKS_AFTER_STORY.search(client_between) or len(reply.split()) < _STORY_MIN_WORDS:
        return False
    if _REDIRECTS.search(reply) or _TIE_BACK.search(reply) or reply.rstrip().endswith("?"):
        return False
    return bool(_FIRST_PERSON.search(reply) or _THIRD_PERSON_STATE.search(reply))
