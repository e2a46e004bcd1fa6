"""Whose note: in a couple, family or group session, a note is drafted for one client (QA 20).

A progress note goes into one client's record. A session with several client speakers gives
one note per client (``member``): it quotes only that client's words, lists only that client's
risk items, and keeps the session-level process (interventions, ruptures, alliance estimate)
by utterance index only. Without ``member`` such a session is refused, in one line that names
the option and never prints a speaker label (labels are often first names) nor the session's
id: a file's ``# id:`` header or JSON ``id`` is often a name and a date (QA42 #3), so the
messages say "the session" (the command names the one file it was given).
"""

from __future__ import annotations

from alliancelens.analysers import AnalysisResult
from alliancelens.domain import Role
from alliancelens.errors import UsageError

__all__ = ["member_label"]


def _folded(label: str) -> str:
    return " ".join(label.casefold().split())


def member_label(result: AnalysisResult, member: str | None) -> str | None:
    """The client speaker label ``member`` names (case and spacing ignored), or None.

    Refuses (:class:`UsageError`, one line, no label printed: labels are often names) a session
    with several client speakers and no ``member``, and a ``member`` that is no client's label.
    """
    clients = [s.label for s in result.session.speakers if s.role is Role.CLIENT]
    if member is None:
        if len(clients) > 1:
            raise UsageError(
                f"the session has {len(clients)} client speakers (a couple, "
                "family or group session) and a progress note goes into one client's record: "
                "draft one note per client with --member LABEL (docs/notes.md, 'Couple, family "
                "and group sessions')"
            )
        return None
    found = [label for label in clients if _folded(label) == _folded(member)]
    role = next(
        (s.role.value for s in result.session.speakers if _folded(s.label) == _folded(member)),
        None,
    )
    if not found and role is not None:
        # QA 22 item 12 (nit): the name is a speaker, just not a client; say so, without the name
        raise UsageError(
            f"--member: that speaker is the {role} of the session, not a client; "
            "a note is drafted for a client: use a client's label (`alliancelens analyze FILE` "
            "lists the speakers and their roles)"
        )
    if not found:
        raise UsageError(
            f"--member: the name matches none of the {len(clients)} client speaker label(s) of "
            "the session; use a client's label as the transcript writes it "
            "(case does not matter; `alliancelens analyze FILE` lists the speakers)"
        )
    return found[0]
