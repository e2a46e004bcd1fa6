"""Turn-context rules behind ``red_flags.therapist``: advice and judgmental remarks.

Version 1 matched fixed wording from the ruptures-examples corpus and found 2 of 7 red flags on
a new blind set. Version 2 kept those cues and added *families* that describe the behaviour,
each with a check on the surrounding turns (definitions: ruptures-examples README "Therapist red
flags"; MITI 4.2.1 *Persuade* without permission and *Confront*, clinical-reference §6.1,
[Moyers-MITI4.2.1]). Version 3 adds the forms in :mod:`alliancelens.analysers._red_flag_cues`:
suggestions put as questions, prescriptions without a modal, subtle, sarcastic and comparative
judgment. Pattern tables: :mod:`alliancelens.analysers._therapist_lexicon` (versions 1-2) and
``_red_flag_cues`` (version 3); this module holds the decisions:

* advice: a directive is not advice when the client asked, the therapist asked permission in
  the last three turns, the choice is handed back, it is a safety instruction, or the wording
  is a reflection, reported or quoted speech, a subordinate clause, a question, a prediction,
  or an echo of the client's own "I have to" / "I could try". A suggestion put as a question is
  advice unless it asks about past attempts ("... before?"), is softened or reported ("I wonder
  whether ..."), or proposes what the client has just named.
* judgment: a verdict on the client is not the therapist's when it is quoted, reported, about a
  third party, validation ("that's disappointing, I hear it"), or a reflection of a word the
  client used about themselves ("you're calling yourself lazy"). A bare sarcastic reply ("Of
  course you did.") counts only after the client reported their own act.

Ignoring feedback is in :mod:`alliancelens.analysers._red_flag_feedback`. All text arrives
normalised by :func:`alliancelens.analysers._red_flag_text.normalise`.
"""

from __future__ import annotations

import re
from typing import Final

from alliancelens.analysers import _red_flag_cues as cues
from alliancelens.analysers import _red_flag_exempt as exempt
from alliancelens.analysers import _therapist_lexicon as lex
from alliancelens.analysers._phrases import Phrase, PhraseIndex

__all__ = ["advice_cue", "invites_advice", "judgment_cue"]


def _words(text: str) -> frozenset[str]:
    """A word set written as one string."""
    return frozenset(text.split())


SENTENCE: Final = re.compile(r"[^.!?;]+[.!?;]*")

# --- advice ----------------------------------------------------------------------------------
_DIRECTIVE: Final = Phrase(
    r"\b(?:you(?:'ve)? (?:really |just |honestly |definitely |simply |seriously |must )?(?:gotta|"
    r"got to|have got to|ought to|must|need to|needa|need tae|have to|had "
    r"better|'d better|should(?! be (?:proud|pleased|happy|glad|chuffed|ashamed|"
    r"embarrassed)\b)(?! be[.!]))\b|ye need tae|"
    r"i(?:'d| would) (?:strongly |really |definitely )?(?:recommend|suggest|advise)|"
    r"my (?:advice|recommendation|suggestion) (?:is|would be)|what i'd (?:recommend|suggest|do)|"
    r"(?:the )?best thing (?:you (?:can|could)|to) do|(?:if i (?:were|was) you|in your "
    r"(?:shoes|position|place)),? (?:i'd|i would) (?!(?:\w+ )?(?:feel|be|want|find|wonder))|"
    r"why don't you|why not just|have you (?:thought about|considered|tried) just|(?:i'd|i "
    r"would) \w+ [^.?!]{0,40}if i (?:were|was) (?:you|in your \w+)|i(?:'d| would) (?:strongly |"
    r"really )?(?:urge|encourage) you to|"
    # QA28 #10 (version 9): a suggestion as the therapist's opinion of what would help, and
    # persuading by promise (MITI 4.2.1 Persuade, §6.1). "Many people find it helps" alone
    # stays an option offered (_HANDS_BACK): labelled so in blind-2026-11-22e sess-501
    r"i think it(?:'d| would| will) (?:also |really |definitely |probably )?(?:help|be "
    r"(?:good|helpful|useful|worth it)) (?:you )?(?:to|if you)\b|it (?:really |honestly )?(?:does|"
    r"will) work if you (?:stick|keep|give it|do it|just)|"
    r"it might not be a bad idea to|(?:one|a) good (?:option|idea) "
    r"(?:would be|is) to|one thing you (?:could|can|should) (?:do|try|bring up)|(?:i'd|i would|"
    r"we) (?:like to |strongly )?recommend|(?:the )?next step is to (?:really )?|(?:this|that|it|"
    r"they|smoking|drinking) (?:really )?needs? to (?:stop|change|go)|i (?:really |just )?(?:hope|"
    r"wish) you(?:'d| would| will|'ll)? (?:quit|stop|heed|consider|listen|cut|give)|you (?:do not"
    r"|don't) need (?:a|an|that|the|any)\b|we need to (?:look at|get|make|deal with|cut|stop)|"
    r"it(?:'d| would) be (?:good|best|wise|sensible|better) (?:for "
    r"you )?(?:to|if you)|you(?:'d| would) be (?:wise|better off)|time to (?:have|get|tell|stop|"
    r"move|leave|cut|put|call|ditch)|"
    r"you'd be mad not to|go for it|make sure you|do yourself a favou?r|all you (?:need|have) "
    r"to do|the (?:answer|solution|trick) is (?:to|just)|all there is to it|"
    r"(?<!do )(?<!if )you want "
    r"to (?:get|stop|tell (?!me)|make|cut)|(?<!sure )(?<!how )(?<!why )(?<!if )i'd (?:get|go|tell|"
    r"stop|leave|ditch|quit|move|take|just (?!like)|cut|delete|block|sit|ring|call|text|book|"
    r"speak|talk to|write to|sell|sign|apply|report|confront|dump|drop) (?!it (?:quite|that|like)))"
)
_ACTIONS = (
    r"stop(?! (?:me|there|for))|quit|ditch|dump|block|delete|unfollow|cut|chuck|bin|enrol|enroll|"
    r"leave (?:him|her|them|it|the job|your|that)|tell (?:him|her|them|your|the|everyone|hr)|"
    r"ring|call (?:him|her|them|your|the)|text|email|message (?:him|her|them)|move (?:out|on|in|"
    r"away|house)|get (?:rid|a|some|out|yourself|him|her|them|away|on|off|back|into)|put your "
    r"foot|give (?:up|him|her|them|it up)|pull (?:back|out)|start (?:saying|going|looking|doing|"
    r"taking|using|a|an)|sign (?:up|off)|join|book|buy|sell|save|pay|open (?:an?|your)|write "
    r"(?:to|him|her|them|a letter)|document|report|raise|confront|apologi[sz]e|say (?:no|it|"
    r"something|that to)|speak (?:up|to)|stand up|walk away|find (?:a|another|someone|yourself)"
    r"|try (?:saying|going|cutting|getting|a|an|the|not)|sort (?:it|him|her|them|out)|set "
    r"(?:boundaries|limits|an alarm|a|some)|avoid|skip|limit|switch|apply|stay (?:away|off|out|"
    r"home|put)|let (?:him|her|them) (?:go|come|know|see)|forget (?:about|him|her|them)|ignore "
    r"(?:him|her|them)|lock|hide|ask (?:him|her|them|for|your)|have (?:the talk|a word|it out|a "
    r"(?:crack|go|word|chat|talk) (?:at|with) (?:him|her|them))|knock on|put (?:the|your|that) "
    r"(?:phone|foot|kids|money|bottle|drink)|go"
    r" (?:for it|to|back to (?:him|her|them|school|college|work))|take (?:it|the \w+|up|time "
    r"off|a break)|drop (?:him|her|them)|don't(?=[,.!]|$)|"
    r"don't (?!worry|rush|apologi|be sorry|know|have to|need|talk to me|put words|let me)"
)
_IMPERATIVE: Final = Phrase(rf"^{lex.LEAD_IN}(?:{_ACTIONS})\b")
_NOT_ADVICE_IMPERATIVE: Final = Phrase(
    rf"^{lex.LEAD_IN}(?:tell me|say (?:more|a bit|a little|that again|it)|take (?:your time|"
    rf"a (?:breath|"
    r"moment|minute|second|look))|go on|go ahead|go back to|go slowly|let's|let me|let that|"
    r"keep (?:going|talking)|stay with|have a (?:think|look|go at (?:the|this))|look at|try to "
    r"(?:notice|remember|picture|imagine|describe|put)|be (?:gentle|kind) (?:to|with) yourself|"
    r"don't (?:worry|rush|apologi[sz]e|be sorry)|never mind|get comfortable|start (?:with|wherever"
    r"|from)|give (?:me|it) a (?:number|score|rating)|take it (?:slowly|easy)|have you)\b"
)
_REFLECTION_FRAME: Final = Phrase(
    r"\b(?:you(?:'re| are)? (?:feel|feeling|think|thinking|telling yourself|say|saying|said|"
    r"worry|worried|believe|wonder|wondering|sense|keep thinking)|part of you|a sense that|"
    r"(?:the|a|that) voice|(?:sounds|looks|seems) like|so there's|the story|what i(?:'m)? hear|"
    r"i(?:'m)? hear(?:ing)?|(?:not|never|won't|don't) (?:going to |gonna )?tell(?:ing)? you|"
    r"(?:somebody|someone|people|they|he|she|\w+) (?:telling|tells|told) you)\b"
)
_PREDICTION: Final = Phrase(
    r"\byou (?:should|may|might|will|'ll|must) (?:expect|notice|find|feel|see|start to)\b|\byou "
    r"(?:\w+ )?should (?:be (?:ashamed|embarrassed)|know better|have known)"
)
_PERMISSION_WIDE: Final = Phrase(
    r"\b(?:would it (?:help|be (?:ok|okay|alright|all right|useful|helpful)) if i|do you want "
    r"(?:some|me to|to hear|information|a few)|would you like (?:me to|some|to hear|a)|"
    r"(?:can|could|may|shall) i (?:share|suggest|offer|say|tell|make|throw|give|add|mention)|"
    r"mind if i|is it (?:ok|okay|alright|all right) (?:if|to)|i'm happy to (?:share|suggest|say)"
    r"|would that be (?:ok|okay|alright|all right)|is that (?:ok|okay|alright|all right)"
    r"|i have (?:a|some) (?:thoughts?|ideas?|suggestions?)[^.?!]*\?)"
)
_ASKS_ADVICE: Final = Phrase(
    r"\b(?:what (?:should|would|could|do) (?:i|you) (?:do|say|reckon|suggest|recommend)|what do "
    r"you reckon|(?:should|shall) i\b|(?:you|do you) think i should|any (?:advice|tips|ideas|"
    r"suggestions)|tell me what to do|what's your (?:advice|take|view|opinion)|can you (?:give|"
    r"suggest|recommend)|i (?:need|want) (?:some |your )?advice|what can i do|how (?:do|can|"
    r"should) i|what would you do)\b|\b(?:(?:do|should|can|could|would|must|shall|have|am) i|"
    r"i (?:don't|do not) have to|so i)\b[^.!?]*\?"
)
_HANDS_BACK: Final = Phrase(
    r"\b(?:you know (?:her|him|them|your|yourself|best)|you're the (?:one|expert)|your "
    r"(?:decision|choice|call)|suggest (?:that )?we|(?:a|your) call (?:you|only you)|only you can|"
    r"can't (?:walk|live|make|decide)[^.?!]* for you|your own (?:intuition|judge?ment|gut|"
    r"instinct|mind)|go with your gut|(?:which|what), if (?:either|any)|(?:see|find|decide) what "
    r"(?:fits|works|suits)(?: best)?(?: for you)?|"
    r"would sound like "
    r"you|take it or leave it|no pressure|(?:some|a lot of|many|most) (?:people|folk|folks) find|"
    r"if (?:that|it)'?d help)\b"
)


_REPORTED: Final = re.compile(
    r"\b(\w+)(?:'s (?:view|idea|advice) is| (?:said|says|thinks|told you|believes|reckons|feels|"
    r"keeps saying|wants))(?: that)? $"
)


_SUBORDINATE: Final = _words(
    "everything anything something what whatever all which when if whenever because cause "
    "'cause since until where how why like as than means wanna gonna i we me let"
)
_NOT_PERSUADING: Final = Phrase(
    r"you must (?:be|have|like|love|feel|think|know|get)\b|you (?:\w+ )?should(?: have|'ve) been\b|"
    r"you (?:\w+ )?(?:have|need) to "
    r"(?:understand|remember|admit|appreciate|reali[sz]e|hand it to|give yourself|think about|"
    r"cope with|live with|juggle|balance|ask yourself|wonder)\b|if i were "
    r"you,? i(?:'d| would) (?:\w+ )?(?:feel|be)\b"
)
_SAYS: Final = _words("think reckon feel believe suggest say guess know honestly")
_MODALS = r"(?:should|must|need to|have to|ought to|'ve got to|got to|gotta)"
_QUESTION_ADVICE: Final = re.compile(
    r"why (?:don't you|not) (?!tell|fill|say|talk|share|start)|have you (?:thought about|"
    r"considered|"
    r"tried) just"
)


def _sentence_bounds(text: str, start: int) -> tuple[int, int]:
    begin = max(text.rfind(mark, 0, start) for mark in ".?!;") + 1
    ends = [i for i in (text.find(mark, start) for mark in ".?!;") if i >= 0]
    return begin, min(ends) if ends else len(text)


def _not_a_directive(text: str, start: int, client_before: str) -> bool:
    """True when directive-looking wording at ``start`` does not tell the client what to do.

    That is: a reflection, quoted or reported speech, a subordinate clause, a question, a
    prediction, or an echo of the client's own "I have to".
    """
    begin, end = _sentence_bounds(text, start)
    lead, rest = text[begin:start], text[start:]
    words = lead.split()
    reported = _REPORTED.search(lead)
    modal = re.match(rf"you (?:\w+ )?({_MODALS})", rest)
    return bool(
        _REFLECTION_FRAME.search(lead)
        or lead.endswith(" to ")
        or text[:start].count('"') % 2
        or (words and words[-1].strip(",-") in _SUBORDINATE)
        or (len(words) > 1 and words[-1] == "that" and words[-2] not in _SAYS)
        or _PREDICTION.match(rest)
        or _NOT_PERSUADING.match(rest)
        or (reported is not None and reported.group(1) != "i")
        or (text[end : end + 1] == "?" and not _QUESTION_ADVICE.match(rest))
        or (modal and re.search(rf"\b(?:i|we) (?:\w+ )?{modal.group(1)}\b", client_before))
        or (modal and cues.CLIENT_OBLIGATION.search(client_before))
    )


_FUNCTION_WORDS: Final = _words(
    "to a an the your it him her them up out off on for not just so and then now"
)


def _clients_own_idea(imperative: str, client_before: str) -> bool:
    """True when the imperative repeats a step the client has just proposed ("I could try ...")."""
    verb = next((w for w in re.findall(r"[a-z']+", imperative) if w not in _FUNCTION_WORDS), "try")
    intent = r"(?:'ll|will|could|can|might|want to|would like to|'d like to|'m going to|should|try)"
    return re.search(rf"\b(?:i|we) ?{intent}(?: \w+){{0,2}} {verb}", client_before) is not None


_CONDITION: Final = Phrase(r"^(?:if|when|whenever|next time)\b[^,]{3,60}, ")
_SAFETY: Final = Phrase(
    r"\b(?:crisis (?:line|team)|999|911|112|samaritans|emergency|a&e|safety plan|unsafe)\b"
)


#: Version 5: a permission question in the therapist's own turn counts only when the therapist
#: then stops for the answer — at most this many words after the question (MITI 4.2.1 *Persuade
#: with Permission*: "after the client ... gave permission", clinical-reference §6.1). An
#: engineering constant (room for a short tail such as "only if you want"), not from the manual.
PERMISSION_TAIL_WORDS: Final = 8
_WORD: Final = re.compile(r"[a-z0-9']+")


def asks_permission(text: str) -> bool:
    """Whether a therapist turn asks permission and waits for the answer (version 5).

    The words after the question mark that closes the permission phrase (in unpunctuated
    speech-to-text: after the phrase itself) must be at most ``PERMISSION_TAIL_WORDS``.
    """
    for pattern in (_PERMISSION_WIDE, lex.PERMISSION):
        for match in pattern.finditer(text):
            mark = text.find("?", match.start())
            tail = text[mark + 1 :] if mark >= 0 else text[match.end() :]
            if len(_WORD.findall(tail)) <= PERMISSION_TAIL_WORDS:
                return True
    return False


def invites_advice(is_therapist: bool, text: str) -> bool:
    """True when a turn opens the door to advice for the next three turns.

    That is, the therapist asks permission (and waits for it) or the client asks what to do.
    """
    if is_therapist:
        return asks_permission(text)
    return _ASKS_ADVICE.found_in(text) or lex.CLIENT_ASKS_ADVICE.found_in(text)


def advice_cue(text: str, *, invited: bool, last_client: str) -> str | None:
    """The directive wording when it is advice nobody asked for, else None.

    ``invited`` says whether one of the previous three turns asked for advice or permission
    (:func:`invites_advice`); ``last_client`` is the latest client turn among them.
    """
    own_terms = (_HANDS_BACK, lex.AUTONOMY, _SAFETY, cues.OPTIONS)
    if invited or asks_permission(text) or any(p.search(text) for p in own_terms):
        return None
    if exempt.owns_a_mistake(text):  # version 7: congruence, never advice
        return None
    text = exempt.without_risk_questions(text)  # version 7: screening is never advice
    client_before = last_client
    for pattern in (_DIRECTIVE, lex.ADVICE):
        for match in pattern.finditer(text):
            if not _not_a_directive(text, match.start(), client_before):
                return match.group()
    for sentence in SENTENCE.findall(text):
        stripped = _CONDITION.sub("", sentence.strip(), count=1)
        found = lex.IMPERATIVE.match(stripped) or _IMPERATIVE.match(stripped)
        if (
            found
            and not _NOT_ADVICE_IMPERATIVE.match(stripped)
            and not stripped.endswith("?")
            and not _clients_own_idea(found.group(), client_before)
        ):
            return found.group()
    return _suggestion_question(text, client_before) or _prescription(text, client_before)


_SOFTENED: Final = re.compile(
    r"\b(?:wonder(?:ing|ed)?|asked|said|says|told|whether|curious)\b|\bif $|\"[^\"]*$|"
    r"\b(?:what|which|how|where|when)\b[^,]*$"
)
#: Words after which "you might want to" / "you could just" starts a clause of its own; after
#: anything else it is a relative clause ("the goals you might want to set").
_CLAUSE_START: Final = _words("so then and but maybe perhaps honestly well now think reckon")


def _suggestion_question(text: str, client_before: str) -> str | None:
    """A suggestion put as a question ("Have you thought about just leaving him?"), version 3.

    Not when it asks about past attempts ("... before?"), is softened or reported ("I wonder
    whether you've considered ...", "your mum asked if you'd tried ..."), or proposes the step
    the client has just named.
    """
    for sentence in SENTENCE.findall(text):
        for match in cues.SUGGESTION_QUESTION.finditer(sentence):
            lead = sentence[: match.start()]
            if (
                cues.TRIED_BEFORE.search(sentence)
                or _SOFTENED.search(lead)
                or _REFLECTION_FRAME.search(lead)
                or _clients_own_idea(_gerund_stem(match.group()), client_before)
            ):
                continue
            return match.group()
    return None


def _gerund_stem(suggestion: str) -> str:
    """The stem of the suggested action, to compare with the client's words ("putting" -> "put")."""
    verb = suggestion.rsplit(maxsplit=1)[-1]
    if verb.endswith("ing") and len(verb) > 5:
        verb = verb[:-3]
        verb = verb[:-1] if verb[-1] == verb[-2] else verb
    return verb


def _prescription(text: str, client_before: str) -> str | None:
    """A prescription without a second-person modal ("If it were me, I'd ..."), version 3."""
    for match in cues.PRESCRIPTION.finditer(text):
        lead = text[: match.start()].rstrip()
        relative = (
            match.group().startswith("you ")
            and lead[-1:].isalpha()
            and lead.split()[-1] not in _CLAUSE_START
        )
        if not relative and not _not_a_directive(text, match.start(), client_before):
            return match.group()
    return None


# --- judgmental remarks ----------------------------------------------------------------------
_STOP: Final = _words(
    "about that this with what when have just really today want talk there their them they "
    "think know been your yours leave rather okay fine sure really just that's it's can't "
    "don't not the and you what going there"
)
_PRONOUNS: Final = _words("you you're your that that's this being been were are")


def _echoes_client(found: str, client_before: str) -> bool:
    """True when a judged word is one the client used (a stem of five letters suffices)."""
    words = [w for w in re.findall(r"[a-z-]{3,}", found) if w not in _STOP | _PRONOUNS]
    return any(re.search(rf"\b{re.escape(w[:5])}", client_before) for w in words)


def _not_the_therapists_verdict(
    text: str,
    start: int,
    found: str,
    client_before: str,
    *,
    version_1: bool = False,
    clause: bool = False,
) -> bool:
    """True when the wording is not the therapist's own verdict on the client.

    That is: quoted or reported speech, a version-1 cue as an infinitive ("want your son to
    grow up"), about a third party,
    validation ("that's disappointing, I hear it"), or a reflection of the client's own word
    ("you're calling yourself lazy"). With ``clause`` (version-3 families) the third-party and
    reported-speech checks look only at the clause the wording is in, so "he is your father, and
    ... what kind of son stays away" is still read as a verdict on the client.
    """
    lead = text[max(text.rfind(m, 0, start) for m in ".?!") + 1 : start]
    if clause:
        lead = re.split(r",| and | but | so ", lead)[-1]
    if (
        text[:start].count('"') % 2 == 1
        or (version_1 and lead.endswith(" to "))
        or re.search(
            r"(?<!sounds)(?<!looks)(?<!seems)(?<!feels)(?<!feel) like,? (?:\w+'s )?$", lead
        )
        or re.search(r"\b(?:telling|told|saying|said)(?: you| me| them)? $", lead)
        or re.search(
            r"\b(?:he|she|they|your \w+|\w+'s)(?: \w+){0,3} (?:be|being|is|are|was)\b", lead
        )
        or re.search(r"\b(?:he|she|they)(?:'s|'re| is| are| was) $", lead)
    ):
        return True
    sentence_end = min([i for i in (text.find(m, start) for m in ".?!") if i >= 0] or [len(text)])
    if lex.EMPATHIC_FRAME.search(text[start:sentence_end]) or lex.DISAPPOINTING_AS_VERB.match(
        text, start
    ):
        return True
    reflected = (
        _REFLECTION_FRAME.search(lead)
        or lex.SELF_LABEL_FRAME.search(text)
        or re.search(
            r"\b(?:thinking|thinks|says|feels|believes|reali[sz]e|recogni[sz]e)(?: that)? $", lead
        )
    )
    return bool(reflected) and _echoes_client(found, client_before)


#: The judgment wordings in the order they are tried, their literals looked up in one pass.
_JUDGMENTS: Final = PhraseIndex(
    (p, p) for p in (*lex.JUDGMENT_FAMILIES, lex.CONDUCT_LABEL, lex.JUDGMENTAL, cues.JUDGMENT_V3)
)


def judgment_cue(text: str, client_before: str) -> str | None:
    """The judgmental wording, unless it reflects or negates the client's own self-label."""
    if lex.OWNS_MISTAKE.found_in(text):
        return None
    sarcasm = cues.SARCASM_ALONE.match(text.strip())
    if sarcasm is not None and lex.CLIENT_OWN_ACT.search(client_before):
        return sarcasm.group()
    patterns = _JUDGMENTS.possible(text)  # the others cannot match: the same first cue
    if lex.CLIENT_OWN_ACT.search(client_before) and not lex.DONE_TO_CLIENT.search(client_before):
        patterns.append(lex.VERDICT_ON_THAT)
        if not exempt.speaks_of_own_expectation(client_before):  # version 7
            patterns.append(exempt.RHETORICAL_EXPECTATION)
    for pattern in patterns:
        for match in pattern.pattern.finditer(text):
            found = text[match.start() : match.end() + 16]
            if not _not_the_therapists_verdict(
                text,
                match.start(),
                found,
                client_before,
                version_1=pattern is lex.JUDGMENTAL,
                clause=pattern is cues.JUDGMENT_V3,
            ):
                return match.group()
    return None
