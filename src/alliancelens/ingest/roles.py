"""Speaker role resolution, the same for every format.

Order of precedence (documented in ``docs/formats.md``):

1. ``--therapist NAME`` / ``--client NAME`` overrides (case-insensitive match on the label);
2. a role the format states (JSON ``role``, AnnoMI ``interlocutor``);
3. role words in the label: ``Therapist``, ``Counsellor``, ``T``, ``Client``, ``Patient``, ``C``,
   ``Client 2``, ``Partner A`` … (see :data:`ROLE_WORDS`);
4. otherwise a heuristic, with a warning saying how to override it: if no therapist is known yet,
   the unresolved speaker who asked the most questions is the therapist (ties: who spoke first);
   every other unresolved speaker is a client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alliancelens.domain import Role
from alliancelens.ingest.base import RawTurn

__all__ = ["ROLE_WORDS", "RoleResolution", "resolve_roles", "role_from_label"]

#: Words that name a role when they begin a speaker label (``"Client 2"``, ``"Therapist (JL)"``).
ROLE_WORDS: dict[str, Role] = {
    **dict.fromkeys(
        (
            "therapist", "co-therapist", "cotherapist", "counsellor", "counselor", "clinician",
            "psychotherapist", "psychologist", "interviewer", "practitioner", "provider",
            "facilitator", "coach",
        ),
        Role.THERAPIST,
    ),
    **dict.fromkeys(
        ("client", "patient", "interviewee", "partner", "couple", "member", "participant"),
        Role.CLIENT,
    ),
    **dict.fromkeys(("interpreter", "translator", "observer", "narrator"), Role.OTHER),
}
#: Single-letter labels, optionally numbered (``T``, ``C``, ``C1``, ``P2``).
_LETTER_ROLES: dict[str, Role] = {"t": Role.THERAPIST, "th": Role.THERAPIST, "c": Role.CLIENT,
                                  "p": Role.CLIENT}
_LEAD_WORD = re.compile(r"^\s*([a-z][a-z\-]*)")
_LETTER_LABEL = re.compile(r"^\s*([a-z]{1,2})\s*\d*\s*$")


def role_from_label(label: str) -> Role | None:
    """The role named by ``label``'s role word, or None when it names none."""
    lowered = label.casefold()
    letter = _LETTER_LABEL.match(lowered)
    if letter and letter.group(1) in _LETTER_ROLES:
        return _LETTER_ROLES[letter.group(1)]
    lead = _LEAD_WORD.match(lowered)
    if lead is None:
        return None
    return ROLE_WORDS.get(lead.group(1))


@dataclass(frozen=True, slots=True)
class RoleResolution:
    """Roles by speaker label, and which labels were guessed by the heuristic."""

    roles: dict[str, Role]
    guessed: tuple[str, ...]
    unmatched_overrides: tuple[str, ...]


def resolve_roles(
    turns: Sequence[RawTurn],
    *,
    stated: dict[str, Role] | None = None,
    therapists: Iterable[str] = (),
    clients: Iterable[str] = (),
) -> RoleResolution:
    """Resolve a role for every speaker label in ``turns`` (see the module docstring)."""
    order: list[str] = []
    questions: dict[str, int] = {}
    for turn in turns:
        if turn.speaker not in questions:
            order.append(turn.speaker)
            questions[turn.speaker] = 0
        questions[turn.speaker] += "?" in turn.text
    folded = {label.casefold(): label for label in order}
    roles: dict[str, Role] = {}
    unmatched: list[str] = []
    for names, role in ((therapists, Role.THERAPIST), (clients, Role.CLIENT)):
        for name in names:
            label = folded.get(name.strip().casefold())
            if label is None:
                unmatched.append(name)
            else:
                roles[label] = role
    for turn in turns:
        if turn.role is not None:
            roles.setdefault(turn.speaker, turn.role)
    for label, role in (stated or {}).items():
        if label in questions:
            roles.setdefault(label, role)
    for label in order:
        if label not in roles and (role := role_from_label(label)) is not None:
            roles[label] = role
    unresolved = [label for label in order if label not in roles]
    if unresolved and Role.THERAPIST not in roles.values():
        # Most questions wins; max() keeps the first (earliest speaker) among ties.
        roles[max(unresolved, key=lambda label: questions[label])] = Role.THERAPIST
    for label in unresolved:
        roles.setdefault(label, Role.CLIENT)
    return RoleResolution(roles, tuple(unresolved), tuple(unmatched))
