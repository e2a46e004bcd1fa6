"""Plain-language names for code identifiers, for people-facing text (terminal, web, notes).

The JSON report keeps the identifiers; these labels are only for reading.
"""

from __future__ import annotations

__all__ = ["KIND_LABELS", "kind_label", "plain_label"]

#: Plain-language names of the risk and red-flag kinds, and of the rupture markers and resolution
#: strategies whose identifier does not read as words, for human-readable reports (terminal,
#: web dashboard, insights, notes); the JSON keeps the identifiers.
KIND_LABELS = {
    "suicidal_ideation": "suicidal ideation",
    "passive_suicidal_ideation": "passive suicidal ideation",
    "self_harm": "self-harm",
    "harm_to_others": "harm to others",
    "therapist_own_problems": "own problems",
    "unsolicited_advice": "advice without permission",
    "judgmental_remark": "judgmental remark",
    "ignoring_client_feedback": "ignoring client feedback",
    "interrupting": "interrupting",
    "dominating_talk_time": "dominating talk time",
    "content_affect_split": "content-affect split",  # rupture marker W6
    "invite_discussion_of_thoughts_feelings": "invite discussion of thoughts and feelings",  # R4
    "redirect_refocus": "redirect or refocus",  # resolution strategy R10
}


def kind_label(kind: object) -> str:
    """The plain-language name of a risk or red-flag kind (the identifier itself when unknown)."""
    return KIND_LABELS.get(str(kind), str(kind))


def plain_label(identifier: object, *, or_as: str = " or ") -> str:
    """A code identifier as words: its label when it has one, else ``_`` as spaces."""
    text = str(identifier)
    if text in KIND_LABELS:
        return KIND_LABELS[text]
    return text.replace("_or_", or_as).replace("_", " ")
