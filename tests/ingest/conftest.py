"""Fixtures for reader tests: write transcript files and Word documents into tmp_path."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
import pytest

WriteFile = Callable[[str, str | bytes], Path]
MakeDocx = Callable[[Sequence[str]], bytes]


@pytest.fixture
def write(tmp_path: Path) -> WriteFile:
    """Write text (UTF-8) or bytes to ``tmp_path / name`` and return the path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return _write


@pytest.fixture
def make_docx() -> MakeDocx:
    """Build a .docx document with one paragraph per string (``\\n`` becomes a line break)."""

    def _make(paragraphs: Sequence[str]) -> bytes:
        document = docx.Document()
        for text in paragraphs:
            paragraph = document.add_paragraph()
            for number, part in enumerate(text.split("\n")):
                run = paragraph.add_run(part)
                if number < text.count("\n"):
                    run.add_break()
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    return _make
