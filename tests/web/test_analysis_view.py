"""The session page's analysis data: red-flag limits and the relational panel."""

from __future__ import annotations

from alliancelens.analysers import default_pipeline
from alliancelens.testing import make_session
from alliancelens.web._analysis_view import session_view
from alliancelens.web._render import TEMPLATES

SHORT = make_session(
    ("therapist", "It sounds like the week felt heavy. How did today feel for you?"),
    ("client", "Better than I expected, honestly."),
)

#: How an utterance link reads: "#0" on screen, "utterance 0" to a screen reader.
UTTERANCE = '<span aria-hidden="true">#</span><span class="visually-hidden">utterance </span>'


def test_dominating_talk_not_assessable_is_shown_in_the_red_flags_panel() -> None:
    """A session under the word floor says dominating talk time was not assessable, not nothing."""
    view = session_view(default_pipeline().run(SHORT), SHORT)
    html = TEMPLATES.get_template("_analysis.html").render(view=view)
    panel = html[html.index('id="red-flags"') :]
    assert "Dominating talk time not assessable (fewer than 300 words" in panel


def test_advice_red_flag_explains_the_other_advice_counts() -> None:
    """With an advice red flag, the panel says how it differs from the coder's advice counts."""
    session = make_session(
        ("client", "I had a rough week with my manager."),
        ("therapist", "You should just quit that job and find a better one."),
    )
    view = session_view(default_pipeline().run(session), session)
    html = TEMPLATES.get_template("_analysis.html").render(view=view)
    assert 'class="dim advice-counts"' in html and "with or without permission" in html


def test_relational_panel_shows_empathy_and_markers_with_links() -> None:
    """The session page shows EPITOME empathy and the relational markers, each linked."""
    view = session_view(default_pipeline().run(SHORT), SHORT)
    html = TEMPLATES.get_template("_analysis.html").render(view=view)
    panel = html[html.index('id="relational"') :]
    assert "Emotional reactions (ER)" in panel
    assert f'Feedback asked for: 1 (<a href="#u0">{UTTERANCE}0</a>)' in panel


def test_relational_panel_not_analysed_without_an_analysis() -> None:
    """A session without a stored analysis shows the relational panel as not analysed."""
    html = TEMPLATES.get_template("_analysis.html").render(view=session_view(None, SHORT))
    panel = html[html.index('id="relational"') :]
    assert "Not analysed (no stored analysis yet" in panel


def test_session_without_a_therapist_says_no_estimate() -> None:
    """A client-only session's alliance panel says there is no pair, not "Not analysed"."""
    session = make_session(("client", "I kept a diary this week."), ("client", "It helped."))
    view = session_view(default_pipeline().run(session), session)
    html = TEMPLATES.get_template("_analysis.html").render(view=view)
    assert "no therapist–client pair" in html and "Not analysed (no estimate" not in html


def test_withheld_miti_band_reads_too_few_coded_as_in_the_terminal() -> None:
    """A band withheld for too few coded utterances says so (the CLI's words), not a bare dash."""
    view = session_view(default_pipeline().run(SHORT), SHORT)
    assert view.skills is not None
    withheld = [row for row in view.skills["rows"] if row["band"] == "too few coded"]
    assert withheld, "a two-turn session has too few coded utterances for any MITI band"
    html = TEMPLATES.get_template("_analysis.html").render(view=view)
    assert "<td>too few coded</td>" in html
