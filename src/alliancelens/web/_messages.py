"""Our errors' messages in web words: what to do *on the page*, never a CLI command or flag.

The use cases' messages are written for the command line (``record it with `alliancelens
consent grant 1 recording```, ``--hours``). The dashboard shows the same problem with what to do
in the browser: :func:`web_message` maps by error type (and the structured ``problem`` / ``hint``
fields of located errors), so the CLI keeps its wording and both stay in one place each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from alliancelens.errors import (
    AccessDeniedError,
    AllianceLensError,
    ConsentError,
    IngestError,
    LicenceError,
    MeasureError,
    UnknownFormatError,
)
from alliancelens.storage import ConsentKind

__all__ = [
    "FORMATS",
    "access_message",
    "consent_message",
    "format_message",
    "licence_message",
    "web_message",
]

#: The transcript formats the upload reads, as the page names them.
FORMATS: Final = ".txt, .vtt, .srt, .json, .csv or .docx"
#: Something a browser user cannot act on: a CLI command in backquotes or a ``--flag``.
_CLI: Final = re.compile(r"`alliancelens\b|(?<![\w-])--[a-z]")
_GENERIC: Final = {
    403: "You may not do that with this record.",
    404: "That record does not exist (or was removed).",
    409: "A consent this needs is not in force; record it in the Consents box on the "
    "client page once the client agrees.",
}


#: The policy's refusal (``user:3 (therapist) may not view session of client 1: …``, or
#: ``… may not view client 1: …`` for the client record itself): the record.
_REFUSAL: Final = re.compile(
    r"\((?P<role>\w+)\) may not (?P<verb>\w+) "
    r"(?:(?P<own>client \d+)|(?P<what>.+?)(?P<client> of client \d+)?): "
)
#: Plain words per kind of record refused, for whoever is refused (no ids, roles or rule names).
_ACCESS_WORDS: Final = {
    "user": "User accounts can be seen only by an administrator.",
    "journal": "A reflection journal is its author's: a supervisor sees only the entries the "
    "therapist shares.",
    "audit": "The audit log can be read only by an administrator.",
}
_CLIENT_ACCESS: Final = (
    "This client is not on your caseload. Only the client's therapist or an administrator can "
    "open it; a supervisor can open only the sessions shared with them for supervision."
)
_SUPERVISOR_ACCESS: Final = (
    "This record is not shared with you. A supervisor can open only the sessions a supervisee "
    "shares for supervision while the client consents to it; ask the therapist to share it."
)
#: A client's record (page, measures, consents) is the therapist's; it is never shared.
_SUPERVISOR_CLIENT_RECORD: Final = (
    "A client's record stays with the therapist; supervisors open the sessions shared with them, "
    "listed on the start page."
)
#: The session is shared, but the client's supervision-sharing consent is not in force.
_SUPERVISOR_NO_CONSENT: Final = (
    "This session is not visible to you: the client has not consented to supervision sharing (or "
    "withdrew it). Sharing it again would not change that; talk to the therapist."
)
#: A supervisor may only view shared sessions: any change is refused by role, not by sharing
#: (QA17: deleting a session shared with them said "not shared with you").
_SUPERVISOR_VERBS: Final = {
    "delete": "delete",
    "update": "change",
    "create": "add",
    "export": "export",
}
_SUPERVISED_NOUNS: Final = {
    "session": "sessions",
    "analysis": "analyses",
    "measure": "measure forms",
    "consent": "consents",
    "client": "client records",
}
_OTHER_ACCESS: Final = (
    "Your account cannot do this. If you need it, ask the practice administrator."
)


def access_message(exc: AccessDeniedError) -> str:
    """A refusal in plain words: what is out of reach and who can open it (no policy jargon)."""
    found = _REFUSAL.search(exc.message)
    if found is None:
        return _OTHER_ACCESS
    if found["role"] == "supervisor" and found["verb"] in _SUPERVISOR_VERBS:
        noun = _SUPERVISED_NOUNS.get("client" if found["own"] else found["what"].split(" ")[0])
        if noun is not None:
            return (
                f"Supervisors cannot {_SUPERVISOR_VERBS[found['verb']]} {noun}; ask the "
                "client's therapist or an administrator."
            )
    if found["role"] == "supervisor" and found["own"]:
        return _SUPERVISOR_CLIENT_RECORD  # QA24 #9: a client record is never shared
    if found["role"] == "supervisor" and "consented to supervision sharing" in exc.message:
        return _SUPERVISOR_NO_CONSENT  # QA24 #9: sharing again would not help
    if found["client"] or found["own"]:
        return _SUPERVISOR_ACCESS if found["role"] == "supervisor" else _CLIENT_ACCESS
    return _ACCESS_WORDS.get(found["what"].split(" ")[0], _OTHER_ACCESS)


def consent_message(client_id: int, missing: Iterable[ConsentKind], purpose: str) -> str:
    """Name every consent missing for ``purpose`` and where on the page to record it."""
    kinds = [kind.value for kind in missing]
    named = " and ".join(kinds)
    noun = "consent is" if len(kinds) == 1 else "consents are"
    return (
        f"Client {client_id}'s {named} {noun} not in force, so {purpose}; nothing was stored. "
        f"Record the client's {named} consent in the Consents box on the client page once "
        "the client agrees, then try again."
    )


def format_message(name: str) -> str:
    """The upload of a file no reader recognises."""
    return f"{name}: not a recognised transcript format ({FORMATS})"


def licence_message(short: str) -> str:
    """A measure that may not be given through a link here."""
    return (
        f"{short} cannot be given through a link: its item wording or electronic use is not "
        "licensed here. Record the client's paper scores with 'Record a measure' on the "
        "client page instead."
    )


def _consent_kind(message: str) -> ConsentKind | None:
    """The consent a :class:`ConsentError` message starts with (``recording consent of …``)."""
    first = message.split(" ", 1)[0]
    return next((kind for kind in ConsentKind if kind.value == first), None)


def _without_hint(exc: IngestError | MeasureError) -> str:
    """A located error's message without a hint that names a CLI command or flag."""
    if exc.hint and _CLI.search(exc.hint):
        return exc.message.replace(f" ({exc.hint})", "")
    return exc.message


def _typed_message(exc: AllianceLensError) -> str | None:
    """Web wording for the error types whose message points at the CLI, else None."""
    if isinstance(exc, UnknownFormatError):
        return format_message(exc.file or "The file")
    if isinstance(exc, ConsentError):
        kind = _consent_kind(exc.message)
        if kind is None:
            return None
        return (
            f"The client's {kind} consent is not in force. Record the client's {kind} consent "
            "in the Consents box on the client page once the client agrees."
        )
    if isinstance(exc, LicenceError) and _CLI.search(exc.message):
        return _without_hint(exc) + ". Record paper scores with 'Record a measure' instead."
    if isinstance(exc, IngestError | MeasureError):
        return _without_hint(exc)
    return None


def web_message(exc: AllianceLensError, status: int) -> str:
    """``exc``'s message for a browser page (``status`` picks the fallback wording)."""
    if isinstance(exc, AccessDeniedError):
        return access_message(exc)
    typed = _typed_message(exc)
    if typed is not None:
        return typed
    message = exc.message
    if not _CLI.search(message):
        return message
    # e.g. "no client with id 9; `alliancelens clients list` shows them": keep the problem
    head = re.split(r";\s|\s\(", message, maxsplit=1)[0]
    if head and not _CLI.search(head):
        return head[0].upper() + head[1:] + "."
    return _GENERIC.get(status, "That cannot be done here.")
