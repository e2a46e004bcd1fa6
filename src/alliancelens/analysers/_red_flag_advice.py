"""One definition of "advice without permission", shared by red flags and the alliance estimate.

``red_flags.therapist`` (``unsolicited_advice``) and ``alliance.bordin`` (the
``advice_without_permission`` signal) both call :func:`unsolicited_advice`, so a therapist turn
is advice nobody asked for in both or in neither (QA28 #10: the two used to disagree; the
alliance had its own shorter phrase list). Construct: MITI 4.2.1 *Persuade* without permission
(clinical-reference §6.1 [Moyers-MITI4.2.1]); the decision itself is
:func:`alliancelens.analysers._red_flag_rules.advice_cue`.

Turns spoken in role (a therapist playing the client's boss in a rehearsal, see
:mod:`alliancelens.analysers._roleplay`) are never advice: the line is addressed to the
character, not to the client (QA28 #3).
"""

from __future__ import annotations

from collections.abc import Sequence

from alliancelens.analysers import _red_flag_rules as rules
from alliancelens.analysers import _roleplay
from alliancelens.analysers._red_flag_text import normalise
from alliancelens.analysers._roleplay import in_role_indexes
from alliancelens.domain import Role, Utterance

__all__ = ["ADVICE_WINDOW", "forget_session", "unsolicited_advice"]

#: Turns back in which a client request or a therapist's permission question opens the door to
#: advice (our own working value, set on the synthetic red-flag batches; no published cut-off).
ADVICE_WINDOW = 3


def unsolicited_advice(
    utterances: Sequence[Utterance], normed: Sequence[str] | None = None
) -> dict[int, str]:
    """``Utterance.index`` -> the directive wording, for therapist advice nobody asked for.

    ``normed`` (the :func:`normalise` text of each utterance) may be passed when the caller has
    it already. Both analysers ask about the same session, so the last answer for a tuple of
    utterances is remembered (by identity, like ``in_role_indexes``); callers get a copy.
    """
    if not isinstance(utterances, tuple):
        return _unsolicited_advice(utterances, normed)
    last = _Memo.last
    if last is None or last[0] is not utterances:
        last = (utterances, _unsolicited_advice(utterances, normed))
        _Memo.last = last
    return dict(last[1])


class _Memo:
    """The last (utterance tuple, answer) pair; one entry, replaced in one assignment."""

    last: tuple[tuple[Utterance, ...], dict[int, str]] | None = None


def forget_session() -> None:
    """Drop the memos shared by the analysers that read therapist turns.

    ``ruptures.detector``, the first of them in the default pipeline, calls this when a session
    starts: the memos save repeated work within one session, and kept across runs they would
    make a repeated timing of the same session look faster than a first run.
    """
    _Memo.last = None
    _roleplay.forget_last()
    normalise.cache_clear()


def _unsolicited_advice(
    utterances: Sequence[Utterance], normed: Sequence[str] | None
) -> dict[int, str]:
    texts = list(normed) if normed is not None else [normalise(u.text) for u in utterances]
    invites = [
        rules.invites_advice(u.role is Role.THERAPIST, t)
        for u, t in zip(utterances, texts, strict=True)
    ]
    in_role = in_role_indexes(utterances)
    found: dict[int, str] = {}
    for pos, u in enumerate(utterances):
        if u.role is not Role.THERAPIST or u.index in in_role:
            continue
        window = range(max(0, pos - ADVICE_WINDOW), pos)
        last_client = next(
            (texts[i] for i in reversed(window) if utterances[i].role is not Role.THERAPIST), ""
        )
        invited = any(invites[i] for i in window)
        cue = rules.advice_cue(texts[pos], invited=invited, last_client=last_client)
        if cue is not None:
            found[u.index] = cue
    return found
