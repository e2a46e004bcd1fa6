"""Transparent lexical rules for MITI 4.2.1 behaviour codes that AnnoMI does not label.

Each rule is a regular expression over the lower-cased therapist utterance, written from the
MITI 4.2.1 definitions (Moyers, Manuel & Ernst 2014/2015, paraphrased in the clinical reference
§6.1, source key Moyers-MITI4.2.1 [V]), and tried only when one of its trigger words occurs
(which keeps the analyser fast). Rules fire on explicit, typical wordings and miss paraphrase,
irony and tone. The flags are **estimates** of human MITI coding, never the instrument (clinical
reference §0.2 rule 3). Wordings were tuned on the ``dev`` half of MIBot (``alliancelens
evaluate mibot --half dev``) and on invented sentences; ``test`` was scored only afterwards.

* **Affirm (AF)** — §6.1: positive about the client's *specific* strengths, efforts or values;
  generic praise or "I'm proud of you" is not coded. Fires when praise is tied to the client
  ("it's impressive that you've…", "that shows real commitment", "thank you for being so open",
  "that's a thoughtful plan"); a bare "Great!" or "That's great to hear" does not.
* **Seeking collaboration (Seek)** — §6.1: shares power or recognises the client's expertise
  (asks their ideas, input on agenda or plan): "how does that sound?", "what would you like to
  focus on?", asking permission ("is it okay if I share…?"), "we can explore that together".
* **Emphasising autonomy (Emphasize)** — §6.1: places responsibility and choice for change with
  the client ("it's your choice", "whatever you decide", "you know yourself best", "at your own
  pace"). A conditional ("if you decide to…") or a past choice ("you decided…") does not fire.
* **Confront** — §6.1: disagrees, argues, corrects, shames, blames, criticises, labels,
  moralises, ridicules or questions honesty ("you're in denial", "you should know better").
* **Persuade** (without permission) — §6.1/§6.3: advice, a suggestion or a directive outside a
  question, with no permission in view. It is *Persuade with Permission* (MI-consistent, not
  counted) when the client's last turn asks for it, the therapist asked permission in their
  previous two turns or the same utterance, the client accepted ("yes", "go on") while the
  therapist is already in an advice sequence, or the utterance emphasises the client's choice.
  A soft suggestion that repeats the client's own idea from their last turn is their plan
  reflected back, not persuasion; a directive ("you should…") still counts.

The rule machinery and the first four rule sets live in :mod:`alliancelens.models._miti_codes`,
Persuade in :mod:`alliancelens.models._miti_persuade`; this module re-exports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from alliancelens.models._miti_codes import (
    AFFIRM,
    CONFRONT,
    EMPHASISING_AUTONOMY,
    SEEKING_COLLABORATION,
    Rules,
    prepared,
)
from alliancelens.models._miti_persuade import (
    ACCEPTANCE,
    ADVICE,
    CLIENT_REQUEST,
    DIRECTIVE,
    IMPERATIVE,
    NOT_ADVICE,
    PERMISSION,
    persuades,
)

__all__ = [
    "ACCEPTANCE",
    "ADVICE",
    "AFFIRM",
    "CLIENT_REQUEST",
    "CONFRONT",
    "DIRECTIVE",
    "EMPHASISING_AUTONOMY",
    "IMPERATIVE",
    "NOT_ADVICE",
    "PERMISSION",
    "SEEKING_COLLABORATION",
    "MitiFlags",
    "Rules",
    "miti_flags",
]


@dataclass(frozen=True, slots=True)
class MitiFlags:
    """The rule-based MITI codes of one therapist utterance."""

    affirm: bool
    seeking_collaboration: bool
    emphasising_autonomy: bool
    confront: bool
    persuade: bool

    def as_dict(self) -> dict[str, bool]:
        """The flags keyed by code name."""
        return {
            "affirm": self.affirm,
            "seeking_collaboration": self.seeking_collaboration,
            "emphasising_autonomy": self.emphasising_autonomy,
            "confront": self.confront,
            "persuade": self.persuade,
        }


def miti_flags(
    text: str,
    *,
    advice: bool,
    previous_therapist: Sequence[str] = (),
    previous_client: str = "",
) -> MitiFlags:
    """Rule-based MITI codes of therapist utterance ``text``.

    ``advice`` says whether the model coded the utterance as therapist input of subtype advice
    (it counts unless the utterance reads as an offer of support, a summary or a reflection,
    ``NOT_ADVICE``); ``previous_therapist`` holds the therapist's previous turns (most recent
    last; the last two are checked for a permission request or an advice sequence) and
    ``previous_client`` the client's last turn (checked for a request for advice, an acceptance
    that continues an advice sequence, or the idea a suggestion merely echoes).
    """
    said, words = prepared(text)
    autonomy = EMPHASISING_AUTONOMY.search(said, words)
    persuade = persuades(
        text,
        advice=advice,
        autonomy=autonomy,
        previous_therapist=previous_therapist,
        previous_client=previous_client,
    )
    return MitiFlags(
        affirm=AFFIRM.search(said, words),
        seeking_collaboration=(
            SEEKING_COLLABORATION.search(said, words) or PERMISSION.search(said, words)
        ),
        emphasising_autonomy=autonomy,
        confront=CONFRONT.search(said, words),
        persuade=persuade,
    )
