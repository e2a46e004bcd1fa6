"""An interpreter's relayed client speech, for the risk screen (version 16, docs/analysers/risk.md).

In an interpreted session the client's words reach the transcript through the interpreter, often
in reported speech: "She says she wants to die and she has pills saved up at home." Read as it
stands, the third-party guard sets that aside ("about a third party"), so a disclosure with means
was missed (QA12). An utterance of a speaker labelled as an interpreter or translator (role
``other``; the role words of ``ingest.roles``) that holds a relay frame ("she says", "he is
saying", "the client says that") is screened as the client's own words: the frame is dropped and
the frame's pronouns become first person ("she wants" -> "i want", "her pills" -> "my pills").
An interpreter speaking in the first person, as professional interpreters do, needs no change.
Pronouns of another gender than the frame's are left alone, so "she says her brother has a
knife" stays about the brother. Our own wording; clinical-reference §10.3 rule 4 (speaker
attribution) is about therapist questions, not interpreters: relayed speech is the client's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Final

from alliancelens.analysers._risk_text import normalise
from alliancelens.domain import Role, Utterance

__all__ = ["RELAYED_NOTE", "is_interpreter", "mark_relayed", "relay_view", "relayed"]

#: Added to the reason of every entry for a relayed utterance.
RELAYED_NOTE: Final = "relayed by the interpreter: read as the client's own words"

#: Speaker labels that name an interpreter or translator (the lead word, as ``ingest.roles``).
_INTERPRETER: Final = re.compile(
    r"^\s*(?:interpreter|translator|interpreting|translating)\b", re.IGNORECASE
)
#: A relay frame: who is relayed, then a verb of saying ("she says (that)", "he is telling me").
_FRAME: Final = re.compile(
    r"\b(?P<who>she|he|they|the client|the patient|my client)\s+(?:says|say|said|is saying|was "
    r"saying|keeps saying|tells me|told me|is telling me|wants (?:me )?to (?:say|tell you)|"
    r"would like (?:me )?to (?:say|tell you)|is asking|asks|explains|explained|adds|added|means|is "
    r"explaining)(?:\s+that)?\s*[,:]?\s*"
)
#: Pronoun forms of each frame subject -> first person (order matters: longest first).
_SHE: Final = {
    "she's got": "i've got",
    "she's been": "i've been",
    "she's": "i'm",
    "she'd": "i'd",
    "she'll": "i'll",
    "she": "i",
    "herself": "myself",
}
_HE: Final = {
    "he's got": "i've got",
    "he's been": "i've been",
    "he's": "i'm",
    "he'd": "i'd",
    "he'll": "i'll",
    "he": "i",
    "himself": "myself",
    "him": "me",
    "his": "my",
}
_THEY: Final = {
    "they're": "i'm",
    "they've": "i've",
    "they'd": "i'd",
    "they'll": "i'll",
    "they": "i",
    "themselves": "myself",
    "them": "me",
    "their": "my",
}
#: After "her", these words mean "her" is an object ("hurt her.", "tell her that"): "me".
_OBJECT_FOLLOWERS: Final = frozenset(
    [
        "and",
        "or",
        "but",
        "to",
        "that",
        "so",
        "if",
        "when",
        "in",
        "at",
        "on",
        "with",
        "for",
        "from",
        "up",
        "down",
        "off",
        "out",
        "again",
        "too",
        "any",
        "alone",
        "anymore",
        "as",
        "about",
        "because",
    ]
)
#: Third-person verb forms after the new "i": has -> have, is -> am, doesn't -> don't, ...
_IRREGULAR: Final = {
    "has": "have",
    "is": "am",
    "does": "do",
    "doesn't": "don't",
    "hasn't": "haven't",
    "isn't": "am not",
    "are": "am",
    "were": "was",
    "goes": "go",
}
_AND_VERB: Final = re.compile(r"\b(and|but|or) (has|is|does|doesn't|hasn't|isn't|goes)\b")
_I_VERB: Final = re.compile(
    r"\bi((?: (?:really|just|still|never|always|sometimes|often|also|even|already|actually|only|"
    r"kind of|sort of|no longer))*) ([a-z']+)"
)


def is_interpreter(u: Utterance) -> bool:
    """Whether the utterance's speaker is labelled as an interpreter or translator."""
    return u.role is Role.OTHER and bool(_INTERPRETER.match(u.speaker))


def relayed(text: str) -> str | None:
    """The client's words in a relayed utterance, in the first person; None without a frame."""
    norm = normalise(text)
    frame = _FRAME.search(norm)
    if frame is None:
        return None
    who = frame.group("who")
    forms = _HE if who == "he" else _THEY if who == "they" else _SHE
    if who in {"the client", "the patient", "my client"}:
        forms = {**_SHE, **_HE}
    rest = _FRAME.sub("", norm)
    pattern = re.compile(
        r"\b("
        + "|".join(re.escape(f) for f in sorted({*forms, "her"}, key=len, reverse=True))
        + r")\b( ?)([a-z']*)"
    )

    def swap(match: re.Match[str]) -> str:
        word, space, after = match.groups()
        if word == "her":
            if "her" not in forms and "herself" not in forms:
                return match.group(0)
            mine = "me" if not after or after in _OBJECT_FOLLOWERS else "my"
            return f"{mine}{space}{after}"
        return f"{forms[word]}{space}{after}"

    first = _I_VERB.sub(_first_person_verb, pattern.sub(swap, rest))
    # "she wants to die and has pills saved": the verbs that share the subject
    return _AND_VERB.sub(lambda m: f"{m.group(1)} {_IRREGULAR[m.group(2)]}", first)


def _first_person_verb(match: re.Match[str]) -> str:
    """The verb after a new "i" in the first person ("i wants" -> "i want")."""
    adverbs, verb = match.groups()
    if verb in _IRREGULAR:
        verb = _IRREGULAR[verb]
    elif re.fullmatch(r"[a-z]+ies", verb):
        verb = verb[:-3] + "y"
    elif re.fullmatch(r"[a-z]+(?:ches|shes|sses|xes)", verb):
        verb = verb[:-2]
    elif re.fullmatch(r"[a-z]+[^s'u]s", verb) and verb not in {"was", "this", "his", "its"}:
        verb = verb[:-1]
    return f"i{adverbs} {verb}"


def relay_view(
    utterances: Sequence[Utterance],
) -> tuple[tuple[Utterance, ...], frozenset[int], frozenset[int]]:
    """The utterances as the screen reads them, the relayed indexes and the renderings left out.

    Relayed interpreter turns are put in the first person. An interpreter turn without a relay
    frame whose nearest earlier non-interpreter turn is the therapist's renders the therapist to
    the client ("¿Alguna vez ha pensado en cómo lo haría?" after the therapist's method
    question, QA15): it is not client speech, so it is left out of the view (version 19), and the
    client's answer is then read against the therapist's own question. An interpreter turn after
    the client (first person, as professional interpreters speak, or framed) is screened.
    """
    out: list[Utterance] = []
    changed: set[int] = set()
    skipped: set[int] = set()
    last_role: Role | None = None
    for u in utterances:
        if not is_interpreter(u):
            out.append(u)
            last_role = u.role
            continue
        text = relayed(u.text)
        if text is not None:
            out.append(replace(u, text=text))
            changed.add(u.index)
        elif last_role is Role.THERAPIST:
            skipped.add(u.index)
        else:
            out.append(u)
    return tuple(out), frozenset(changed), frozenset(skipped)


def mark_relayed(relayed_at: frozenset[int], *lists: list[dict[str, Any]]) -> None:
    """Say in every entry for a relayed interpreter turn that it was relayed (version 16)."""
    for entries in lists:
        for entry in entries:
            if entry["index"] in relayed_at:
                entry["reason"] = f"{entry['reason']}; {RELAYED_NOTE}"
                entry["relayed"] = True
