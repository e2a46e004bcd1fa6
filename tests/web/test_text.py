"""Human numbers, plain words and measure-form evidence labels on the pages."""

from __future__ import annotations

import pytest

from alliancelens.insights import Insight, InsightEvidence, InsightKind
from alliancelens.web._render import TEMPLATES
from alliancelens.web._text import evidence_label, number, session_link, words


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
        ("ORS #4", None, "ORS form, session 4"),
        ("#5", None, "form, session 5"),
        ("intake", None, "intake"),
    ],
)
def test_evidence_source(session_id: str, link: str | None, label: str) -> None:
    """Only stored sessions (all digits) are linked; measure forms are labelled plainly."""
    assert session_link(session_id) == link and evidence_label(session_id) == label


def test_client_page_renders_form_evidence_without_a_link() -> None:
    """Measure-form evidence reads 'ORS form, session 4' (no link, no 4.0); sessions link."""
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
    assert "ORS form, session 4 ORS 12 expected 22.94" in html
    assert "/sessions/ORS" not in html and "4.0" not in html and "session_number" not in html
    assert 'session <a href="/sessions/7">7</a> <a href="/sessions/7#u3">#3</a>' in html
    assert "reflection to question 0.33" in html
