"""Terminal rendering of rupture episodes (3RS) and the working-alliance estimate (Bordin).

Both are estimates from the transcript and say so. An analyser that failed, was skipped or was
not in the pipeline shows as *not analysed*, never as "no ruptures" or a neutral score.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from alliancelens.analysers import AnalysisResult
from alliancelens.cli._output import markup_text
from alliancelens.domain import RunStatus
from alliancelens.domain.clock import clock
from alliancelens.report import ALLIANCE_INDEX_MEANING, ALLIANCE_NO_PAIR, plain_label

__all__ = ["render_alliance", "render_ruptures"]

_TOP_EVIDENCE = 3


def _value(result: AnalysisResult, kind: str) -> Any:
    return next((f.value for f in result.findings if f.kind == kind), None)


def _not_analysed(result: AnalysisResult, name: str) -> str | None:
    run = result.run_of(name)
    if run is None:
        return "not in the pipeline"
    if run.status is RunStatus.OK:
        return None
    return f"{run.status.value}: {run.reason or 'no reason given'}"


def _clock(seconds: float | None) -> str:
    """`` (1:13:05)`` after a span: the dashboard's clock (QA42 #9); ``""`` when unknown."""
    shown = clock(seconds)
    return f" ({shown})" if shown else ""


def _label(identifier: str) -> str:
    return plain_label(identifier, or_as="/")


#: W6 (content/affect split) is read from transcriber notes such as "(laughs)"; without any,
#: it is not assessable rather than absent (clinical-reference §5.7; docs/analysers/ruptures.md).
_W6_NOT_ASSESSABLE = "W6 content/affect split: not assessable (no transcriber notes)."


def _no_notes(result: AnalysisResult) -> bool:
    """True when the rupture summary says the transcript holds no transcriber notes."""
    summary = next((f for f in result.findings if f.kind == "ruptures.summary"), None)
    return summary is not None and summary.evidence.scores.get("transcriber_notes") == 0.0


def render_ruptures(result: AnalysisResult) -> RenderableType:
    """Rupture episodes: kind, span, markers, strategies and whether the client re-engaged."""
    # The ruptures package loads numpy and the shipped models: imported when rendering.
    from alliancelens.analysers.ruptures import MARKER_CODES, STRATEGY_CODES  # noqa: PLC0415

    problem = _not_analysed(result, "ruptures.detector")
    if problem is not None:
        return markup_text(f"[yellow]Ruptures: not analysed ({escape(problem)})[/]")
    episodes = _value(result, "ruptures.summary") or []
    if not episodes:
        return Text(
            "Ruptures (3RS estimate): no rupture episode detected. A session without ruptures "
            "is not necessarily a better one."
            + (f"\n{_W6_NOT_ASSESSABLE}" if _no_notes(result) else "")
        )
    table = Table(
        title="Ruptures (3RS estimate; openings to explore, not failures)",
        title_justify="left",
        caption=_W6_NOT_ASSESSABLE if _no_notes(result) else None,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("Kind", "Utterances", "Markers", "Therapist strategies", "Resolved"):
        table.add_column(column)
    for episode in episodes:
        span = f"{episode['start_index']}–{episode['end_index']}{_clock(episode['start'])}"
        markers = ", ".join(f"{MARKER_CODES[m]} {_label(m)}" for m in episode["markers"])
        strategies = ", ".join(
            f"{STRATEGY_CODES[s]} {_label(s)}" for s in episode["resolution_strategies"]
        )
        resolved = (
            f"yes, re-engaged at #{episode['resolution_index']}" if episode["resolved"] else "no"
        )
        table.add_row(episode["kind"], span, markers, strategies or "none", resolved)
    return table


def render_alliance(result: AnalysisResult) -> RenderableType:
    """Goal, task and bond sub-scores with the utterances that moved them most."""
    problem = _not_analysed(result, "alliance.bordin")
    if problem is not None:
        return markup_text(f"[yellow]Alliance: not analysed ({escape(problem)})[/]")
    value = _value(result, "alliance.summary")
    if not isinstance(value, dict):
        if not result.session.has_therapist_client_pair:
            return Text(f"Alliance: {ALLIANCE_NO_PAIR}.")
        return markup_text("[yellow]Alliance: not analysed (no result)[/]")
    table = Table(
        title=f"Alliance estimate (Bordin): index {value['index']:.0f}/100",
        title_justify="left",
        caption=escape(f"{value['perspective']} {ALLIANCE_INDEX_MEANING}"),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("Part", "Score", "+ / −", "Moved most by (utterance: signal)"):
        table.add_column(column)
    for part in ("goal", "task", "bond"):
        scores = value[part]
        top = ", ".join(
            f"#{e['index']}: {_label(e['signal'])} ({e['weight']:+g})"
            for e in scores["evidence"][:_TOP_EVIDENCE]
        )
        table.add_row(
            part,
            f"{scores['score']:.0f}",
            f"{scores['positive']:g} / {scores['negative']:g}",
            escape(top) or "no evidence (neutral 50)",
        )
    return table
