"""Read administrations from a CSV file: one completed form per row.

Required columns: ``client``, ``date`` (YYYY-MM-DD), ``measure`` (name or alias) and ``items``
(the responses in form order, separated by spaces or semicolons; ``NA`` for a blank item).
Optional: ``session``, ``population`` (default ``adult``), ``completed_by`` (default ``client``;
``client``, ``caregiver``, ``therapist`` or ``other``, any case),
``mode`` (``paper`` or ``electronic``, default ``paper``), ``version``. Every row is checked and
scored as it is read, so a bad row is reported with its line and field. The entry rules of
:mod:`alliancelens.measures.entry` apply: population names are matched ignoring case and refused
when unknown, a date after today is refused, and a second form with the same client, measure,
date, session and respondent is refused. A caregiver's form of the same session as the client's
own is not a second copy: it is that rater's own series (docs/measures/README.md, "Two
raters"). Messages never repeat a cell's value (a misaligned column may hold a client's name):
they name the file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from alliancelens.domain import AdministrationMode, MeasureAdministration
from alliancelens.errors import ImportRowError, MeasureError
from alliancelens.measures.entry import (
    DefaultPopulation,
    FormKey,
    check_not_future,
    default_population_for,
    form_key,
    normalise_completed_by,
    normalise_population,
    population_note,
)
from alliancelens.measures.registry import Registry
from alliancelens.measures.scoring import parse_responses, score_responses

__all__ = [
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "read_administrations_csv",
    "read_csv_lines",
]

REQUIRED_COLUMNS = ("client", "date", "measure", "items")
OPTIONAL_COLUMNS = ("session", "population", "completed_by", "mode", "version")
_SPLIT = re.compile(r"[\s;]+")
_ENDS = re.compile(r"^[\s;]+|[\s;]+$")


def read_administrations_csv(
    path: Path, registry: Registry, *, today: dt.date | None = None
) -> tuple[MeasureAdministration, ...]:
    """Every row of ``path`` as a checked :class:`MeasureAdministration`, in file order.

    ``today`` (default: today in UTC) is the latest date a form may carry.
    """
    return tuple(admin for _, admin in read_csv_lines(path, registry, today=today))


def read_csv_lines(
    path: Path,
    registry: Registry,
    *,
    today: dt.date | None = None,
    default_population: DefaultPopulation = "adult",
) -> tuple[tuple[int, MeasureAdministration], ...]:
    """Like :func:`read_administrations_csv`, each form with its line number in the file.

    A row without a population takes ``default_population`` (or what it returns for the row's
    line and respondent).
    """
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    columns = _columns(path, reader.fieldnames)
    admins: list[tuple[int, MeasureAdministration]] = []
    seen: dict[FormKey, tuple[int, MeasureAdministration]] = {}
    errors: list[ImportRowError] = []
    for row in reader:
        line = reader.line_num
        values = {columns[k]: (v or "").strip() for k, v in row.items() if k in columns}
        if None in row:
            errors.append(
                ImportRowError("row has more cells than the header", file=path, line=line)
            )
            continue
        try:
            admin = _administration(
                path, line, values, registry, today, default_population=default_population
            )
        except ImportRowError as exc:
            errors.append(exc)  # every bad row is reported, not only the first (QA38 #9)
            continue
        key = form_key(admin)
        if key in seen:
            first_line, first = seen[key]
            errors.append(
                ImportRowError(
                    f"same client, measure, date, session and respondent as line {first_line}"
                    + population_note(admin, first),
                    file=path,
                    line=line,
                    hint="remove the duplicate, or tell sessions apart in the session column",
                )
            )
            continue
        seen[key] = (line, admin)
        admins.append((line, admin))
    if errors:
        raise _all_errors(path, errors)
    if not admins:
        raise ImportRowError("no administrations (the file has a header but no rows)", file=path)
    return tuple(admins)


#: How many bad rows one error names before it counts the rest.
MAX_ROW_ERRORS = 20


def _all_errors(path: Path, errors: list[ImportRowError]) -> ImportRowError:
    """One error for every bad row: the row's own error when only one row is bad.

    Several: one line naming each row (line, field, problem) up to :data:`MAX_ROW_ERRORS`, so
    a clinic fixes a whole file in one pass; nothing of the file is used either way.
    """
    if len(errors) == 1:
        return errors[0]
    shown = [
        ", ".join(str(part) for part in (f"line {e.line}", e.field) if part)
        + f": {e.problem}"
        + (f" ({e.hint})" if e.hint else "")
        for e in errors[:MAX_ROW_ERRORS]
    ]
    more = len(errors) - MAX_ROW_ERRORS
    tail = f"; and {more} more bad row(s)" if more > 0 else ""
    return ImportRowError(
        f"{len(errors)} rows cannot be used: " + "; ".join(shown) + tail,
        file=path,
        hint="correct these rows and import the file again; nothing of it was used",
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportRowError(f"cannot read the file ({exc.strerror})", file=path) from exc
    except UnicodeDecodeError:
        raise ImportRowError("not UTF-8 text", file=path, hint="save the CSV as UTF-8") from None


def _columns(path: Path, header: Sequence[str] | None) -> Mapping[str, str]:
    if not header:
        raise ImportRowError("the file is empty", file=path, line=1)
    columns = {name: name.strip().lower() for name in header}
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    hint = f"columns are {', '.join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))}"
    unknown = [position for position, name in enumerate(columns.values(), 1) if name not in known]
    if unknown and len(unknown) == len(columns):
        if _semicolon_header(header, known):
            raise ImportRowError(
                "the columns are separated by semicolons",
                file=path,
                line=1,
                hint="save it as CSV UTF-8 with commas between columns; inside the items "
                "column, spaces or semicolons separate the responses",
            )
        # no known column at all: a headerless file, whose first line holds a client's data
        raise ImportRowError(
            "the first line is not a header row", file=path, line=1, hint=f"add one; {hint}"
        )
    if unknown:
        # Named by position only, never echoed: a data row taken for a header (one of its
        # cells happens to equal a column name) holds a client's name (QA39 #9)
        places = ", ".join(str(position) for position in unknown)
        raise ImportRowError(
            f"unknown column name in column {places} (counting from 1)"
            if len(unknown) == 1
            else f"unknown column names in columns {places} (counting from 1)",
            file=path,
            line=1,
            hint=hint,
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns.values()]
    if missing:
        raise ImportRowError(f"missing required column(s): {', '.join(missing)}", file=path, line=1)
    return columns


def _semicolon_header(header: Sequence[str], known: set[str]) -> bool:
    """Whether a one-column header is a known header written with ``;`` (European Excel)."""
    if len(header) != 1 or ";" not in header[0]:
        return False
    return any(cell.strip().lower() in known for cell in header[0].split(";"))


def _administration(
    path: Path,
    line: int,
    values: Mapping[str, str],
    registry: Registry,
    today: dt.date | None,
    *,
    default_population: DefaultPopulation = "adult",
) -> MeasureAdministration:
    def fail(field: str, problem: str, hint: str | None = None) -> ImportRowError:
        return ImportRowError(problem, file=path, line=line, field=field, hint=hint)

    for column in REQUIRED_COLUMNS:
        if not values.get(column):
            raise fail(column, "is empty")
    try:
        date = dt.date.fromisoformat(values["date"])
    except ValueError:
        raise fail("date", "is not a date in YYYY-MM-DD form") from None
    try:
        check_not_future(date, today)
    except MeasureError as exc:
        raise fail("date", exc.problem, exc.hint) from None
    try:
        defn = registry.get(values["measure"])
    except MeasureError as exc:
        raise fail("measure", exc.problem, exc.hint) from None
    try:
        completed_by = normalise_completed_by(values.get("completed_by") or "client")
    except MeasureError as exc:
        raise fail("completed_by", exc.problem, exc.hint) from None
    given = values.get("population") or default_population_for(
        default_population, line, completed_by
    )
    try:
        population = normalise_population(given, defn)
    except MeasureError as exc:
        raise fail("population", exc.problem, exc.hint) from None
    try:
        # a separator at either end is not an empty item (QA38 #13: "3 2 1;" has 3 responses)
        responses = parse_responses(defn, _SPLIT.split(_ENDS.sub("", values["items"])))
        score_responses(defn, responses, population=population)
    except MeasureError as exc:
        raise fail("items", exc.problem, exc.hint) from None
    try:
        mode = AdministrationMode(values.get("mode") or "paper")
    except ValueError:
        raise fail("mode", "must be paper or electronic") from None
    return MeasureAdministration(
        client=values["client"],
        date=date,
        measure=defn.name,
        responses=responses,
        session=values.get("session") or None,
        version=values.get("version") or defn.version,
        population=population,
        completed_by=completed_by,
        mode=mode,
    )
