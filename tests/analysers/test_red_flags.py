"""red_flags.therapist: own problems, advice without permission, judgment, ignoring, talk time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.red_flags import TherapistRedFlags, red_flags_in
from alliancelens.analysers.talk import TalkStatistics
from alliancelens.domain import Session
from alliancelens.evaluation.red_flags_eval import evaluate_red_flags_folder
from alliancelens.ingest import read_file
from alliancelens.services import demo_files
from alliancelens.testing import make_session

T, C = "therapist", "client"

PAIRS = [
    (
        "I've been arguing with my partner.",
        "Oh, I know all about that. My husband and I used to row constantly when the kids were "
        "small. I'd end up sleeping on the sofa for days.",
        {"therapist_own_problems"},
    ),
    (
        "I can't sleep.",
        "I had terrible insomnia after my dad died. What helped me was giving up coffee.",
        {"therapist_own_problems"},
    ),
    (
        "I'm nervous about the interview.",
        "You need to prepare answers tonight.",
        {"unsolicited_advice"},
    ),
    (
        "I'm nervous about the interview.",
        "Just tell them the truth and stop worrying.",
        {"unsolicited_advice"},
    ),
    ("I'm nervous about the interview.", "Would it be okay if I shared an idea?", set()),
    (
        "What would you do in my place?",
        "You could try writing three answers down, but you know yourself best.",
        set(),
    ),
    (
        "I didn't do the worksheet.",
        "Honestly, that's a bit lazy. We did agree.",
        {"judgmental_remark"},
    ),
    (
        "I had a drink on Friday.",
        "You're being silly. You know that's an excuse.",
        {"judgmental_remark"},
    ),
    (
        "The worksheet doesn't work for me, I can't do it at work.",
        "I understand, but let's just stick with it for another week.",
        {"ignoring_client_feedback"},
    ),
    (
        "The worksheet doesn't work for me, I can't do it at work.",
        "That makes sense. What would fit better with your shifts?",
        set(),
    ),
    ("I felt really low on Sunday.", "That sounds really hard. What was happening?", set()),
    ("I felt really low on Sunday.", "I notice I feel quite sad listening to you.", set()),
    ("I'm so proud of the exposure.", "You should be. Could you do it at home?", set()),
    ("I was crying all evening.", "Take your time. There's no rush.", set()),
]


@pytest.mark.parametrize(("client", "therapist", "expected"), PAIRS)
def test_utterance_red_flags(client: str, therapist: str, expected: set[str]) -> None:
    """Each red flag fires on its wording, and permission, choice or validation prevent it."""
    items, _ = red_flags_in(make_session((C, client), (T, therapist)).utterances)
    assert {i["kind"] for i in items} == expected
    assert all(i["index"] == 1 and i["evidence"] for i in items)


#: Version-2 families: new wording for each kind, and the hard negatives the rules must leave.
GENERALISED = [
    (
        "My mum's in hospital again.",
        "Oh, same here. My mother was in and out for a year and I was driving up every weekend, "
        "I was exhausted.",
        {"therapist_own_problems"},
    ),
    (
        "Have you ever been nervous like this?",
        "I have, at times. I'll say that briefly, because this is about yours. Where do you feel "
        "it?",
        set(),
    ),
    (
        "My flatmate never cleans.",
        "Honestly, I'd sit her down tonight and lay down the law.",
        {"unsolicited_advice"},
    ),
    ("I might text him.", "Block him, mate. Delete the number.", {"unsolicited_advice"}),
    (
        "I keep thinking I have to be perfect.",
        "So there's a sense that you have to get everything right.",
        set(),
    ),
    (
        "My sister says I should leave him.",
        "Your sister thinks you should leave him. What do you think?",
        set(),
    ),
    (
        "Is it normal to feel shaky after a panic attack?",
        "Yes, you may notice shakiness for an hour or so; it passes.",
        set(),
    ),
    (
        "I skipped the diary again.",
        "That's just lazy. You won't put the effort in.",
        {"judgmental_remark"},
    ),
    (
        "I spent the rent on a games console.",
        "Well, that was irresponsible.",
        {"judgmental_remark"},
    ),
    ("I'm such an idiot.", "You're calling yourself an idiot, and that sounds painful.", set()),
    (
        "Maybe I'm just selfish.",
        "I'm not sure selfish fits; you've cared for your dad for years.",
        set(),
    ),
    (
        "These breathing exercises make me more anxious, honestly.",
        "Let's keep going with them. Twice a day, as we said.",
        {"ignoring_client_feedback"},
    ),
    (
        "I don't want to talk about my brother today.",
        "Right. So, your brother, when did you last speak?",
        {"ignoring_client_feedback"},
    ),
    (
        "These breathing exercises make me more anxious, honestly.",
        "Thanks for telling me. We could try a gentler version, or drop it; what would suit you?",
        set(),
    ),
    (
        "Can you email me between sessions?",
        "I can't do emails between sessions, but I can write the plan on a card now. Would that "
        "help?",
        set(),
    ),
]


@pytest.mark.parametrize(("client", "therapist", "expected"), GENERALISED)
def test_generalised_red_flags(client: str, therapist: str, expected: set[str]) -> None:
    """New wording is flagged by the version-2 families, and their hard negatives are not."""
    items, _ = red_flags_in(make_session((C, client), (T, therapist)).utterances)
    assert {i["kind"] for i in items} == expected


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            [
                (C, "I told you, mornings don't work, I'm on earlies."),
                (T, "Mm."),
                (T, "So we'll keep the seven o'clock walk."),
            ],
            {"ignoring_client_feedback"},
        ),
        (
            [
                (T, "Would it help if I shared a couple of ideas?"),
                (C, "Yes."),
                (T, "Okay."),
                (C, "Go on."),
                (T, "You could try a fixed wake time."),
            ],
            set(),
        ),
        (
            [(C, "i dont wanna do the worksheet its pointless"), (T, "ok so lets fill in box one")],
            {"ignoring_client_feedback"},
        ),
    ],
)
def test_turn_context(turns: list[tuple[str, str]], expected: set[str]) -> None:
    """A filler turn, permission three turns back and unpunctuated text are read in context."""
    items, _ = red_flags_in(make_session(*turns).utterances)
    assert {i["kind"] for i in items if i["index"] == len(turns) - 1} == expected


def test_ignoring_feedback_cites_the_objection() -> None:
    """The evidence of an ignoring flag is the client's objection and the therapist's reply."""
    session = make_session(
        (C, "The app is useless, it keeps crashing."),
        (T, "Okay."),
        (T, "Keep logging every day this week anyway."),
    )
    (item,) = red_flags_in(session.utterances)[0]
    assert item["kind"] == "ignoring_client_feedback" and item["evidence"] == [0, 2]


TRAINING = Path(__file__).resolve().parents[2] / "training-data" / "red_flags"
KINDS = {
    "therapist_own_problems",
    "unsolicited_advice",
    "judgmental_remark",
    "ignoring_client_feedback",
}


#: Batches written after the final rules (13: before any version-3 change, 14: after the freeze)
#: and never tuned on; the others were scored once and then used for tuning.
HELD_OUT = {13, 14}


def _rows(*, held_out: bool | None = None) -> list[dict[str, Any]]:
    rows = [
        json.loads(line)
        for path in sorted(TRAINING.glob("batch-*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    return [r for r in rows if held_out is None or (r["batch"] in HELD_OUT) is held_out]


def test_training_rows_are_well_formed() -> None:
    """Every synthetic row has a unique id, context turns, a therapist text and only known kinds."""
    rows = _rows()
    assert len(rows) >= 400 and len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["context"] and {t["speaker"] for t in row["context"]} <= {C, T}
        assert set(row["labels"]) <= KINDS and row["text"].strip()


def _score(rows: list[dict[str, Any]]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for row in rows:
        turns = [(t["speaker"], t["text"]) for t in row["context"]] + [(T, row["text"])]
        items, _ = red_flags_in(make_session(*turns).utterances)
        predicted = {i["kind"] for i in items if i["index"] == len(turns) - 1}
        gold = set(row["labels"])
        tp, fp, fn = (
            tp + len(gold & predicted),
            fp + len(predicted - gold),
            fn + len(gold - predicted),
        )
    return tp, fp, fn


def test_training_batches_regression() -> None:
    """On the tuning batches (1-12) precision and recall stay at the measured 1.00 and 0.99."""
    tp, fp, fn = _score(_rows(held_out=False))
    assert tp / (tp + fp) >= 0.99 and tp / (tp + fn) >= 0.99


def test_held_out_batches_regression() -> None:
    """On held-out batches 13-14 precision and recall stay at the measured 0.90 and 0.37."""
    tp, fp, fn = _score(_rows(held_out=True))
    assert tp / (tp + fp) >= 0.90 and tp / (tp + fn) >= 0.36


@pytest.mark.shared_data
def test_shared_examples(shared_data: Path) -> None:
    """On the 15 shared excerpts every labelled red flag is found, with at most 1 false alarm."""
    summary = evaluate_red_flags_folder(shared_data / "ruptures-examples").as_dict()
    assert summary["overall"]["fn"] == 0 and summary["overall"]["fp"] <= 1


BLIND_V2 = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "blind-2026-11-22b"


def test_blind_v2_development_set() -> None:
    """Blind set v2, development data since version 3: all 7 red flags, no false alarm."""
    summary = evaluate_red_flags_folder(BLIND_V2).as_dict()
    assert (summary["overall"]["tp"], summary["overall"]["fp"]) == (7, 0)


def _flags(session: Session, **params: Any) -> list[dict[str, Any]]:
    upstream = FindingSet(tuple(TalkStatistics().analyse(session)))
    findings = TherapistRedFlags(**params).analyse(session, upstream=upstream)
    value: list[dict[str, Any]] = findings[0].value
    return value


def test_therapist_interrupting_a_client_is_flagged() -> None:
    """A therapist starting a second before the client finished is an interruption flag."""
    session = make_session(
        (C, "I was going to say that the week was", 0.0, 4.0),
        (T, "Right, let's move to the homework.", 2.5, 5.0),
        (C, "Okay.", 5.5, 6.0),
    )
    assert [(i["index"], i["kind"], i["evidence"]) for i in _flags(session)] == [
        (1, "interrupting", [0, 1])
    ]


def test_client_interrupting_the_therapist_is_not_a_therapist_flag() -> None:
    """Only the therapist's interruptions of a client count."""
    session = make_session(
        (T, "What I wanted to ask about was the diary and", 0.0, 4.0),
        (C, "I didn't do it.", 2.0, 5.0),
    )
    assert _flags(session) == []


WORDY = "and then we talked about the week and how it went and what might help " * 4


@pytest.mark.parametrize(
    ("share_limit", "min_words", "flagged"),
    [(0.75, 100, True), (0.99, 100, False), (0.75, 100_000, False)],
)
def test_dominating_talk_time(share_limit: float, min_words: int, flagged: bool) -> None:
    """A therapist share above the threshold in a long enough session is flagged."""
    session = make_session(*[(T, WORDY), (C, "Yes.")] * 3)
    items = _flags(session, dominating_share=share_limit, dominating_min_words=min_words)
    found = [i for i in items if i["kind"] == "dominating_talk_time"]
    assert bool(found) is flagged
    if flagged:
        assert found[0]["index"] is None and found[0]["share"] > share_limit


def test_own_problems_report_their_share_of_therapist_words() -> None:
    """Own-problem items carry the share of therapist words spent on them."""
    session = make_session(
        (C, "Work is hard."),
        (T, "When I went through my divorce I stopped eating for a month."),
        (C, "Oh."),
        (T, "What has been hardest this week?"),
    )
    (item,) = _flags(session)
    assert item["kind"] == "therapist_own_problems"
    assert 0.5 < item["share_of_therapist_words"] < 1


def _demo(name: str) -> Session:
    path = next(p for p in demo_files() if p.name == name)
    return read_file(path).sessions[0]


def test_demo_riley_shows_its_therapist_red_flags() -> None:
    """riley-07: self-disclosure at 4, 14, 22, 28, 38; advice without permission; domination."""
    items = _flags(_demo("riley-07.srt"))
    own = {i["index"] for i in items if i["kind"] == "therapist_own_problems"}
    advice = {i["index"] for i in items if i["kind"] == "unsolicited_advice"}
    assert own == {4, 14, 22, 28, 38}
    assert {4, 8, 14, 16, 18, 22, 40} <= advice
    assert any(i["kind"] == "dominating_talk_time" for i in items)


@pytest.mark.parametrize("name", ["alex-01-intake.txt", "alex-02.vtt", "jordan-casey-couple.docx"])
def test_demos_without_red_flags(name: str) -> None:
    """The well-run demo sessions have no red flags."""
    assert _flags(_demo(name)) == []


def test_demo_alex_03_advice_without_permission() -> None:
    """alex-03: advice without permission at 14 and 52."""
    items = _flags(_demo("alex-03.json"))
    assert [(i["index"], i["kind"]) for i in items] == [
        (14, "unsolicited_advice"),
        (52, "unsolicited_advice"),
    ]


#: Written for these tests: a permission phrase the therapist does not wait for, and one it does.
ANNOUNCED_PERMISSION = [
    (
        "I'm going back to work next week.",
        "Can I say something? Honestly, if I were you I'd take the extra month and not rush back, "
        "use the time to rest and get your strength up properly.",
        {"unsolicited_advice"},
    ),
    (
        "i'm going back to work next week",
        "can i say something honestly if i were you id take the extra month and not rush back use "
        "the time to rest",
        {"unsolicited_advice"},
    ),
    (
        "I'm going back to work next week.",
        "Can I say something about that, or would you rather we just plan the first week?",
        set(),
    ),
]


@pytest.mark.parametrize(("client", "therapist", "expected"), ANNOUNCED_PERMISSION)
def test_permission_must_be_waited_for(client: str, therapist: str, expected: set[str]) -> None:
    """Version 5: a permission question followed straight by the advice is not permission."""
    items, _ = red_flags_in(make_session((C, client), (T, therapist)).utterances)
    assert {i["kind"] for i in items} == expected
