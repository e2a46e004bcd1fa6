"""Therapist-language cues shared by ``red_flags.therapist`` and ``relational.markers``.

Cues are our own wording, written from these definitions (see docs/analysers/red_flags.md and
relational.md):

* red flags: ruptures-examples README "Therapist red flags" (own problems, unsolicited advice,
  judgmental remarks, ignoring client feedback); MITI 4.2.1 *Persuade* without permission and
  *Confront* (clinical-reference §6.1, [Moyers-MITI4.2.1]);
* Rogers' conditions (§9.1, [Rogers1957]): positive regard / validation vs criticism; congruence
  such as owning a mistake or a here-and-now disclosure;
* collaborative empiricism and feedback elicitation: CTRS items 2 *Feedback*, 5 *Collaboration*
  and 7 *Guided discovery* (§7, [YoungBeck1980-manual]).

All patterns run on lower-cased text with straight apostrophes. The version-2 red-flag cue
families live in :mod:`alliancelens.analysers._red_flag_lexicon`; they are re-exported here, so
callers keep one ``lex`` namespace.
"""

from __future__ import annotations

from typing import Final

from alliancelens.analysers._feedback_phrases import FEEDBACK_ELICITATION_PATTERN
from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers._red_flag_lexicon import (
    BRUSHES_OFF,
    CARRIES_ON,
    CLIENT_OBJECTION,
    CLIENT_OWN_ACT,
    CONDUCT_LABEL,
    DISAPPOINTING_AS_VERB,
    DONE_TO_CLIENT,
    EMPATHIC_FRAME,
    JUDGMENT_FAMILIES,
    LEAD_IN,
    NEGATIVE_ABOUT_TASK,
    OWNS_MISTAKE,
    REFLECTS_BACK,
    SELF_LABEL_FRAME,
    TAKES_ON_BOARD,
    TASK_START,
    TASK_WORDS,
    TOPIC_REFUSAL,
    VERDICT_ON_THAT,
)

__all__ = [
    "ACKNOWLEDGES",
    "ADVICE",
    "AUTONOMY",
    "BRUSHES_OFF",
    "CARRIES_ON",
    "CLIENT_ASKS_ADVICE",
    "CLIENT_FEEDBACK",
    "CLIENT_OBJECTION",
    "CLIENT_OWN_ACT",
    "COLLABORATIVE_EMPIRICISM",
    "CONDUCT_LABEL",
    "CONGRUENCE",
    "DISAPPOINTING_AS_VERB",
    "DONE_TO_CLIENT",
    "EMPATHIC_FRAME",
    "FEEDBACK_ELICITATION",
    "HERE_AND_NOW",
    "IMPERATIVE",
    "JUDGMENTAL",
    "JUDGMENT_FAMILIES",
    "LEAD_IN",
    "NEGATIVE_ABOUT_TASK",
    "OWNS_MISTAKE",
    "OWN_LIFE",
    "OWN_NARRATIVE",
    "PERMISSION",
    "PRESSES_ON",
    "REFLECTS_BACK",
    "SAME_AS_CLIENT",
    "SELF_LABEL_FRAME",
    "TAKES_ON_BOARD",
    "TASK_START",
    "TASK_WORDS",
    "TOPIC_REFUSAL",
    "UNILATERAL_DIRECTIVE",
    "VALIDATION",
    "VERDICT_ON_THAT",
]

_RELATION = (
    r"(?:divorce|ex|ex-husband|ex-wife|ex-partner|marriage|mum|mother|mam|dad|father|partner|"
    r"husband|wife|sister|brother|kids|children|son|daughter|family|boyfriend|girlfriend|"
    r"breakup|break-up|own (?:therapy|depression|anxiety)|depression|anxiety|sleep|insomnia|"
    r"back|health|flat|house)"
)
#: The therapist's own life (not the client's): "my divorce", "when my marriage ended".
OWN_LIFE: Final = Phrase(
    rf"\b(?:my|mine's|mine is|mine was|our) {_RELATION}\b|\bmine(?:'s| is) (?:exactly )?the "
    r"same\b|\bwhen i went through (?:mine|my|a|the)\b|\bafter my\b|\bi (?:got|was) divorced\b"
)
#: First-person past narrative about the therapist's life ("I went through a phase last year").
OWN_NARRATIVE: Final = Phrase(
    r"\b(?:i went through|when i was (?:training|younger|going through|your age|at)|i did "
    r"(?:shifts|nights|that)|i remember (?:when|the|being)|i (?:used to|leaned on|split|stopped|"
    r"only take|thought i'd never|get really|get so)|it (?:messed|changed|transformed) "
    r"(?:up )?(?:my|things|everything)|i'm (?:up at|the same)|i had (?:a|the same|my)|"
    r"(?:last|that) year,? (?:after|when)|years ago|for years|years of (?:it|that)|best thing "
    r"(?:that )?"
    r"(?:ever happened|i ever did)|we (?:split|broke up|separated|got divorced)|i was (?:standing"
    r"|sitting|lying|walking|driving|working|living|married)|what (?:helped|worked for|got) "
    r"me)\b"
)
#: "Me too" disclosures that put the therapist alongside the client.
SAME_AS_CLIENT: Final = Phrase(
    r"\b(?:i'm the same|me too|same with me|i've been there|i know exactly|mine's exactly|i do "
    r"that too|i'm exactly the same)\b"
)
#: Immediacy: naming what just happened in the room ("I just noticed something shift", "can
#: we pause on what happened between us just now"); here-and-now disclosure, clinical-reference
#: §9.1 congruence [Rogers1957] (qa22 item 13). Our own wording.
_IMMEDIACY: Final = (
    r"(?:\bi (?:just |also )?notic(?:e|ed) (?:something|a (?:shift|change))\b|"
    r"\bsomething (?:just )?(?:shifted|changed) (?:just now|in the room|between us|there)\b|"
    r"\b(?:what(?:'s| is| just)? happen(?:ed|ing)|something happened) (?:here |right )?"
    r"(?:between us|in the room)\b)"
)
#: Brief here-and-now disclosure in the client's service (README: not a red flag; congruence).
HERE_AND_NOW: Final = Phrase(
    "(?:"
    r"\bi (?:feel|felt|notice i feel|'m noticing i feel|'m struck|am struck|'m moved|am moved)"
    r" (?:quite |really |very |a bit )?(?:moved|touched|heavy|sad|struck|protective|worried|"
    r"concerned|confused|lost|stuck|uneasy|warm)\b|\bi(?:'m| am) (?:really )?struck\b|\bi "
    r"notice (?:i|that i|myself)\b|" + _IMMEDIACY + ")"
)
#: Directives and advice (MITI Persuade content; README unsolicited_advice).
ADVICE: Final = Phrase(
    r"\byou (?:should(?! be (?:proud|pleased|happy|glad|chuffed)\b)(?! be[.!])|need to|have to|"
    r"must|ought to|'d better)\b|\byou(?:'ve| have) got to\b|"
    r"\byou'd better\b|\bwhat you (?:should|"
    r"need to) do\b|\bwhat i'd do\b|\bthat's what i'd do\b|\bi'd say to you\b|\bi (?:think|"
    r"reckon) you should\b|\bif i were you\b|\byou could try (?:that|this)\b|\bmy advice\b|"
    r"\bthat's the (?:first thing|foundation|key)\b|\bjust (?:go|tell (?!me)|stop|ignore|leave|"
    r"say no|do it)\b"
)
#: Imperatives that give advice, matched at the start of a sentence ("Cut that out").
IMPERATIVE: Final = Phrase(
    r"(?:just )?(?:cut (?:that|it|"
    r"them|down|out)|box (?:it|them) up|give (?:it|them) (?:to|away)|get (?:rid|your|yourself|"
    r"some|a|out|it)|stop (?:doing|drinking|being|worrying|thinking|picking|checking)|sign up|"
    r"open (?:your|an|a)|move (?:your|it|out)|set (?:boundaries|limits|an alarm|yourself)|join "
    r"(?:a|the|an)|try (?:to|not|going|doing|getting|cutting|a|the)|don't (?:let|bother|drink|"
    r"go)|go (?:to bed|for a|out|and)|tell (?:them|him|her|your))\b"
)
#: Permission-seeking and choice (MITI Persuade with Permission; README solicited_advice).
PERMISSION: Final = Phrase(
    r"\b(?:would it be (?:ok|okay|all right|alright) if i|can i (?:suggest|share|offer|make|"
    r"say|tell you)|may i|would you like (?:some|my|a|to hear)|do you want (?:some|my|to hear)|"
    r"i'm happy to share|could i (?:suggest|share|offer)|is it (?:ok|okay) if i|with your "
    r"permission)\b"
)
AUTONOMY: Final = Phrase(
    r"\b(?:it's (?:entirely |completely |totally )?(?:up to you|your (?:call|choice|decision))|"
    r"you know (?:your situation|yourself) (?:far |much )?better|only if (?:it|that) (?:feels|"
    r"fits|suits)|does (?:either|any|that|this) (?:of those )?fit|see what you think|what do you "
    r"think|how does that sound|you (?:decide|choose)|your call|in your own time)\b"
)
CLIENT_ASKS_ADVICE: Final = Phrase(
    r"\b(?:what (?:should|would|could) i do|what would you do|what do you (?:suggest|think i "
    r"should|recommend)|any (?:advice|tips|ideas|suggestions)|do you think i should|tell me what "
    r"to do|should i)\b"
)
#: Moralising, blaming or belittling (README judgmental_remark; MITI Confront).
JUDGMENTAL: Final = Phrase(
    r"\b(?:disappointing|disappointed (?:in|with) you|(?:a bit|quite|really|very|so) (?:lazy|"
    r"silly|ridiculous|childish|selfish|irresponsible|pathetic|dramatic)|you're being (?:silly|"
    r"ridiculous|dramatic|lazy|childish|difficult|resistant|defensive|negative|stubborn)|it's "
    r"(?:just |often |really )?(?:an excuse|avoidance|laziness)|excuses|anyone can|if it(?:'s| is|"
    r" was) a priority|taking responsibility for your own|responsibility for your own|you just "
    r"need to try harder|people like you|not even (?:one|once|a single)|you should know better|"
    r"what were you thinking|not good enough|overreact\w*|only have yourself to blame|your own "
    r"fault|grow up|man up|attention[- ]seeking|(?:just|to) get over it|blame the (?:tablets|"
    r"medication|"
    r"meds)|you didn't even|we did agree|you (?:always|never) (?:do|say)|come on now)\b"
)
#: The client says the plan or the therapist does not fit (README ignoring_client_feedback).
CLIENT_FEEDBACK: Final = Phrase(
    r"\b(?:i (?:did )?tr(?:y|ied) to tell you|(?:doesn't|does not|won't|wouldn't|didn't) (?:fit|"
    r"work for me|help|suit)|i (?:literally )?can't (?:do|stop|make|fit)|i can't\b|that's what "
    r"i'm saying|it's not (?:helping|working|really (?:the|what))|not what i (?:need|want|"
    r"came for)|give me (?:homework|something) i can|could i (?:do it|do that|try)|can we "
    r"(?:not|just|do something)|i don't (?:want|think (?:that|this|it)'?s? (?:will|would|is))|"
    r"you(?:'re| are) not listening|that's not (?:what|it)|the thing is,? it's not|i'm at work)\b"
)
#: The therapist takes the feedback on board (acknowledges, adapts or owns their part).
ACKNOWLEDGES: Final = Phrase(
    r"\b(?:you're right|that makes sense|good point|fair point|fair enough|i'm sorry|my mistake|"
    r"i got that wrong|i (?:didn't|hadn't) (?:realise|realize|think)|what if we|instead|"
    r"different (?:time|way|approach)|let's (?:change|find|try something|look at what|work "
    r"out)|what would (?:work|fit|suit|help)|how about|could we|shall we (?:change|try)|adjust|"
    r"thank you for (?:telling|saying)|i hear that (?:it|this|the))\b"
)
#: The therapist carries on with the plan regardless.
PRESSES_ON: Final = Phrase(
    r"\b(?:let's (?:just )?(?:stick with|keep|aim for|carry on|go with|do it anyway)|(?:every "
    r"night|again)\b.*\bagain|the whole point|it's only|i hear you,? but|i understand,? but|"
    r"anyone can|just try|won't capture|the research is clear|still (?:do|try|aim)|let's move "
    r"on|anyway,"
    # version 8 (qa22 item 6): a token "I understand it feels X, but" and reassurance that the
    # task gets easier, or the approach's "core" argued, right after the client said no
    r"|i (?:understand|hear|know|get) (?:that )?(?:it|this|that) (?:feels?|is|seems|sounds) "
    r"[^.?!]{0,30}\bbut|(?:it|this|that) (?:gets|will get|becomes|will feel) (?:much |a lot )?"
    r"easier (?:with practice|the more you|once you|over time)|you'll get used to (?:it|them)"
    r"|(?:is|are) (?:really )?the (?:core|heart|key part) of (?:this|the|our) (?:approach|work|"
    r"therapy|treatment)|without (?:them|it|this|that|doing (?:them|it)),? we can't)\b"
)
#: Positive regard: validation, appreciation and specific affirmation (§9.1 condition 4).
VALIDATION: Final = Phrase(
    r"\b(?:that makes (?:a lot of |complete |total )?sense|it makes sense (?:that|you)|of course "
    r"you|anyone would|(?:it|that) took (?:real )?(?:courage|guts|persistence)|takes real "
    r"(?:courage|persistence|strength)|thank you for (?:telling|saying|being|answering|sharing)|"
    r"i'm (?:really )?glad you (?:said|told|came|mentioned|raised)|that's (?:a )?(?:really )?"
    r"(?:fair|good|important|useful|great) (?:question|point|worry|thing to notice)|you did "
    r"(?:it|that|well|really well)|well done|you've (?:kept|managed|done)|doesn't sound mad|"
    r"you don't need to apologise|there's no rush|take your time|you're (?:not|never) (?:a|the)"
    r"|that's (?:more than )?(?:all right|completely fine|absolutely fine)|it's (?:okay|ok) to)\b"
)
#: Congruence: owning a mistake, genuineness, here-and-now disclosure (§9.1 condition 3).
CONGRUENCE: Final = Phrase(
    r"\b(?:i got (?:that|it) wrong|my mistake|i was wrong|i think i (?:gave|got|missed|pushed|"
    r"rushed|misunderstood|went|contributed)|i contributed|i made it sound|that was me|my part in"
    r" (?:this|that)|i should have|i shouldn't have|that wasn't fair|i've just done the thing|"
    r"i'm sorry(?:,? i\b|\.)|i apologi[sz]e|i owe you an apology|i'll be honest|to be honest "
    r"with you,? i|i have to be honest|i'm not sure i(?:'ve)? (?:understood|got that right)|i "
    r"might be (?:reading|getting) (?:this|that|it) wrong|i notice i|i'm noticing|i feel quite"
    r"|i'm struck)\b|" + _IMMEDIACY
)
#: Collaborative empiricism (CTRS 5 and 7): beliefs as hypotheses, Socratic questions, joint tests.
COLLABORATIVE_EMPIRICISM: Final[dict[str, Phrase]] = {
    "beliefs_as_hypotheses": Phrase(
        r"\b(?:evidence (?:for|against|that)|what's the evidence|the prediction|you predicted|"
        r"(?:a|the) hypothesis|how (?:likely|sure|strongly do you believe)|how much do you "
        r"believe|(?:is|was) (?:that|it) (?:a fact|true)|another (?:way|explanation)|what "
        r"actually happened|fits with|the thought was|useful bit of evidence)\b"
    ),
    "socratic_questions": Phrase(
        r"\b(?:what (?:makes you (?:think|say|sure)|do you make of|would you say to a friend|"
        r"else could|would it mean|went through your mind|do you notice)|how do you know|"
        r"what's another way|is there another way|what would (?:happen|it mean) if|how would "
        r"you (?:know|explain))\b"
    ),
    "designing_tests_together": Phrase(
        r"\b(?:(?:an|the|small|little|behavioural) experiment|test (?:it|that|this|the \w+) "
        r"(?:out)?|let's (?:see|find out|test|try it and see)|find out (?:what|whether|if)|what "
        r"could we try|we (?:could|can) (?:track|test|try)|would you be (?:willing|up for) "
        r"(?:trying|testing)|see what happens|what if we (?:tracked|tried|tested)|(?:work(?: it|"
        r" this| "
        r"that)? out|test|try|design|plan|figure(?: it)? out|look at (?:it|this|that)) together)\b"
    ),
}
#: A unilateral directive: the therapist sets the task for the client. Not collaborative
#: empiricism even when it mentions evidence or experiments (CTRS 5 *Collaboration*, §7).
UNILATERAL_DIRECTIVE: Final = Phrase(
    r"\b(?:please (?:do|complete|fill|write|keep|make sure)|you (?:need|have|must|should) to? ?"
    r"(?:do|complete|fill|keep|practi[cs]e|stick)|i (?:want|need) you to|make sure you|"
    r"you must|we need to stay on)\b"
)
#: Asking for feedback on the session or the therapist (CTRS 2; PCOMS/SRS spirit, §1). One
#: definition, shared with the alliance analyser's ``feedback_asked`` signal.
FEEDBACK_ELICITATION: Final = Phrase(FEEDBACK_ELICITATION_PATTERN)
