"""JSON paths for messages (``sessions[0].utterances[3].speaker``) and the line of each value.

``json`` does not report where a value was, so :func:`value_lines` walks the tokens of a document
that has already parsed and records the line each value starts on, keyed by its path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

__all__ = ["Path", "format_path", "value_lines"]

Path = tuple[str | int, ...]

# A valid document only: strings (no raw newlines in strict JSON), punctuation, bare literals.
_LEXEME = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def format_path(path: Iterable[str | int]) -> str:
    """``("sessions", 0, "text")`` → ``sessions[0].text``; the empty path is ``(top level)``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def value_lines(text: str) -> dict[Path, int]:
    """Return the 1-based line on which each value of valid JSON ``text`` starts, by path."""
    lines: dict[Path, int] = {}
    keys: list[str | int] = []  # the path to the value being read
    containers: list[str] = []  # "{" or "[" for each open container
    expect_key = False
    line, last = 1, 0
    for match in _LEXEME.finditer(text):
        lexeme = match.group()
        line += text.count("\n", last, match.start())
        last = match.start()
        if lexeme == ":":
            continue
        if lexeme == ",":
            if containers[-1] == "[":
                index = keys[-1]
                keys[-1] = index + 1 if isinstance(index, int) else 0
            else:
                expect_key = True
        elif lexeme in "}]":
            containers.pop()
            keys.pop()
            expect_key = False
        elif expect_key:
            keys[-1] = str(json.loads(lexeme))
            expect_key = False
        else:
            lines[tuple(keys)] = line
            if lexeme in "{[":
                containers.append(lexeme)
                keys.append(0)
                expect_key = lexeme == "{"
    return lines
