"""CSV import of administrations: good rows are read, bad rows name file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alliancelens.domain import AdministrationMode
from alliancelens.errors import ImportRowError
from alliancelens.measures import Registry, demo_csv
from alliancelens.measures.importing import read_administrations_csv, read_csv_lines

HEADER = "client,date,measure,items\n"
SECRET = "Jane Q. Example"  # noqa: S105 - a client identifier that must never appear in an error


def _write(tmp_path: Path, text: str, name: str = "admins.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_rows_with_optional_columns(tmp_path: Path, registry: Registry) -> None:
    """Every column is read; measure aliases become canonical names; defaults fill the rest."""
    path = _write(
        tmp_path,
        "Client,Date,Measure,Items,Session,Population,Completed_By,Mode,Version\n"
        "c1,2026-09-07,SRS,9 9.5 8 9.1,c1-01,adolescent,client,electronic,3.0\n"
        "c1,2026-09-07,phq9,1;1;0;0;1;2;0;0;0,,,,,\n",
    )
    first, second = read_administrations_csv(path, registry)
    assert (first.client, first.date, first.measure) == ("c1", dt.date(2026, 9, 7), "srs")
    assert first.responses == (9.0, 9.5, 8.0, 9.1)
    assert (first.session, first.population, first.mode) == (
        "c1-01",
        "adolescent",
        AdministrationMode.ELECTRONIC,
    )
    assert (second.measure, second.session, second.population) == ("phq-9", None, "adult")
    assert (second.mode, second.completed_by, second.version) == (
        AdministrationMode.PAPER,
        "client",
        registry.get("phq-9").version,
    )


def test_reads_the_shipped_demo_file(registry: Registry) -> None:
    """The demo file has 36 valid administrations for two clients."""
    admins = read_administrations_csv(demo_csv(), registry)
    assert len(admins) == 36
    assert {a.client for a in admins} == {"alex", "robin"}


def test_utf8_bom_is_accepted(tmp_path: Path, registry: Registry) -> None:
    """A CSV saved by a spreadsheet with a UTF-8 byte-order mark is read."""
    path = tmp_path / "bom.csv"
    path.write_bytes(("\ufeff" + HEADER + "c,2026-09-07,ors,1 2 3 4\n").encode())
    assert read_administrations_csv(path, registry)[0].responses == (1.0, 2.0, 3.0, 4.0)


BAD = [
    # (file body, line, field, words)
    ("", 1, None, "the file is empty"),
    (HEADER, None, None, "no administrations"),
    ("client,date,measure\n", 1, None, "missing required column(s): items"),
    ("client,date,measure,items,notes\n", 1, None, "unknown column name in column 5"),
    (HEADER + f"{SECRET},07/09/2026,srs,9 9 9 9\n", 2, "date", "YYYY-MM-DD"),
    (HEADER + f"{SECRET},2026-09-07,bdi,9 9 9 9\n", 2, "measure", "unknown measure"),
    (HEADER + f"{SECRET},2026-09-07,,9 9 9 9\n", 2, "measure", "is empty"),
    (HEADER + ",2026-09-07,srs,9 9 9 9\n", 2, "client", "is empty"),
    (
        HEADER + f"{SECRET},2026-09-07,srs,9 9 9 11\n",
        2,
        "items",
        "item 4 (Overall) is outside 0.0–10.0",
    ),
    (HEADER + f"{SECRET},2026-09-07,srs,9 9 9\n", 2, "items", "has 4 items but 3"),
    (HEADER + f"{SECRET},2026-09-07,ors,9 NA 9 9\n", 2, "items", "ORS is not prorated"),
    (HEADER + f"{SECRET},2026-09-07,srs,9 9 9 9,extra\n", 2, None, "more cells than the header"),
    (
        "client,date,measure,items,mode\n" + f"{SECRET},2026-09-07,srs,9 9 9 9,web\n",
        2,
        "mode",
        "paper or electronic",
    ),
    (
        HEADER + f"{SECRET},2026-09-07,srs,9 9 9 9\n" + f"{SECRET},2026-09-07,SRS,9 9 9 8\n",
        3,
        None,
        "same client, measure, date, session and respondent as line 2",
    ),
    (
        "client,date,measure,items,completed_by\n" + f"{SECRET},2026-09-07,ors,5 5 5 5,Parent\n",
        2,
        "completed_by",
        "is not a known respondent",
    ),
    (
        "client,date,measure,items,population\n" + f"{SECRET},2026-09-07,ors,5 5 5 5,grownup\n",
        2,
        "population",
        "is not a known population (allowed: adult, adolescent, child, caregiver",
    ),
    (HEADER + f"{SECRET},2099-01-05,ors,5 5 5 5\n", 2, "date", "is in the future"),
    ("measure,date,client,items\n" + f"{SECRET},2026-09-07,ors,5 5 5 5\n", 2, "measure", "unknown"),
    # no header at all: the first row of data is refused without echoing any of its cells
    (f"{SECRET},2026-09-07,ors,5 5 5 5\n", 1, None, "the first line is not a header row"),
    (f"{SECRET},2026-09-07,s3,srs,9 9 9 9,adult\n", 1, None, "not a header row"),
]


@pytest.mark.parametrize(("body", "line", "field", "words"), BAD)
def test_bad_rows_name_file_line_and_field_never_the_client(  # noqa: PLR0917 - table columns
    tmp_path: Path, registry: Registry, body: str, line: int | None, field: str | None, words: str
) -> None:
    """Each bad row is an ImportRowError with file, line and field, and no client identifier."""
    path = _write(tmp_path, body)
    with pytest.raises(ImportRowError) as caught:
        read_administrations_csv(path, registry)
    error = caught.value
    assert (error.file, error.line, error.field) == (str(path), line, field)
    assert words in error.problem
    assert SECRET not in str(error)


def test_a_caregivers_row_of_the_same_session_is_read_as_its_own_form(
    tmp_path: Path, registry: Registry
) -> None:
    """Two raters' rows of one client, measure, date and session are both read (any case)."""
    path = _write(
        tmp_path,
        "client,date,session,measure,items,population,completed_by\n"
        "k,2026-09-07,s1,ors,5 5 5 5,child,\n"
        "k,2026-09-07,s1,ors,7 7 7 7,caregiver,Caregiver\n",
    )
    child, parent = read_administrations_csv(path, registry)
    assert (child.completed_by, parent.completed_by) == ("client", "caregiver")


def test_not_utf8_is_refused(tmp_path: Path, registry: Registry) -> None:
    """A file that is not UTF-8 is refused with a hint."""
    path = tmp_path / "latin.csv"
    path.write_bytes((HEADER + "Zoë,2026-09-07,srs,9 9 9 9\n").encode("latin-1"))
    with pytest.raises(ImportRowError, match="not UTF-8"):
        read_administrations_csv(path, registry)


def test_unreadable_file_is_refused(tmp_path: Path, registry: Registry) -> None:
    """A missing file is an ImportRowError, not a traceback."""
    with pytest.raises(ImportRowError, match="cannot read"):
        read_administrations_csv(tmp_path / "absent.csv", registry)


def test_same_day_different_sessions_are_kept(tmp_path: Path, registry: Registry) -> None:
    """Two forms on one day are fine when the session column tells them apart."""
    path = _write(
        tmp_path,
        "client,date,session,measure,items\n"
        "c,2026-09-07,a,srs,9 9 9 9\n"
        "c,2026-09-07,b,srs,9 9 9 8\n",
    )
    assert len(read_administrations_csv(path, registry)) == 2


def test_population_is_matched_ignoring_case(tmp_path: Path, registry: Registry) -> None:
    """``Adult`` and ``ADULT`` are read as ``adult``, so reliable change still applies."""
    body = "client,date,measure,items,population\n"
    body += "c,2026-01-05,ORS,5 5 5 5,Adult\nc,2026-01-12,ORS,7 7 7 7,ADULT\n"
    admins = read_administrations_csv(_write(tmp_path, body), registry)
    assert [a.population for a in admins] == ["adult", "adult"]


def test_a_default_population_function_is_asked_per_row_without_one(
    tmp_path: Path, registry: Registry
) -> None:
    """The default gets each population-less row's line and respondent; other rows keep theirs."""
    path = _write(
        tmp_path,
        "client,date,measure,items,population,completed_by\n"
        "k,2026-02-02,ors,4 4 4 4,,caregiver\n"
        "k,2026-02-02,ors,6 6 6 6,adolescent,client\n"
        "k,2026-02-09,ors,6 6 6 6,,\n",
    )
    asked: list[tuple[int | str, str]] = []

    def default(place: int | str, completed_by: str) -> str:
        asked.append((place, completed_by))
        return "caregiver" if completed_by == "caregiver" else "child"

    rows = read_csv_lines(path, registry, default_population=default)
    assert asked == [(2, "caregiver"), (4, "client")]
    assert [a.population for _, a in rows] == ["caregiver", "adolescent", "child"]


def test_every_bad_row_is_reported_at_once(tmp_path: Path, registry: Registry) -> None:
    """Two bad rows give one error naming both lines and fields (QA38 #9), never the client."""
    path = _write(
        tmp_path,
        HEADER
        + f"{SECRET},2026-09-07,ors,3 4 3 3\n"
        + f"{SECRET},2026-09-14,ors,31 4 3 3\n"
        + f"{SECRET},2026-09-21,srs,9 9 9\n",
    )
    with pytest.raises(ImportRowError) as caught:
        read_administrations_csv(path, registry)
    text = str(caught.value)
    assert "2 rows cannot be used" in text
    assert "line 3, items: ORS item 1" in text and "line 4, items: SRS has 4 items" in text
    assert SECRET not in text


def test_a_long_list_of_bad_rows_is_cut_short(tmp_path: Path, registry: Registry) -> None:
    """More bad rows than the limit are counted, not all listed (one readable line)."""
    rows = "".join(f"c,2026-09-{day:02d},ors,99 1 1 1\n" for day in range(1, 26))
    path = _write(tmp_path, HEADER + rows)
    with pytest.raises(ImportRowError) as caught:
        read_administrations_csv(path, registry)
    text = str(caught.value)
    assert "25 rows cannot be used" in text and "and 5 more bad row(s)" in text
    assert "line 21," in text and "line 22," not in text


@pytest.mark.parametrize(
    "header",
    [
        f"{SECRET},date,measure,items\n",
        f"client,date,measure,items,{SECRET}\n",
    ],
)
def test_an_unknown_header_cell_is_named_by_position_only(
    tmp_path: Path, registry: Registry, header: str
) -> None:
    """A data row taken for a header never has its cells echoed (QA39 #9): column number only."""
    path = _write(tmp_path, header + "c,2026-09-07,ors,1 2 3 4\n")
    with pytest.raises(ImportRowError) as caught:
        read_administrations_csv(path, registry)
    assert SECRET not in str(caught.value)
    assert "unknown column name in column" in caught.value.problem


def test_a_semicolon_separated_file_is_named_as_such(tmp_path: Path, registry: Registry) -> None:
    """A European-Excel file (columns split by ';') is told to use commas (QA38 #8)."""
    path = _write(tmp_path, "client;date;measure;items\nc;2026-09-07;ors;1 2 3 4\n")
    with pytest.raises(ImportRowError, match="separated by semicolons") as caught:
        read_administrations_csv(path, registry)
    assert caught.value.line == 1 and "commas between columns" in str(caught.value)


@pytest.mark.parametrize(
    ("items", "responses"),
    [
        ('"3,2 4,1 3,5 3,5"', (3.2, 4.1, 3.5, 3.5)),  # decimal commas, as the dashboard reads
        ("3.2 4.1 3.5 3.5;", (3.2, 4.1, 3.5, 3.5)),  # a trailing separator is not an item
        ("; 3.2;4.1;3.5;3.5", (3.2, 4.1, 3.5, 3.5)),
    ],
)
def test_items_cell_edge_cases(
    tmp_path: Path, registry: Registry, items: str, responses: tuple[float, ...]
) -> None:
    """Decimal commas read as points; separators at either end add no empty item (QA38 #13)."""
    path = _write(tmp_path, HEADER + f"c,2026-09-07,ors,{items}\n")
    assert read_administrations_csv(path, registry)[0].responses == responses


def test_commas_between_items_get_a_hint(tmp_path: Path, registry: Registry) -> None:
    """Items separated by commas are refused with a hint, in singular grammar (QA38 #13)."""
    path = _write(tmp_path, HEADER + 'c,2026-09-07,ors,"3.2,4.1,3.5,3.5"\n')
    with pytest.raises(ImportRowError) as caught:
        read_administrations_csv(path, registry)
    text = str(caught.value)
    assert "ORS has 4 items but 1 response was given" in text
    assert "commas do not separate responses" in text
