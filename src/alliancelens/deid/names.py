"""Names that NER misses, found from context.

Four cues: capitalised words where English does not capitalise, sentence-initial words
followed by a name-like continuation, sentence-initial words with a possessive "'s", and
social-media handles (``@name``, ``first.last99``).

Therapy talk is mostly lower-case apart from sentence starts, "I" and proper nouns, so a
capitalised word inside a sentence is very often a name. Common capitalised non-names (days,
months, holidays, family words used as names like "Mum") are listed and skipped; this favours
recall, as de-identification should: a brand or a town may be replaced as a name.
"""

from __future__ import annotations

import re

__all__ = ["NOT_NAMES", "NOT_POSSESSIVE_NAMES", "contextual_names"]

NOT_NAMES = frozenset(
    """
    I I'm I've I'd I'll Im Ive OK Okay TV God Mum Mom Dad Mummy Daddy Nan Nana Gran Granny
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Christmas Easter Halloween Eid Diwali
    Ramadan Hanukkah Thanksgiving New Year Years English Spanish French British American
    Internet Facebook Instagram WhatsApp Google Zoom Netflix AA NA Covid COVID CBT DBT ADHD
    PTSD OCD GP ER A&E NHS Hmm Um Uh Yeah Yes No Well So And But Or The A An My Our Your His
    Her Their We You He She It They This That These Those There Here What When Where Why How
    Who Which Honestly Actually Anyway Maybe Then Now Please Thanks Thank Sorry Oh Also Just
    Because If Since After Before Sometimes Last Next Every Each Some Any All Most Not Never
    Always Still Even Only Right Sure Fine Good Great Really Like Mm Uhm Er Ah Therapist Client
    Hi Hello Hey Dear Bye Morning Evening Afternoon Night Welcome
    On In At For With To From Of By About Into Over Under Through During Without Within Between
    Call Ask Tell Text Ring Phone Email Send Write Meet See Get Go Come Let Give Take Make Keep
    Try Remember Say Talk Check Help Leave Bring Look Wait Stop Put Find Show Read Pick Drop
    Counselor Counsellor Doctor Dr Mr Mrs Ms Miss Mx Prof Street Road
    Snapchat TikTok Twitter YouTube LinkedIn Reddit Discord Telegram Messenger iPhone Android
    Spotify Amazon Uber
    """.split()  # noqa: SIM905 - a word list reads best as text
)
_FOLLOWERS = (
    r"said|says|told|tells|asked|asks|wants|wanted|keeps|kept|thinks|thought|never|always|"
    r"doesn't|didn't|won't|can't|has|had|was|is|and|from|turned|called|phoned|texted|"
    r"brought|covered|left|came|comes|went|goes|knows|knew|hates|loves|says"
)
#: A capitalised word, Latin-1 letters included ("Siobhán", "Zoë"; QA34 #3).
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_CAP = rf"[{_UPPER}][{_LOWER}]+(?:'[{_LOWER}]+)?"
# a capitalised word after a lower-case word or a comma, i.e. not at a sentence start
_INSIDE = re.compile(rf"(?<=[a-z,;] )({_CAP}(?:\s+{_CAP})?)")
# a sentence-initial capitalised word followed by a second capitalised word or a verb
_START = re.compile(rf"(?:^|(?<=[.!?:] ))({_CAP})(?=\s+(?:({_CAP})\b|(?:{_FOLLOWERS})\b))")


#: Capitalised words that open a sentence with "'s" without being names ("Everyone's tired",
#: "Today's session"); the words of NOT_NAMES are skipped too.
NOT_POSSESSIVE_NAMES = frozenset(
    """
    Everyone Everybody Everything Someone Somebody Something Nobody Nothing Anyone Anybody
    Anything Today Tonight Tomorrow Yesterday Life Work Mother Father Brother Sister Husband Wife
    Son Daughter Partner Boss Friend Family Baby Kid Child Money Time Year Week Month Day Home
    Nobody Other Another One Two Three Mine Yours
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# a sentence-initial capitalised word with a possessive "'s" ("Anjali's 34 now"): QA27 #4
_START_POSSESSIVE = re.compile(rf"(?:^|(?<=[.!?:] ))([{_UPPER}][{_LOWER}]+)(?=['\u2019]s\b)")
# a social-media handle ("@sam_ortiz_88") or a dotted/underscored user name ending in digits
# ("sam.ortiz88"): they usually hold the person's own name (QA27 #4)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]*[A-Za-z0-9_]|\b[a-z]+[._][a-z]+\d+\b")


def _is_name(word: str) -> bool:
    return word not in NOT_NAMES and word.split("'", maxsplit=1)[0] not in NOT_NAMES


def _keep(words: str) -> tuple[int, int] | None:
    """The span (relative to ``words``) of its name words, or None ("Hi Sarah" -> "Sarah")."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", words) if _is_name(m.group())]
    if not spans:
        return None
    return spans[0][0], spans[-1][1]


def contextual_names(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` spans of likely names that NER may miss."""
    spans: list[tuple[int, int]] = []
    for pattern in (_INSIDE, _START):
        for match in pattern.finditer(text):
            following = match.group(2) if pattern is _START else None
            if following is not None and not _is_name(following):
                continue  # "On Monday", "So Mum": the next word is not a name either
            kept = _keep(match.group(1))
            if kept is not None:
                spans.append((match.start(1) + kept[0], match.start(1) + kept[1]))
    for match in _START_POSSESSIVE.finditer(text):
        if _is_name(match.group(1)) and match.group(1) not in NOT_POSSESSIVE_NAMES:
            spans.append(match.span(1))
    spans.extend(match.span() for match in _HANDLE.finditer(text))
    return spans
