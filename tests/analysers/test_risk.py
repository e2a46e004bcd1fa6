"""risk.language rule layer: wording rules, guards, screening-answer and thread context, demos.

These tests pin the rules, so they run with ``use_model=False``; the trained model on top of them
is tested in ``test_risk_model_flags.py`` (and a rule flag is never removed by the model).
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers import _risk_guard_patterns as pat
from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers.risk import REVIEW_LABEL, RiskLanguage, screen_text
from alliancelens.domain import Session
from alliancelens.ingest import read_file
from alliancelens.services import demo_files
from alliancelens.testing import make_session

T, C = "therapist", "client"

POSITIVE = [
    ("I've been thinking about ending my life.", "suicidal_ideation"),
    ("Honestly I just want to kill myself most days.", "suicidal_ideation"),
    ("I've had suicidal thoughts on and off since Christmas.", "suicidal_ideation"),
    ("Last week I tried to take my own life.", "suicidal_ideation"),
    ("I took an overdose on Friday, but I made myself sick.", "suicidal_ideation"),
    ("I've been looking up how many paracetamol it would take.", "suicidal_ideation"),
    ("I've been saving up my tablets in a drawer.", "suicidal_ideation"),
    ("I wrote letters to the kids, just in case.", "suicidal_ideation"),
    ("I went to the bridge on Tuesday and stood there for a long time.", "suicidal_ideation"),
    ("I don't know if I can keep myself safe tonight.", "suicidal_ideation"),
    ("I can't stop thinking about killing myself.", "suicidal_ideation"),
    ("I'm not going to lie, I've thought about suicide.", "suicidal_ideation"),
    ("Sometimes I wish I was dead.", "passive_suicidal_ideation"),
    ("I go to sleep hoping I won't wake up.", "passive_suicidal_ideation"),
    ("It would be easier for everyone if I wasn't here.", "passive_suicidal_ideation"),
    ("They'd all be better off without me.", "passive_suicidal_ideation"),
    ("I'm just a burden to my family.", "passive_suicidal_ideation"),
    ("I don't want to be here anymore.", "passive_suicidal_ideation"),
    ("Life isn't worth living at the moment.", "passive_suicidal_ideation"),
    ("I wouldn't care if I died tomorrow.", "passive_suicidal_ideation"),
    ("If I got hit by a bus, honestly, that'd be fine.", "passive_suicidal_ideation"),
    ("Nobody would miss me if I was gone.", "passive_suicidal_ideation"),
    ("I don't see the point in anything any more.", "passive_suicidal_ideation"),
    ("Some days I wonder why I bother being alive.", "passive_suicidal_ideation"),
    ("I cut myself again last night.", "self_harm"),
    ("I've been cutting again.", "self_harm"),
    ("When it gets bad I bang my head against the wall.", "self_harm"),
    ("I've started self-harming again.", "self_harm"),
    ("The urge to cut has been really strong this week.", "self_harm"),
    ("I used to cut years ago and it's started again.", "self_harm"),
    ("It's like I'm just waiting to die.", "passive_suicidal_ideation"),
    (
        "Every night I think the world would be better without me in it.",
        "passive_suicidal_ideation",
    ),
    ("I'm so tired of fighting to stay alive.", "passive_suicidal_ideation"),
    (
        "I'm not scared of dying anymore, I think about it all the time.",
        "passive_suicidal_ideation",
    ),
    ("It'd be a relief not to wake up tomorrow.", "passive_suicidal_ideation"),
    ("I don't see why I should bother living.", "passive_suicidal_ideation"),
    ("I pray every night that God takes me.", "passive_suicidal_ideation"),
    ("I keep having thoughts about ending things.", "suicidal_ideation"),
    ("I sat in the car with the engine running in the garage for a while.", "suicidal_ideation"),
    ("I can't promise I'll be safe this weekend.", "suicidal_ideation"),
    ("I was close to doing it last week. I had everything ready.", "suicidal_ideation"),
    ("I took a load of pills on Saturday and then rang my sister.", "suicidal_ideation"),
    ("I smashed my fist into the mirror on purpose.", "self_harm"),
    ("I ripped my skin open with my nails again.", "self_harm"),
    ("If he touches her again I'll kill him.", "harm_to_others"),
    ("I've imagined strangling him in his sleep.", "harm_to_others"),
    ("I scratched my arms with a compass until they bled.", "self_harm"),
    ("My kids would be better off with their dad, without me.", "passive_suicidal_ideation"),
    ("I sat by the reservoir thinking about walking into the water.", "suicidal_ideation"),
    ("I just don't want to exist any more.", "passive_suicidal_ideation"),
    ("The voices tell me to hurt the neighbour.", "harm_to_others"),
    ("I keep thinking about stabbing my stepdad.", "harm_to_others"),
    ("I've got a knife in my bag for when I see him.", "harm_to_others"),
]

SET_ASIDE = [
    ("This job is killing me.", "idiom"),
    ("I could murder a curry right now.", "idiom"),
    ("I'd rather die than give that presentation.", "idiom"),
    ("If he's late again I'll kill him. Not literally, obviously. (laughs)", "joking"),
    ("No. I've never thought about killing myself.", "negated"),
    ("I'm not suicidal, I'm just exhausted.", "negated"),
    ("I would never hurt myself, I've got the kids.", "negated"),
    ("I don't want to die, I want things to change.", "negated"),
    ("My best friend told me she wanted to kill herself.", "third party"),
    ("My dad died by suicide when I was twelve.", "third party"),
    ("One of my patients took an overdose last week.", "third party"),
    ("She said she'd be better off dead, and I didn't know what to say.", "third party"),
    ("When I was fifteen I used to cut, but that's long behind me.", "past"),
    ("I took an overdose years ago, in my twenties. Nothing like that since.", "past"),
    ("I'm terrified I'm going to die of a heart attack, I keep thinking about death.", "fear"),
    ("I get horrible thoughts about hurting the baby, I'd never do it.", "intrusive"),
    ("My friend posted that she wants to end it all.", "third party"),
    ("The doctor said I could die if I don't stop drinking.", "fear"),
    ("I'll really fall and hurt myself on those stairs.", "accidental"),
    ("I laughed so hard I nearly died.", "idiom"),
    ("I'd honestly rather be dead than go back to that office. (laughs) Not really.", "idiom"),
    ("The pains in my chest mean I'm going to die young, like my uncle.", "fear"),
    ("She's been cutting again and doesn't want anyone to know.", "third party"),
    ("I wanted to strangle my brother when he ate my chips. Not really, obviously.", "joking"),
]

NEUTRAL = [
    "I cut the grass on Sunday and cut back on coffee.",
    "I didn't wake up until ten on Saturday.",
    "There's no point doing the diary if I'm on nights.",
    "It would be fine if I'm not here on Tuesday, right?",
    "I watched a documentary about suicide prevention.",
    "I counted the hours I worked last week.",
    "Okay. I will.",
    "I think my dog died of old age.",
    "I'm cutting down on drinks and cutting back on crisps.",
    "I wouldn't be here if it wasn't for my sister pushing me.",
    "I hurt my back moving the sofa.",
]


def _risk(session: Session, **params: Any) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    params.setdefault("use_model", False)
    findings = RiskLanguage(**params).analyse(session)
    items = next(f.value for f in findings if f.kind == "risk.summary")
    screening = next(f.value for f in findings if f.kind == "risk_screening.summary")
    return items, screening


def _one_client_turn(text: str) -> Session:
    return make_session((T, "How has the week been?"), (C, text))


@pytest.mark.parametrize(("text", "kind"), POSITIVE)
def test_risk_wording_is_flagged_with_its_kind(text: str, kind: str) -> None:
    """Each kind of risk statement is flagged on the client utterance, with the README kind."""
    items, _ = _risk(_one_client_turn(text))
    assert [(i["index"], i["kind"]) for i in items] == [(1, kind)]
    assert items[0]["review"] == REVIEW_LABEL and items[0]["matched"]


@pytest.mark.parametrize(("text", "reason"), SET_ASIDE)
def test_hard_negatives_are_set_aside_not_flagged(text: str, reason: str) -> None:
    """Idioms, negations, third parties, past history, fear and intrusive thoughts are listed."""
    items, screening = _risk(_one_client_turn(text))
    assert items == []
    assert any(reason in s["reason"] for s in screening["set_aside"])


@pytest.mark.parametrize("text", NEUTRAL)
def test_ordinary_talk_is_not_flagged(text: str) -> None:
    """Everyday uses of cut, wake, point and counted are not risk language."""
    assert _risk(_one_client_turn(text))[0] == []


DIALOGUES = [
    ([(T, "Have you had any thoughts of ending your life?"), (C, "Yes.")], {1}),
    ([(T, "Have you had any thoughts of ending your life?"), (C, "Sometimes, yeah.")], {1}),
    ([(T, "Have you had any thoughts of ending your life?"), (C, "(pause) I don't know.")], {1}),
    ([(T, "Have you had any thoughts of ending your life?"), (C, "Not really.")], {1}),
    ([(T, "Have you had any thoughts of ending your life?"), (C, "No. Never.")], set()),
    ([(T, "Any thoughts of harming yourself?"), (C, "God, no. I'm fine.")], set()),
    ([(T, "Any thoughts of harming anyone else?"), (C, "Only my ex. A lot, lately.")], {1}),
    ([(T, "How was your weekend?"), (C, "Fine.")], set()),
    (
        [
            (C, "I've been thinking about killing myself."),
            (T, "Thank you for telling me. Have you thought about how?"),
            (C, "Pills. I've got a stash."),
            (T, "Where are they now?"),
            (C, "Under the sink."),
        ],
        {0, 2, 4},
    ),
    (
        [
            (C, "I cut again on Friday."),
            (T, "How bad was it?"),
            (C, "No, not deep, but it's the third time this month."),
        ],
        {0, 2},
    ),
    (
        [
            (C, "I've been thinking about killing myself."),
            (T, "Would it be okay if we made a safety plan together?"),
            (C, "Okay."),
        ],
        {0},
    ),
    (
        [
            (C, "Sometimes I wish I didn't wake up."),
            (T, "Does it ever go further than that?"),
            (C, "No. I wouldn't do anything."),
        ],
        {0},
    ),
    (
        [
            (C, "Some days I wonder what the point of any of it is."),
            (T, "Have you tried a light box?"),
            (C, "No."),
        ],
        {0},
    ),
    (
        [
            (T, "You mentioned the overdose at nineteen. Any thoughts of suicide since?"),
            (C, "No, nothing since then."),
        ],
        set(),
    ),
]


@pytest.mark.parametrize(("turns", "expected"), DIALOGUES)
def test_context_flags_screening_answers_and_disclosure_threads(
    turns: list[tuple[str, str]], expected: set[int]
) -> None:
    """Non-denials to screening questions and answers within a disclosure thread are flagged."""
    items, _ = _risk(make_session(*turns))
    assert {i["index"] for i in items} == expected


def test_thread_answer_inherits_the_disclosure_severity() -> None:
    """An answer continuing a high-severity disclosure keeps its kind and severity."""
    session = make_session(
        (C, "I swear I'll kill him. I've put a knife in the car."),
        (T, "Can we talk about the knife?"),
        (C, "I'm not joking."),
    )
    items, _ = _risk(session)
    assert [(i["index"], i["kind"], i["severity"], i["basis"]) for i in items] == [
        (0, "harm_to_others", "high", "wording"),
        (2, "harm_to_others", "high", "disclosure_thread"),
    ]


def test_context_can_be_switched_off() -> None:
    """use_context=False screens wording only, so a bare 'Yes.' is not flagged."""
    session = make_session((T, "Any thoughts of suicide?"), (C, "Yes."))
    assert _risk(session, use_context=False)[0] == []


def test_therapist_speech_is_never_screened() -> None:
    """A therapist saying risk words (screening, quoting) produces no flag."""
    session = make_session((T, "Some people want to kill themselves. Do you?"), (C, "No."))
    items, screening = _risk(session)
    assert items == [] and screening["screened"]["utterances"] == 1


def test_screening_summary_says_what_was_and_was_not_screened() -> None:
    """With nothing found the statement says so without claiming 'no risk'."""
    _, screening = _risk(_one_client_turn("Work was fine."))
    assert screening["review"] == REVIEW_LABEL
    assert "No risk language detected by this analyser" in screening["statement"]
    assert "not a risk assessment" in screening["statement"]
    assert any("therapist" in s for s in screening["not_screened"])
    assert set(screening["screened"]["kinds"]) == set(lex.KINDS)


def test_follow_up_is_reported() -> None:
    """therapist_follow_up is True when the next therapist turn explores the disclosure."""
    session = make_session(
        (C, "I'd be better off dead."),
        (T, "Thank you for telling me. How often do those thoughts come?"),
    )
    assert _risk(session)[0][0]["therapist_follow_up"] is True


def _demo(name: str) -> Session:
    path = next(p for p in demo_files() if p.name == name)
    return read_file(path).sessions[0]


def test_demo_riley_flags_only_the_passive_statement_without_follow_up() -> None:
    """riley-07: utterance 27 is passive ideation (low), and the therapist did not follow it up."""
    items, _ = _risk(_demo("riley-07.srt"))
    assert [(i["index"], i["kind"], i["severity"]) for i in items] == [
        (27, "passive_suicidal_ideation", "low")
    ]
    assert items[0]["therapist_follow_up"] is False


def test_demo_alex_screening_question_and_denial_are_not_flagged() -> None:
    """alex-01: the screening question at 32 and the clear denial at 33 are not flagged."""
    items, screening = _risk(_demo("alex-01-intake.txt"))
    assert items == []
    assert [s["index"] for s in screening["set_aside"]] == [33]


@pytest.mark.parametrize("name", ["alex-02.vtt", "alex-03.json", "jordan-casey-couple.docx"])
def test_other_demos_have_no_risk_flags(name: str) -> None:
    """The demo sessions without risk language produce no flags."""
    assert _risk(_demo(name))[0] == []


ALL_TEXTS = [t for t, _ in POSITIVE] + [t for t, _ in SET_ASIDE] + NEUTRAL


@pytest.mark.parametrize("rule", lex.RULES, ids=lambda r: r.id)
def test_rule_needles_cover_every_match(rule: lex.RiskRule) -> None:
    """Whenever a rule matches an example, one of its needles is present (the fast path is safe)."""
    assert rule.needles
    for text in ALL_TEXTS:
        norm = " ".join(text.lower().replace("’", "'").split())
        masked = pat.IDIOMS.sub(lambda m: " " * len(m.group()), norm)
        if rule.pattern.search(masked):
            assert any(n in masked for n in rule.needles), (rule.id, text)


def test_screen_text_reports_a_denial() -> None:
    """screen_text marks clear denials and not hedges."""
    assert screen_text("No, nothing like that.").denial
    assert not screen_text("Not really... sometimes.").denial
