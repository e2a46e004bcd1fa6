"""The literal prefilter of Phrase never changes an answer, only the work done."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliancelens.analysers._phrases import (
    AnyBranch,
    Literals,
    Phrase,
    PhraseIndex,
    branches,
    matching,
    required_literals,
    split_branches,
)
from alliancelens.analysers._risk_content import _CONTENT_FIELDS, RISK_CONTENT
from alliancelens.analysers.alliance._signals import SIGNALS
from alliancelens.analysers.ruptures._lexicon import CUES
from alliancelens.analysers.ruptures._strategies import STRATEGY_PATTERNS


@pytest.mark.parametrize(
    ("source", "literals"),
    [
        (r"\bi('m| am) not (lazy|avoiding)\b", ("avoiding", "lazy")),
        (r"\bno big deal\b", ("no big deal",)),
        (r"\byou (keep|kept) asking\b", (" asking",)),
        (r"\bwell,? don't\.", (" don't.",)),
        (r"\b(it's|it is)? ?(fine|okay)\b", ("fine", "okay")),
        (r"\bfoo|\w+ bar", (" bar", "foo")),
        (r"\bfoo|\w+ b\b", None),  # the second alternative has no useful literal
        (r"(?=x)", None),
        (r"\b(a|b)\b", None),  # single characters narrow nothing down
        (r"\b(it's|that's) just (what|how)\b", ("it's", "that's")),
        (r"(?i)\bno big deal\b", None),  # inline flags: outside the parsed subset
        (r"(?P<w>well) (?P=w)", None),  # named groups and backreferences too
        (r"(\bso) \1 what", None),
        (r"(\u2014|--) whatever", None),  # a character-code escape is not its letter
    ],
)
def test_required_literals(source: str, literals: tuple[str, ...] | None) -> None:
    """Each alternative's mandatory literal is found; optional parts are never required."""
    assert required_literals(source) == literals


ALL_PATTERNS = (
    [c.pattern.pattern.pattern for c in CUES]
    + [p.pattern.pattern for _, p in STRATEGY_PATTERNS]
    + [s.pattern.pattern.pattern for s in SIGNALS]
)
#: Words taken from the patterns themselves, so random texts often nearly match.
VOCABULARY = sorted({w for src in ALL_PATTERNS for w in re.findall(r"[a-z']{2,}", src)})


@settings(max_examples=300, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=len(ALL_PATTERNS) - 1),
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12),
    punctuation=st.sampled_from([" ", ". ", ", ", "? "]),
)
def test_prefilter_agrees_with_the_regex(index: int, words: list[str], punctuation: str) -> None:
    """For any lexicon pattern and text, Phrase.search matches exactly when re.search does."""
    source = ALL_PATTERNS[index]
    text = punctuation.join(words)
    assert (Phrase(source).search(text) is None) == (re.search(source, text) is None)


#: Every lexicon as keyed items, as the analysers match them.
LEXICONS = [
    [(c.id, c.pattern) for c in CUES],
    [(name, phrase) for name, phrase in STRATEGY_PATTERNS],
    [(s.id, s.pattern) for s in SIGNALS],
]


@settings(max_examples=300, deadline=None)
@given(
    lexicon=st.integers(min_value=0, max_value=len(LEXICONS) - 1),
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12),
    punctuation=st.sampled_from([" ", ". ", ", ", "? "]),
)
def test_phrase_index_agrees_with_matching(
    lexicon: int, words: list[str], punctuation: str
) -> None:
    """PhraseIndex.matching yields exactly matching()'s keys, in the same order, for any text."""
    items = LEXICONS[lexicon]
    text = punctuation.join(words)
    assert list(PhraseIndex(items).matching(text)) == list(matching(items, text))


@settings(max_examples=300, deadline=None)
@given(
    strings=st.lists(st.text(alphabet="ab c'", min_size=1, max_size=5), max_size=12),
    text=st.text(alphabet="ab c'", max_size=30),
)
def test_literals_present_is_substring_test(strings: list[str], text: str) -> None:
    """Literals.present finds exactly the strings that occur in the text (any length)."""
    assert Literals(strings).present(text) == {s for s in strings if s in text}


def test_phrase_index_first_and_unfiltered_phrases() -> None:
    """first() is the first match in order; a phrase without a literal filter is always run."""
    index = PhraseIndex(
        [("cat", Phrase(r"\bcat\b")), ("any", Phrase(r"\b\w{7}\b")), ("dog", Phrase("dog"))]
    )
    assert Phrase(r"\b\w{7}\b").literals is None
    assert index.first("a dog barking") == "any"
    assert list(index.matching("a dog barking")) == ["any", "dog"]
    assert index.first("a bird") is None


def test_compiled_pattern_with_flags_gets_no_filter() -> None:
    """A compiled pattern with IGNORECASE is run on every text, so upper case still matches."""
    phrase = Phrase(re.compile(r"\bno big deal\b", re.IGNORECASE))
    assert phrase.literals is None
    assert phrase.search("It's NO BIG DEAL.") is not None


def test_matching_keeps_order_and_keys() -> None:
    """matching() yields the keys of matching phrases in their order."""
    items = [("a", Phrase(r"\bcat\b")), ("b", Phrase(r"\bdog\b")), ("c", Phrase(r"\bcat"))]
    assert list(matching(items, "the cat and the dog")) == ["a", "b", "c"]
    assert list(matching(items, "a bird")) == []


def test_sub_is_unchanged_when_nothing_matches() -> None:
    """sub() replaces like re.sub and returns the text untouched when it cannot match."""
    phrase = Phrase(r"\bwhatever you (think|say)\b")
    assert phrase.sub("_", "ok whatever you say then") == "ok _ then"
    assert phrase.sub("_", "nothing here") == "nothing here"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a|b", ["a", "b"]),
        ("(?:a|b)c|d", ["(?:a|b)c", "d"]),
        (r"[|x]y|z\|w", ["[|x]y", r"z\|w"]),
        ("solo", ["solo"]),
    ],
)
def test_branches_split_only_at_top_level(source: str, expected: list[str]) -> None:
    """A pattern splits at bars outside groups, classes and escapes, and nowhere else."""
    assert branches(source) == expected


#: Words around and inside the risk-content net, so both answers occur often.
CONTENT_WORDS = [
    *VOCABULARY,
    "die",
    "dying",
    "killer",
    "end it",
    "ended things",
    "the other side",
    "let me go",
    "a note",
    "tablets",
    "safe",
    "safety",
    "bridge",
    "trains",
    "urges",
    "thoughts about",
    "goodbye",
    "funeral",
]


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.sampled_from(CONTENT_WORDS), min_size=1, max_size=12),
    punctuation=st.sampled_from([" ", ". ", ", ", "? ", ""]),
)
def test_any_branch_agrees_with_the_whole_alternation(words: list[str], punctuation: str) -> None:
    """AnyBranch says yes exactly when the full word alternation finds a match, for any text."""
    text = punctuation.join(words)
    assert AnyBranch(_CONTENT_FIELDS).found_in(text) == (RISK_CONTENT.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=len(ALL_PATTERNS) - 1),
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12),
    punctuation=st.sampled_from([" ", ". ", ", ", "? "]),
)
def test_found_in_agrees_with_search(index: int, words: list[str], punctuation: str) -> None:
    """Phrase.found_in (branch by branch) says yes exactly when re.search finds a match."""
    source = ALL_PATTERNS[index]
    text = punctuation.join(words)
    assert Phrase(source).found_in(text) == (re.search(source, text) is not None)


@settings(max_examples=200, deadline=None)
@given(
    index=st.integers(min_value=0, max_value=len(ALL_PATTERNS) - 1),
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12),
    punctuation=st.sampled_from([" ", ". ", ", ", "? "]),
)
def test_filtered_methods_agree_with_the_regex(
    index: int, words: list[str], punctuation: str
) -> None:
    """finditer, findall, match and sub of a Phrase give exactly what the compiled regex gives."""
    source = ALL_PATTERNS[index]
    text = punctuation.join(words)
    phrase, pattern = Phrase(source), re.compile(source)
    assert [m.span() for m in phrase.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert phrase.findall(text) == pattern.findall(text)
    assert (phrase.match(text) is None) == (pattern.match(text) is None)
    assert phrase.sub("#", text) == pattern.sub("#", text)


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        (r"\bcat\b|\bdog\b", [r"\bcat\b", r"\bdog\b"]),
        (r"(?:a|b)c", [r"(?:a|b)c"]),  # one top-level branch: kept whole
        (r"(?P<w>well) (?P=w)|other", [r"(?P<w>well) (?P=w)|other"]),  # named group
        (r"(so) \1 what|other", [r"(so) \1 what|other"]),  # a backreference
        (r"(?i)cat|dog", [r"(?i)cat|dog"]),  # inline flags
    ],
)
def test_split_branches_keeps_what_cutting_would_change(source: str, parts: list[str]) -> None:
    """Only plain alternations are cut; groups whose meaning depends on the whole stay whole."""
    assert [p.pattern.pattern for p in split_branches(Phrase(source))] == parts


def test_literals_report_strings_that_are_prefixes_of_others() -> None:
    """A string found inside a longer one starting at the same place is reported too."""
    literals = Literals(["kill", "kill myself", "ill", "my", "myself and"])
    assert literals.present("i want to kill myself") == {"kill", "kill myself", "ill", "my"}
    assert literals.present("") == set()
    assert Literals([]).present("anything") == set()
    # the empty string occurs everywhere, even in an empty text (and the search still ends)
    assert Literals(["", "ab"]).present("xab") == {"", "ab"}
    assert Literals([""]).present("") == {""}


@pytest.mark.parametrize(
    ("source", "text", "found"),
    [
        (r"\bcat\b|\b\w{7}\b", "a dog barking", True),  # the branch without a literal still runs
        (r"\bcat\b|\b\w{7}\b", "a dog barks", False),
        (r"\bcat\b|\bdog\b", "hotdog", False),
        (r"^no\b|\bnever\b", "well no, never", True),
        (r"^no\b|\bnever\b", "well no", False),  # the anchor stays with its own branch
    ],
)
def test_found_in_runs_every_branch_that_can_match(source: str, text: str, found: bool) -> None:
    """found_in tries unfiltered branches and keeps anchors and word boundaries per branch."""
    assert Phrase(source).found_in(text) is found
    assert (re.search(source, text) is not None) is found


@pytest.mark.parametrize(
    ("source", "parts"),
    [
        (r"\b(?:cat|dog)\b", [r"\b(?:cat)\b", r"\b(?:dog)\b"]),
        (r"(?:cat|dog)", [r"(?:cat)", r"(?:dog)"]),
        (r"\b(?:cat|dog) (?:a|b)\b", [r"\b(?:cat|dog) (?:a|b)\b"]),  # the group is not the whole
        (r"(?:cat|dog)+", [r"(?:cat|dog)+"]),  # a repeated group is not a wrapper
        (r"\b(?:cat|[)|]|dog\))\b", [r"\b(?:cat)\b", r"\b(?:[)|])\b", r"\b(?:dog\))\b"]),
    ],
)
def test_split_branches_opens_a_group_around_the_whole_pattern(
    source: str, parts: list[str]
) -> None:
    """A pattern that is one wrapped alternation is cut into its branches, each wrapped alike."""
    assert [p.pattern.pattern for p in split_branches(Phrase(source))] == parts


@settings(max_examples=300, deadline=None)
@given(
    lexicon=st.integers(min_value=0, max_value=len(LEXICONS) - 1),
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12),
    punctuation=st.sampled_from([" ", ". ", ", ", "? "]),
)
def test_phrase_index_possible_keeps_every_match(
    lexicon: int, words: list[str], punctuation: str
) -> None:
    """possible() lists, in order, every phrase that matches (so skipping the rest is safe)."""
    items = LEXICONS[lexicon]
    text = punctuation.join(words)
    index = PhraseIndex((position, phrase) for position, (_, phrase) in enumerate(items))
    possible = index.possible(text)
    assert possible == sorted(possible)
    matched = [i for i, (_, phrase) in enumerate(items) if phrase.pattern.search(text)]
    assert set(matched) <= set(possible)
