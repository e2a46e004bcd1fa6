"""Couple, family and group sessions: one note per client, never another member's words.

Every dialogue here was written for these tests (QA 20 item 6).
"""

from __future__ import annotations

import pytest

from alliancelens.analysers import AnalysisResult, Pipeline, available
from alliancelens.errors import UsageError
from alliancelens.notes import FORMATS, Note, NoteFormat, build_note
from alliancelens.testing import make_session

GROUP = make_session(
    ("therapist", "Let's begin. How has everyone's week gone since Thursday?"),
    ("Nadia", "Honestly rough. I've been cutting my arms again most nights this week."),
    ("therapist", "Thank you for telling the group, Nadia. When did you last cut?"),
    ("Nadia", "Last night, after my shift finished really late."),
    ("therapist", "Tomas, how about your week?"),
    ("Tomas", "Better. I want to start sending out job applications again next month."),
    ("therapist", "What would make that first application easier to send?"),
    ("Tomas", "I think setting aside one whole morning every week just for that."),
    ("Ines", "Same for me, I keep meaning to phone my old manager about a reference."),
    session_id="group-test",
)
NADIA = (1, 3)
TOMAS = (5, 7)


@pytest.fixture(scope="module")
def group() -> AnalysisResult:
    """The synthetic three-member group session, analysed with every analyser."""
    return Pipeline([cls() for cls in available().values()]).run(GROUP)


def _texts(note: Note) -> str:
    return "\n".join(s.text for section in note.sections for s in section.sentences)


def test_several_clients_without_member_are_refused_in_one_line(group: AnalysisResult) -> None:
    """No note for a multi-client session without --member; the error names no speaker."""
    with pytest.raises(UsageError) as caught:
        build_note(group, "soap")
    message = str(caught.value)
    assert "--member LABEL" in message and "3 client speakers" in message and "\n" not in message
    assert not any(name in message for name in ("Nadia", "Tomas", "Ines"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_member_note_holds_none_of_the_other_members_words(
    fmt: NoteFormat, group: AnalysisResult
) -> None:
    """Tomas's note quotes and cites none of Nadia's turns, and counts her flags instead."""
    note = build_note(group, fmt, member="tomas")  # case does not matter
    text = _texts(note)
    for i in NADIA:
        assert GROUP.utterances[i].text[:20] not in text
    cited = {
        e.details["index"]
        for section in note.sections
        for s in section.sentences
        for e in s.evidence
        if e.kind == "utterance"
    }
    assert not cited & set(NADIA)
    assert "on other clients' turns in this session are not in this note" in text
    assert "draft each client's own note" in text and "--member" not in text  # QA 24 item 8
    assert "Note for one of the 3 clients in this session" in text


def test_the_member_with_the_disclosure_gets_it_in_their_own_note(group: AnalysisResult) -> None:
    """Nadia's note keeps her risk flag for review and says the screen covered her turns only."""
    text = _texts(build_note(group, "birp", member="Nadia"))
    assert "FOR CLINICIAN REVIEW" in text and "utterance 1" in text
    assert "utterance(s) by this client flagged" in text
    assert GROUP.utterances[5].text[:20] not in text  # Tomas's words stay out


@pytest.mark.parametrize(
    ("member", "says"),
    [
        ("Ottilie", "none of the 3 client speaker label"),
        ("THERAPIST", "that speaker is the therapist"),  # QA 22 item 12: named as such
    ],
)
def test_an_unknown_member_is_refused_without_printing_labels(
    group: AnalysisResult, member: str, says: str
) -> None:
    """--member with no matching client label: refused, labels counted, never listed."""
    with pytest.raises(UsageError, match=says) as caught:
        build_note(group, "dap", member=member)
    assert "Nadia" not in str(caught.value) and member not in str(caught.value)


def test_a_couple_is_treated_like_a_group() -> None:
    """Two clients (a couple) also need --member; a one-client session does not."""
    couple = make_session(
        ("therapist", "What would each of you like from today?"),
        ("Priya", "To stop having the same argument about the holidays."),
        ("Sam", "For us to actually listen to each other for once."),
    )
    single = make_session(("therapist", "How are things?"), ("client", "A little calmer."))
    run = Pipeline([cls() for cls in available().values()])
    with pytest.raises(UsageError, match="2 client speakers"):
        build_note(run.run(couple), "soap")
    assert "Priya" not in _texts(build_note(run.run(couple), "soap", member="Sam"))
    assert build_note(run.run(single), "soap").sections


@pytest.mark.parametrize(
    "member",
    [None, "nobody-here", "therapist"],
    ids=["no-member", "unknown-member", "member-is-therapist"],
)
def test_member_refusals_never_print_the_session_id(member: str | None) -> None:
    """QA42 #3: a --member refusal never prints the file's `# id:`/JSON id (often a name)."""
    named = make_session(
        *((u.speaker, u.text) for u in GROUP.utterances), session_id="Ada Quillfeather 2026-11-20"
    )
    result = Pipeline([cls() for cls in available().values()]).run(named)
    with pytest.raises(UsageError) as caught:
        build_note(result, "soap", member=member)
    message = str(caught.value)
    assert "Quillfeather" not in message and "2026-11-20" not in message
    assert "the session" in message
