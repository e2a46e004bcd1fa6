"""MI-like, one definition (QA43 #11): microskills.summary stores it; trends read it.

Every dialogue here was written for these tests; codes are hand-made (no model).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import FindingSet
from alliancelens.analysers._mi_like import evoking_turns, mi_like
from alliancelens.analysers.microskills import MicroskillCodes, MicroskillSummary
from alliancelens.domain import Session
from alliancelens.insights import Caseload, client_trends, session_record
from alliancelens.testing import make_session

MI = (
    ("therapist", "What are the less good things about the drinking for you?"),
    ("client", "I wake up foggy and miss the school run some days."),
    ("therapist", "If nothing changed, where would you be in a year?"),
    ("client", "Probably in trouble at work, honestly, and the kids would notice."),
    ("therapist", "How important is it to you to cut down, from one to ten?"),
    ("client", "An eight. I don't want them seeing me like that."),
)
CBT = (
    ("therapist", "Let's look at the thought record from Tuesday."),
    ("client", "I wrote that everyone at the meeting thought I was useless."),
    ("therapist", "What evidence did you find for that thought?"),
    ("client", "My manager frowned when I presented the figures."),
    ("therapist", "And what evidence against it?"),
    ("client", "She thanked me afterwards and asked for the slides."),
)
#: Client turns 1 and 3 coded change talk, turn 5 sustain talk, in every session below.
TALK = {1: "change", 3: "change", 5: "sustain"}


def _summary(session: Session) -> dict[str, Any]:
    codes = MicroskillCodes()
    found = [
        codes.utterance_finding(
            "microskills.code",
            {"client_talk": talk, "confidence": {"client_talk": 0.9}},
            utterance_index=i,
        )
        for i, talk in TALK.items()
    ]
    (finding,) = MicroskillSummary().analyse(session, upstream=FindingSet(tuple(found)))
    value: dict[str, Any] = finding.value
    return value


@pytest.mark.parametrize(("turns", "expected"), [(MI, True), (CBT, False)], ids=["mi", "cbt"])
def test_summary_stores_whether_the_session_is_mi_like(
    turns: tuple[tuple[str, str], ...], expected: bool
) -> None:
    """Three evoking questions about drinking: mi_like true; a thought-record review: false."""
    summary = _summary(make_session(*turns))
    assert summary["mi_like"] is expected
    assert summary["indices"]["change_talk_share"]["value"] == pytest.approx(2 / 3, abs=1e-4)


@pytest.mark.parametrize(("turns", "shown"), [(MI, True), (CBT, False)], ids=["mi", "cbt"])
def test_client_trends_show_change_talk_of_mi_like_sessions_only(
    turns: tuple[tuple[str, str], ...], shown: bool
) -> None:
    """Sessions analysed by the summary: change talk is a trend row for MI sessions, not CBT."""
    records = []
    for n in range(5):
        session = make_session(*turns, session_id=f"s{n}")
        records.append(session_record(session, {"skills": _summary(session)}))
    rows = [t for t in client_trends(Caseload("c1", tuple(records))) if "change_talk" in t.metric]
    assert [len(t.values) for t in rows] == ([5] if shown else [])


def test_one_evoking_question_and_a_behaviour_named_twice_is_mi_like() -> None:
    """One evoking question plus vaping named in two therapist turns; one question alone is not."""
    session = make_session(
        ("therapist", "Tell me about the vaping at work."),
        ("client", "I go through a whole pod before lunch most days."),
        ("therapist", "What are the not so good things about the vaping for you?"),
        ("client", "The cost, and my chest feels tight on the stairs now."),
    )
    assert evoking_turns(session.utterances) == [2]
    assert mi_like(session.utterances)
    assert not mi_like(make_session(*CBT[:2], ("therapist", "What's the downside?")).utterances)
