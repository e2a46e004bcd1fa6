"""Timed cues (WebVTT, SRT) to speaker turns: speaker markers, merging, order checks.

Shared by :mod:`~alliancelens.ingest.vtt` and :mod:`~alliancelens.ingest.srtfmt`. A cue line
names its speaker with a voice tag ``<v Name>``, a ``Name:`` prefix or a ``[Name]`` prefix
(optionally after a dialogue dash ``- ``). A ``Name:``/``[Name]`` prefix of at most four words
counts as a speaker when it is a role word (``Therapist``, ``Client``, ``T`` …), a voice name,
starts at least two cue lines in the file, is named with ``--therapist``/``--client``, or starts
one cue line and is written like a name (:mod:`alliancelens.ingest._labels`, which warns about
one-off speakers and about prefixes kept as text, such as ``so anyway: no``). Sound notes such as
``[laughs]`` or ``[music playing]`` are never speakers.

Lines without a speaker continue the current speaker. Consecutive cues of the same speaker are
merged into one utterance that starts with the first cue and ends with the last. A cue holding
several speakers' lines shares its time between them in proportion to their words, so the second
is not an overlap of the first (QA42 item 7). A cue may start up to :data:`MAX_BACK_STEP` seconds
before the cue before it (crosstalk exported out of order): it is read in file order with that
cue's start, with a warning; a larger back-step is refused (QA42 item 8). A cue repeated
right after itself (same times, same text: a doubled export) is read once, and a cue line holding
only sound notes (``[crying]``, ``(inaudible)``) is left out rather than credited to whoever spoke
before it; warnings give the count and lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from alliancelens.errors import ParseError, TimestampOrderError
from alliancelens.ingest._labels import SpeakerLabels
from alliancelens.ingest.base import RawTranscript, RawTurn

__all__ = ["Cue", "cues_to_transcript"]

# No '<' inside a tag and possessive quantifiers: matching stays linear on hostile input.
_VOICE = re.compile(r"<v(?:\.[^\s<>.]*+)*+[ \t]++([^<>]+)>")
_TAG = re.compile(r"<[^<>]*+>|\{\\[^{}]*+\}")  # <i>, <c.x>, <00:01.000>, SSA {\an8}
_DASH = r"^\s*(?:-\s+)?"
_COLON_LABEL = re.compile(
    _DASH + r"(?P<label>[^\W\d_][^:\[\]()<>\n?!;,\"]{0,39}?)\s*:(?:\s+(?P<text>.*)|\s*$)"
)
_BRACKET_LABEL = re.compile(
    _DASH + r"\[(?P<label>[^\W\d_][^:\[\]<>\n]{0,39}?)\s*\]\s*:?(?:\s+(?P<text>.*)|\s*$)"
)
_MAX_LABEL_WORDS = 4
_NOTE = re.compile(r"[\[(]([^\[\]()]*)[\])]")
#: First words of bracketed notes that describe sounds, not speakers (``[laughs] Yes``).
SOUND_WORDS = frozenset(
    {
        "applause", "background", "coughs", "cough", "crosstalk", "cries", "crying", "inaudible",
        "indistinct", "laughing", "laughs", "laughter", "music", "noise", "overlapping", "pause",
        "sighs", "sigh", "silence", "static", "unintelligible",
    }
)  # fmt: skip


@dataclass(slots=True)
class Cue:
    """One timed cue: the line of its timing line, times in seconds, numbered text lines."""

    line: int
    start: float
    end: float
    text: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Piece:
    speaker: str | None
    label: str | None  # a Name:/[Name] candidate, decided once all labels are counted
    text: str  # the text after the voice tag or label
    line: int
    whole: str = ""  # the whole text, used when the label turns out not to be a speaker


def clean(text: str) -> str:
    """Cue text without markup tags, with HTML entities decoded and spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def _label(text: str) -> tuple[str, str] | None:
    for pattern in (_COLON_LABEL, _BRACKET_LABEL):
        match = pattern.match(text)
        if match is not None:
            label = " ".join(match.group("label").split())
            words = label.casefold().split()
            if len(words) <= _MAX_LABEL_WORDS and words[0] not in SOUND_WORDS:
                return label, match.group("text") or ""
    return None


def _pieces(line: int, raw: str) -> list[_Piece]:
    """Split one cue line at voice tags; text before the first tag keeps the current speaker."""
    parts = _VOICE.split(raw)
    pieces: list[_Piece] = []
    lead = clean(parts[0])
    if lead:
        found = _label(lead)
        if found is None:
            pieces.append(_Piece(None, None, lead, line))
        else:
            pieces.append(_Piece(None, found[0], clean(found[1]), line, whole=lead))
    for name, text in zip(parts[1::2], parts[2::2], strict=True):
        pieces.append(_Piece(" ".join(name.split()) or None, None, clean(text), line))
    return pieces


#: A cue may start at most this many seconds before the cue before it (crosstalk exported out of
#: order); it is then read with that cue's start, with a warning (QA42 item 8).
MAX_BACK_STEP = 2.0


def _check_times(cues: list[Cue]) -> list[int]:
    """Refuse cues that end before they start or step back more than :data:`MAX_BACK_STEP`.

    A smaller back-step is moved to the start of the cue before it (the cue keeps its place in
    the file); returns the lines of the cues so moved.
    """
    previous: Cue | None = None
    moved: list[int] = []
    for cue in cues:
        if cue.end < cue.start:
            raise TimestampOrderError(
                f"cue ends ({cue.end:g} s) before it starts ({cue.start:g} s)",
                line=cue.line,
                hint="fix the cue's time line",
            )
        if previous is not None and cue.start < previous.start:
            if previous.start - cue.start > MAX_BACK_STEP:
                raise TimestampOrderError(
                    f"cue starts earlier ({cue.start:g} s) than the cue before it"
                    f" ({previous.start:g} s)",
                    line=cue.line,
                    hint=f"cues must be in time order: sort the cues by start time or fix this "
                    f"cue's time line (a cue up to {MAX_BACK_STEP:g} s early, as overlapping "
                    "speech is often exported, is accepted)",
                )
            moved.append(cue.line)
            cue.start = previous.start
            cue.end = max(cue.end, cue.start)
        previous = cue
    return moved


def _unique(cues: list[Cue]) -> tuple[list[Cue], list[int]]:
    """``cues`` without a cue that repeats the one before it; and the repeats' lines."""
    kept: list[Cue] = []
    repeated: list[int] = []
    for cue in cues:
        if kept and (cue.start, cue.end, [t for _, t in cue.text]) == (
            kept[-1].start,
            kept[-1].end,
            [t for _, t in kept[-1].text],
        ):
            repeated.append(cue.line)
        else:
            kept.append(cue)
    return kept, repeated


def _sound_only(text: str) -> bool:
    """Whether ``text`` is nothing but bracketed sound notes (``[crying] (sighs)``)."""
    notes = _NOTE.findall(text)
    rest = _NOTE.sub("", text).strip(" .,")
    return (
        bool(notes)
        and not rest
        and all((n.split() or [""])[0].casefold() in SOUND_WORDS for n in notes)
    )


def _cue_warnings(repeated: list[int], sounds: list[int], moved: list[int]) -> list[str]:
    warnings: list[str] = []
    if moved:
        warnings.append(
            f"{len(moved)} cue(s) start up to {MAX_BACK_STEP:g} s before the cue before them "
            "(overlapping speech exported out of time order) and were read in file order with "
            f"the start of the cue before (line(s) {', '.join(str(n) for n in moved[:5])})"
        )
    if repeated:
        warnings.append(
            f"{len(repeated)} cue(s) repeat the cue before them (same times and text) and were "
            f"read once (line(s) {', '.join(str(n) for n in repeated[:5])})"
        )
    if sounds:
        warnings.append(
            f"{len(sounds)} cue line(s) hold only sound notes such as [crying] with no speaker "
            f"and were left out, not credited to the speaker before them (line(s) "
            f"{', '.join(str(n) for n in sounds[:5])})"
        )
    return warnings


@dataclass(slots=True)
class _Share:
    """The part of one cue that goes to one turn: its words, and whether the turn starts here."""

    turn: RawTurn
    words: int
    started: bool


def _split_cue_time(cue: Cue, shares: list[_Share]) -> None:
    """Share the time of a cue holding several speakers' lines in proportion to their words.

    Otherwise each would get the whole cue, and the second would look like an interruption
    of the first (QA42 item 7). A turn carried on from an earlier cue keeps its start.
    """
    if len(shares) < 2:
        return
    weights = [max(share.words, 1) for share in shares]
    total = sum(weights)
    duration = cue.end - cue.start
    done = 0
    for share, weight in zip(shares, weights, strict=True):
        start = round(cue.start + duration * done / total, 3)
        done += weight
        if share.started:
            share.turn.start = start
        share.turn.end = round(cue.start + duration * done / total, 3)


def cues_to_transcript(cues: list[Cue], *, names: Collection[str] = ()) -> RawTranscript:
    """Turn cues into merged speaker turns; raise :class:`ParseError` if the first has none.

    ``names`` are the ``--therapist``/``--client`` labels: they always count as speakers.
    """
    moved = _check_times(cues)
    cues, repeated = _unique(cues)
    sounds: list[int] = []
    pieces = [[p for number, raw in cue.text for p in _pieces(number, raw)] for cue in cues]
    voices = {p.speaker for cue in pieces for p in cue if p.speaker is not None}
    labels = SpeakerLabels(
        (p.label for cue in pieces for p in cue if p.label is not None), [*names, *voices]
    )
    raw = RawTranscript(turns=[])
    current: RawTurn | None = None
    for cue, cue_pieces in zip(cues, pieces, strict=True):
        shares: list[_Share] = []  # the turns this cue's lines go to, in order
        for piece in cue_pieces:
            speaker = piece.speaker or (
                piece.label
                if piece.label is not None and labels.is_speaker(piece.label, piece.line)
                else None
            )
            text = piece.text if speaker is not None or piece.label is None else piece.whole
            if speaker is None and _sound_only(text):
                sounds.append(piece.line)
                continue
            if speaker is not None and (current is None or speaker != current.speaker):
                current = RawTurn(speaker, text, line=cue.line, start=cue.start, end=cue.end)
                raw.turns.append(current)
                shares.append(_Share(current, len(text.split()), started=True))
                continue
            if current is None:
                raise ParseError(
                    "the first cue names no speaker",
                    line=piece.line,
                    hint="start cue text with '<v Name>', 'Name:' or '[Name]', e.g. "
                    "'Therapist: ...'",
                )
            current.text = f"{current.text} {text}".strip()
            current.end = cue.end
            if shares and shares[-1].turn is current:
                shares[-1].words += len(text.split())
            else:
                shares.append(_Share(current, len(text.split()), started=False))
        _split_cue_time(cue, shares)
    if not raw.turns:
        raise ParseError(
            "no cue has any text",
            line=cues[0].line if cues else None,
            hint="export the transcript with speaker names",
        )
    raw.warnings.extend([*labels.warnings(), *_cue_warnings(repeated, sounds, moved)])
    return raw
