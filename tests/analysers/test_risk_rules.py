"""risk.language version 4 rule families and guards, on our own sentences.

Version 4 added rule families (harm to others: acts, conditional threats, arranging harm,
following a person, named injuries, meant "could have killed"; passive: regret at waking, sparing
others, stopped caring; self-harm: punishment by purging, wound care; suicidal: settling affairs,
a date in mind) and guards (exertion idioms, laughter, seriousness, past and resolved, fear of an
anaesthetic, lawful revenge, horrified intrusive thoughts). Every sentence here is our own
synthetic wording, written for this file; none comes from an evaluation set. Rules only
(``use_model=False``): the model is tested in test_risk_model_flags.py.
"""

from __future__ import annotations

import pytest

from alliancelens.analysers import _risk_lexicon as lex
from alliancelens.analysers.risk import RiskLanguage, screen_text
from alliancelens.testing import make_session

SI, PASSIVE, SH, OTHERS = lex.SI, lex.PASSIVE, lex.SELF_HARM, lex.OTHERS

#: (client utterance, kind, id of the rule that must match)
FAMILIES = [
    ("I shoved her so hard against the door that it left a bruise.", OTHERS, "others.did_harm"),
    ("Last week I grabbed my boy by the wrist too hard.", OTHERS, "others.did_harm"),
    (
        "If he ever turns up at the school again, I swear I'll make sure he never walks right.",
        OTHERS,
        "others.conditional_threat",
    ),
    (
        "If she so much as touches my car I'll sort her out, you watch.",
        OTHERS,
        "others.conditional_threat",
    ),
    (
        "I know two blokes who'd do him over for a few quid, no questions asked.",
        OTHERS,
        "others.arrange_harm",
    ),
    ("I've learnt his routine by heart, every single morning.", OTHERS, "others.following"),
    (
        "I found out when she leaves the gym, usually on her own.",
        OTHERS,
        "others.following",
    ),
    ("I've started using the same bus as he takes.", OTHERS, "others.following"),
    ("Snap his fingers one by one, that's what he deserves.", OTHERS, "others.injury_order"),
    (
        "I could have strangled him, and I'm not joking about that.",
        OTHERS,
        "others.could_have",
    ),
    ("I keep rehearsing shoving him off the platform.", OTHERS, "others.imagery"),
    ("Honestly I wanted to smack her across the room.", OTHERS, "others.intent"),
    ("I'm going to klap that guy when I see him.", OTHERS, "others.intent"),
    ("I keep a cutlass by the door and I'll use it on him.", OTHERS, "others.weapon_on"),
    ("I was gutted that I woke up this morning, to be honest.", PASSIVE, "passive.regret_waking"),
    (
        "If I just didn't wake up it'd save everyone a lot of bother.",
        PASSIVE,
        "passive.spare_everyone",
    ),
    ("It'd all be a lot calmer if I weren't about.", PASSIVE, "passive.easier_if_gone"),
    (
        "I've stopped caring whether I get home at night or not.",
        PASSIVE,
        "passive.stopped_caring",
    ),
    ("Part of me is hoping a bus finishes it for me.", PASSIVE, "passive.stopped_caring"),
    ("I made myself throw up after tea to punish myself.", SH, "sh.punish_body"),
    ("I cut last night, deeper than usual, and used steri strips.", SH, "sh.wound_care"),
    (
        "I gave my cat to the neighbour and cancelled the phone contract.",
        SI,
        "si.settling_affairs",
    ),
    ("I've been tying up loose ends this week.", SI, "si.settling_affairs"),
    ("I've got a date in mind now.", SI, "si.set_date"),
    ("I swallowed a load of my nan's tablets on Friday.", SI, "si.took_pills"),
]


@pytest.mark.parametrize(("text", "kind", "rule_id"), FAMILIES)
def test_version_4_families_match(text: str, kind: str, rule_id: str) -> None:
    """Each version 4 family flags its own kind of statement through the named rule."""
    hits = screen_text(text).hits
    assert rule_id in {h.rule.id for h in hits}
    assert kind in {h.rule.kind for h in hits}


#: Close look-alikes that must not be flagged (our own wording).
LOOKALIKES = [
    "I shook his hand so hard he laughed.",
    "I could have strangled him when he forgot the tickets again.",
    "I know his schedule because I do the school run on his days.",
    "I'm going to make him pay for the fence, my solicitor has written to him.",
    "I nearly killed myself going up those stairs with the shopping. (laughs)",
    "My sister says I'll kill myself with all this overtime.",
    "I'd strangle him for that missed penalty. (laughs)",
    "I'm dead from tiredness after the night shift.",
    "Mum will have my life if I'm late again.",
    "I cut my thumb on the bread knife and it needed stitches.",
    "I used to cut when I was at school, and I'm six years clean now.",
    "Back then I'd have said they'd be better off without me. Now I know it was the drink talking.",
    "My operation is next week and I'm dreading it, what if I don't wake up.",
    "We had a lad in the ward who'd taken an overdose.",
    "There was a flash of me stabbing him and I feel sick even saying it. I put the knife away.",
    "I put the knife in the drawer and went to bed.",
    "He's been thinking of killing himself and he's got tablets.",
]


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_not_flagged(text: str) -> None:
    """Idioms, lawful revenge, past and resolved, fear and third parties stay unflagged."""
    assert screen_text(text).hits == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I could have killed him, and I don't mean that as a figure of speech.", True),
        ("I could have killed him, he ate my leftovers.", False),
        ("I'll throttle him. (laughs)", False),
        ("I'll throttle him, it's not a joke any more.", True),
    ],
)
def test_seriousness_decides_figures_of_speech(text: str, *, expected: bool) -> None:
    """'Could have killed him' and laughed-off threats are flagged only when said to be meant."""
    assert bool(screen_text(text).hits) is expected


def test_a_joke_marker_qualifies_only_nearby_words() -> None:
    """A 'lol' about a typo does not set aside self-harm described later in the turn."""
    text = "urges most days lol i mean most nights and on friday i scratched my arms open"
    assert screen_text(text).hits


def _flags(*turns: tuple[str, str]) -> list[int]:
    session = make_session(*turns)
    analyser = RiskLanguage(use_model=False)
    findings = {f.kind: f.value for f in analyser.analyse(session)}
    return [item["index"] for item in findings["risk.summary"]]


@pytest.mark.parametrize(
    ("question", "answer", "flagged"),
    [
        ("Have you had thoughts of ending your life?", "No, honestly not. I'm all right.", False),
        ("Have you had thoughts of ending your life?", "Naw, nothing like that.", False),
        (
            "Have you had thoughts of ending your life?",
            "I suppose I have, some nights. I wouldn't do anything about it though.",
            True,
        ),
        (
            "Have you thought about how you'd do it?",
            "No, not how. Just that I want to, I won't pretend otherwise.",
            True,
        ),
    ],
)
def test_screening_answers(question: str, answer: str, *, flagged: bool) -> None:
    """Denials are set aside; a yes that only denies acting on it, or a partial denial, is not."""
    assert (1 in _flags(("therapist", question), ("client", answer))) is flagged


@pytest.mark.parametrize(
    ("question", "answer", "flagged"),
    [
        ("Have you had any thoughts of ending your life?", "No. Never, not that.", False),
        ("Are you safe to go home tonight?", "No.", True),
        ("Were the cuts deep?", "No, but it's the fourth time this week.", True),
        ("How often does that happen?", "Years ago it did, at uni. Not since then.", False),
    ],
)
def test_disclosure_thread_answers(question: str, answer: str, *, flagged: bool) -> None:
    """In a disclosure thread a 'no' denies only presence questions, never safety or details."""
    turns = (
        ("therapist", "How has the week been?"),
        ("client", "I cut my arms again on Tuesday."),
        ("therapist", question),
        ("client", answer),
    )
    assert (3 in _flags(*turns)) is flagged
