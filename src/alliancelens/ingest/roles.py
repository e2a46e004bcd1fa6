"""Speaker role resolution, the same for every format.

Order of precedence (documented in ``docs/formats.md``):

1. ``--therapist NAME`` / ``--client NAME`` overrides (case-insensitive match on the label), or
   ``--therapist N`` / ``--client N`` with N the speaker's number in order of first turn (1 is
   the first speaker; a label that is itself a number wins over the position). Messages name
   speakers by that number, never by label (a label is a name in real transcripts, QA29 item 6);
   one speaker given both roles is a :class:`~alliancelens.errors.UsageError`;
2. a role the format states (JSON ``role``, AnnoMI ``interlocutor``);
3. role words in the label: ``Therapist``, ``Counsellor``, ``T``, ``Client``, ``Patient``, ``C``,
   ``Client 2``, ``Partner A`` … (see :data:`ROLE_WORDS`);
4. otherwise: when a therapist is already known (steps 1–3), every other speaker is a client
   (``defaulted``: the caller warns when two or more speakers got the client role this way, as in
   group and family sessions, so that risk screening covers everyone who is not a therapist;
   not when the therapist was named with ``--therapist``: the user then chose who the
   therapists are, QA 22 item 12).
   When no therapist is known, :func:`~alliancelens.ingest._role_guess.guess_therapist` scores
   the speakers (questions and question forms, reflections, "you" against "I"; punctuation not
   needed) and takes the best as therapist and the rest as clients (a tie: the first of the
   tied speakers to speak); a warning names the guess, says how weak it is and how to override
   it.

A ``--therapist`` name whose label has a client role word (``--therapist Client``), or the other
way round, is a :class:`~alliancelens.errors.UsageError`: the command line contradicts the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alliancelens.domain import Role
from alliancelens.errors import UsageError
from alliancelens.ingest._role_guess import RoleGuess, guess_therapist
from alliancelens.ingest.base import RawTurn

__all__ = ["ROLE_WORDS", "RoleResolution", "resolve_roles", "role_from_label", "speaker_for"]

#: Words that name a role when they begin a speaker label (``"Client 2"``, ``"Therapist (JL)"``).
ROLE_WORDS: dict[str, Role] = {
    **dict.fromkeys(
        (
            "therapist",
            "co-therapist",
            "cotherapist",
            "counsellor",
            "counselor",
            "clinician",
            "psychotherapist",
            "psychologist",
            "interviewer",
            "practitioner",
            "provider",
            "facilitator",
            "coach",
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
_LETTER_ROLES: dict[str, Role] = {
    "t": Role.THERAPIST,
    "th": Role.THERAPIST,
    "c": Role.CLIENT,
    "p": Role.CLIENT,
}
_LEAD_WORD = re.compile(r"^\s*([a-z][a-z\-]*)")
_LETTER_LABEL = re.compile(r"^\s*([a-z]{1,2})\s*\d*\s*$")


def role_from_label(label: str) -> Role | None:
    """Return the role named by ``label``'s role word, or None when it names none."""
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
    """Roles by speaker label, and which labels were guessed by the heuristic (empty if none)."""

    roles: dict[str, Role]
    guessed: tuple[str, ...]
    unmatched_overrides: tuple[str, ...]
    #: labels given the client role only because a therapist was known and they had no role
    defaulted: tuple[str, ...] = ()
    #: the heuristic's pick and scores when roles were guessed, else None
    guess: RoleGuess | None = None
    #: whether the therapist was named on the command line (--therapist): then the speakers
    #: left without a role are clients by the user's own choice, and no warning is given
    therapist_named: bool = False

    @property
    def weak(self) -> bool:
        """Whether roles were guessed on weak evidence (or a tie)."""
        return self.guess is not None and self.guess.weak


def resolve_roles(
    turns: Sequence[RawTurn],
    *,
    stated: dict[str, Role] | None = None,
    therapists: Iterable[str] = (),
    clients: Iterable[str] = (),
) -> RoleResolution:
    """Resolve a role for every speaker label in ``turns`` (see the module docstring)."""
    order = list(dict.fromkeys(turn.speaker for turn in turns))  # in order of first turn
    roles, unmatched = _overrides(order, therapists, clients)
    named = Role.THERAPIST in roles.values()
    for turn in turns:
        if turn.role is not None:
            roles.setdefault(turn.speaker, turn.role)
    for label, role in (stated or {}).items():
        if label in order:
            roles.setdefault(label, role)
    for label in order:
        if label not in roles and (worded := role_from_label(label)) is not None:
            roles[label] = worded
    unresolved = [label for label in order if label not in roles]
    guessed: tuple[str, ...] = ()
    guess: RoleGuess | None = None
    if unresolved and Role.THERAPIST not in roles.values():
        guess = guess_therapist(turns, unresolved)
        roles[guess.therapist] = Role.THERAPIST
        guessed = tuple(unresolved)
    for label in unresolved:
        roles.setdefault(label, Role.CLIENT)
    defaulted = () if guessed else tuple(unresolved)
    return RoleResolution(roles, guessed, tuple(unmatched), defaulted, guess, named)


def _overrides(
    order: list[str], therapists: Iterable[str], clients: Iterable[str]
) -> tuple[dict[str, Role], list[str]]:
    """Roles given by --therapist/--client names or numbers, and the names that match no label."""
    roles: dict[str, Role] = {}
    unmatched: list[str] = []
    for names, role in ((therapists, Role.THERAPIST), (clients, Role.CLIENT)):
        option = "--therapist" if role is Role.THERAPIST else "--client"
        for name in names:
            label = speaker_for(name, order)
            if label is None:
                unmatched.append(name)
                continue
            number = order.index(label) + 1
            worded = role_from_label(label)
            if worded in (Role.THERAPIST, Role.CLIENT) and worded is not role:
                raise UsageError(
                    f"{option} names speaker {number} of {len(order)}, whose label says "
                    f"{worded.value} (a role word); give {option} the {role.value}'s own label "
                    "or number"
                )
            if roles.get(label, role) is not role:
                raise UsageError(
                    f"--therapist and --client both name speaker {number} of {len(order)}; "
                    "give each speaker one role"
                )
            roles[label] = role
    return roles, unmatched


def speaker_for(name: str, order: Sequence[str]) -> str | None:
    """The speaker label a --therapist/--client value names, or None.

    That is the label itself (case and spacing ignored), else, for a number, the speaker at that
    position in ``order`` (1 = the first to speak).
    """
    folded = {" ".join(label.split()).casefold(): label for label in order}
    label = folded.get(" ".join(name.split()).casefold())
    number = name.strip()
    if label is None and number.isascii() and number.isdigit() and 1 <= int(number) <= len(order):
        label = order[int(number) - 1]
    return label
