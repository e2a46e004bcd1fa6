"""Notes and insights from the record store (issue 7 item 6); re-exported by ``services``.

A stored session (or all of a client's) is rebuilt from its latest stored analysis by
:mod:`alliancelens.records.stored_results` and handed to the same note and insight builders an
on-the-fly analysis uses. See docs/notes.md ("Stored sessions") and docs/insights.md.
"""

from __future__ import annotations

import dataclasses as _dc
import datetime as _dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session as DbSession

from alliancelens.errors import NotFoundError, UsageError
from alliancelens.insights import (
    SESSION_RULES,
    Caseload,
    Insight,
    InsightConfig,
    RiskStatus,
    SessionRecord,
    TherapistSummary,
    TrendConfig,
    client_trends,
    insights_for_caseload,
    kind_order,
    measures_withheld,
    screened_risk,
    session_not_analysed,
    session_record,
    therapist_summary,
    therapist_trends,
)
from alliancelens.measures import MeasuresReport, build_report
from alliancelens.notes import Note, build_note
from alliancelens.notes.model import NOT_DISCUSSED, NoteFormat, Section, Sentence
from alliancelens.notes.model import Evidence as NoteEvidence
from alliancelens.records import (
    StoredCaseload,
    StoredResult,
    list_sessions,
    stored_caseload,
    stored_result,
    unanalysed_reasons,
)
from alliancelens.records.measures import registry_for
from alliancelens.records.supervision import (
    LINKED_ONLY_TEXT,
    PARTIAL_SERIES_TEXT,
    VisibleForms,
    scored_forms,
    therapist_scope,
    visible_caseload_forms,
    visible_forms,
    visible_session_ids,
)
from alliancelens.report import codes_and_summary
from alliancelens.security.policy import Actor
from alliancelens.storage import Database, transcripts
from alliancelens.storage.database import Database as DatabaseClass

if TYPE_CHECKING:
    from alliancelens.services import InsightsResult

__all__ = [
    "StoredCaseload",
    "StoredResult",
    "insights_for_stored",
    "not_analysed_insights",
    "note_for_stored",
    "risk_overview",
    "session_risk_status",
    "stored_caseload",
    "stored_result",
    "stored_result_or_reason",
    "therapist_insights",
]


def stored_result_or_reason(
    database: Database, actor: Actor, *, session_id: int
) -> StoredResult | str:
    """:func:`stored_result`, or why the session has no stored analysis (``sessions show``).

    The reason is the store's own line naming what unblocks it (analysis consent missing or
    withdrawn, or the job not run yet), as ``insights`` says "Session not analysed". An unknown
    session is still :class:`NotFoundError` and a session the actor may not view
    ``AccessDeniedError``: :func:`stored_result` checks access before it looks for an analysis,
    so a session that exists after its ``NotFoundError`` is one the actor may view.
    """
    try:
        return stored_result(database, actor, session_id=session_id)
    except NotFoundError as exc:
        with database.transaction() as db:
            transcripts.session_summary(db, session_id=session_id)  # unknown: NotFoundError
        return exc.message


def note_for_stored(
    database: Database,
    actor: Actor,
    *,
    session_id: int,
    format: NoteFormat,
    measures: MeasuresReport | None = None,
    member: str | None = None,
    stored: StoredResult | None = None,
    deliver: Callable[[Note, StoredResult], None] | None = None,
) -> tuple[Note, StoredResult]:
    """The note draft of a stored session from its latest stored analysis (no re-analysis).

    ``deliver`` (e.g. ``note -o`` writing and fsyncing its file) is called with the finished
    note and the stored result inside one transaction that holds every read of the note and its
    audit entries (``view`` session, analysis, measure): they are committed only when it
    returns, so a write that fails (a full disk) leaves no entry saying the session was read.

    ``member`` is the client speaker label a couple, family or group session's note is for (see
    :func:`~alliancelens.notes.build_note`; such a session without it is a ``UsageError``).
    ``stored`` is the session's :func:`stored_result` when the caller already read it (one
    audited view, not two).

    Without ``measures``, the client's stored forms are scored and the ones given at this
    session appear in the note (when ``actor`` may view the client's measures; otherwise the
    note is built without them, as for a session with no forms).
    When retention purged the session's text, the first section opens with a sentence saying
    client quotes are unavailable (evidence: the purge date); codes and summaries still fill the
    rest of the note.
    """
    if deliver is None:
        return _note_for_stored(
            database,
            actor,
            session_id=session_id,
            format=format,
            measures=measures,
            member=member,
            stored=stored,
        )
    with database.transaction() as db:
        drafted, found = _note_for_stored(
            _OneTransaction(database, db),
            actor,
            session_id=session_id,
            format=format,
            measures=measures,
            member=member,
            stored=stored,
        )
        deliver(drafted, found)
    return drafted, found


class _OneTransaction(DatabaseClass):
    """The store with every ``transaction()`` joining one already open (``deliver`` above).

    The use cases called through it read and append audit entries as usual; nothing commits
    until the outer transaction ends, and an exception there rolls all of it back.
    """

    def __init__(self, database: Database, db: DbSession) -> None:
        super().__init__(database.settings, database.engine, database.keyring)
        self._open = db

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """The transaction already open (no commit or rollback of its own)."""
        yield self._open


def _note_for_stored(
    database: Database,
    actor: Actor,
    *,
    session_id: int,
    format: NoteFormat,
    measures: MeasuresReport | None,
    member: str | None,
    stored: StoredResult | None,
) -> tuple[Note, StoredResult]:
    """The note draft of a stored session (see :func:`note_for_stored`)."""
    if stored is None or stored.session_id != session_id:
        stored = stored_result(database, actor, session_id=session_id)
    withheld: tuple[str, ...] = ()
    if measures is None:
        measures, withheld = _stored_measures(database, actor, stored.client_id)
    drafted = _with_outdated_notice(
        build_note(stored.result, format, measures=measures, member=member), stored
    )
    if withheld:
        drafted = _with_linked_only_notice(drafted, withheld)
    if stored.text_purged_at is None:
        return drafted, stored
    notice = Sentence(
        "Client quotes are unavailable: the session text was removed by the retention policy "
        f"on {stored.text_purged_at.date().isoformat()} (codes and scores were kept).",
        (
            NoteEvidence(
                "finding",
                {"analyser": "retention", "text_purged_at": stored.text_purged_at.isoformat()},
            ),
        ),
    )
    sections = [_without_empty_quotes(section) for section in drafted.sections]
    kept = [s for s in sections[0].sentences if s.text != NOT_DISCUSSED]
    sections[0] = Section(sections[0].name, (notice, *kept))
    return _dc.replace(drafted, sections=tuple(sections)), stored


def _with_outdated_notice(drafted: Note, stored: StoredResult) -> Note:
    """Open the note saying the stored analysis is outdated (records/freshness.py), if it is.

    An outdated risk screen gets its own sentence: it was screened with an older version, which
    is never the same as "no risk language flagged" by the current one.
    """
    notice = stored.outdated_notice
    if notice is None:
        return drafted
    evidence = tuple(
        NoteEvidence(
            "finding",
            {"analyser": run.name, "stored_version": run.stored, "current_version": run.current},
        )
        for run in stored.outdated
    )
    added = [Sentence(f"{notice[0].upper()}{notice[1:]}.", evidence)]
    risk = stored.risk_outdated
    if risk is not None:
        added.append(
            Sentence(
                f"Risk language was screened with an older version ({risk.text}): flags, or "
                "their absence, may differ from the current screen's, so this is not 'no risk' "
                "— re-analyse before relying on it.",
                (NoteEvidence("finding", {"analyser": risk.name, "stored_version": risk.stored}),),
            )
        )
    sections = list(drafted.sections)
    kept = [s for s in sections[0].sentences if s.text != NOT_DISCUSSED]
    sections[0] = Section(sections[0].name, (*added, *kept))
    return _dc.replace(drafted, sections=tuple(sections))


def _stored_measures(
    database: Database, actor: Actor, client_id: int
) -> tuple[MeasuresReport | None, tuple[str, ...]]:
    """The forms ``actor`` may see, scored (``None``: none), and the lines saying what is withheld.

    A supervisor sees the forms linked to sessions shared with them (records/supervision.py);
    the policy is asked first, so no ``refused`` audit entry is written for a note page. When
    some forms are withheld, series results are left out and a second line says so.
    """
    found = visible_forms(database, actor, client_id=client_id)
    if found is None:
        return None, ()
    report, partial = scored_forms(found, registry_for(database))
    if not found.linked_only:
        return report, ()
    return report, (LINKED_ONLY_TEXT,) + ((partial,) if partial else ())


def _with_linked_only_notice(drafted: Note, texts: tuple[str, ...]) -> Note:
    """Say, in the note, which measures a supervisor's draft holds (never drop them silently).

    The line goes into the section that holds the measure scores (SOAP: O; DAP: D; BIRP: B).
    """
    sections = list(drafted.sections)
    index = 1 if drafted.format == "soap" and len(sections) > 1 else 0
    notices = [
        Sentence(
            text, (NoteEvidence("finding", {"analyser": "access", "rule": "linked forms only"}),)
        )
        for text in texts
    ]
    kept = [s for s in sections[index].sentences if s.text != NOT_DISCUSSED]
    sections[index] = Section(sections[index].name, (*kept, *notices))
    return _dc.replace(drafted, sections=tuple(sections))


def _without_empty_quotes(section: Section) -> Section:
    """Purged utterances quote as ``""``; say the quote is unavailable instead."""
    return Section(
        section.name,
        tuple(
            _dc.replace(s, text=s.text.replace('""', "(quote unavailable: text purged)"))
            for s in section.sentences
        ),
    )


def insights_for_stored(
    database: Database,
    actor: Actor,
    *,
    session_id: int | None = None,
    client_id: int | None = None,
    config: InsightConfig | None = None,
    trend_config: TrendConfig | None = None,
) -> tuple[InsightsResult, StoredCaseload]:
    """Insights and trends over stored sessions: one session, or all of a client's (with forms).

    Sessions come back from their latest stored analyses (``stored_caseload``) with the forms
    the actor may see (``records.supervision``): every form for the therapist and an
    administrator, the forms linked to shared sessions for a supervisor. One session
    (``session_id``) runs the session rules (``insights.SESSION_RULES``) with the same forms,
    so a session and its client never disagree about, say, a linked SRS (QA37 #1). When some of
    the client's forms are withheld, only per-form results are used, the series-based rules and
    measure trends are left out, and a ``measures_withheld`` row says so. Give exactly one of
    ``session_id`` and ``client_id``.
    """
    from alliancelens.services import InsightsResult  # noqa: PLC0415 - services re-exports us

    if (session_id is None) == (client_id is None):
        raise UsageError("give a stored session id or a client id (exactly one)")
    rules: tuple[str, ...] | None = None
    if session_id is not None:
        one = stored_result(database, actor, session_id=session_id)
        found = visible_forms(database, actor, client_id=one.client_id)
        forms = found.administrations if found is not None else ()
        caseload = StoredCaseload(one.client_id, (one,), forms, ())
        rules = SESSION_RULES
    else:
        caseload, found = visible_caseload_forms(database, actor, client_id=client_id or 0)
    loaded = _stored_caseload_for_insights(database, caseload, found)
    found_insights = insights_for_caseload(loaded, config, rules=rules)
    if loaded.partial_measures and session_id is None:
        # the session rules read only that session's forms, all visible with it: no notice there
        shown = len(caseload.administrations)
        notice = measures_withheld(loaded.client, shown, PARTIAL_SERIES_TEXT)
        found_insights = sorted([notice, *found_insights], key=lambda i: kind_order(i.kind))
    trends_of = _dc.replace(loaded, measures=None) if loaded.partial_measures else loaded
    return (
        InsightsResult(
            (loaded,),
            tuple(found_insights),
            tuple(client_trends(trends_of, trend_config)),
            tuple(therapist_trends([loaded], trend_config)),
        ),
        caseload,
    )


def _stored_caseload_for_insights(
    database: Database, caseload: StoredCaseload, found: VisibleForms | None = None
) -> Caseload:
    """The insight engine's caseload: sessions by date (the form's when undated), then id.

    ``found`` says whether the forms are all of the client's; when not (a supervisor), they are
    scored with :func:`scored_forms` (per-form results only) and ``partial_measures`` is set.
    """
    label = f"client {caseload.client_id}"
    registry = registry_for(database)
    partial = found is not None and not found.complete and bool(caseload.administrations)
    if partial:
        report, _ = scored_forms(
            VisibleForms(caseload.client_id, caseload.administrations, True, complete=False),
            registry,
        )
    else:
        report = (
            build_report(caseload.administrations, registry) if caseload.administrations else None
        )
    measured = next((c for c in report.clients if c.client == label), None) if report else None
    dates = {
        p.session: p.date for t in (measured.trajectories if measured else ()) for p in t.points
    }
    records = sorted(
        (_record(s, dates.get(str(s.session_id))) for s in caseload.results),
        key=lambda r: (r.date is None, r.date or _dt.date.min, int(r.session_id)),
    )
    definitions = dict(report.definitions) if report else {}
    withheld = found is not None and not found.complete
    return Caseload(label, tuple(records), measured, definitions, partial_measures=withheld)


def _record(stored: StoredResult, date: _dt.date | None) -> SessionRecord:
    """One stored session for the rules, with its per-utterance codes (strength evidence)."""
    codes, summary = codes_and_summary(stored.result)
    return session_record(stored.result.session, summary, date=date, codes=codes)


def therapist_insights(
    database: Database,
    actor: Actor,
    *,
    therapist: str,
    config: InsightConfig | None = None,
) -> tuple[TherapistSummary, tuple[Insight, ...]]:
    """One therapist's insights across their clients, summarised by pattern (QA37 #4).

    ``therapist`` is a sign-in name or user id. A supervisor reads each client's sessions shared
    with them (and the forms linked to those), a therapist their own clients, an administrator
    any therapist's (``records.supervision.therapist_scope``). Clients with no analysed session
    give "not analysed" rows instead of insights. Returns the summary (patterns with session and
    client counts, and every insight) and the "not analysed" rows.
    """
    scope = therapist_scope(database, actor, therapist=therapist)
    caseloads: list[Caseload] = []
    found: list[Insight] = []
    missing: list[Insight] = []
    for client_id in scope.client_ids:
        try:
            result, stored = insights_for_stored(
                database, actor, client_id=client_id, config=config
            )
        except NotFoundError:  # no analysed session (or none stored) for this client yet
            # a supervisor asks only about the sessions shared with them (never the client's)
            ids = (
                visible_session_ids(database, actor, client_id=client_id)
                if scope.shared_only
                else None
            )
            missing.extend(
                not_analysed_insights(database, actor, client_id=client_id, session_ids=ids)
            )
            continue
        caseloads.extend(result.caseloads)
        found.extend(result.insights)
        missing.extend(
            not_analysed_insights(
                database, actor, client_id=client_id, session_ids=stored.unanalysed
            )
        )
    return therapist_summary(scope.therapist, caseloads, [*missing, *found]), tuple(missing)


def session_risk_status(database: Database, actor: Actor, *, session_id: int) -> RiskStatus:
    """The transcript-risk state of a stored session (*not analysed* when it has no analysis).

    Access is that of :func:`stored_result` (``AccessDeniedError`` when the actor may not view
    the session or its analysis).
    """
    try:
        stored = stored_result(database, actor, session_id=session_id)
    except NotFoundError:
        return RiskStatus(str(session_id), "not_analysed")
    # a screen that read none of the client's words is not analysed, never "none flagged"
    result = stored.result
    summary = codes_and_summary(result)[1]
    return screened_risk(str(session_id), summary, result.session.utterances).status


def risk_overview(database: Database, actor: Actor, *, client_id: int) -> tuple[RiskStatus, ...]:
    """The transcript-risk state of each of a client's stored sessions, in session order.

    Sessions without a stored analysis are *not analysed* (never "no risk"); a client with no
    stored sessions gives ``()``.
    """
    try:
        caseload = stored_caseload(database, actor, client_id=client_id)
    except NotFoundError:
        ids = [s.id for s in list_sessions(database, actor, client_id=client_id)]
        return tuple(RiskStatus(str(i), "not_analysed") for i in ids)
    # the same coverage test as session_risk_status: no client line read is never "none flagged"
    found = [
        screened_risk(
            str(s.session_id), codes_and_summary(s.result)[1], s.result.session.utterances
        ).status
        for s in caseload.results
    ]
    found += [RiskStatus(str(i), "not_analysed") for i in caseload.unanalysed]
    return tuple(found)


def not_analysed_insights(
    database: Database,
    actor: Actor,
    *,
    client_id: int,
    session_ids: tuple[int, ...] | None = None,
    web: bool = False,
) -> tuple[Insight, ...]:
    """A "Session not analysed" insight per stored session without an analysis, with the reason.

    The same rows ``insights client:N`` lists (a session left out of the insights was not
    screened for risk language: not "no risk"). ``session_ids`` are the sessions to check (e.g. a
    caseload's ``unanalysed``); by default every session of the client. The reason is the
    store's own line (no analysis consent, the analysis job failed or is queued, or not run
    yet) naming what unblocks it; ``web`` words it for a dashboard page, naming no CLI command.
    """
    reasons = unanalysed_reasons(
        database, actor, client_id=client_id, session_ids=session_ids, web=web
    )
    return tuple(
        session_not_analysed(f"client {client_id}", str(session_id), reason)
        for session_id, reason in reasons
    )
