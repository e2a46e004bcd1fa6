"""Rule cues of one client reply read against the prompt before it (3RS; clinical-reference §5.2).

Phrase patterns from ``_lexicon.CUES`` plus context rules: a vague reply to an invitation
(W2), a brushing-off formula after a feeling question or reflection (W1), bare assent to advice
(W5), general talk far from the client's own experience (W3), laughter over distressing content
(W6). Split out of ``_markers`` (which adds counter-evidence, model hits and runs) in version 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from alliancelens.analysers._phrases import Phrase, PhraseIndex
from alliancelens.analysers.ruptures._lexicon import ABSTRACT as _ABSTRACT
from alliancelens.analysers.ruptures._lexicon import CUES, RELIEF
from alliancelens.analysers.ruptures._lexicon import DISTRESS as _DISTRESS
from alliancelens.analysers.ruptures._taxonomy import MARKER_KIND, RuptureKind
from alliancelens.analysers.ruptures._text import Prompt, TextFeatures

__all__ = ["Hit", "cue_hits"]

_CUE_INDEX = PhraseIndex((cue, cue.pattern) for cue in CUES)

_INVITING = frozenset({Prompt.OPEN, Prompt.FEELING, Prompt.REFLECTION})
#: Prompts after which a transcribed silence in place of a reply is withholding (W2).
_SILENCE_AFTER = frozenset(
    {*_INVITING, Prompt.CLOSED, Prompt.STATEMENT, Prompt.FACTUAL, Prompt.DIRECTIVE}
)
_OFFERING = frozenset({Prompt.PROPOSAL, Prompt.DIRECTIVE, Prompt.PERMISSION})
_QUESTIONING = frozenset({Prompt.OPEN, Prompt.FEELING})
_ASKING = frozenset({Prompt.REFLECTION, Prompt.CLOSED, Prompt.STATEMENT, Prompt.FACTUAL})

# W1: brushing off, at the start of a sentence: "It's fine.", "I'm not, really.", "It's sorted."
_BRUSH_OFF = Phrase(
    r"(^|[.!?] )(no,? )*(honestly,? )?((it's|it was|i'm|i was|that's|we're|everything's|all) "
    r"(fine|okay|ok|alright|all right|sorted)|fine|sorted|nothing,? really)(,? (honestly|really|"
    r"though))?[.!,]*( |$)|(^|[.!?] )(no,? )*(i'm|i am) not,? (really|though)(?=[.!,]|$)"
)
# Naming a feeling right away is acknowledgement, not denial ("I'm okay. It's just a lot.").
_ACKNOWLEDGED = Phrase(
    r"\b(it's|it is|it was|i'm|i am|i feel|i felt)( just| really| quite| a bit)? (a lot|hard|sad|"
    r"scared|upset|angry|hurt|difficult|tough|struggl\w*|not (great|good))\b"
)
# W2 replies that are hedged rather than informative.
_HEDGED = Phrase(
    r"\b(guess|suppose|maybe|not really|don't know|dunno|whatever|not (much|many|loads)|some|bits"
    r"|mm+|hmm+|sort of|kind of|i think so|it was (fine|okay|ok|alright)|s'pose|spose|s pose|"
    r"probably|could do|might do|if you say so)\b"
)
# To a yes/no or factual question "Not really." is simply "no"; only non-committal hedges count.
_NON_COMMITTAL = Phrase(
    r"\b(guess|suppose|maybe|don't know|dunno|whatever|sort of|kind of|i think so|it was (fine|"
    r"okay|ok|alright)|not (much|many|loads)|s'pose|spose|s pose|probably|could do|might do|if "
    r"you say so)\b"
)
# Shrugging off an offer or advice: "Sure, whatever.", "If you say so."
_DISMISSIVE = Phrase(r"\b(whatever(?! you)|if you say so|don't care|s'pose|spose|i suppose)\b")
# Brief but engaged confirmations are not minimal responses ("Yes. Exactly that.").
_ENGAGED_ASSENT = Phrase(
    r"\b(exactly|that's it|that's right|spot on|definitely that|i'd like that|let's do (it|that)"
    r"|deal|thank you|that works)\b"
)
# Plain confirmation ("Yeah.", "Mm-hmm.", "No.") answers a reflection or a yes/no question; it
# is not a shutdown (MI transcripts are full of it). Hedges make a reply minimal instead.
_CONFIRMATION = Phrase(
    r"^(yeah|yes|yep|yup|no|nope|mm+|mm-?hmm|uh-huh|hmm+|right|true|exactly|correct|definitely|"
    r"absolutely|sure|okay|ok)\b"
)
_NODS = Phrase(r"\b(nod|nods|nodding|thumbs up)\b")
# A transcribed silence or shrug in place of an answer (W2: "silence or very short replies").
_SILENCE = Phrase(r"\b(silence|silent|shrugs?|no (answer|response|reply)|says nothing)\b")
# A feeling named is not a vague reply ("Mm, I'm very surprised.").
_EMOTION = Phrase(
    r"\b(surprised|shocked|angry|sad|upset|scared|worried|anxious|happy|relieved|frustrated|"
    r"annoyed|embarrassed|ashamed|guilty|hurt|lonely|stressed|nervous|confused|overwhelmed|"
    r"gutted|devastated|proud|excited|hopeful|hopeless|afraid|terrified|furious|miserable)\b"
)
_CUT_OFF = ("-", "\u2014", "\u2013", "...", "\u2026")
# Compliance with nothing of the client's own, possibly repeated ("Yes, yes. Okay. I try.").
_BARE_ASSENT = Phrase(
    r"^((fine|okay|ok|sure|yeah|yep|yes|right|alright|all right|mm+|i guess|maybe|will do|i('ll)?"
    r" try|i('ll)? do (it|that)|no problem|thank you( very much)?|thanks)[.!,]* ?){1,6}$"
)
#: Version 24 (QA37 #2): "It's okay" that goes on to thank the therapist for asking or for owning
#: a part, and then keeps talking, accepts a repair; it is re-engagement, not W1 denial. A short
#: "I'm fine, I appreciate you asking." stays a brush-off (``_ACCEPTING_WORDS``).
_ACCEPTS = Phrase(
    r"\bi (do |really )?appreciate (you|that|it|this|hearing|your)\b|\bthank(s| you) for "
    r"(saying|apologi[sz]ing|the apology|being honest|owning|checking (in )?with me)\b"
)
_ACCEPTING_WORDS = 12
#: A brush-off after advice needs more than a bare "Fine." (that is W5 bare assent, weak): the
#: same floor the open-question case uses (version 20).
_BRUSHED_ADVICE_WORDS = 4
# C2: turning down what was just offered, with nothing else said.
_BARE_REFUSAL = Phrase(r"^(no|nah|nope|not really|i'd rather not)[.,!]*( thanks| thank you)?[.!]*$")


@dataclass(frozen=True, slots=True)
class Hit:
    """One marker on one utterance: its cue and strength (1 weak, 2 clear, 4 rule + clear model)."""

    marker: str
    cue: str
    strength: int

    @property
    def kind(self) -> RuptureKind:
        """Withdrawal or confrontation."""
        return MARKER_KIND[self.marker]


def cue_hits(feats: TextFeatures, prompt: Prompt) -> list[Hit]:
    """Rule-cue markers of one client reply (before counter-evidence and runs)."""
    text = feats.text
    hits = [Hit(c.marker, c.id, c.strength) for c in _CUE_INDEX.matching(text)]
    vague = (
        feats.substantive <= 1
        and feats.words <= 8
        and not text.endswith("?")  # asking back is engagement, not a shutdown
        and not text.endswith(_CUT_OFF)  # interrupted, not withholding
        and _ENGAGED_ASSENT.search(text) is None
        and _EMOTION.search(text) is None
        and not (feats.numeric and prompt is Prompt.FACTUAL)
        and not (feats.words == 0 and _NODS.search(feats.notes))
    )
    hedged = _HEDGED.search(text) is not None
    confirms = _CONFIRMATION.search(text) is not None and not hedged
    if vague and prompt in _QUESTIONING and not confirms:
        hits.append(Hit("minimal_response", "w2_vague_to_invitation", 1))
    elif vague and prompt in _ASKING and hedged:
        if prompt is Prompt.REFLECTION or _NON_COMMITTAL.search(text):
            hits.append(Hit("minimal_response", "w2_hedged_answer", 1))
    elif vague and prompt in _OFFERING and _DISMISSIVE.search(text):
        hits.append(Hit("minimal_response", "w2_dismissive_to_offer", 1))
    elif vague and prompt is Prompt.DIRECTIVE and hedged and _NON_COMMITTAL.search(text):
        # version 24 (QA40 #3): "I don't know. Maybe." to advice given without asking is a
        # hedged non-answer that closes the topic (W2, clinical-reference §5.2), weak on its own
        hits.append(Hit("minimal_response", "w2_hedged_to_advice", 1))
    elif feats.words == 0 and _SILENCE.search(feats.notes) and prompt in _SILENCE_AFTER:
        hits.append(Hit("minimal_response", "w2_silence", 1))
    if prompt in _OFFERING and _BARE_REFUSAL.search(text):
        hits.append(Hit("rejecting_intervention", "c2_bare_refusal", 1))
    if prompt is Prompt.DIRECTIVE and _BARE_ASSENT.search(text):
        hits.append(Hit("deferential_appeasing", "w5_assent_to_advice", 1))
        if feats.pause:
            hits.append(Hit("minimal_response", "w2_paused_assent", 1))
    # W1: "It's fine" brushing off a question about experience; a bare "Fine." to "How was
    # the week?" is only a clipped answer (W2), as the corpus README says.
    brush_off = (
        _BRUSH_OFF.search(text) is not None
        and not _ACKNOWLEDGED.search(text)
        and not RELIEF.search(text)  # "That's fine. I feel lighter." names a feeling (v16)
        and not (_ACCEPTS.search(text) and feats.words >= _ACCEPTING_WORDS)  # v24
    )
    # Version 20: also after advice or an instruction ("Fine. I just need my prescription."),
    # which a reflection-shaped push ("You really need to…") was read as before version 20.
    pushed = prompt is Prompt.DIRECTIVE and feats.words > _BRUSHED_ADVICE_WORDS
    if brush_off and (
        pushed or (prompt in _INVITING and (prompt is not Prompt.OPEN or feats.words > 4))
    ):
        hits.append(Hit("denial", "w1_brush_off", 2))
    abstract = {m.group(0) for m in _ABSTRACT.finditer(text)}
    if len(abstract) >= 3 or (len(abstract) == 2 and feats.first_person <= 2 and feats.words >= 15):
        hits.append(
            Hit("abstract_communication", "w3_general_terms", 2 if len(abstract) >= 3 else 1)
        )
    if feats.laugh and not feats.tears and len(set(_DISTRESS.findall(text))) >= 2:
        hits.append(Hit("content_affect_split", "w6_laughing_over_distress", 2))
    return hits
