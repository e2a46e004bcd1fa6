r"""Phrase patterns with an exact literal prefilter, for fast lexicon analysers.

Most utterances match none of a lexicon's patterns, and a failed ``re.search`` still scans the
whole utterance (several microseconds for a long alternation). From the pattern source we work
out a set of literal strings such that every match contains at least one of them (for example
``\bi('m| am) not (lazy|avoiding)\b`` needs "lazy" or "avoiding"). If none occurs in the text
(a fast substring test) the pattern cannot match and is not run; otherwise it is. The answer is
exactly that of ``pattern.search``. Patterns for which no useful set exists are always run.

The parser understands the regular-expression subset our lexicons use: literals, escapes,
character classes, groups (capturing, non-capturing, lookaround), alternation and quantifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["Phrase", "PhraseIndex", "matching", "required_literals"]

K = TypeVar("K")

_CLASS_ESCAPES = frozenset("bBdDwWsSAZ")
#: Literals this common do not narrow anything down.
_COMMON = frozenset(
    [
        "i",
        "me",
        "my",
        "you",
        "your",
        "not",
        "the",
        "a",
        "an",
        "and",
        "to",
        "it",
        "it's",
        "is",
        "was",
        "how",
        "what",
        "can",
        "we",
        "so",
        "that",
        "this",
        "of",
        "in",
        "on",
        "just",
        "do",
        "don't",
        "i'm",
        "be",
        "are",
        "at",
        "for",
        "with",
    ]
)
#: Shorter required literals than this (single characters) are not worth testing for.
_MIN_LENGTH = 2

Requirement = frozenset[str] | None


class Phrase:
    """A compiled pattern plus literals one of which every match contains (None: no filter)."""

    __slots__ = ("literals", "pattern")

    def __init__(self, source: str) -> None:
        self.pattern = re.compile(source)
        self.literals = required_literals(source)

    def possible(self, text: str) -> bool:
        """False only when the pattern certainly cannot match ``text``."""
        if self.literals is None:
            return True
        for literal in self.literals:  # noqa: SIM110 - a plain loop is ~3x cheaper than any(...)
            if literal in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when no required literal occurs in ``text``."""
        return self.pattern.search(text) if self.possible(text) else None

    def sub(self, replacement: str, text: str) -> str:
        """``pattern.sub(replacement, text)``, skipped when nothing can match."""
        return self.pattern.sub(replacement, text) if self.possible(text) else text


def matching(items: Iterable[tuple[K, Phrase]], text: str) -> Iterator[K]:
    """The keys of the phrases that match ``text``, in order (one tight loop, no extra calls)."""
    for key, phrase in items:
        literals = phrase.literals
        if literals is not None:
            for literal in literals:
                if literal in text:
                    break
            else:
                continue
        if phrase.pattern.search(text) is not None:
            yield key


#: Length of the text slices :class:`PhraseIndex` looks required literals up by.
_KEY = 3


class PhraseIndex(Generic[K]):
    """Keyed phrases matched together: ``index.matching(text)`` equals ``matching(items, text)``.

    A lexicon of a hundred phrases has several hundred required literals, and testing each with
    ``in`` costs more than the regular expressions that then run. Here every literal is filed
    under its first ``_KEY`` characters; one pass over the text's ``_KEY``-character slices
    finds exactly the literals that occur (``str.startswith`` at each position whose slice
    files any; literals shorter than a slice are tested with ``in``). A phrase's pattern runs
    only when one of its literals is among them: the same test as :func:`matching`, so the same
    answer, in about a third of the time for our lexicons.
    """

    __slots__ = ("_entries", "_by_key", "_short")

    def __init__(self, items: Iterable[tuple[K, Phrase]]) -> None:
        entries = [(key, phrase.pattern, phrase.literals) for key, phrase in items]
        literals = {lit for _, _, lits in entries if lits is not None for lit in lits}
        by_key: dict[str, list[str]] = {}
        for literal in sorted(literals):
            if len(literal) >= _KEY:
                by_key.setdefault(literal[:_KEY], []).append(literal)
        self._by_key = {k: tuple(v) for k, v in by_key.items()}
        self._short = tuple(sorted(lit for lit in literals if len(lit) < _KEY))
        self._entries = tuple(
            (key, pattern, None if lits is None else frozenset(lits))
            for key, pattern, lits in entries
        )

    def present(self, text: str) -> set[str]:
        """The required literals (of any phrase) that occur in ``text``."""
        found = {literal for literal in self._short if literal in text}
        by_key = self._by_key
        for start in range(len(text) - _KEY + 1):
            candidates = by_key.get(text[start : start + _KEY])
            if candidates is not None:
                for literal in candidates:
                    if text.startswith(literal, start):
                        found.add(literal)
        return found

    def matching(self, text: str) -> Iterator[K]:
        """The keys of the phrases that match ``text``, in order."""
        present = self.present(text)
        for key, pattern, literals in self._entries:
            if literals is not None and present.isdisjoint(literals):
                continue
            if pattern.search(text) is not None:
                yield key


def required_literals(source: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``source`` contains; None when none are useful."""
    requirement, _ = _alternation(source, 0)
    if requirement is None or min(len(s.strip()) for s in requirement) < _MIN_LENGTH:
        return None
    return tuple(sorted(requirement))


def _score(requirement: frozenset[str]) -> int:
    """How selective a set of literals is (used to choose among a sequence's candidates)."""
    return min(1 if s.strip() in _COMMON else len(s.strip()) for s in requirement)


def _best(candidates: list[frozenset[str]]) -> Requirement:
    return max(candidates, key=_score, default=None)


def _alternation(source: str, i: int) -> tuple[Requirement, int]:
    """Parse branches until ``)`` or the end; the union of the branches' requirements."""
    union: set[str] = set()
    complete = True
    while True:
        requirement, i = _sequence(source, i)
        if requirement is None:
            complete = False
        else:
            union |= requirement
        if i < len(source) and source[i] == "|":
            i += 1
            continue
        return (frozenset(union) if complete and union else None), i


def _sequence(source: str, i: int) -> tuple[Requirement, int]:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    while i < len(source) and source[i] not in "|)":
        literal, requirement, after = _atom(source, i)
        minimum, i = _quantifier(source, after)
        if literal is not None and minimum >= 1:
            run.append(literal)
            if i != after:
                flush()  # "a+": one "a" is certain, but what follows may not be adjacent
            continue
        flush()
        if requirement is not None and minimum >= 1:
            candidates.append(requirement)
    flush()
    return _best(candidates), i


def _atom(source: str, i: int) -> tuple[str | None, Requirement, int]:
    """One atom: (literal char or None, requirement of a group or None, next index)."""
    ch = source[i]
    if ch == "(":
        return _group(source, i)
    if ch == "[":
        return None, None, _class_end(source, i) + 1
    if ch == "\\":
        escaped = source[i + 1]
        return (None if escaped in _CLASS_ESCAPES else escaped), None, i + 2
    if ch in ".^$":
        return None, None, i + 1
    return ch, None, i + 1


def _group(source: str, i: int) -> tuple[None, Requirement, int]:
    lookaround = source.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)
    if lookaround:
        start = i + (4 if source[i + 2] == "<" else 3)
    else:
        start = i + 3 if source.startswith("(?:", i) else i + 1
    requirement, end = _alternation(source, start)
    return None, (None if lookaround else requirement), end + 1  # lookaround consumes nothing


def _quantifier(source: str, i: int) -> tuple[int, int]:
    """The minimum repeat count of the quantifier at ``i`` (1 when there is none)."""
    if i >= len(source) or source[i] not in "?*+{":
        return 1, i
    if source[i] == "{":
        close = source.index("}", i)
        minimum = int(source[i + 1 : close].split(",", maxsplit=1)[0] or 0)
        i = close + 1
    else:
        minimum = 1 if source[i] == "+" else 0
        i += 1
    if i < len(source) and source[i] in "?+":  # lazy or possessive suffix
        i += 1
    return minimum, i


def _class_end(source: str, i: int) -> int:
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j
