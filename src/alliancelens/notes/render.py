"""Render a note as plain text, Markdown, HTML or PDF (PDF needs the optional ``pdf`` extra).

Every rendering keeps the DRAFT notice on top and each sentence's evidence next to it, so the
clinician can check a sentence against the transcript before signing.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from alliancelens.errors import UsageError
from alliancelens.notes._transcript_text import indexes
from alliancelens.notes.model import Evidence, Note

__all__ = ["evidence_label", "to_html", "to_markdown", "to_pdf", "to_text"]

_TITLES = {"soap": "SOAP", "dap": "DAP", "birp": "BIRP"}


def evidence_label(evidence: Sequence[Evidence]) -> str:
    """A short reading of a sentence's evidence: utterance indexes, measures and analysers.

    A long list of utterances is cut after :data:`~alliancelens.notes._transcript_text.
    MAX_LISTED` with the count (QA40 #13); the JSON note keeps every one.
    """
    utterances = [int(e.details["index"]) for e in evidence if e.kind == "utterance"]
    parts = []
    if utterances:
        parts.append(f"utterance {indexes(dict.fromkeys(utterances))}")
    for e in evidence:
        if e.kind == "measure":
            rater = e.details.get("completed_by", "client")  # another rater's form says so
            by = f" (completed by {rater})" if rater != "client" else ""
            parts.append(f"{e.details['measure']}{by} {e.details['date']}")
        elif e.kind == "finding":
            parts.append(str(e.details["analyser"]))
    return "; ".join(dict.fromkeys(parts))


def _title(note: Note) -> str:
    name = str(note.session)
    if not name.casefold().startswith("session"):  # an id like "session-02" names itself
        name = f"session {name}"
    return f"DRAFT {_TITLES[note.format]} progress note — {name}"


def to_text(note: Note) -> str:
    """Plain text: title, notice, then each section with bulleted sentences and evidence."""
    lines = [_title(note), "", note.notice]
    for section in note.sections:
        lines += ["", section.name.upper()]
        for s in section.sentences:
            label = evidence_label(s.evidence)
            lines.append(f"- {s.text}" + (f" [evidence: {label}]" if label else ""))
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_[]<>#|" else c for c in text)


def to_markdown(note: Note) -> str:
    """Markdown: ``#`` title, the notice as a quote, ``##`` per section, evidence in italics."""
    lines = [f"# {_md_escape(_title(note))}", "", f"> **{_md_escape(note.notice)}**"]
    for section in note.sections:
        lines += ["", f"## {section.name}", ""]
        for s in section.sentences:
            label = evidence_label(s.evidence)
            suffix = f" *(evidence: {_md_escape(label)})*" if label else ""
            lines.append(f"- {_md_escape(s.text)}{suffix}")
    return "\n".join(lines) + "\n"


_CSS = (
    "body{font-family:sans-serif;font-size:11pt;margin:2em}"
    ".notice{border:2px solid #b00;padding:.5em;color:#b00;font-weight:bold}"
    ".evidence{color:#555;font-size:9pt}"
)


def to_html(note: Note) -> str:
    """A standalone HTML page (no external resources), the input for PDF export."""
    body = [
        f"<h1>{html.escape(_title(note))}</h1>",
        f'<p class="notice">{html.escape(note.notice)}</p>',
    ]
    for section in note.sections:
        body.append(f"<h2>{html.escape(section.name)}</h2><ul>")
        for s in section.sentences:
            label = evidence_label(s.evidence)
            ev = f' <span class="evidence">(evidence: {html.escape(label)})</span>' if label else ""
            body.append(f"<li>{html.escape(s.text)}{ev}</li>")
        body.append("</ul>")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(_title(note))}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def to_pdf(note: Note) -> bytes:
    """PDF bytes via WeasyPrint (optional ``pdf`` extra); UsageError says how to install it."""
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UsageError(
            "PDF export needs the optional 'pdf' extra: pip install 'alliancelens[pdf]' "
            "(or choose a .txt or .md output)"
        ) from exc
    pdf: bytes = HTML(string=to_html(note)).write_pdf()
    return pdf
