"""Human numbers, plain words and measure-form evidence labels on the pages."""

from __future__ import annotations

import pytest

from alliancelens.insights import Insight, InsightEvidence, InsightKind
from alliancelens.web._render import TEMPLATES
from alliancelens.web._text import (
    evidence_label,
    form_wording,
    number,
    ordinal,
    session_link,
    words,
)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (4.0, "4"),
        (0.3333, "0.33"),
        (-22.9, "-22.9"),
        (36.0, "36"),
        (17, "17"),
        (0.005, "0.01"),
        (-0.001, "0"),
        ("n/a", "n/a"),
        (True, "True"),
    ],
)
def test_number(value: object, shown: str) -> None:
    """Scores are rounded to two decimals without trailing zeros; non-numbers pass through."""
    assert number(value) == shown


@pytest.mark.parametrize(
    ("code", "shown"),
    [("not_available", "not available"), ("session_number", "session number"), ("bond", "bond")],
)
def test_words(code: str, shown: str) -> None:
    """Codes read as plain words."""
    assert words(code) == shown


@pytest.mark.parametrize(
    ("session_id", "link", "label"),
    [
        ("12", "12", "session 12"),
        ("ORS #4", None, "ORS form 4 (4th administration)"),
        ("#5", None, "form 5 (5th administration)"),
        ("intake", None, "intake"),
    ],
)
def test_evidence_source(session_id: str, link: str | None, label: str) -> None:
    """Only stored sessions (all digits) are linked; measure forms are labelled plainly."""
    assert session_link(session_id) == link and evidence_label(session_id) == label


def test_client_page_renders_form_evidence_without_a_link() -> None:
    """Measure-form evidence reads 'ORS form 4 (4th administration)', unlinked; sessions link."""
    insight = Insight(
        InsightKind.ALERT,
        "Not on track",
        "explanation",
        (
            InsightEvidence("ORS #4", scores={"ORS": 12.0, "expected": 22.94, "session_number": 4}),
            InsightEvidence("7", utterance_indexes=(3,), scores={"reflection_to_question": 1 / 3}),
        ),
        "suggestion",
        "not_on_track_fit",
        "client-1",
    )
    html = TEMPLATES.env.get_template("client.html").render(
        client={"id": 1, "name": "Synthetic", "identifier": None},
        measures={"alerts": (), "series": ()},
        insights=(insight,),
        consents=[],
        sessions=[],
        actor=None,
        spark_width=1,
        spark_height=1,
    )
    assert "ORS form 4 (4th administration) ORS 12 expected 22.94" in html
    assert "/sessions/ORS" not in html and "4.0" not in html and "session_number" not in html
    assert '<a href="/sessions/7">session 7</a> <a href="/sessions/7#u3">' in html
    assert "reflection to question 0.33" in html


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        (
            "ORS 15.4 at session 6 is below the expected 24.19",
            "ORS 15.4 at form 6 (6th administration) is below the expected 24.19",
        ),
        ("SRS 30 at session 1 is low", "SRS 30 at form 1 (1st administration) is low"),
        ("no ordinal here", "no ordinal here"),
    ],
)
def test_measure_alerts_name_the_form_not_a_session(reason: str, shown: str) -> None:
    """A measure alert's "at session N" (its Nth form) never reads like stored session N."""
    assert form_wording(reason) == shown


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (22, "22nd")]
)
def test_ordinal(n: int, text: str) -> None:
    """Ordinals read as English ordinals (11th, not 11st)."""
    assert ordinal(n) == text
