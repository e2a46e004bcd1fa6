"""Terminal rendering of ``alliancelens insights``: insights with evidence, and trends.

Plain words for clinicians (QA29 #11): metrics under the session report's own labels
(``Open questions``, not ``skills.percent_open_questions``), ratios the report shows as
percentages as percentages, evidence as ``session 6: ORS 16, threshold 5`` instead of internal
keys, and one block of rows per client. ``--json`` keeps the keys (cli/insights.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from alliancelens.insights import Caseload, Insight, InsightEvidence, TherapistSummary, Trend
    from alliancelens.measures import MeasureDefinition

__all__ = [
    "evidence_text",
    "metric_label",
    "ordinal",
    "p_text",
    "reliable_change_notes",
    "render_insights",
    "render_therapist_summary",
    "render_trends",
]

#: Transcript metrics in the session report's words (cli/_render_skills.py, _render_alliance.py).
METRIC_LABELS: Final = {
    "alliance.index": "Alliance index (0–100)",
    "alliance.goal": "Alliance: goal",
    "alliance.task": "Alliance: task",
    "alliance.bond": "Alliance: bond",
    "ruptures.episodes": "Rupture episodes",
    "ruptures.repaired": "Ruptures repaired",
    "skills.reflection_to_question": "Reflections : questions",
    "skills.percent_complex_reflections": "Complex reflections",
    "skills.percent_open_questions": "Open questions",
    "skills.change_talk_share": "Change talk C/(C+S)",
    "skills.mi_adherent": "MI-adherent behaviours",
    "skills.mi_non_adherent": "MI-non-adherent behaviours",
}
#: Metrics stored as a 0–1 share that the session report shows as a percentage.
PERCENT_METRICS: Final = frozenset(
    {
        "skills.percent_complex_reflections",
        "skills.percent_open_questions",
        "skills.change_talk_share",
    }
)
#: Insight evidence score keys in words (unknown keys: underscores become spaces).
_EVIDENCE_WORDS: Final = {
    "feedback_elicitation_at_end": "feedback asked for near the end",
    "feedback_elicitation": "feedback asked for in the session",
    "bond_change": "bond change",
    "cutoff": "cut-off",
    "risk_flags": "risk flags",
    "follow_up_not_detected": "therapist follow-up not detected",
    "risk_followed_up": "flags followed up",
    "forms_shown": "forms shown to you",
    "percent_complex_reflections": "complex reflections",
    "mi_adherent": "MI-adherent turns",
    "strength": "rupture strength",
    "advice_without_permission": "advice without permission",
    "share": "share of therapist turns",
    "reflection_to_question": "reflections : questions",
}
#: Evidence keys whose 0 means "did not happen" (shown in words, not as "0").
_NOT_RUN: Final = {"analysed": "not analysed", "risk_analysed": "risk language not analysed"}
_PERCENT_EVIDENCE: Final = frozenset({"share", "percent_complex_reflections"})
#: A measure score key in insight evidence: ``ORS``, ``ORS (caregiver)``, ``SRS lowest item``.
_MEASURE_KEY: Final = re.compile(r"(?P<short>[^()]+?)(?: \([^)]*\))?(?: lowest item)?")
#: A measure form named by its number in the series (``ORS #4``; ``#4``), no stored session.
_FORM: Final = re.compile(r"(?P<measure>.*?)\s*#(?P<number>\d+)")


def metric_label(metric: str) -> str:
    """``Open questions``; a measure total ``ORS total`` (``(completed by caregiver)``)."""
    if metric in METRIC_LABELS:
        return METRIC_LABELS[metric]
    if metric.startswith("measure."):
        short, _, rater = metric.removeprefix("measure.").partition(".")
        return f"{short} total" + (f" (completed by {rater})" if rater else "")
    return metric.split(".", maxsplit=1)[-1].replace("_", " ")


def _value(metric: str, value: float) -> str:
    if metric in PERCENT_METRICS:
        return f"{value * 100:.0f}%"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


def _delta(metric: str, delta: float) -> str:
    if metric in PERCENT_METRICS:
        return f"{delta * 100:+.0f} points"
    return f"{delta:+.2f}".rstrip("0").rstrip(".")


def _source(session_id: str) -> str:
    """``session 6`` for a stored session; ``ORS form 1`` for a measure's form; else the name."""
    if session_id.isdigit():
        return f"session {session_id}"
    form = _FORM.fullmatch(session_id)
    if form is None:
        return session_id
    return f"{form['measure']} form {form['number']}".lstrip()


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th`` (as the dashboard's evidence)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@functools.cache
def _by_short() -> dict[str, MeasureDefinition]:
    """The shipped measure definitions by short name (``ORS``, ``PHQ-9``)."""
    from alliancelens.measures import load_registry  # noqa: PLC0415 - start-up

    return {d.short: d for d in load_registry().definitions.values()}


def _measure_of(key: str) -> MeasureDefinition | None:
    """The measure an evidence key names (``ORS (caregiver)`` -> ORS), else None."""
    found = _MEASURE_KEY.fullmatch(key)
    return _by_short().get(found["short"]) if found else None


def _score_text(key: str, value: float) -> str:
    defn = _measure_of(key)
    if defn is not None:  # QA43 #13: the measure's own precision ("ORS 24.0", "PHQ-9 17")
        from alliancelens.measures.scoring import fmt_score  # noqa: PLC0415 - start-up

        return f"{key} {fmt_score(defn, value)}"
    if key in _NOT_RUN and value == 0:
        return _NOT_RUN[key]
    if key == "session_number":  # QA38 #15: the form's place in the series, not a session id
        return f"form {value:g} ({ordinal(int(value))} administration)"
    if key in _PERCENT_EVIDENCE:
        return f"{_EVIDENCE_WORDS[key]} {value * 100:.0f}%"
    return f"{_EVIDENCE_WORDS.get(key, key.replace('_', ' '))} {value:g}"


def evidence_text(evidence: InsightEvidence) -> str:
    """``session 5: utterances 5, 7: risk flags 2`` (the JSON keeps the raw keys)."""
    parts = [_source(evidence.session_id)]
    if evidence.utterance_indexes:
        parts.append("utt " + ", ".join(str(i) for i in evidence.utterance_indexes))
    if evidence.scores:
        parts.append(", ".join(_score_text(k, v) for k, v in evidence.scores.items()))
    return ": ".join(parts)


def render_therapist_summary(console: Console, summary: TherapistSummary) -> None:
    """The patterns across one therapist's clients: kind, pattern, sessions, clients, where."""
    sessions = len(summary.sessions)
    console.print(
        f"[bold]{escape(summary.therapist)}[/]: {sessions} analysed session(s) of "
        f"{len(summary.clients)} client(s) read. Patterns for reflection in supervision, not a "
        "score: each count is how many sessions (and clients) a rule named."
    )
    if not summary.patterns:
        console.print("No insights: no rule found a pattern in these sessions.")
        return
    table = Table(box=box.SIMPLE_HEAVY, expand=True, title="Patterns across clients")
    table.add_column("kind", no_wrap=True)
    table.add_column("pattern", ratio=3)
    table.add_column("sessions", justify="right", no_wrap=True)
    table.add_column("clients", justify="right", no_wrap=True)
    table.add_column("where", ratio=2)
    for pattern in summary.patterns:
        by_client: dict[str, list[str]] = {}
        for client, session in pattern.sessions:
            by_client.setdefault(client, []).append(session)
        where = "; ".join(f"{c}: {', '.join(s)}" for c, s in by_client.items()) or ", ".join(
            pattern.clients
        )
        table.add_row(
            pattern.kind.value.replace("_", " "),
            escape(pattern.label),
            str(len(pattern.sessions)),
            str(len(pattern.clients)),
            escape(where),
        )
    console.print(table)


def render_insights(console: Console, found: Sequence[Insight]) -> None:
    """One table row per insight: kind, client, what, why (with source), evidence, suggestion."""
    if not found:
        console.print("No insights: no rule found a pattern in these sessions.")
        return
    table = Table(
        box=box.SIMPLE_HEAVY,
        show_lines=True,
        expand=True,
        title="Insights (for reflection, not verdicts)",
    )
    table.add_column("kind / client", no_wrap=True)
    table.add_column("insight, why, and what to try", ratio=3)
    table.add_column("evidence", ratio=1)
    for insight in found:
        table.add_row(
            f"{insight.kind.value.replace('_', ' ')}\n[dim]{escape(insight.client)}[/]",
            f"[bold]{escape(insight.title)}[/]\n{escape(insight.explanation)}\n"
            f"[green]Try:[/] {escape(insight.suggestion)}\n[dim]rule: {insight.rule}[/]",
            escape("\n".join(evidence_text(e) for e in insight.evidence)),
        )
    console.print(table)


def _metric_rank(metric: str) -> tuple[int, int, str]:
    """Measure totals first, then the session report's order (alliance, ruptures, skills)."""
    order = list(METRIC_LABELS)
    if metric.startswith("measure."):
        return (0, 0, metric)
    return (1, order.index(metric) if metric in order else len(order), metric)


def _repeats_a_client(trend: Trend, clients: Sequence[Trend]) -> bool:
    """A therapist's series made only of one client's sessions says nothing that row did not."""
    return any(
        c.metric == trend.metric and set(trend.session_ids) <= set(c.session_ids) for c in clients
    )


def _trend_words(item: Trend, needed: int, note: str | None = None) -> str:
    """``rising`` (bold); ``needs 5 sessions (has 3)`` instead of "not enough sessions".

    The test finds steady (monotonic) change only, so its "no clear change" reads "no steady
    trend" (QA38 #4: it sat next to a reliable deterioration); ``note`` adds the series' change
    since intake when the measure rules call it reliable.
    """
    from alliancelens.insights import Direction  # noqa: PLC0415 - keeps start-up fast

    if item.direction is Direction.NOT_ENOUGH_SESSIONS:
        words = f"needs {needed} sessions (has {len(item.values)})"
    elif item.direction is Direction.NO_CLEAR_CHANGE:
        words = "[bold]no steady trend[/]"
    else:
        words = f"[bold]{item.direction.value.replace('_', ' ')}[/]"
    return f"{words}; {escape(note)}" if note else words


def reliable_change_notes(caseloads: Sequence[Caseload]) -> dict[tuple[str, str], str]:
    """``(client, "measure.ORS")`` → ``"since intake: reliable deterioration (-5.1)"``.

    The latest form's change since intake, when the measure rules call it reliable (improved,
    recovered or deteriorated); a supervisor's partial series has no change (nothing is said).
    """
    from alliancelens.measures.change import ChangeCategory  # noqa: PLC0415 - start-up
    from alliancelens.measures.scoring import fmt_score  # noqa: PLC0415

    words = {
        ChangeCategory.DETERIORATED: "reliable deterioration",
        ChangeCategory.IMPROVED: "reliable improvement",
        ChangeCategory.RECOVERED: "reliable improvement, out of the clinical range",
    }
    notes: dict[tuple[str, str], str] = {}
    for caseload in caseloads:
        report = caseload.measures
        for trajectory in report.trajectories if report else ():
            latest = trajectory.points[-1] if trajectory.points else None
            defn = caseload.definitions.get(trajectory.measure)
            if latest is None or latest.change is None or defn is None:
                continue
            said = words.get(latest.change.category)
            if said is None:
                continue
            delta = latest.change.delta
            rater = "" if trajectory.completed_by == "client" else f".{trajectory.completed_by}"
            sign = "+" if delta > 0 else ""
            notes[(caseload.client, f"measure.{defn.short}{rater}")] = (
                f"since intake: {said} ({sign}{fmt_score(defn, delta)})"
            )
    return notes


def _trend_table(
    items: Sequence[Trend], needed: int, notes: Mapping[tuple[str, str], str]
) -> Table:
    """One subject's rows; short headers so the table fits 80 columns (QA35 #13)."""
    table = Table(box=box.SIMPLE_HEAVY, pad_edge=False)
    words = [_trend_words(item, needed, notes.get((item.subject, item.metric))) for item in items]
    deltas = ["" if i.delta is None else _delta(i.metric, i.delta) for i in items]
    ps = ["" if i.p_value is None else p_text(i.p_value) for i in items]
    table.add_column("metric", ratio=3)
    table.add_column("values, oldest first", ratio=3, min_width=12)
    # the "needs 5 sessions (has 3)" words stay on one line; metric and values wrap instead
    plain = [w.replace("[bold]", "").replace("[/]", "") for w in words]
    table.add_column("trend", width=min(24, max(map(len, plain))))
    table.add_column("Δ", no_wrap=True, justify="right", width=max(1, *map(len, deltas)))
    table.add_column("p", no_wrap=True, justify="right", width=max(1, *map(len, ps)))
    for item, trend_words, delta, p_value in zip(items, words, deltas, ps, strict=True):
        table.add_row(
            escape(metric_label(item.metric)),
            ", ".join(_value(item.metric, v) for v in item.values),
            trend_words,
            delta,
            p_value,
        )
    return table


def render_trends(
    console: Console,
    clients: Sequence[Trend],
    therapists: Sequence[Trend],
    *,
    min_sessions: int | None = None,
    notes: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """A heading per client or therapist, then one row per metric (plain labels, percentages).

    A therapist's series is shown only when it spans more than one client's sessions: for a
    single client it repeats that client's rows under the transcript's speaker label. A series
    too short for the test says how many sessions it needs and has (``min_sessions``, the
    :class:`~alliancelens.insights.TrendConfig` value; at least twice the Δ window). ``notes``
    (:func:`reliable_change_notes`) add a measure's reliable change since intake to its row.
    """
    from alliancelens.insights import TrendConfig  # noqa: PLC0415 - keeps start-up fast

    shown = [*clients, *(t for t in therapists if not _repeats_a_client(t, clients))]
    subjects = {subject: n for n, subject in enumerate(dict.fromkeys(t.subject for t in shown))}
    shown.sort(key=lambda t: (subjects[t.subject], _metric_rank(t.metric)))
    k = shown[0].window if shown else 2
    needed = max(TrendConfig().min_sessions if min_sessions is None else min_sessions, 2 * k)
    console.print("[bold]Trends[/] (Mann–Kendall permutation test + size)")
    console.print(
        f"[dim]Δ: mean of the last {k} values minus mean of the first {k}; p: the test's "
        f"p-value; a trend needs {needed} sessions or more, and 'no steady trend' is not 'no "
        "change' (a measure's reliable change since intake is added to its row). A session "
        "whose alliance part (goal, task, bond) had no evidence (the neutral 50) is left out "
        "of that part's values.[/]"
    )
    for subject in subjects:
        console.print(f"\n[bold]{escape(subject)}[/]")
        console.print(_trend_table([t for t in shown if t.subject == subject], needed, notes or {}))


def p_text(p_value: float) -> str:
    """A p-value as printed: three decimals, or "< 0.001" (never "0.000")."""
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}"
