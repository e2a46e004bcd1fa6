"""risk.language with its trained model: model flags, set-asides, provenance and failure."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from alliancelens.analysers._risk_flags import Flag, bare_answer
from alliancelens.analysers.pipeline import Pipeline
from alliancelens.analysers.risk import FLAG_THRESHOLD, REVIEW_LABEL, RiskLanguage, rule_reading
from alliancelens.domain import Session
from alliancelens.errors import ModelFileError
from alliancelens.models.risk_model import load_risk_model, shipped_risk_dir
from alliancelens.testing import make_session

T, C = "therapist", "client"

#: Indirect wording that no rule names (checked below: the rules alone do not flag it).
MODEL_ONLY = [
    "i keep a bag of my nan's pills in the wardrobe for when it gets too much",
    "I keep the blades in an envelope in my drawer for when it gets bad.",
]


def _risk(session: Session, **params: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    findings = RiskLanguage(**params).analyse(session)
    items = next(f.value for f in findings if f.kind == "risk.summary")
    screening = next(f.value for f in findings if f.kind == "risk_screening.summary")
    return items, screening


def _turn(text: str) -> Session:
    return make_session((T, "How has the week been?"), (C, text))


@pytest.mark.parametrize("text", MODEL_ONLY)
def test_model_flags_wording_the_rules_miss(text: str) -> None:
    """Indirect wording outside the rules is flagged by the model, with its own reason."""
    assert rule_reading(text, "How has the week been?")[0] is False
    items, _ = _risk(_turn(text))
    assert len(items) == 1
    item = items[0]
    assert item["index"] == 1
    assert item["basis"] == "model"
    assert item["rule"] == "model"
    assert item["review"] == REVIEW_LABEL
    assert item["severity"] in {"low", "moderate", "high"}
    assert re.search(r"score 0\.\d\d", item["reason"])
    assert item["model_probability"] >= FLAG_THRESHOLD
    words = " ".join(re.findall(r"[a-z0-9']+", text.lower()))
    assert item["matched"]
    assert all(gram in words for gram in item["matched"].split(", "))


@pytest.mark.parametrize("text", MODEL_ONLY)
def test_model_can_be_switched_off(text: str) -> None:
    """With ``use_model=False`` only the rules decide."""
    assert _risk(_turn(text), use_model=False)[0] == []


def test_rule_flags_carry_the_model_probability() -> None:
    """A rule flag also records the model's probability (or null without the model)."""
    session = _turn("I've been thinking about killing myself.")
    with_model, _ = _risk(session)
    without, screening = _risk(session, use_model=False)
    assert with_model[0]["rule"] == without[0]["rule"] != "model"
    assert 0.0 <= with_model[0]["model_probability"] <= 1.0
    assert without[0]["model_probability"] is None
    assert screening["model"] is None


def test_screening_summary_records_the_model() -> None:
    """The screening summary names the model digest and thresholds used (audit trail, §10.3)."""
    model = load_risk_model()
    _, screening = _risk(_turn("Fine, thanks."))
    assert screening["model"] == {
        "sha256": model.digest,
        "flag_threshold": FLAG_THRESHOLD,
        "review_threshold": model.threshold,
        "guard_threshold": model.guard_threshold,
    }


#: Scored between the review and the flag threshold by the shipped model.
LOWER_CONFIDENCE = "Lately I don't really see the point in carrying on."


def test_lower_confidence_readings_are_listed_as_possible_not_flagged() -> None:
    """Below the flag threshold but above the review threshold: listed under possible."""
    items, screening = _risk(_turn(LOWER_CONFIDENCE))
    assert items == []
    assert [p["index"] for p in screening["possible"]] == [1]
    entry = screening["possible"][0]
    assert entry["review"] == REVIEW_LABEL
    assert load_risk_model().threshold <= entry["model_probability"] < FLAG_THRESHOLD
    assert "possible" in screening["statement"]


def test_thresholds_can_be_moved() -> None:
    """``flag_threshold`` and ``review_threshold`` move the two operating points."""
    session = _turn(LOWER_CONFIDENCE)
    items, _ = _risk(session, flag_threshold=load_risk_model().threshold)
    assert [i["basis"] for i in items] == ["model"]
    items, screening = _risk(session, review_threshold=1.01)
    assert items == []
    assert screening["possible"] == []


def test_therapist_turns_are_still_never_flagged() -> None:
    """The model scores client speech only: a therapist's screening question is not flagged."""
    session = make_session(
        (T, "Have you been thinking about killing yourself, or saving up tablets?"), (C, "No.")
    )
    assert _risk(session)[0] == []


def test_missing_model_fails_the_analyser_never_no_risk(tmp_path: Path) -> None:
    """Without readable model files the analyser fails: the run says failed, not 'no risk'."""
    utterance = "I have the tablets ready for tonight."
    session = _turn(utterance)
    with pytest.raises(ModelFileError) as info:
        RiskLanguage(model_dir=str(tmp_path)).analyse(session)
    assert utterance not in str(info.value)
    result = Pipeline([RiskLanguage(model_dir=str(tmp_path))]).run(session)
    run = next(r for r in result.runs if r.name == "risk.language")
    assert run.status.value == "failed"
    assert not any(f.kind == "risk.summary" for f in result.findings)
    assert run.reason is not None
    assert "ModelFileError" in run.reason
    assert utterance not in run.reason


def test_model_dir_parameter_loads_a_copy(tmp_path: Path) -> None:
    """``model_dir`` points the analyser at another copy of the model files."""
    folder = tmp_path / "copy"
    shutil.copytree(shipped_risk_dir(), folder)
    session = _turn(MODEL_ONLY[0])
    assert _risk(session, model_dir=str(folder))[0] == _risk(session)[0]


#: Explicit statements the rules flag; the model must never take a rule flag away.
RULE_POSITIVES = [
    "Last week I tried to take my own life.",
    "I used to cut years ago and it's started again.",
    "I've been saving up my tablets in a drawer.",
    "If he touches her again I'll kill him.",
    "They'd all be better off without me.",
    "I cut myself again last night.",
]


@pytest.mark.parametrize("text", RULE_POSITIVES)
def test_rule_flags_survive_the_model(text: str) -> None:
    """OR, not AND: a statement the rules flag stays flagged with the model switched on."""
    assert [i["index"] for i in _risk(_turn(text))[0]] == [1]
    assert [i["index"] for i in _risk(_turn(text), use_model=False)[0]] == [1]


def test_screening_question_denial_is_not_flagged_with_the_model() -> None:
    """A clear denial of a screening question stays unflagged with the model on."""
    session = make_session(
        (T, "Have you had any thoughts of ending your life?"), (C, "No. Honestly, no.")
    )
    assert _risk(session)[0] == []


@pytest.mark.parametrize(
    ("probability", "question", "answer", "flagged"),
    [
        (0.9, "How often has that been happening?", "Most evenings now, to be honest.", True),
        (0.65, "How often has that been happening?", "Most evenings now, to be honest.", False),
        (0.9, "How often has that been happening?", "Yeah.", False),
        (0.65, "Where do you keep the tablets?", "In my bedside drawer.", True),
    ],
)
def test_model_flags_open_a_thread_only_on_strong_evidence(
    probability: float, question: str, answer: str, *, flagged: bool
) -> None:
    """A model flag opens a thread for a risk follow-up, or when confident and answered."""
    session = make_session(
        (T, "How are things?"), (C, "It's been a lot."), (T, question), (C, answer)
    )
    analyser = RiskLanguage(use_model=False)
    readings = analyser.readings(session.utterances)
    origin = Flag(1, "self_harm", "moderate", "model reading", "model", probability=probability)
    reading = readings[3]
    assert reading is not None
    flag = analyser._after_model_flag(session.utterances, 3, {1: origin}, reading)
    assert (flag is not None) is flagged
    if flag is not None:
        assert flag.basis == "disclosure_thread"
        assert flag.context == [1, 2]


#: Short answers to ordinary questions that the version 6 model reads at or above the review
#: threshold (0.53-0.72; measured 2026-11-22): the reading comes from the question.
BARE_ANSWERS = [
    ("So you feel like you're carrying all of this on your own?", "Yes."),
    ("It sounds like you need to make some kind of choice about it. Is that right?", "Yes."),
    ("So what would you need to get started?", "Just need to do it."),
]


@pytest.mark.parametrize(("question", "answer"), BARE_ANSWERS)
def test_short_answer_to_an_ordinary_question_is_set_aside(question: str, answer: str) -> None:
    """A model-only reading of a <= 5-word answer to a non-risk question is set aside."""
    items, screening = _risk(make_session((T, question), (C, answer)))
    assert items == []
    assert screening["possible"] == []
    reasons = [a["reason"] for a in screening["set_aside"] if a["index"] == 1]
    assert len(reasons) == 1
    assert reasons[0].startswith("model: a short answer to a question that does not ask about risk")


@pytest.mark.parametrize(("question", "answer"), BARE_ANSWERS)
def test_without_the_gate_the_model_lists_those_answers(
    question: str, answer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate is what keeps them off the list: with it disabled the model lists them."""
    monkeypatch.setattr("alliancelens.analysers._risk_model_gate.BARE_ANSWER_WORDS", 0)
    _, screening = _risk(make_session((T, question), (C, answer)))
    assert [p["index"] for p in screening["possible"]] == [1]


def test_short_answer_to_a_screening_question_is_still_flagged() -> None:
    """The gate leaves answers to risk questions alone: "Yes." to a screening question is a flag."""
    session = make_session((T, "Have you had any thoughts of ending your life?"), (C, "Yes."))
    items, _ = _risk(session)
    assert [i["index"] for i in items] == [1]


@pytest.mark.parametrize(
    ("answer", "prompt", "bare"),
    [
        ("yes.", "is that right?", True),
        ("just need to do it.", "so what would you need?", True),
        ("i just need to do it.", "so what would you need?", False),  # six words
        ("yes.", "have you thought about killing yourself?", False),  # a risk question
        ("yes.", "", False),  # no therapist turn before
    ],
)
def test_bare_answer(answer: str, prompt: str, bare: bool) -> None:
    """bare_answer: at most five words, after a therapist turn that does not ask about risk."""
    assert bare_answer(answer, prompt) is bare


#: Written for these tests; the shipped model reads it between the review and flag thresholds.
SIDEWAYS = (
    "Been putting a few of the pens aside in the fridge in the garage, "
    "a little supply for later on."
)


def test_possible_reading_the_therapist_asks_about_is_a_flag() -> None:
    """Version 8: a *possible* reading is a flag when the therapist's next turn asks about it."""
    session = make_session(
        (T, "How have things been since last time?"),
        (C, SIDEWAYS),
        (T, "When you say that, what do you mean?"),
        (C, "Means what it sounds like, I suppose."),
    )
    items, screening = _risk(session)
    assert [(i["index"], i["basis"]) for i in items] == [(1, "model"), (3, "disclosure_thread")]
    assert "the therapist's next turn asks about it (at 2)" in items[0]["reason"]
    assert items[0]["model_probability"] < FLAG_THRESHOLD
    assert screening["possible"] == []


def test_possible_reading_stays_possible_after_an_ordinary_turn() -> None:
    """A generic "tell me more" is not a risk question: the reading stays on the possible list."""
    session = make_session(
        (T, "How have things been since last time?"),
        (C, SIDEWAYS),
        (T, "Tell me more about the garage."),
        (C, "It's where I keep the freezer and the bikes."),
    )
    items, screening = _risk(session)
    assert items == []
    assert 1 in [p["index"] for p in screening["possible"]]
