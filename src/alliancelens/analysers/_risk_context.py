"""Dialogue context for the risk rules: screening questions, follow-ups and denials.

Used by :mod:`alliancelens.analysers.risk` (see docs/analysers/risk.md): what a therapist's
question asks about (clinical-reference §10.1 C-SSRS screener [Posner2011]), when a therapist turn
keeps a disclosure thread open or explores it, and when a client answer is a denial. Rule 4 of
§10.3 (speaker attribution): a therapist's screening question is never client risk. Patterns run
on lower-cased text with straight apostrophes; the wording is our own.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from alliancelens.analysers._phrases import Phrase, PhraseIndex
from alliancelens.analysers._risk_rule import OTHERS, PASSIVE, SELF_HARM, SI

__all__ = [
    "AFFIRMING_NEGATION",
    "AGREEMENT",
    "ANAPHORIC_QUESTION",
    "BACKCHANNEL",
    "BARE_ACCEPTANCE",
    "CARER_PROTECTION",
    "COMMON_WORDS",
    "DENIAL_PHRASE",
    "DENIAL_START",
    "ENDORSEMENT",
    "EVASIVE_ANSWER",
    "EXPLORES",
    "FOLLOW_UP",
    "JOINT_PROPOSAL",
    "MEANS_ACCESS_QUESTION",
    "MEANS_SECURED",
    "NOTHING_STOPS",
    "OPENS_WITH_YES",
    "PARTIAL_DENIAL",
    "PARTIAL_DENIAL_PASSIVE",
    "PROPOSAL",
    "REASONS_PROMPT",
    "REFLECTION_NEGATOR",
    "RISK_FOLLOW_UP",
    "SAFETY_AFFIRMED",
    "SAFETY_QUESTION",
    "SAFETY_REFUSED",
    "SCREENING_TOPICS",
    "STANDALONE_SAFETY",
    "STOCKPILE_QUESTION",
    "THERAPY_COMPLAINT",
    "THREAD_DENIAL",
    "THREAD_TOPICS",
    "asks_screening_topic",
    "thread_denial",
    "topic",
]

#: Answers that deny a screening question ("No.", "No, never.", "Nothing like that").
DENIAL_START: Final = Phrase(
    r"^(?:\(\w[\w ]*\)\s*)*(?:(?:um|erm|uh|well|honestly|oh|ay|ai|aiya|aiyo|aiyah|ach|och|"
    r"eh|oh god|god)[,.!]?\s+)*(?:no\b|nope\b|nah\b|"
    r"naw\b|nae\b|never\b|none\b|not at all\b|definitely not\b|absolutely not\b|certainly not\b"
    r"|god,? no\b|nothing like that\b|not like that\b|not since\b|nothing of the sort\b)"
)
DENIAL_PHRASE: Final = Phrase(
    r"\b(?:nothing like that|not like that|i (?:would|could)(?:n't| not| never) (?:ever )?do "
    r"(?:anything|it|that)|i'd never do (?:anything|it|that)|not in that place|i'm not "
    r"(?:suicidal|going to do anything)|that's not me|"
    # v5: "I will not do that", "I'd never lay a finger on her", "the opposite", "no, none"
    r"i (?:will not|won't|will never) do (?:anything|it|that)|the opposite|i (?:really )?want to "
    r"live\b(?! (?:without|like))|i(?:'d| would)(?: not|n't| never) (?:ever )?(?:lay a (?:finger|"
    r"hand) on|touch|hurt|harm) (?:her|him|them|anyone|anybody)|^(?:\w+[,.!]\s+)?(?:no|nah|"
    r"nope)\W+(?:none|never|nothing)\b|i'm not going back (?:there|to that)|(?:don't|doesn't|"
    r"do not) (?:really )?(?:come|happen|bother me) any ?more)\b"
)
#: Inside a disclosure thread a "no" answers a detail question ("Did any need stitches?" - "No,
#: they're not that deep, I cleaned them" affirms the cuts); it denies only with wording like
#: this (version 6; writers' brief 4: "no, not since Sunday" is a negation).
THREAD_DENIAL: Final = Phrase(
    r"\b(?:not since|not any ?more|not now|not lately|not recently|not at all|not for (?:a while|"
    r"ages|weeks|months|years)|haven't (?:since|for|done|had|felt|thought)|stopped|definitely not|"
    r"absolutely not|certainly not|of course not|no way|never again|nothing like that)\b"
)


def thread_denial(norm: str) -> bool:
    """Whether an answer inside a disclosure thread has denial wording of its own."""
    return bool(DENIAL_PHRASE.search(norm) or THREAD_DENIAL.search(norm))


#: Hedged answers that are *not* treated as a denial, and answers that open with a yes: "Ah, I
#: suppose it does, some nights. ... I wouldn't do anything about it" affirms the thought and only
#: denies acting on it.
AFFIRMING_NEGATION: Final = Phrase(
    r"^(?:\(\w[\w ]*\)\s*)*not really\b|^not (?:exactly|as such)\b|"
    r"^(?:\(\w[\w ]*\)\s*)*(?:(?:um|erm|uh|well|ah|oh|honestly|i mean)[,.]?\s+)*(?:yes|yeah|yep|"
    r"aye|ja|yah|i suppose|i guess|sometimes|some (?:days|nights|mornings|evenings|times)|it does|"
    r"i have|i do|a bit|a little|kind of|sort of|maybe|probably|i think so|now and then|often)\b"
)
#: Version 28 (extends the v23 partial denial, ``_risk_acts.PARTIAL_DENIAL``): an answer that
#: opens with a denial of intent or a plan ("No.", "I'm not suicidal", "I wouldn't do anything",
#: "No plan") and goes on, in a later clause, to affirm that the thought is there ("it's just
#: there sometimes", "the thought just comes at night") or to voice a passive wish ("just that
#: I'd be better off gone") is not a denial: denial of plan is not denial of ideation
#: (clinical-reference §10). "No, I wouldn't. Not with the kids." and "No plan, no thoughts." deny.
_DENIES_FIRST: Final = (
    r"^(?:(?:um|erm|uh|well|honestly)[,.]?\s+)*(?:no|nah|nope|i'm not suicidal|(?:i (?:wouldn't|"
    r"would not|won't|will not|would never)|i'd never) do (?:anything|it)|(?:no|not a|not any) "
    r"plans?)\b[^?]{0,40}?[.,;!]\s*(?:(?:but|and|though|just|only|still|yeah|yes|it's just)\W+)*"
)
#: The thought's presence (v28): "it's there", "the thought comes", "they pop up sometimes".
_THOUGHT_THERE: Final = (
    r"(?:it|they|the thoughts?|that thought|the thinking)(?:'s|'re| is| are)? (?:just |still |"
    r"always |kind of |sort of |only )?(?:there|comes?|creeps? in|pops? (?:up|in)|crosses my "
    r"mind|comes? and goes?)\b|i (?:just |still |do |only )?think about (?:it|dying|ending it|"
    r"not being here)\b"
)
#: A passive wish voiced after the denial (v28): "just that I'd be better off gone".
_PASSIVE_WISH: Final = (
    r"(?:that )?(?:i'd|i would|everyone'd|everyone would|they'd|they would) (?:all )?be better "
    r"off (?:gone|dead|without me|if i (?:wasn't|weren't) (?:here|around))|(?:that )?i (?:just )?"
    r"(?:wish|want) (?:i (?:wasn't|weren't) (?:here|around|alive)|to not wake up|not to wake up|"
    r"i could (?:just )?disappear)|(?:that )?i (?:don't|do not) want to (?:be here|wake up)"
)
PARTIAL_DENIAL: Final = Phrase(_DENIES_FIRST + rf"(?:{_THOUGHT_THERE}|{_PASSIVE_WISH})")
PARTIAL_DENIAL_PASSIVE: Final = Phrase(_DENIES_FIRST + rf"(?:{_PASSIVE_WISH})")
#: Version 21 (QA25 #7): an answer that opens by admitting the thoughts ("I do get them, but
#: I'd never act on them"): a denial of acting later in it does not make it a denial.
OPENS_WITH_YES: Final = Phrase(
    r"^(?:(?:um|erm|uh|well|ah|oh|honestly|i mean|yes|yeah)[,.]?\s+)*(?:i suppose (?:it does|"
    r"they are|i do)|some (?:days|nights|mornings|evenings|times)|it does|they(?: are|'re) still|"
    r"i (?:do|still) (?:get|have) (?:them|it|those)|i (?:still )?get (?:them|it|those))\b|"
    # a "Yes." that stands as its own sentence ("Yes. I have decided ..."), not "Yeah, true."
    r"^(?:yes|yeah|yep|aye)[.!](?!\s*(?:but|no|not)\b)"
)
#: Version 21 (QA25 #6): a therapist question about access to means ("Do you have anything at
#: home you could use?", "do you still have access to the things you mentioned").
MEANS_ACCESS_QUESTION: Final = Phrase(
    r"\b(?:do|did|have) you (?:still )?(?:have|got|keep|kept) (?:anything|something|access to|"
    r"any(?: of)? (?:the|those|them|it)|the (?:pills|tablets|rope|things|stuff))\b|\bis there "
    r"(?:anything|something) (?:at home|in the house|around|you could use)\b|\b(?:access to|get "
    r"hold of) (?:the |those |any |your )?(?:means|pills|tablets|medication|things|stuff|rope|"
    r"weapons?|guns?)\b"
)
#: Version 21 (QA25 #6): an answer that avoids the question ("I'd rather not say", "Can we talk
#: about something else?").
EVASIVE_ANSWER: Final = Phrase(
    r"^(?:(?:um|erm|uh|well|look|honestly)\W+)*(?:i'?d rather not(?: say| talk about (?:it|that)|"
    r" answer(?: that)?| go into (?:it|that))?|(?:can|could) we (?:talk about|change) (?:something "
    r"else|the subject)|i don't want to (?:say|talk about (?:it|that)|answer (?:that|it))|(?:i'm )?"
    r"not (?:telling|saying)|next question|why do you (?:want to know|ask)|that's (?:private|my "
    r"business))\b"
)
#: A bare acknowledgement ("Yeah.", "Mm-hmm.", "Right. Okay.").
BACKCHANNEL: Final = Phrase(
    r"^\W*(?:(?:yes|yeah|yep|yup|mm+|mm-hmm|mhm|uh-huh|right|okay|ok|sure|true|exactly|aye)\W*)"
    r"{1,3}$"
)
#: A therapist question about safety: there a "no" discloses risk rather than denying it.
SAFETY_QUESTION: Final = Phrase(
    r"\b(?:safe|promise|keep yourself|okay tonight|ok tonight|alright tonight|all right tonight|"
    r"manage tonight|get through (?:tonight|the night))\b"
)
#: Version 18: a therapist question whether the client can keep *themself* safe, on its own (no
#: disclosure before it): "Are you safe tonight?", "Can you keep yourself safe this weekend?".
#: It is a screening question (C-SSRS safety check; risk.md Method §4): any answer but a clear
#: "yes" discloses risk. Not "safe at home / with him / to talk here" (danger from others or the
#: room, not the client's own risk).
STANDALONE_SAFETY: Final = Phrase(
    r"\b(?:are you|you're|do you feel|are you feeling|will you be|would you be|can you (?:be|"
    r"stay)|could you (?:be|stay)|able to (?:be|stay)|going to be|gonna be)"
    r"(?: (?!both|all\b|two)\w+){0,2} safe\b"
    r"(?!\s*(?:at home|in|with|from|around|here|there|to (?:talk|say|tell|share|be honest)|"
    r"talking|enough to|when (?:he|she|they)|if (?:he|she|they)))|"
    r"\b(?:(?:can|could|will|would) you|able to|think you can)(?: \w+){0,2} (?:keep yourself|stay)"
    r" safe\b|"
    r"\bpromise (?:me )?(?:that )?you(?:'ll| will)? (?:keep|stay|be) safe\b|"
    r"\b(?:okay|ok|alright|all right) (?:tonight|this weekend)\b|\bget through (?:tonight|the "
    r"night|the weekend)\b"
)
#: Version 18 (QA16 #3, item 05): the therapist names means the client has been saving ("Did you
#: give the tablets you've been saving to your brother?"): a "no" or "not yet" discloses access to
#: a stockpile (``high``, C-SSRS Q3-Q6 preparatory behaviour [Posner2011]); a "yes" closes it.
STOCKPILE_QUESTION: Final = Phrase(
    r"\b(?:tablets|pills|meds|medication|painkillers|blades)\b[^.?!]{0,30}\b(?:you've been|you "
    r"have been|you were|you'd been) (?:saving|keeping|stockpiling|collecting|hoarding|storing)"
)
#: Version 18 (QA15 #2, QA16 #10): the client has put the means out of reach or will ("I gave
#: them to my flatmate", "I'll give them to my flatmate too", "she keeps them now"): means
#: restriction is protective, never a continuation of the disclosure.
MEANS_SECURED: Final = Phrase(
    r"\b(?:gave|given|give|giving|handed|hand|passed|took|take|taken|taking) (?:them|it|all of "
    r"them|the (?:\w+ )?(?:tablets|pills|meds|blades|razors?|knife|knives|rope|packets?)|my "
    r"(?:\w+ )?(?:tablets|pills|meds|blades|razors?|knife|knives)) (?:to|back to|in to|into) "
    r"(?:my|her|him|them|the|a)\b|\b(?:got rid of|threw (?:them|it) (?:away|out)|flushed (?:them|"
    r"it)|disposed of|locked (?:them|it) (?:up|away))\b|\b(?:she|he|they) (?:keeps|has|have|holds|"
    r"looks after|is keeping|is holding) (?:them|it)\b|"
    # v21 (QA25 #11): a carer's protective act ("I took all the knives out of his room")
    r"\b(?:took|taken|take|taking|moved|removed|hid|hidden|locked) (?:all )?(?:of )?(?:the|his|"
    r"her|their|my) (?:\w+ )?(?:tablets|pills|meds|medication|blades|razors?|knife|knives|rope|"
    r"belts?|cords?) (?:out of|away|somewhere|up)\b"
)
#: Version 21 (QA25 #11): the speaker puts someone else's means out of reach ("I took all the
#: knives out of his room"); a model reading with no rule hit is then set aside.
CARER_PROTECTION: Final = Phrase(
    r"\bi (?:took|removed|hid|locked (?:up|away)|moved|cleared) (?:all )?(?:of )?(?:the|his|her|"
    r"their) (?:\w+ )?(?:tablets|pills|meds|medication|blades|razors?|knife|knives|rope|belts?|"
    r"cords?)(?: (?:out of|away from|from) (?:his|her|their|the) \w+| away| up)\b"
)
#: Version 18 (QA16 #10, QA15 #2): a therapist question about reasons for living ("What stops you
#: from acting on it?", "What keeps you going?"): an answer naming them is protective.
REASONS_PROMPT: Final = Phrase(
    r"\bwhat (?:stops|stopped|keeps|kept|has kept|holds|held|is holding) you (?:from|going|"
    r"alive|here|back|safe)\b|\breasons? (?:for|to) (?:living|live|stay|keep going)\b"
)
#: ... unless the answer says nothing stops them ("Nothing.", "I don't know any more").
NOTHING_STOPS: Final = Phrase(
    r"(?:^|[.?!,]\s*)(?:(?:um|erm|uh|well|honestly)\W+)*(?:nothing|not much|not a lot|no ?one|"
    r"nobody|i don't know|i'm not sure|dunno|less and less|i'm running out)\b|\bnot any ?more\b|"
    r"\bnot enough\b"
)
#: A clear "yes, I'm safe" to such a question (nothing hedged after it): closes it.
SAFETY_AFFIRMED: Final = Phrase(
    r"^(?:(?:um|erm|uh|well|oh|ah|mm|honestly)[,.!]?\s+)*(?:yes|yeah|yep|yup|aye|i am|i will|i "
    r"can|i promise|i think so|definitely|of course|absolutely|sure|i'm (?:safe|fine|okay|ok|"
    r"alright|all right)|i(?:'ll| will) be (?:safe|fine|okay|ok|alright|all right))\b(?!')"
    r"(?![^.?!]*\b(?:but|maybe|unless|i guess|don't know|not sure|not really|probably not|can't "
    r"promise|cannot promise)\b)"
)
#: An answer that says the client cannot keep safe ("No.", "I can't promise that."): ``high``
#: (stated inability to stay safe reads as intent, README severity table); a hedge ("I don't
#: know", "Not really", "Maybe") is ``moderate``.
SAFETY_REFUSED: Final = Phrase(
    r"^(?:(?:um|erm|uh|well|oh|honestly)[,.!]?\s+)*(?:no\b(?!t)|nope\b|nah\b)|\b(?:can't|cannot|"
    r"can not|won't|couldn't) (?:promise|keep myself safe|be safe|stay safe|say i (?:am|will))|"
    r"\bi'm not (?:safe|sure i (?:am|can|will))"
)

#: What a therapist's risk screening question asks about: topic regex -> (kind, severity).
SCREENING_TOPICS: Final[tuple[tuple[re.Pattern[str], str, str], ...]] = (
    (
        re.compile(
            r"\b(?:how (?:you(?:'d| would| might| could)|(?:you )?(?:might|would)) (?:do it|you do "
            r"it)|plans? to (?:end|kill|"
            r"take)|access to (?:tablets|pills|a gun|weapons?))"
        ),
        SI,
        "high",
    ),
    (
        re.compile(
            r"\bsuicid\w*|kill(?:ing)? yourself|end(?:ing)? (?:your (?:own )?life|it all)|"
            r"tak(?:e|ing) your (?:own )?life|"
            # v14: a question about a method ("were you thinking of jumping?"), and the general
            # form ("people ... have thoughts about ending their life. Has anything like that
            # been going on for you?")
            r"(?:think\w*|thought|plann\w*|going) (?:of|about|to) (?:jump(?:ing)?(?=\s*(?:[?.,!]|$|"
            r"off\b|from\b|in front\b))|hang(?:ing)? yourself|overdos\w*|tak(?:e|ing) an overdose|"
            r"walk(?:ing)? in front of)|thoughts? "
            r"(?:about|of) end(?:ing)? (?:their|your|a|one's) (?:own )?li(?:fe|ves)"
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
            r"anybody|others|other people)\b|\b(?:you|your)\b[^.?!]{0,40}\b(?:harm|hurt|kill|"
            r"attack)(?:ing)? (?:him|her|them)\b"
        ),
        OTHERS,
        "moderate",
    ),
    (
        re.compile(
            r"\bbetter off (?:dead|not here|without you)|(?:not )?want(?:ing)? to be (?:here|"
            r"alive)|(?:isn't|is not|not) worth living|(?:not|never|won'?t|wouldn'?t|don'?t) "
            r"wak(?:e|ing) up|"
            r"(?:thoughts?|think\w*) (?:about|of) (?:death|dying|being dead)|wish(?:ed)? "
            r"you (?:were|was) dead|"
            # v11: "you don't mind whether you live or die", "it didn't matter to you whether you
            # lived or died" - the negator belongs to the topic (see REFLECTION_NEGATOR)
            r"(?:(?:don't|doesn't|didn't|do not|does not|did not|wouldn't|would not) (?:mind|care|"
            r"matter)[^.?!]{0,20} )?(?:whether|if) you (?:live|lived) or (?:die|died)"
        ),
        PASSIVE,
        "low",
    ),
)
#: Version 11: a client answer that endorses what the therapist just said ("Yes.", "Exactly.",
#: "Something like that.", "Pretty much."). A reflection naming the client's risk, endorsed, is
#: the client's own statement (in MI a reflection asks as a question does; clinical-reference
#: §10.3 rule 2, favour recall). "Yeah, nah" and "yes, but no" are not endorsements.
ENDORSEMENT: Final = Phrase(
    r"^(?:\(\w[\w ]*\)\s*)*(?:(?:um|erm|uh|well|oh|ah|mm|hmm|honestly)[,.!]?\s+)*(?:yes|yeah|yep|"
    r"yup|aye|exactly|that's (?:it|right|true|about right|exactly it|exactly right|how it "
    r"(?:feels|felt))|pretty much|something like that|more or less|i (?:guess|suppose|think) so|"
    r"kind of|sort of|i guess|i suppose|probably|maybe|true|mm-?hmm|uh-huh|you're right)\b"
    r"(?!,? (?:nah|no)\b)"
)
#: A negator in the therapist's sentence outside the topic's own words ("you're not thinking of
#: killing yourself, are you") turns an endorsement into a denial: such reflections are skipped.
REFLECTION_NEGATOR: Final = Phrase(r"\b(?:not|no|never|n't|no longer|nothing)\b|n't\b")

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
        re.compile(r"\b(?:(?:those|these) (?:kinds of )?thoughts|that thought|the thoughts?)\b"),
        PASSIVE,
        "low",
    ),
)
#: A therapist proposal or permission request; a bare "okay" to it is not a disclosure. Version
#: 16 adds joint-action proposals of safety planning ("Let's make sure we have a plan for those
#: nights together", "we could write them down", "how about", "can we").
PROPOSAL: Final = Phrase(
    r"\b(?:would (?:that|it) be (?:ok|okay|all right|alright|helpful)|is (?:that|it) (?:ok|okay|"
    r"all right|alright)|shall we|i'd like (?:us |for us )?to|would you be (?:willing|up for|okay|"
    r"happy)|does that sound|how does that sound|would you like|how would that be)\b"
)
#: The same, in the therapist's last sentence only: a joint-action proposal ("Let's make sure we
#: have a plan for those nights together.", "Can we write them down?").
JOINT_PROPOSAL: Final = Phrase(
    r"^(?:\W*(?:so|and|okay|ok|right|then|now|well|maybe)\W+)*(?:let's|let us|we (?:could|can|"
    r"might|will|should)|we'll|how about|(?:can|could) we|maybe we)\b"
)
#: Version 16: agreeing to a proposal ("Okay. I think that would help.", "Yes, let's do that.",
#: "That would actually help."): acceptance words, an agreeing clause, or both, and nothing else.
_AGREEING_CLAUSE: Final = (
    r"(?:(?:i think|i guess|maybe|yes|yeah|okay|ok) )?(?:that|it|this)(?:'d|'ll)?(?: \w+){0,4} "
    r"(?:help|work|be (?:good|helpful|useful|nice|great|fine|okay|ok))|let's do (?:that|it|this)|"
    r"i(?:'d| would) like that|i can do that|sounds (?:good|fine|okay|right)|that makes sense|good"
    r" idea"
)
AGREEMENT: Final = Phrase(
    r"^(?:(?:um|erm|uh|well|oh|ah|mm|hmm)\W+)*(?:(?:(?:yes|yeah|yep|yup|ok|okay|sure|alright|all "
    r"right|fine|definitely|of course|please|thanks|thank you|good)\W+){1,3}(?:"
    + _AGREEING_CLAUSE
    + r")?|"
    + _AGREEING_CLAUSE
    + r")\W*$"
)
BARE_ACCEPTANCE: Final = Phrase(
    r"^(?:(?:yes|yeah|yep|ok|okay|sure|alright|all right|fine|thanks|thank you|please|go on|"
    r"sounds good|that's (?:ok|okay|fine|good)|that would be (?:good|ok|okay|helpful))\W*){1,3}$"
)
#: Therapist follow-up wording that keeps a disclosure thread open (besides SCREENING_TOPICS).
FOLLOW_UP: Final = Phrase(
    r"\b(?:how deep|medical attention|hospital|a&e|where (?:are|is|were|was|do you keep) "
    r"(?:they|it|them|the)|what (?:stops|stopped|keeps|kept) (?:you|it)|safe|safety|mean it|"
    r"serious|the thoughts?|that thought|those thoughts|go further|acted on|act on|acting on|"
    r"thought about"
    r" how|how (?:bad|serious|close|often do|often does|long have you)|what did you (?:use|do)|"
    # v13: any frequency question asks about the disclosure ("How often is it happening?",
    # "How many times this week?"; fresh set v24: frequency answers were the commonest miss)
    r"how (?:often|frequently) (?:is|has|have|are|was|were|did|would|will|it|that|they)|how "
    r"many times|"
    r"did (?:you|it|they) need|when was the last|have you (?:done|acted)|tell me more|say more|"
    r"what do you mean|when you say)\b"
)
#: Version 8: a therapist turn that treats the client's last words as a risk disclosure (besides
#: SCREENING_TOPICS and THREAD_TOPICS): what stopped them, whether they mean it or are safe,
#: whether it went further, how serious or close, injuries, what they meant. The generic "tell
#: me more" is not in it (docs/analysers/risk.md, "Version 8").
RISK_FOLLOW_UP: Final = Phrase(
    r"\b(?:what (?:stops|stopped|keeps|kept) you|mean(?:t)? it\b|(?:are|feel|feeling) "
    r"(?:you )?safe|keep (?:yourself|you) safe|safe (?:tonight|right now|at home)|gone (?:any )?"
    r"further|go(?:es)? (?:any )?further|acted on|act on|acting on|how (?:serious|close)|"
    r"how deep|hospital|"
    r"a&e|medical attention|what did you mean|what do you mean|when you say)\b"
)
#: Version 20 (QA21 #8): a complaint about the therapy or the therapist changes the topic from
#: the disclosure to the work ("This isn't working. You keep asking me the same things.").
THERAPY_COMPLAINT: Final = Phrase(
    r"\b(?:(?:this|it|therapy|these sessions|the sessions|talking) (?:is not|isn't|'s not|is "
    r"never|are not|aren't) (?:\w+ )?(?:helping|working|going anywhere)|you (?:keep|always) "
    r"(?:asking|saying|telling|going on)|you(?:'re| are) not (?:even )?(?:listening|hearing)|you "
    r"(?:don't|never) (?:listen|hear me|get it|understand))\b"
)
#: Therapist wording that explores or acknowledges a disclosure (for ``therapist_follow_up``).
EXPLORES: Final = Phrase(
    r"\b(?:tell me more|say more|what do you mean|when you say|that thought|those thoughts|"
    r"those feelings|how often|how long|what's that like|what is that like|safe|safety|go "
    r"further|the point of|thank you for (?:telling|saying|being honest|sharing)|i'm (?:really |"
    r"so )?glad you (?:told|said|mentioned)|take (?:that|this|it|what you(?:'ve)? (?:just )?said)"
    r" seriously|i want to (?:check|ask|understand|make sure)|"
    # v11: safety planning is following up ("We'll write down the crisis line number together")
    r"crisis (?:line|number|team)|helpline|hotline|emergency|hold onto|lock (?:them|it) away|"
    # v20 (QA20 #8): asking about acting on it or about plans follows the disclosure up
    r"act(?:ed|ing)? on (?:it|them|that|those|the thoughts?)|(?:made|make|making) (?:any )?"
    r"(?:a )?plans?\b(?! for (?:the|this|next|your) (?:weekend|week|holiday|summer))|"
    # v22 (QA29 #2): the safety plan and what helped are safety planning ("What helped most?")
    r"safety plan|(?:used|use|using) (?:the|your) plan|what (?:\w+ )?(?:helps|helped|has helped)|"
    r"how (?:do|did|have|can|could) you (?:cope|get through|manage)|what (?:gets|got) you "
    r"through)\b"
)
#: A short question pointing back at what was just said ("Where are they now?").
ANAPHORIC_QUESTION: Final = Phrase(r"^[^?]{0,60}\b(?:it|that|they|them|those|this)\b[^?]{0,30}\?$")
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


_SCREENING_TOPICS: Final = PhraseIndex(
    ((kind, severity), Phrase(pattern)) for pattern, kind, severity in SCREENING_TOPICS
)
_THREAD_TOPICS: Final = PhraseIndex(
    ((kind, severity), Phrase(pattern))
    for pattern, kind, severity in (*SCREENING_TOPICS, *THREAD_TOPICS)
)


def asks_screening_topic(text: str) -> bool:
    """Whether any of :data:`SCREENING_TOPICS` matches ``text`` (not memoised)."""
    return _SCREENING_TOPICS.first(text) is not None


@functools.lru_cache(maxsize=8192)
def topic(text: str, *, thread: bool = False) -> tuple[str, str] | None:
    """(kind, severity) a therapist turn asks about; follow-up topics count only in a thread."""
    return (_THREAD_TOPICS if thread else _SCREENING_TOPICS).first(text)
