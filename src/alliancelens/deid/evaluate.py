"""Measure de-identification recall on a PHI-annotated test set (ours is synthetic).

A PHI span counts as *removed* when every character of it lies inside detected spans (so the
placeholder hides all of it), and as *touched* when any character does; a removed span is
*labelled* right when every placeholder over it has the span's type (an SSN as ``ID``, not
``PHONE``). Precision is the share of
detected spans that overlap some annotated PHI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from alliancelens.deid.engine import Detection, PhiDetector

__all__ = ["Example", "Score", "evaluate", "load_examples", "parse_line", "shipped_test_set"]

_MARK = re.compile(r"\{([A-Z]+):([^{}]+)\}")


@dataclass(frozen=True, slots=True)
class Example:
    """One test utterance with its gold PHI spans ``(start, end, type)``."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


@dataclass
class Score:
    """Counts per PHI type and overall."""

    gold: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    touched: dict[str, int] = field(default_factory=dict)
    #: Removed spans whose placeholders all carry the span's own type (an SSN as ``[ID-n]``).
    labelled: dict[str, int] = field(default_factory=dict)
    detections: int = 0
    false_detections: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        """Share of gold spans fully removed (of ``kind``, or all)."""
        gold = self.gold.get(kind, 0) if kind else sum(self.gold.values())
        hit = self.removed.get(kind, 0) if kind else sum(self.removed.values())
        return hit / gold if gold else 1.0

    def label_accuracy(self) -> float:
        """Share of removed spans replaced under their own type's placeholder."""
        removed = sum(self.removed.values())
        return sum(self.labelled.values()) / removed if removed else 1.0

    def partial_recall(self) -> float:
        """Share of gold spans at least partly covered."""
        gold = sum(self.gold.values())
        return sum(self.touched.values()) / gold if gold else 1.0

    @property
    def precision(self) -> float:
        """Share of detections that overlap annotated PHI."""
        if not self.detections:
            return 1.0
        return (self.detections - self.false_detections) / self.detections


def parse_line(line: str) -> Example:
    """An example from a line with ``{TYPE:text}`` marks."""
    text: list[str] = []
    spans: list[tuple[int, int, str]] = []
    last = 0
    length = 0
    for match in _MARK.finditer(line):
        before = line[last : match.start()]
        text.append(before)
        length += len(before)
        spans.append((length, length + len(match.group(2)), match.group(1)))
        text.append(match.group(2))
        length += len(match.group(2))
        last = match.end()
    text.append(line[last:])
    return Example("".join(text), tuple(spans))


def load_examples(path: Path) -> list[Example]:
    """Examples from a file (blank lines and ``#`` comments skipped)."""
    lines = path.read_text("utf-8").splitlines()
    return [parse_line(line) for line in lines if line.strip() and not line.startswith("#")]


def shipped_test_set() -> Path:
    """Path of the synthetic PHI test set shipped with AllianceLens."""
    return Path(str(resources.files("alliancelens.deid") / "data" / "synthetic-phi.txt"))


def evaluate(examples: Iterable[Example], detector: PhiDetector) -> Score:
    """Run the detector over every example and count."""
    score = Score()
    for example in examples:
        found = detector.detect(example.text)
        _count(score, example, found)
    return score


def _count(score: Score, example: Example, found: list[Detection]) -> None:
    covered: set[int] = set()
    for det in found:
        covered.update(range(det.start, det.end))
    gold_chars: set[int] = set()
    for start, end, kind in example.spans:
        gold_chars.update(range(start, end))
        # separators inside a span ("Road, SW1A") reveal nothing once the words are replaced
        chars = {i for i in range(start, end) if example.text[i].isalnum()}
        score.gold[kind] = score.gold.get(kind, 0) + 1
        if chars <= covered:
            score.removed[kind] = score.removed.get(kind, 0) + 1
            labels = {d.label for d in found if d.start < end and d.end > start}
            if labels == {kind}:
                score.labelled[kind] = score.labelled.get(kind, 0) + 1
        else:
            score.missed.append((kind, example.text[start:end]))
        if chars & covered:
            score.touched[kind] = score.touched.get(kind, 0) + 1
    score.detections += len(found)
    score.false_detections += len(
        [det for det in found if not set(range(det.start, det.end)) & gold_chars]
    )
