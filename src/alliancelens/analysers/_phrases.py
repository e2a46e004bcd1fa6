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
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Generic, TypeVar

__all__ = [
    "AnyBranch",
    "Literals",
    "Phrase",
    "PhraseIndex",
    "branches",
    "matching",
    "required_literals",
    "split_branches",
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
#: From this many literals on, one regular-expression search for any of them (a trie) is cheaper
#: than testing each with ``in`` (measured on the pipeline's own calls, 2026-11-24).
_TRIE_FROM = 20
#: From this many branches on, ``Phrase.found_in`` looks up all their literals in one pass
#: (:class:`PhraseIndex`) instead of testing each branch's own (measured like ``_TRIE_FROM``).
_INDEX_FROM = 16

Requirement = frozenset[str] | None


class Phrase:
    """A compiled pattern plus literals one of which every match contains (None: no filter)."""

    __slots__ = ("_anchored", "_any_literal", "_index", "_parts", "literals", "pattern")

    def __init__(self, source: str | re.Pattern[str] | Phrase) -> None:
        self.pattern: re.Pattern[str] = re.compile(
            source.pattern if isinstance(source, Phrase) else source
        )
        # a compiled pattern with flags (IGNORECASE, VERBOSE, ...) gets no filter
        plain = self.pattern.flags & ~re.UNICODE == 0
        self.literals = required_literals(self.pattern.pattern) if plain else None
        many = self.literals is not None and len(self.literals) >= _TRIE_FROM
        # many literals: one search for any of them (a trie) is cheaper than one test each
        self._any_literal = re.compile(_trie_pattern(_trie(self.literals or ()))) if many else None
        # a pattern anchored at the start fails at once where it cannot match: no filter pays
        self._anchored = all(b.startswith("^") for b in branches(self.pattern.pattern))
        self._parts: tuple[Phrase, ...] | None = None  # split_branches(self), on first use
        self._index: PhraseIndex[bool] | None = None  # the parts, when there are many

    def possible(self, text: str) -> bool:
        """False only when the pattern certainly cannot match ``text``."""
        if self._anchored:
            return True
        if self._any_literal is not None:
            return self._any_literal.search(text) is not None
        if self.literals is None:
            return True
        for literal in self.literals:  # noqa: SIM110 - a plain loop is ~3x cheaper than any(...)
            if literal in text:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when no required literal occurs in ``text``."""
        return self.pattern.search(text) if self.possible(text) else None

    def found_in(self, text: str) -> bool:
        """``search(text) is not None``, asked one top-level branch at a time.

        Each branch (:func:`split_branches`) has its own literal filter, so a long alternation
        runs only the branches whose words occur in ``text``. Only for yes/no questions.
        """
        if not self.possible(text):  # the usual answer, found as cheaply as by ``search``
            return False
        parts = self._parts
        if parts is None:
            parts = self._parts = tuple(split_branches(self))
            if len(parts) >= _INDEX_FROM:
                self._index = PhraseIndex([(True, self)])  # files the same parts
        if self._index is not None:
            return self._index.first(text) is not None
        if len(parts) == 1:
            return self.pattern.search(text) is not None
        for part in parts:  # noqa: SIM110 - a plain loop, as in ``possible``
            if part.possible(text) and part.pattern.search(text) is not None:
                return True
        return False

    def sub(
        self, replacement: str | Callable[[re.Match[str]], str], text: str, count: int = 0
    ) -> str:
        """``pattern.sub(replacement, text, count=count)``, skipped when nothing can match."""
        return self.pattern.sub(replacement, text, count=count) if self.possible(text) else text

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """``pattern.match(text, pos)`` (anchored, so it fails fast: no filter)."""
        return self.pattern.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """``pattern.fullmatch(text)`` (anchored, so it fails fast: no filter)."""
        return self.pattern.fullmatch(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)`` (nothing when no required literal occurs in ``text``)."""
        return self.pattern.finditer(text) if self.possible(text) else iter(())

    def findall(self, text: str) -> list[Any]:
        """``pattern.findall(text)`` ([] when no required literal occurs in ``text``)."""
        return self.pattern.findall(text) if self.possible(text) else []


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


class Literals:
    """A fixed set of strings, and which of them occur in a text (``{s for s in it if s in text}``).

    Testing a few hundred strings with ``in`` costs more than the regular expressions they
    guard. The strings form a trie, written as one regular expression, so a search from any
    position finds the first place where one of them starts and, there, the longest one (the
    trie tries longer continuations first); searching again from the next position finds them
    all. Every other string that starts at the same place is a prefix of the longest, so the
    strings present are the union of the longest matches' prefixes among the strings (worked
    out once, here).
    """

    __slots__ = ("_longest", "_prefixes")

    def __init__(self, strings: Iterable[str]) -> None:
        trie = _trie(strings)
        self._longest = re.compile(_trie_pattern(trie)) if trie else None
        self._prefixes = {string: frozenset(found) for string, found in _prefixes(trie, "")}

    def present(self, text: str) -> set[str]:
        """The strings that occur in ``text``."""
        found: set[str] = set()
        if self._longest is None:
            return found
        search, prefixes = self._longest.search, self._prefixes
        match = search(text)
        while match is not None:
            found |= prefixes[match.group()]
            after = match.start() + 1
            match = search(text, after) if after <= len(text) else None
        return found


#: A trie of strings: each character maps to the trie of what follows; "" marks a string's end.
_Trie = dict[str, "_Trie"]


def _trie(strings: Iterable[str]) -> _Trie:
    """The trie of ``strings``."""
    trie: _Trie = {}
    for string in sorted(set(strings)):
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a string
    return trie


def _trie_pattern(trie: _Trie) -> str:
    """A pattern matching the strings of ``trie``, longest first (characters escaped)."""
    alternatives = [re.escape(char) + _trie_pattern(rest) for char, rest in trie.items() if char]
    if "" in trie:
        alternatives.append("")  # tried last: a longer string wins where one matches
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _prefixes(
    trie: _Trie, path: str, above: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each string of ``trie`` (after ``path``) with the strings that are prefixes of it."""
    here = (*above, path) if "" in trie else above
    if "" in trie:
        yield path, here
    for char, rest in trie.items():
        if char:
            yield from _prefixes(rest, path + char, here)


class PhraseIndex(Generic[K]):
    """Keyed phrases matched together: ``index.matching(text)`` equals ``matching(items, text)``.

    A pattern ``b1|b2|...`` matches somewhere exactly when one of its top-level branches does,
    so each phrase is filed as its branches (:func:`split_branches`), each with its own required
    literals. The literals of all the branches are looked up at once (:class:`Literals`), and only
    the branches with a literal among those present (or with no filter) run, in the original
    order, until one of a phrase's branches matches: the same answer as :func:`matching`, without
    running the long alternations whose words are absent.
    """

    __slots__ = ("_always", "_by_literal", "_entries", "_keys", "_literals")

    def __init__(self, items: Iterable[tuple[K, Phrase]]) -> None:
        phrases = tuple(items)
        self._keys = tuple(key for key, _ in phrases)
        parts = [
            (owner, part) for owner, (_, p) in enumerate(phrases) for part in split_branches(p)
        ]
        self._entries = tuple((owner, part.pattern) for owner, part in parts)
        by_literal: dict[str, list[int]] = {}
        for position, (_, part) in enumerate(parts):
            for literal in part.literals or ():
                by_literal.setdefault(literal, []).append(position)
        self._always = frozenset(i for i, (_, part) in enumerate(parts) if part.literals is None)
        self._by_literal = {literal: tuple(found) for literal, found in by_literal.items()}
        self._literals = Literals(by_literal)

    def matching(self, text: str) -> Iterator[K]:
        """The keys of the phrases that match ``text``, in order."""
        candidates = set(self._always)
        by_literal = self._by_literal
        for literal in self._literals.present(text):
            candidates.update(by_literal[literal])
        entries = self._entries
        matched = -1  # the phrase whose branch matched last: its other branches need not run
        for position in sorted(candidates):
            owner, pattern = entries[position]
            if owner != matched and pattern.search(text) is not None:
                matched = owner
                yield self._keys[owner]

    def possible(self, text: str) -> list[K]:
        """The keys of the phrases that may match ``text``, in order (none of the others can).

        A phrase may match when a required literal of one of its branches occurs in ``text``
        or a branch has no filter; found in one pass, for callers that need the matches
        themselves (``finditer`` on each phrase returned).
        """
        candidates = set(self._always)
        by_literal = self._by_literal
        for literal in self._literals.present(text):
            candidates.update(by_literal[literal])
        entries = self._entries
        owners = sorted({entries[position][0] for position in candidates})
        return [self._keys[owner] for owner in owners]

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


#: What makes a pattern unsafe to cut into branches: groups other than (...), (?:...) and
#: lookarounds (named groups, inline flags, conditionals) and backreferences.
_UNSPLITTABLE = re.compile(r"\(\?(?![:=!]|<[=!])|\\[1-9]")


#: A whole pattern that is one alternation in a group, ``\b(?:b1|b2|...)\b`` or ``(?:b1|...)``:
#: it matches somewhere exactly when one of ``\b(?:b1)\b``, ``\b(?:b2)\b``, ... does.
_WRAPPERS: Final = ((r"\b(?:", r")\b"), ("(?:", ")"))


def split_branches(phrase: Phrase) -> list[Phrase]:
    """The phrase's branches as phrases (one of them matches exactly when it does).

    The branches are the top-level ones, or those of a group that wraps the whole pattern
    (``_WRAPPERS``), each wrapped the same way. A phrase with flags, with syntax that would
    change meaning when cut (see ``_UNSPLITTABLE``) or with a single branch is returned whole.
    """
    source = phrase.pattern.pattern
    if phrase.pattern.flags & ~re.UNICODE or _UNSPLITTABLE.search(source):
        return [phrase]
    head = tail = ""
    parts = branches(source)
    for before, after in _WRAPPERS:
        inside = len(source) - len(after)
        wrapped = len(parts) == 1 and source.startswith(before) and source.endswith(after)
        if wrapped and _group_end(source, len(before) - 3) == inside:
            head, tail = before, after
            parts = branches(source[len(before) : inside])
            break
    if len(parts) == 1:
        return [phrase]
    return [Phrase(head + part + tail) for part in parts]


def _group_end(source: str, start: int) -> int:
    """The index of the ``)`` closing the group opened at ``start`` (-1 when unclosed)."""
    depth, i, in_class = 0, start, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


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
