"""Alliance signals as data: which utterances move Bordin's goal, task and bond, and by how much.

Bordin's working alliance = agreement on **goals**, agreement on **tasks**, and the **bond**
(clinical-reference §2.1 [V: Horvath1989]). What each sub-score stands for follows the WAI-SR
item content (§2.2 [S]): goal = goals set jointly and agreed (items 4, 6, 8, 11); task = clarity
and confidence in how the work will help (1, 2, 10, 12); bond = being liked, respected,
appreciated and cared for (3, 5, 7, 9). The observable behaviours come from:

* MITI 4.2.1 (§6.1 [V: Moyers-MITI4.2.1]): reflections, affirmations, seeking collaboration and
  emphasising autonomy are MI-adherent; confronting and persuading without permission are not;
* Rogers' conditions and their proxies (§9 [S]): empathy and validation build the bond;
* MISC client language (§6.5 [S]): change talk is the client's own goal; sustain talk and goal
  disputes are lower goal agreement (sustain talk alone is *not* a rupture, so its weight is
  small);
* 3RS ruptures and their repair (§5 [S/U]): markers lower the sub-score they concern, a
  resolved episode raises the bond again (repair is linked with better outcome, §5.7 [U:
  Eubanks2018]).

Weights are [S] configurable defaults chosen by us, not published values: 1.0 is an ordinary
signal, 1.5 a clear one, 2.0 the clearest (feeling understood, open confrontation).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple

from alliancelens.analysers._feedback_phrases import FEEDBACK_ELICITATION_PATTERN
from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures import CONFRONTATION_MARKERS, WITHDRAWAL_MARKERS
from alliancelens.domain import Role

__all__ = [
    "ADVICE_WEIGHTS",
    "INVITED_FEEDBACK_WEIGHTS",
    "MARKER_WEIGHTS",
    "REPAIR_WEIGHTS",
    "SIGNALS",
    "Signal",
]

Weights = MappingProxyType[str, float]


class Signal(NamedTuple):
    """A phrase pattern that moves sub-scores when a speaker of ``role`` says it."""

    id: str
    role: Role
    weights: Weights
    pattern: Phrase


def _w(**weights: float) -> Weights:
    return MappingProxyType(weights)


def _signal(signal_id: str, role: Role, weights: Weights, pattern: str) -> Signal:
    return Signal(signal_id, role, weights, Phrase(pattern))


T, C = Role.THERAPIST, Role.CLIENT

#: Feelings a reflection names ("it sounds really discouraging"); our own list.
_FEELING_ADJ = (
    r"hard|difficult|painful|tough|frustrating|lonely|scary|frightening|overwhelming|upsetting|"
    r"exhausting|humiliating|rough|discouraging|disheartening|demoralising|demoralizing|"
    r"confusing|heavy|unfair|infuriating|sad|hopeless|isolating|draining|stuck"
)
_DEGREE = r"(?:really |so |quite |very |pretty |incredibly |a bit |a little )"

SIGNALS: tuple[Signal, ...] = (
    # --- therapist: bond ------------------------------------------------------------------
    _signal(
        # v4 (QA qa24 item 10): named "reflective_listening", not "reflection": the phrase
        # signal counts reflective questions too, so it is not the micro-skills MITI code.
        # v5 (QA28 #9): matched per sentence by ``reflective_sentence`` (questions that open
        # with a question word and advice sentences never count; "when you feel", "what would
        # you want" are not reflections), and reflections without "you" count: "it feels like
        # nothing has moved", "it sounds really discouraging", "so the fear was partly ..."
        "reflective_listening",
        T,
        _w(bond=1.0),  # MITI SR/CR
        rf"^(?:and |so,? |but )?(?:it |that )?sounds (?:like|as if|as though)\b|"
        rf"(?:^|\b(?:and|so|but),? )(?:it|that|this) (?:sounds|feels|felt|must (?:feel|be|have "
        rf"(?:felt|been))|seems) (?:{_DEGREE})?(?:like|as if|as though|{_FEELING_ADJ})\b|"
        r"\byou('re| are) (feeling|saying|wondering|worried|concerned|not sure|torn)\b|"
        r"(?<!when )(?<!if )(?<!how )(?<!what )(?<!do )(?<!did )(?<!would )(?<!whenever )"
        r"\byou (feel|felt)\b|\bpart of you\b|\bon (the )?one hand\b|\bwhat i'm hearing\b|"
        r"\bit seems (like|that) you\b|(?<!do )(?<!would )(?<!what )(?<!if )(?<!anything )"
        r"(?<!something )\byou (really )?(want|wish|hope|care about|value)\b|\bfor you,? (it's|"
        r"it is|that's)\b|^(?:and )?so,? (?:the|your|part of|for you|what you|it was|it's)\b",
    ),
    _signal(
        "empathy_validation",
        T,
        _w(bond=1.5),  # Rogers; 3RS R9
        r"\bmakes (a lot of |complete |total )?sense\b|\bunderstandable\b|\b(that|it) "
        r"(sounds|must be|must have been) (really |so |quite |very )?(stressful|"
        rf"{_FEELING_ADJ})\b|\bi can (hear|see|imagine|understand) (how|that|"
        r"why|what)\b|\bno wonder\b|\bof course you\b|\banyone would\b",
    ),
    _signal(
        "affirmation",
        T,
        _w(bond=1.0),  # MITI AF (specific strengths and efforts)
        r"\b(that|it) (takes|took) (real )?(courage|guts|strength)\b|\byou('ve| have) "
        r"(done|managed|worked|achieved|made) (really |so )?(well|a lot|great|real|good)\b|"
        r"\bwell done\b|(^|[.!?] )good for you[.!]|\bi('m| am) (really )?impressed\b|\bi (really )?"
        r"(appreciate|admire|respect) (you|that|how|your)\b|\bthank you for (telling|sharing|"
        r"being|saying)\b|\byou (clearly|really) care\b|\bthat's (a )?(real|big|great) "
        r"(strength|achievement|step)\b",
    ),
    _signal(
        "feedback_asked",
        T,
        _w(bond=1.0, task=0.5),  # PCOMS/SRS-style check-in
        FEEDBACK_ELICITATION_PATTERN,  # the one definition, shared with relational.markers
    ),
    _signal(
        # v5 (QA28 #9): metacommunication (3RS R4 inviting talk about the relationship, R5
        # owning one's part; §5.4 [3RS-2015]) builds the bond and clears the task; R5/R6 wording
        # is read by the rupture detector's own phrases in ``_analyser`` as well.
        "metacommunication",
        T,
        _w(bond=1.0, task=0.5),
        r"\bwhat (?:it's|it is|it was|this is) like (?:for you,? )?(?:sitting |being |"
        r"talking )?(?:here )?with me\b|\bwhat it was like for you(?:,)? just now\b|"
        r"\bbetween (?:us|you and me|me and you)(?: right now| just now| here| today)?"
        r"\b(?=[^.?!]{0,40}\?)|\bsomething i'm noticing\b|\bi find myself\b|"
        r"\bcan (?:i|we) (?:stop|pause) (?:us|here|for a (?:moment|second|"
        r"minute))\b|\bi (?:notice|noticed|realise|realize) (?:that )?i(?:'ve| have| was|'m| am| "
        r"got| kept)\b|\bhow (?:we've|we have|we're|we are) been working together\b|\bwhat's "
        r"(?:happening|going on) (?:between us|in here|in the room|right now between)\b|"
        # v7 (QA qa35 #9): naming the client's silence as it happens, asking if one's own move
        # missed (R4, §5.4 [3RS-2015])
        r"\bi (?:notice|noticed|'m noticing|am noticing) (?:that )?you(?:'ve| have)? (?:went|"
        r"gone|got|go|seem|seemed|been) (?:a bit |quite |very |really |suddenly |a little )?"
        r"(?:quiet|quieter|silent|still|distant)\b|\bmiss(?:ed)? the mark\b",
    ),
    # --- therapist: goal ------------------------------------------------------------------
    _signal(
        "agenda_goal_invited",
        T,
        _w(goal=1.5),  # WAI-SR 4, 8: goals set jointly
        r"\bwhat would you like to (focus|talk|start|work|get|achieve|change)\b|\bwhere would "
        r"you like to (start|begin|go)\b|\bwhat (brings|brought) you\b|\bwhat are you "
        r"hoping\b|\bwhat (do|would) you (want|like) (to be different|from|out of)\b|\bwhat "
        r"would (be different|need to change)\b|\b(anything|something) (else )?you('d| "
        r"would) like to (add|talk|cover|put)\b|\bset (the|an|our) agenda\b|\byour goals?\b|"
        r"\bwhat matters (most )?to you\b|\bwhat would (tell|show) (you|each of you|both of "
        r"you|us|the (two|three|four) of you)( that)? (it's|it is|this is|things are|we're) "
        r"(getting )?(working|helping|better|different)\b|\bhow (will|would|'ll|'d) (you|we|"
        r"each of you|both of you) know (that )?(it's|it is|this is|things are|we're|you're) "
        r"(working|helping|better|getting better|different)\b|\bwhat's (most )?important to "
        r"you\b|\b(would you "
        r"rather|do you want to) (start|talk|focus|begin|look)\b|\bwhat would you (want|like) "
        r"to (be able|do|change|achieve|get|work)\b|\b(the thing|what) (to|we could|we might) "
        r"work on\b",
    ),
    _signal(
        "goal_checked",
        T,
        _w(goal=1.0),  # shared understanding of the goal
        r"\blet me check i('ve| have) got\b|\bhave i got that right\b|\bdid i get that "
        r"right\b|\bis that (roughly )?(it|right)\b|\bdoes that (sound|fit) right\b",
    ),
    # --- therapist: task ------------------------------------------------------------------
    _signal(
        "permission_asked",
        T,
        _w(task=1.5, bond=0.5),  # MITI: persuade with permission
        r"\bis it (okay|ok|all right|alright) if i\b|\b(can|could|may) i (share|suggest|tell|"
        r"offer|give|explain|ask you|make)\b|\b(would|do) you mind if i\b|\bwould you like "
        r"(me to|some|to hear)\b|\bwould it be (okay|helpful|useful) (if|to)\b",
    ),
    _signal(
        "rationale_given",
        T,
        _w(task=1.0),  # WAI-SR 1: clarity about how change happens
        r"\bthe (reason|idea|point|aim) (is|of|behind|we)\b|\bthe way (this|it) works\b|"
        r"\bthat's why (we|i|it)\b|\b(it|this) (helps|works) (by|because)\b|\bso that (we|"
        r"you) can\b",
    ),
    _signal(
        "autonomy_emphasised",
        T,
        _w(task=1.0, goal=0.5),  # MITI Emphasize autonomy
        r"\b(it's|that's|it is) (completely |totally )?(up to you|your (choice|call|decision))"
        r"\b|\byou('re| are) the (expert|one who knows|best judge)\b|\byou (get to|can) "
        r"decide\b|\bwhatever you decide\b|\bonly you can\b|\byour call\b|\bat your (own )?"
        r"pace\b|\bno pressure\b",
    ),
    _signal(
        "collaboration_sought",
        T,
        _w(task=1.0),  # MITI Seek collaboration
        r"\bwhat do you think\b|\bwhat would (work|fit|help|be helpful) for you\b|\bhow does"
        r" that sound\b|\bdoes that (fit|work|make sense) for you\b|\btogether\b|\bwhat ideas"
        r" do you have\b|\bwhat (might|could) you do\b",
    ),
    _signal(
        "warning_lecture",
        T,
        _w(task=-1.0),  # persuading by facts and fear (MITI)
        r"\b(very |really |extremely )?(dangerous|harmful|bad for you|killing you)\b|\b(can|"
        r"could|will) (cause|lead to|damage|kill|give you)\b|\bi('m| am) (really |very )?"
        r"(concerned|worried) (about|that) (you|your|the)\b",
    ),
    _signal(
        "confrontation",
        T,
        _w(bond=-2.0, task=-0.5),  # MITI Confront
        r"\byou('re| are) (in denial|kidding yourself|not (being )?(honest|serious|"
        r"realistic))\b|\b(that's|it's) (your|the real) problem\b|\byou (just )?don't want to"
        r" (change|stop|listen)\b|\bi('m| am) the (doctor|expert|professional)\b|\bdo you "
        r"(understand|realise|realize|appreciate) (that|how|what|the)\b|\byou (have|need) to "
        r"(understand|realise|realize|accept)\b|\bthat makes no sense\b|\b(disappointing|"
        r"irresponsible|unacceptable)\b|\bwhy (don't|didn't|won't|haven't) you (just )?\w+|"
        r"\bdon't you (care|want)\b|\bwhat do you mean you\b|\bnot even one\b",
    ),
    # --- client -------------------------------------------------------------------------
    _signal(
        "feels_understood",
        C,
        _w(bond=2.0),  # bond: feeling understood (WAI-SR 3, 7)
        r"(^|[.!?] )(yes|yeah)?[,.]? ?(exactly|precisely|spot on)\b|\bthat's (exactly )?"
        r"(it|right)( exactly)?\b|\b(it )?helps to (hear|say|talk)\b|\bi hadn't thought (of|"
        r"about) it (like that|that way)\b|\bthat makes (a lot of )?sense\b|\bgood point\b|"
        r"\bi (feel|felt) (heard|understood|listened to)\b",
        # v5 (QA28 #9): bare thanks count only after a turn that reflected, validated, affirmed
        # or metacommunicated (``_analyser._THANKS``), not at the end of a withdrawn session
    ),
    _signal(
        "disclosure",
        C,
        _w(bond=1.0),  # self-disclosure: trust in the bond
        r"\bi (feel|felt|am|'m|was|get) (so |really |quite |a bit |pretty |very )?(scared|"
        r"sad|angry|hurt|upset|ashamed|embarrassed|lonely|frightened|worried|anxious|guilty|"
        r"lost|stuck|overwhelmed|stressed|depressed|frustrated|nervous|afraid|terrified)\b|"
        r"\bi('ve| have) never told\b|\b(to be honest|honestly),? i\b|\bthe truth is\b|\bi "
        r"(don't|didn't) want (you|anyone) to (know|see|think)\b",
    ),
    _signal(
        "goal_stated",
        C,
        _w(goal=1.5),  # change talk / the client's own goal (MISC)
        r"\bi (really |actually |just )?(want|need|would like|'d like|'d want|wish|hope) to "
        r"(really |actually |just )?(stop|cut|change|be|get(?! on with| (it|this|that) over| going"
        r"\b| started\b)|feel|start|do|try|learn|quit|reduce|work on)\b|\bmy goal\b|\bi('m| am) "
        r"(ready|planning|going) to (try|stop|cut|start|quit|change)\b|\bi wanna (stop|cut|"
        r"change|quit|be|get)\b|\bi (know|think) i (need|"
        r"should|have) to\b|\bi('d| would) (like|love) that\b|\bthat's what i (want|need)\b",
    ),
    _signal(
        "task_accepted",
        C,
        _w(task=1.5),  # agreement on tasks (WAI-SR 10, 12)
        r"\bi('ll| will) (try|do|give it a (go|try|shot))\b|\bi (can|could) (try|do) (that|it|"
        r"this)\b|\b(let's|we can) (do|try) (that|it)\b|\bthat (could|might|would) (work|"
        r"help)\b|\bsounds (good|like a plan|doable|reasonable)\b|\bi('m| am) (willing|up for|"
        r"happy to)\b|\bdeal\b",
    ),
    _signal(
        "goal_disagreement",
        C,
        _w(goal=-1.5),  # no agreement on what to work on
        r"\bthat's not (the|my|really the) (problem|point|issue)\b|\bi('m| am) not here "
        r"(for|to|because)\b|\bthat's not (why|what) i (came|want|need)\b|\bi didn't come "
        r"here (to|for)\b|\bi don't (think i )?(have|need) a problem\b|\bthere's nothing "
        r"wrong with\b|\bwhy should i\b",
    ),
    _signal(
        "sustain_talk",
        C,
        _w(goal=-0.5),  # MISC sustain talk: small on purpose
        r"\bi don't (really )?(want|need|plan|intend) to (stop|quit|change|cut|give up)\b|"
        r"\bi('m| am) not (going|gonna|ready) to (stop|quit|change|give)\b|\bi (like|enjoy|"
        r"love) (smoking|drinking|vaping|gambling|getting (high|drunk|stoned)|the (buzz|high))\b|"
        r"\bi can't (stop|quit|change)\b",
        # v3 (QA qa20 item 11): "I like it" is no longer sustain talk: "it" is as often the plan
        # just agreed as the behaviour, so only a named behaviour counts.
    ),
)

#: Advice nobody asked for (MITI Persuade, §6.1): the one definition shared with
#: ``red_flags.therapist`` (:mod:`alliancelens.analysers._red_flag_advice`, version 5, QA28 #10).
ADVICE_WEIGHTS: Weights = _w(task=-1.5, bond=-0.5)
#: An answer to the therapist's own feedback question (version 5, QA28 #4): honest criticism the
#: therapist asked for is a sign of a working bond (PCOMS, §1.1 [Duncan2003]), so the episode's
#: marker penalties are dropped and this small bond credit stands in their place.
INVITED_FEEDBACK_WEIGHTS: Weights = _w(bond=0.5)

#: How each 3RS marker (in a rupture episode) moves the sub-scores (clinical-reference §5.2-5.3).
_MARKER_WEIGHTS: dict[str, Weights] = {
    "denial": _w(bond=-0.75),
    "minimal_response": _w(bond=-0.5),
    "abstract_communication": _w(bond=-0.5),
    "avoidant_storytelling_or_topic_shift": _w(bond=-0.5, goal=-0.5),
    "deferential_appeasing": _w(bond=-0.5, task=-0.5),  # surface agreement hides dissent
    "content_affect_split": _w(bond=-0.5),
    "self_criticism_or_hopelessness": _w(task=-1.0),  # no confidence the work can help
    "complaint_about_therapist": _w(bond=-1.5),
    "rejecting_intervention": _w(task=-1.5),
    "complaint_about_activities": _w(task=-1.5),
    "complaint_about_parameters": _w(task=-0.5, bond=-0.5),
    "complaint_about_progress": _w(goal=-1.0, task=-0.5),
    "defending_against_therapist": _w(bond=-1.0),
    "controlling_or_pressuring": _w(bond=-0.5, goal=-0.5),
}
#: Keyed by the detector's own identifiers, in W1-W7, C1-C7 order (a KeyError here means a
#: marker was added to ``ruptures`` without deciding how it moves the alliance).
MARKER_WEIGHTS: MappingProxyType[str, Weights] = MappingProxyType(
    {m: _MARKER_WEIGHTS[m] for m in (*WITHDRAWAL_MARKERS, *CONFRONTATION_MARKERS)}
)

#: A resolved rupture episode, at its resolution utterance (repair; §5.6-5.7).
REPAIR_WEIGHTS: Weights = _w(bond=1.5, task=0.5, goal=0.5)
