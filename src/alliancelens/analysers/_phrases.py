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

__all__ = [
    "AnyBranch",
    "Literals",
    "Phrase",
    "PhraseIndex",
    "branches",
    "matching",
    "required_literals",
]

K = TypeVar("K")

_CLASS_ESCAPES = frozenset("bBdDwWsSAZ")
#: Syntax the parser does not model: groups other than (...), (?:...) and lookarounds, and escapes
#: that stand for something other than the escaped character (backreferences, character codes).
_UNSUPPORTED = re.compile(r"\(\?(?![:=!]|<[=!])|\\[0-9afnrtvxuUN]")
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

    def __init__(self, source: str | re.Pattern[str]) -> None:
        self.pattern = re.compile(source)
        # a compiled pattern with flags (IGNORECASE, VERBOSE, ...) gets no filter
        plain = self.pattern.flags & ~re.UNICODE == 0
        self.literals = required_literals(self.pattern.pattern) if plain else None

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


#: Length of the text slices :class:`Literals` files its strings under.
_KEY = 3


class Literals:
    """A fixed set of strings, and which of them occur in a text (``{s for s in it if s in text}``).

    Testing a few hundred strings with ``in`` costs more than the regular expressions they
    guard. Here each string is filed under its first ``_KEY`` characters; one pass over the
    text's ``_KEY``-character slices finds exactly the strings that occur (``str.startswith`` at
    each position whose slice files any; strings shorter than a slice are tested with ``in``).
    """

    __slots__ = ("_by_key", "_short")

    def __init__(self, strings: Iterable[str]) -> None:
        by_key: dict[str, list[str]] = {}
        short: list[str] = []
        for string in sorted(set(strings)):
            if len(string) >= _KEY:
                by_key.setdefault(string[:_KEY], []).append(string)
            else:
                short.append(string)
        self._by_key = {key: tuple(found) for key, found in by_key.items()}
        self._short = tuple(short)

    def present(self, text: str) -> set[str]:
        """The strings that occur in ``text``."""
        found = {string for string in self._short if string in text}
        by_key = self._by_key
        for start in range(len(text) - _KEY + 1):
            candidates = by_key.get(text[start : start + _KEY])
            if candidates is not None:
                for string in candidates:
                    if text.startswith(string, start):
                        found.add(string)
        return found


class PhraseIndex(Generic[K]):
    """Keyed phrases matched together: ``index.matching(text)`` equals ``matching(items, text)``.

    The required literals of all the phrases are looked up at once (:class:`Literals`), and only
    the phrases with a literal among those present (or with no filter) run their pattern, in
    the original order: the same test as :func:`matching`, so the same answer, in about a third
    of the time for our lexicons.
    """

    __slots__ = ("_always", "_by_literal", "_entries", "_literals")

    def __init__(self, items: Iterable[tuple[K, Phrase]]) -> None:
        phrases = tuple(items)
        self._entries = tuple((key, phrase.pattern) for key, phrase in phrases)
        by_literal: dict[str, list[int]] = {}
        for position, (_, phrase) in enumerate(phrases):
            for literal in phrase.literals or ():
                by_literal.setdefault(literal, []).append(position)
        self._always = frozenset(i for i, (_, p) in enumerate(phrases) if p.literals is None)
        self._by_literal = {literal: tuple(found) for literal, found in by_literal.items()}
        self._literals = Literals(by_literal)

    def matching(self, text: str) -> Iterator[K]:
        """The keys of the phrases that match ``text``, in order."""
        candidates = set(self._always)
        by_literal = self._by_literal
        for literal in self._literals.present(text):
            candidates.update(by_literal[literal])
        entries = self._entries
        for position in sorted(candidates):
            key, pattern = entries[position]
            if pattern.search(text) is not None:
                yield key

    def first(self, text: str) -> K | None:
        """The key of the first phrase that matches ``text`` (None: none does)."""
        return next(self.matching(text), None)


class AnyBranch:
    r"""Whether ``\b(?:b1|b2|...)\b`` matches a text, asked one branch at a time.

    A long word alternation is slow to search (every word boundary tries every branch). It
    matches somewhere exactly when one of its branches, wrapped the same way, does, so each
    branch becomes a :class:`Phrase` with its own literal prefilter in a :class:`PhraseIndex`:
    the same yes/no, without running the branches whose words are absent. Only for yes/no
    questions: the match found may differ from the whole pattern's.
    """

    __slots__ = ("_index",)

    def __init__(self, alternatives: Iterable[str]) -> None:
        wrapped = (Phrase(r"\b(?:" + b + r")\b") for a in alternatives for b in branches(a))
        self._index: PhraseIndex[int] = PhraseIndex(enumerate(wrapped))

    def found_in(self, text: str) -> bool:
        """Whether any branch (so the whole alternation) matches ``text``."""
        return self._index.first(text) is not None


def branches(source: str) -> list[str]:
    """The top-level branches of a pattern (split at ``|`` outside groups and classes)."""
    found: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            found.append(source[start:i])
            start = i + 1
        i += 1
    found.append(source[start:])
    return found


def required_literals(source: str) -> tuple[str, ...] | None:
    """Literals one of which every match of ``source`` contains; None when none are useful.

    None too for a pattern outside the subset the parser understands (inline flags, named
    groups, backreferences, escapes that stand for a character code such as a newline).
    """
    if _UNSUPPORTED.search(source):
        return None
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
