"""Which ``Name:`` prefixes are speakers: shared by plain text, DOCX, WebVTT and SRT.

A prefix that starts two or more turns, has a role word, or is named with ``--therapist`` /
``--client`` is always a speaker. A prefix that starts only **one** turn (a family member or a
group member who speaks once) is a speaker too when it is written like a name: every word starts
with a capital letter or a digit (``Dad``, ``Daniel Park``, ``Unknown Speaker``, ``Speaker 3``),
apart from name particles (``de``, ``van`` …). Folding such a turn into the previous speaker's
would hide what that person said from risk screening, so the safer reading wins, and a warning
names the line. A one-off prefix written in lower case (``so anyway: no``) or starting with an
annotation word (``Note:``, ``NB:``, ``Edit:`` …) stays text of the turn before, again with a
warning that names the line. Warnings give line numbers only, never the label or the text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from alliancelens.ingest.roles import role_from_label

__all__ = ["ANNOTATION_WORDS", "SpeakerLabels", "folded_names"]

#: First words of a one-off ``Word:`` prefix that annotate a transcript rather than name a speaker.
ANNOTATION_WORDS = frozenset(
    {"note", "notes", "nb", "ps", "edit", "update", "example", "comment", "comments", "summary",
     "transcriber", "subject", "re", "agenda", "homework", "todo", "warning", "caution", "date",
     "time", "title", "transcript", "duration", "location", "recorded", "attendees", "meeting",
     "topic", "keywords", "page", "monday", "tuesday", "wednesday", "thursday", "friday",
     "saturday", "sunday"}
)  # fmt: skip
#: Lower-case words allowed inside a name written like a name (``Ana de la Cruz``).
_PARTICLES = frozenset(
    {"de", "del", "della", "da", "das", "do", "dos", "di", "du", "la", "le", "van", "von", "der",
     "den", "ter", "bin", "binti", "al", "el", "y", "e", "of", "mc", "st"}
)  # fmt: skip
_MAX_LISTED = 5


def folded_names(names: Iterable[str]) -> frozenset[str]:
    """``--therapist``/``--client`` names as compared with labels (case and spacing ignored)."""
    return frozenset(" ".join(name.split()).casefold() for name in names if name.strip())


def _name_shaped(label: str) -> bool:
    words = label.split()
    if not words or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    if words[0].casefold().rstrip(".") in ANNOTATION_WORDS:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in _PARTICLES for w in words)


class SpeakerLabels:
    """Decides, from every candidate prefix in a file, which labels are speakers."""

    def __init__(self, candidates: Iterable[str], names: Collection[str] = ()) -> None:
        self._counts = Counter(candidates)
        self._names = folded_names(names)
        self.speakers = frozenset(label for label in self._counts if self._accepts(label))
        self.one_off_lines: list[int] = []  # one-off labels read as speakers
        self.text_lines: list[int] = []  # label-shaped prefixes read as text

    def _accepts(self, label: str) -> bool:
        if self._counts[label] >= 2 or role_from_label(label) is not None:
            return True
        return " ".join(label.split()).casefold() in self._names or _name_shaped(label)

    def is_speaker(self, label: str, line: int) -> bool:
        """Whether ``label`` (a candidate prefix on ``line``) starts a turn; notes one-offs."""
        if label in self.speakers:
            if self._counts[label] == 1 and role_from_label(label) is None:
                self.one_off_lines.append(line)
            return True
        self.text_lines.append(line)
        return False

    def warnings(self) -> list[str]:
        """What the user should check: one-off speakers and prefixes read as text (lines only)."""
        out: list[str] = []
        if self.one_off_lines:
            out.append(
                f"{len(self.one_off_lines)} speaker label(s) start only one turn "
                f"({_lines(self.one_off_lines)}); each is read as its own speaker so that what "
                "they said is analysed and screened; if one is ordinary text, join it to the "
                "line before"
            )
        if self.text_lines:
            out.append(
                f"{len(self.text_lines)} line(s) start like a speaker label but are read as text "
                f"of the turn before ({_lines(self.text_lines)}); if one is a speaker, pass "
                "--client LABEL (or --therapist LABEL)"
            )
        return out


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in sorted(numbers)[:_MAX_LISTED])
    more = f" and {len(numbers) - _MAX_LISTED} more" if len(numbers) > _MAX_LISTED else ""
    return f"line(s) {shown}{more}"
