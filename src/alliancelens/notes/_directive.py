"""Directive and critical therapist turns, listed in a note's interventions by what was done.

QA 13 item 8: criticism, advice without permission, advice and carrying on after an objection
are interventions, named by the MITI codes and the red flags that show them. The red-flag
verdicts themselves stay out of the client's note (docs/notes.md, docs/clinician-guide.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DIRECTIVE", "OVERRIDING", "with_permission"]

#: Directive and critical therapist turns (QA 13 item 8): the MITI codes (``persuade``,
#: ``confront``, ``input: advice``; clinical-reference.md §6.1 [MITI]) and the red flags
#: (docs/analysers/red_flags.md) that show them, listed in this order; a turn goes in the
#: first line it fits, so criticism is never listed as "advice".
DIRECTIVE: tuple[tuple[str, frozenset[str], tuple[tuple[str, Any], ...]], ...] = (
    ("Criticism or confrontation", frozenset({"judgmental_remark"}), (("confront", True),)),
    (
        "Advice or persuasion without the client's permission",
        frozenset({"unsolicited_advice"}),
        (("persuade", True),),
    ),  # a turn also coded as seeking collaboration or emphasising autonomy is MITI "Persuade
    # with Permission" (clinical-reference.md §6.1 [MITI]): never listed on this line
    ("Advice given", frozenset(), (("input", "advice"),)),
    (
        "Carried on after the client's objection",
        frozenset({"ignoring_client_feedback"}),
        (),
    ),
)

#: The DIRECTIVE lines that decide a turn (QA35 #8): a turn listed as criticism or as advice
#: without permission (the red flag ``unsolicited_advice`` that the alliance score shares, or
#: MITI Persuade without permission) is not also listed as a reflection, affirmation,
#: collaboration or autonomy support: one utterance is never claimed as both (docs/notes.md).
OVERRIDING: frozenset[str] = frozenset(label for label, _, _ in DIRECTIVE[:2])


def with_permission(codes: Mapping[str, Any]) -> bool:
    """MITI Persuade with Permission: the same turn seeks collaboration or stresses autonomy.

    clinical-reference.md §6.1 [MITI]: "as Persuade, but ... with a clear emphasis on the
    client's choice" (a pros-and-cons exercise offered as a joint task, QA 15 item 4).
    """
    return codes.get("seeking_collaboration") is True or codes.get("emphasising_autonomy") is True
