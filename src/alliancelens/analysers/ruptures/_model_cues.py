"""Marker and strategy hits from the trained rupture model, checked against the context rules.

The classifier (:mod:`alliancelens.models.rupture_model`, trained on our own synthetic
utterances) reads each utterance with the turn before it and generalises to wording the phrase
lists do not hold. Its hits join the rule cues and go through the same counter-evidence, runs
and salience rules, so one doubtful model hit is never an episode on its own:

* a model hit is *clear* (strength 2) at probability ≥ ``clear`` and *weak* (1) from
  ``threshold`` up; a weak hit needs a same-kind marker nearby (the run rule, 3RS salience,
  clinical-reference §5.5 [S: 3RS-2022-code]);
* the model adds a kind only when no rule cue of that kind fired (rules keep their own subtype
  and cue id as evidence); where a rule cue fired and the model, at ``clear`` or above, ranks
  the same subtype first, the two independent readings add up (strength 4, since version 5):
  one such utterance is salient on its own ("Whatever you think's best." after a lecture);
* thanks, relief or agreement ("thank you", "I feel lighter") vetoes a model confrontation
  hit: confrontation moves against the therapist (clinical-reference §5.1);
* context vetoes from the marker definitions and the corpus hard negatives
  (``ruptures-examples/README.md``; clinical-reference §5.2 counter-evidence [S: 3RS-2022-code]):
  no model hit without a therapist move to react to (after a bare "Mm-hmm." back-channel, a
  cut-off turn — for withdrawal only since version 10: a confrontation may interrupt —, in a
  reply to another client, or on a reply that carries on the client's own interrupted turn);
  a short answer to a factual, yes/no, proposal or permission question is
  complete unless hedged ("About six." to "How many hours did you sleep?"); a minimal
  response needs a question or reflection that invites elaboration, or (since version 5) a
  hedged reply such as "idk" to a closed question or proposal (corpus README,
  ``minimal_response``), and is never a plain "Yeah." or twelve words or more; denial needs a
  question about experience or a reflection to brush off; a content/affect split needs
  laughter over distressing content;
* version 18 (QA qa20 items 2 and 3): no model marker of either kind on trouble with the call
  or equipment (``TECHNICAL``) or on thanks for the work as a whole (``APPRECIATION``); a
  goodbye (``PARTING``) vetoes a model confrontation always and a model withdrawal when the
  therapist's turn before closes the session (``CLOSING``: a client who leaves early with "see
  you next week" may be withdrawing); no model confrontation on affection, grief or surprise
  towards the therapist (``NOT_AGAINST``), nor on distressing news about someone else that
  addresses neither the therapist nor the therapy (``_ADDRESSES``, ``_THIRD_PARTY``: a group
  member telling of a friend's overdose).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from alliancelens.analysers._phrases import Phrase
from alliancelens.analysers.ruptures._lexicon import (
    APPRECIATION,
    NOT_AGAINST,
    PARTING,
    RELIEF,
    TECHNICAL,
)
from alliancelens.analysers.ruptures._taxonomy import MARKER_KIND, STRATEGIES, RuptureKind
from alliancelens.analysers.ruptures._text import Prompt, TextFeatures
from alliancelens.models.rupture_model import Labels, MarkerScores

__all__ = [
    "MODEL_CUES",
    "Context",
    "ModelCue",
    "ModelThresholds",
    "forget_vetoes",
    "is_hedged",
    "merge_strategies",
    "model_hits",
    "model_strategies",
    "model_support",
    "rupture_labels",
]

#: Cue ids of model hits (evidence shows these instead of a phrase cue id).
MODEL_CUES = frozenset({"model_withdrawal", "model_confrontation"})

#: Prompts to which a short answer is a complete answer (corpus README, minimal_response).
_COMPLETE_TO = frozenset({Prompt.FACTUAL, Prompt.CLOSED, Prompt.PROPOSAL, Prompt.PERMISSION})
_HEDGE = Phrase(r"\b(guess|suppose|dunno|don't know|whatever|i think so|s'pose|meh|idk)\b")
#: Thanks, relief, agreement, saying the session helped, or a goodbye: the client moving
#: towards the therapist, not against them. Version 16 adds "this was helpful" and goodbyes at
#: the close ("See you then.", "Bye.", "Take care."), which the model read as confrontation.
_WARMTH = Phrase(
    r"\b(thank you|thanks|i'm glad|i feel (lighter|better|calmer|relieved)|that helps|that's "
    r"(helpful|really helpful|useful)|that makes sense|good idea|i like that)\b|\b(this|that|"
    r"today|it|talking|the session)( was|'s been| has been) (really |so |very |actually |quite "
    r"|genuinely )?(helpful|useful)\b|\bsee (you|ya) (then|soon|next|on|in|tomorrow|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday)\b|(^|[.!?,] )((good)?bye|take care)\b|"
    r"\bhave a (good|nice|lovely|great) (week|weekend|one|day|evening)\b"
)
#: Words by which a confrontation addresses the therapist or the therapy (version 18): without
#: any of them, distressing news is about the client's world, not a move against the therapist.
_ADDRESSES = Phrase(
    r"\b(you|your|you're|you've|you'd|yourself|u|ur|yow|ya|ye|youse|yous|y'all|this|that|it|"
    r"here|therapy|therapist|sessions?|group|counselling|counseling|homework|exercises?|coming)\b"
)
#: …and the news is about someone else: another person is its subject (version 18).
_THIRD_PARTY = Phrase(
    r"\b(he|she|he's|she's|they're|his|her|my (mate|friend|pal|mum|mom|dad|mother|father|"
    r"brother|sister|son|daughter|partner|husband|wife|boyfriend|girlfriend|cousin|aunt|auntie|"
    r"uncle|nan|gran|grandad|grandma|neighbour|neighbor|colleague|boss|kid|child))\b"
)
#: No therapist move to react to: a cut-off turn, no therapist turn (couples), a screening question.
_NO_PROMPT = frozenset({Prompt.CONTINUING, Prompt.NONE, Prompt.RISK_SCREEN})
#: Version 10: a confrontation may interrupt the therapist. The 3RS confrontation markers C1-C7
#: are defined by what the client says about the therapist or the therapy (clinical-reference
#: §5.3), not by whether the therapist had finished; cutting in to object is, if anything, part
#: of the marker. Withdrawal after a cut-off turn stays vetoed (docs/analysers/ruptures.md,
#: "Version 10").
_NO_PROMPT_CONFRONTATION = _NO_PROMPT - {Prompt.CONTINUING}
#: A reply that carries on the client's own interrupted turn ("-and then he said...").
_CARRY_ON = ("-", "\u2014", "\u2013", "...", "\u2026")
_INVITING = frozenset({Prompt.OPEN, Prompt.FEELING, Prompt.REFLECTION})
#: Plain confirmation of a reflection or question ("Yeah.", "Mm.") is not a shutdown.
_CONFIRMATION = Phrase(
    r"^(yeah|yes|yep|yup|no|nope|mm+|mm-?hmm|uh-huh|hmm+|right|true|exactly|correct|definitely|"
    r"absolutely|sure|okay|ok)\b"
)
#: A reply this long is not a minimal response whatever the model says.
_LONG_REPLY = 12
#: Markers that are a run phenomenon by definition: a model hit for them is always weak (a
#: single clipped answer is not a rupture; corpus README, "How spans are drawn").
_RUN_ONLY = frozenset({"minimal_response"})
#: Strength of a rule cue the model confirms at ``clear`` or above: two independent readings
#: (phrase cue 2 + clear model hit 2) make one utterance salient on its own (3RS salience,
#: clinical-reference §5.5 [S: 3RS-2022-code]; our default, chosen on the development sets).
_CORROBORATED = 4
#: Model-only second subtype: kept when at least this probable (one utterance can carry two).
_SECOND_SUBTYPE = 0.35


@dataclass(frozen=True, slots=True)
class ModelThresholds:
    """Probability cut-offs (analyser parameters; chosen on the development sets, see docs)."""

    threshold: float = 0.6
    clear: float = 0.85
    strategy: float = 0.85


@dataclass(frozen=True, slots=True)
class ModelCue:
    """One marker proposed by the model: subtype, strength (1, 2 or 4 corroborated), cue id."""

    marker: str
    strength: int
    cue: str


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules know about a client reply that the model may not overrule."""

    prompt: Prompt
    backchannel: bool = False  # the therapist turn before is only "Mm-hmm." / "Right."
    distress: bool = False  # the reply names distressing content (W6 needs it)
    closing: bool = False  # the therapist turn before closes the session (version 18)


def _vetoed(marker: str, feats: TextFeatures, context: Context) -> bool:
    """True when the context rules out ``marker`` as a model proposal (module docstring)."""
    confrontation = MARKER_KIND[marker] is not RuptureKind.WITHDRAWAL
    no_prompt = _NO_PROMPT_CONFRONTATION if confrontation else _NO_PROMPT
    if context.prompt in no_prompt or context.backchannel or feats.text.startswith(_CARRY_ON):
        return True
    medium, parting, towards = _turned_to(feats.text)
    # the call or thanks for the work, not the therapist; a goodbye: any time for
    # confrontation, at the close for withdrawal (version 18)
    if medium or (parting and (confrontation or context.closing)):
        return True
    if confrontation:
        return towards or _others_news(feats.text, context)
    if RELIEF.search(feats.text):
        return True  # relief named is not withdrawal (version 16)
    hedged = _HEDGE.search(feats.text) is not None
    if context.prompt in _COMPLETE_TO and feats.words <= 6 and not hedged:
        return True
    return _withdrawal_vetoed(marker, feats, context, hedged=hedged)


@functools.lru_cache(maxsize=4096)
def _turned_to(text: str) -> tuple[bool, bool, bool]:
    """(the call or thanks for the work, a goodbye, warmth/relief/affection/surprise) in ``text``.

    Memoised per text: the vetoes read each reply once per proposed subtype and kind.
    """
    medium = TECHNICAL.search(text) is not None or APPRECIATION.search(text) is not None
    towards = any(p.search(text) for p in (_WARMTH, RELIEF, NOT_AGAINST))
    return medium, PARTING.search(text) is not None, towards


def is_hedged(text: str) -> bool:
    """True when the reply hedges ("I guess", "dunno", "whatever"): a shrug, not an answer."""
    return _HEDGE.search(text) is not None


def forget_vetoes() -> None:
    """Drop the per-text memo (the detector calls this per session, like ``forget_texts``)."""
    _turned_to.cache_clear()


def _others_news(text: str, context: Context) -> bool:
    """Distressing news about someone else that addresses neither therapist nor therapy."""
    if not context.distress or _ADDRESSES.search(text):
        return False
    return _THIRD_PARTY.search(text) is not None


def _withdrawal_vetoed(marker: str, feats: TextFeatures, context: Context, *, hedged: bool) -> bool:
    """Subtype-specific vetoes: what each withdrawal marker needs before it (module docstring)."""
    if marker == "minimal_response":
        plain_yes = _CONFIRMATION.search(feats.text) is not None and not hedged
        invited = context.prompt in _INVITING or (hedged and context.prompt in _COMPLETE_TO)
        return not invited or plain_yes or feats.words >= _LONG_REPLY
    if marker == "denial":
        return context.prompt not in _INVITING
    if marker == "content_affect_split":
        return not (feats.laugh and context.distress)
    return False


def model_hits(
    scores: MarkerScores,
    feats: TextFeatures,
    context: Context,
    rule_markers: set[str],
    limits: ModelThresholds,
) -> list[ModelCue]:
    """Markers the model adds to one client utterance.

    Where rule cues of the same kind fired, the model only corroborates: a rule subtype the
    model also ranks first becomes clear (strength 2; 4 at ``clear`` or above, since version
    5), except a minimal response, which stays a run phenomenon. Elsewhere it proposes its own
    subtypes, subject to the vetoes.
    """
    probability = {
        RuptureKind.WITHDRAWAL: scores.withdrawal,
        RuptureKind.CONFRONTATION: scores.confrontation,
    }
    kind = max(probability, key=lambda k: (probability[k], k.value))
    p = probability[kind]
    if p < limits.threshold:
        return []
    ranked = [(m, q) for m, q in scores.markers if MARKER_KIND[m] is kind]
    if any(MARKER_KIND[m] is kind for m in rule_markers):
        top = ranked[0][0]
        upgrade = top in rule_markers and top not in _RUN_ONLY and not _vetoed(top, feats, context)
        strength = _CORROBORATED if p >= limits.clear else 2
        return [ModelCue(top, strength, f"model_{kind.value}")] if upgrade else []
    strength = 2 if p >= limits.clear else 1
    chosen = [ranked[0]] + [(m, q) for m, q in ranked[1:2] if q >= _SECOND_SUBTYPE]
    return [
        ModelCue(marker, 1 if marker in _RUN_ONLY else strength, f"model_{kind.value}")
        for marker, _ in chosen
        if not _vetoed(marker, feats, context)
    ]


def model_support(
    scores: MarkerScores, feats: TextFeatures, context: Context
) -> tuple[tuple[str, float], tuple[str, float]]:
    """The model's top subtype and probability per kind (withdrawal, confrontation) for runs.

    Below the marker threshold a single reading is too uncertain to mark, but a run of them is
    evidence (the episode rule "model runs", ``_episodes``). A kind whose top subtype the
    context rules out (the vetoes above) gets probability 0.
    """
    support = []
    for kind in (RuptureKind.WITHDRAWAL, RuptureKind.CONFRONTATION):
        marker = next((m for m, _ in scores.markers if MARKER_KIND[m] is kind), "")
        p = scores.withdrawal if kind is RuptureKind.WITHDRAWAL else scores.confrontation
        support.append((marker, p if marker and not _vetoed(marker, feats, context) else 0.0))
    return support[0], support[1]


def model_strategies(probabilities: Mapping[str, float], limits: ModelThresholds) -> list[str]:
    """Strategies the model finds in one therapist utterance, most probable first."""
    found = [(p, s) for s, p in probabilities.items() if p >= limits.strategy]
    return [s for _, s in sorted(found, key=lambda x: (-x[0], x[1]))]


def merge_strategies(rules: Sequence[str], model: Sequence[str], order: Sequence[str]) -> list[str]:
    """Rule and model strategies together, in R-number order, each once."""
    present = set(rules) | set(model)
    return [s for s in order if s in present]


def rupture_labels() -> Labels:
    """The taxonomy as training labels: marker ids (W1-W7, C1-C7 order) with their kind, R1-R10."""
    return Labels({m: k.value for m, k in MARKER_KIND.items()}, STRATEGIES)
