"""Optional language-model rewording of a deterministic draft, checked sentence by sentence.

Off by default. A :class:`Phraser` (e.g. :class:`alliancelens.llm.OpenAICompatiblePhraser`, an
OpenAI-compatible chat endpoint such as a local llama.cpp or Ollama server) is asked to reword
the draft's sentences. Before anything leaves the process, every client quote and every speaker
label is replaced by a placeholder (``[Q1]``, ``[S1]``), so no transcript words are sent; the
placeholders are restored locally. A generated sentence replaces its draft sentence — and
inherits that sentence's evidence — only if it is *supported* by it:

- it answers a sentence id of the draft (extra sentences are dropped);
- it keeps exactly the draft's placeholders (no quote lost, invented or moved);
- every number in it is in the draft sentence;
- it adds no negation or clinical-claim word the draft sentence lacks (``denies``, ``suicidal``,
  ``diagnosis``…), and at most :data:`MAX_NOVEL_SHARE` of its content words are new.

Anything else is dropped and the deterministic sentence stays. The checks are deliberately strict:
rewording may only say the same thing more readably.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from alliancelens.notes.model import NOT_DISCUSSED, Note, Section, Sentence

__all__ = ["MAX_NOVEL_SHARE", "Phraser", "PhrasingReport", "phrase_note"]

#: Largest share of a generated sentence's content words that may be absent from its draft.
MAX_NOVEL_SHARE = 0.25
_QUOTE = re.compile(r'"[^"]*"')
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PLACEHOLDER = re.compile(r"\[[QS]\d+\]")
_WORD = re.compile(r"[a-z]+")
#: Words a rewording may not introduce: negations and clinical claims.
_CLAIMS = frozenset(
    [
        "no",
        "not",
        "never",
        "none",
        "nothing",
        "without",
        "denies",
        "deny",
        "denied",
        "denial",
        "negative",
        "absent",
        "suicidal",
        "suicide",
        "harm",
        "safe",
        "safety",
        "diagnosis",
        "diagnosed",
        "disorder",
        "intent",
        "plan",
        "improved",
        "worse",
        "better",
        "stable",
    ]
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "are",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "you",
        "your",
        "we",
        "our",
        "which",
        "who",
        "whom",
        "during",
        "within",
        "into",
        "about",
        "also",
        "while",
    ]
)
_INSTRUCTIONS = (
    "You reword sentences of a psychotherapy progress-note draft so they read naturally. "
    "Keep every fact, number and placeholder such as [Q1] or [S2] exactly; add nothing, remove "
    "nothing, never add clinical claims or negations. Answer only with JSON: "
    '{"sentences": [{"id": <id>, "text": "<reworded sentence>"}]}.'
)


class Phraser(Protocol):
    """Anything that completes a chat: system and user messages in, the reply text out."""

    def complete(self, messages: Sequence[dict[str, str]]) -> str:
        """The model's reply to ``messages``."""
        ...


@dataclass(frozen=True, slots=True)
class PhrasingReport:
    """What happened to each sentence id: accepted, or dropped with the reason."""

    sent: int
    accepted: tuple[int, ...]
    dropped: tuple[tuple[int | None, str], ...]


@dataclass(frozen=True, slots=True)
class _Masked:
    text: str
    restore: dict[str, str]


def _mask(text: str, names: Sequence[str]) -> _Masked:
    restore: dict[str, str] = {}

    def quote(match: re.Match[str]) -> str:
        token = f"[Q{len(restore) + 1}]"
        restore[token] = match.group(0)
        return token

    masked = _QUOTE.sub(quote, text)
    for n, name in enumerate(sorted(set(names), key=len, reverse=True), start=1):
        if name and re.search(rf"\b{re.escape(name)}\b", masked):
            token = f"[S{n}]"
            restore[token] = name
            masked = re.sub(rf"\b{re.escape(name)}\b", token, masked)
    return _Masked(masked, restore)


def _content(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(_PLACEHOLDER.sub(" ", text.lower()))} - _STOP


def _unsupported(generated: str, draft: str) -> str | None:
    """Why ``generated`` is not supported by ``draft`` (masked texts), or None."""
    if sorted(_PLACEHOLDER.findall(generated)) != sorted(_PLACEHOLDER.findall(draft)):
        return "placeholders changed"
    if set(_NUMBER.findall(generated)) - set(_NUMBER.findall(draft)):
        return "new number"
    novel = _content(generated) - _content(draft)
    if novel & {w.rstrip("s") for w in _CLAIMS}:
        return "new claim or negation"
    if len(novel) > MAX_NOVEL_SHARE * max(len(_content(generated)), 1):
        return "too much new content"
    return None


def _parse(reply: str) -> list[tuple[object, object]]:
    body = reply.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    data = json.loads(body)
    items = data.get("sentences", []) if isinstance(data, dict) else []
    return [(i.get("id"), i.get("text")) for i in items if isinstance(i, dict)]


def _check(
    replies: list[tuple[object, object]], masked: dict[int, _Masked]
) -> tuple[dict[int, str], list[tuple[int | None, str]]]:
    """Supported rewordings by draft id (placeholders restored), and what was dropped, why."""
    accepted: dict[int, str] = {}
    dropped: list[tuple[int | None, str]] = []
    for key, text in replies:
        n = key if isinstance(key, int) and key in masked and key not in accepted else None
        if n is None or not isinstance(text, str) or not text.strip():
            dropped.append((n, "no such draft sentence" if n is None else "empty"))
            continue
        reason = _unsupported(text, masked[n].text)
        if reason:
            dropped.append((n, reason))
            continue
        restored = text
        for token, original in masked[n].restore.items():
            restored = restored.replace(token, original)
        accepted[n] = restored.strip()
    return accepted, dropped


def phrase_note(
    note: Note, phraser: Phraser, *, names: Sequence[str] = ()
) -> tuple[Note, PhrasingReport]:
    """The note with supported rewordings swapped in (evidence kept), and what was dropped.

    ``names`` are speaker labels to mask besides the quotes. A reply that is not the expected
    JSON drops everything: the deterministic draft is returned unchanged.
    """
    drafts = [(s_i, j) for s_i, sec in enumerate(note.sections) for j in range(len(sec.sentences))]
    masked = {
        n: _mask(note.sections[s_i].sentences[j].text, names)
        for n, (s_i, j) in enumerate(drafts)
        if note.sections[s_i].sentences[j].text != NOT_DISCUSSED
    }
    payload = json.dumps({"sentences": [{"id": n, "text": m.text} for n, m in masked.items()]})
    messages = [
        {"role": "system", "content": _INSTRUCTIONS},
        {"role": "user", "content": payload},
    ]
    try:
        replies = _parse(phraser.complete(messages))
    except (ValueError, AttributeError) as exc:
        return note, PhrasingReport(len(masked), (), ((None, f"unreadable reply ({exc})"),))
    accepted, dropped = _check(replies, masked)
    sections = []
    for s_i, section in enumerate(note.sections):
        sentences = []
        for j, sentence in enumerate(section.sentences):
            n = drafts.index((s_i, j))
            new = accepted.get(n)
            sentences.append(Sentence(new, sentence.evidence) if new else sentence)
        sections.append(Section(section.name, tuple(sentences)))
    notice = (
        f"{note.notice} Wording of {len(accepted)} sentence(s) by a language model, each checked "
        "against its evidence."
    )
    phrased = replace(note, sections=tuple(sections), notice=notice)
    return phrased, PhrasingReport(len(masked), tuple(sorted(accepted)), tuple(dropped))
