"""Rule-based MITI 4.2.1 flags on invented therapist utterances (all sentences written here)."""

from __future__ import annotations

import pytest

from alliancelens.models import _miti_codes, _miti_persuade, miti_rules
from alliancelens.models.miti_rules import Rules, miti_flags

# Invented sentences used to check that trigger-word gating never changes a rule's answer.
_INVENTED = (
    "You've worked really hard to get here.",
    "It's impressive that you've managed to stay sober through the holidays.",
    "That shows real determination.",
    "Thank you for being so open about the gambling.",
    "That sounds like a thoughtful plan.",
    "Is it okay if I share what other people have tried?",
    "Would you like some information about nicotine patches?",
    "We can work out the details together.",
    "It's your choice, and you know yourself best.",
    "Take it at your own pace.",
    "You're in denial about how much you drink.",
    "You should know better by now.",
    "I recommend switching to the patch.",
    "You could try keeping a food diary.",
    "Plan something for the evenings instead.",
    "Some people find that a walk after dinner helps.",
    "Setting a quit date could help you commit.",
    "Can you give me some tips?",
    "Yes, go on.",
    "Feel free to reach out whenever you like.",
    "If evenings are hard, maybe there's something else that could fill them.",
    "What made you decide to come in today?",
    "That's great to hear!",
)
_OWN_IDEA = "I think I'll start by skipping my morning cigarette."
_RULE_SETS = (
    "AFFIRM",
    "SEEKING_COLLABORATION",
    "EMPHASISING_AUTONOMY",
    "CONFRONT",
    "DIRECTIVE",
    "ADVICE",
    "NOT_ADVICE",
    "PERMISSION",
    "CLIENT_REQUEST",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You've worked really hard to get here.", True),
        ("That took a lot of courage.", True),
        ("You're clearly very determined to keep your job.", True),
        ("You really care about your kids.", True),
        ("I appreciate your honesty about this.", True),
        ("That's a great idea.", True),
        ("It's impressive that you've managed to stay sober through the holidays.", True),
        ("It's great that you're thinking about your options.", True),
        ("That shows real determination.", True),
        ("Thank you for being so open about the gambling.", True),
        ("Cutting out the lunchtime pint sounds like a thoughtful plan.", True),
        ("You've taken a big step by calling the helpline.", True),
        ("Great.", False),
        ("Good.", False),
        ("I'm proud of you.", False),
        ("That's great to hear!", False),
        ("Thank you for sharing that.", False),
        ("It's good to see you again.", False),
        ("I hope you're doing well.", False),
        ("You have worked there for years?", False),
        ("What have you tried so far, and what worked?", False),
    ],
)
def test_affirm(text: str, expected: bool) -> None:
    """Affirm fires on praise tied to the client's strengths or efforts, not generic praise."""
    assert miti_flags(text, advice=False).affirm is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How does that sound to you?", True),
        ("What would you like to talk about today?", True),
        ("Where would you like to start?", True),
        ("Let's work this out together.", True),
        ("Is it okay if I share what other people have tried?", True),
        ("Would you like some information about nicotine patches?", True),
        ("May I make a suggestion?", True),
        ("We could brainstorm a few options, if that suits you.", True),
        ("What do you think about trying the patch for a week?", True),
        ("How many drinks do you have a day?", False),
        ("What are your thoughts on your drinking?", False),
        ("How do you feel about that?", False),
        ("I'm glad we could talk about this together.", False),
    ],
)
def test_seeking_collaboration(text: str, expected: bool) -> None:
    """Seeking collaboration fires on asking input on the plan or agenda, or asking permission."""
    assert miti_flags(text, advice=False).seeking_collaboration is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It's entirely up to you.", True),
        ("It’s your decision what happens next.", True),
        ("Only you can decide that.", True),
        ("Whatever you choose, I'll support it.", True),
        ("Nobody can make you stop.", True),
        ("You get to decide what happens.", True),
        ("It's your choice.", True),
        ("You know yourself best.", True),
        ("Whatever you decide, we can work with it.", True),
        ("Take it at your own pace.", True),
        ("We can pick this up again whenever you're ready.", True),
        ("You decided to come in today.", False),
        ("Your doctor decided that.", False),
        ("What made you decide to quit?", False),
        ("If you decide to cut down, what would help?", False),
        ("Why did you choose a six rather than a three?", False),
    ],
)
def test_emphasising_autonomy(text: str, expected: bool) -> None:
    """Emphasising autonomy fires when choice is placed with the client, not on past choices."""
    assert miti_flags(text, advice=False).emphasising_autonomy is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You're in denial about this.", True),
        ("That's just an excuse.", True),
        ("Come on, be honest with me.", True),
        ("I don't believe you.", True),
        ("You have to face the fact that you're drinking too much.", True),
        ("You should know better by now.", True),
        ("What were you thinking?", True),
        ("It sounds like part of you disagrees.", False),
        ("You're thinking about cutting back.", False),
    ],
)
def test_confront(text: str, expected: bool) -> None:
    """Confront fires on labelling, arguing, shaming, moralising or doubting honesty."""
    assert miti_flags(text, advice=False).confront is expected


@pytest.mark.parametrize(
    ("text", "advice", "previous_therapist", "previous_client", "expected"),
    [
        ("You should cut down.", False, (), "", True),
        ("I'd recommend a nicotine patch.", False, (), "", True),
        ("I recommend switching to the patch.", False, (), "", True),
        ("You could try keeping a food diary.", False, (), "", True),
        ("Plan something for the evenings instead.", False, (), "", True),
        ("Cravings: try a glass of water first.", False, (), "", True),
        ("Some people find that a walk after dinner helps.", False, (), "", True),
        ("Setting a quit date could help you commit.", False, (), "", True),
        ("Try keeping a drink diary.", True, (), "", True),
        ("A patch is the easiest way to start.", True, (), "", True),
        ("A patch is the easiest way to start.", False, (), "", False),
        ("You should cut down.", False, ("Would it be okay if I shared an idea?",), "", False),
        ("You should cut down.", False, ("Can I share something?", "Mm-hmm."), "", False),
        ("You should cut down.", False, ("Can I share?", "Hm.", "Okay."), "", True),
        ("You should cut down.", False, (), "What do you think I should do?", False),
        ("You could try nicotine gum.", False, (), "Do you have any tips?", False),
        ("You could try nicotine gum.", False, (), "Yes please.", False),
        ("You could try nicotine gum.", False, ("Here are a few ideas.",), "yes", False),
        ("You should stop smoking at home.", False, ("Do you smoke at home?",), "yes", True),
        ("You should cut down, but it's up to you.", False, (), "", False),
        ("You could try the gum, whatever works best for you.", False, (), "", False),
        ("Do you feel you have to drink?", False, (), "", False),
        ("Skipping the morning cigarette could help you start.", False, (), _OWN_IDEA, False),
        ("You should skip the morning cigarette.", False, (), _OWN_IDEA, True),
        ("Chewing nicotine gum could help with that.", False, (), "", True),
        ("Chewing nicotine gum could help with that.", False, (), "Would the patch help?", False),
        (
            "Swapping the evening drink for tea could help.",
            False,
            (),
            "How else can I cope?",
            False,
        ),
        ("Be kind to yourself this week.", False, (), "", False),
        ("Keep going!", False, (), "", False),
        ("Stop me if I've got this wrong.", False, (), "", False),
        ("If something I suggest doesn't fit, tell me.", False, (), "", False),
        ("I'd suggest we start with a diary.", False, (), "", True),
        ("I'd suggest we start with a diary. Would that be all right?", False, (), "", False),
        ("Keep a diary. Would you be willing to try that?", False, (), "", False),
        ("Do you think you could try cutting down?", False, (), "", False),
        ("If evenings are hard, maybe there's something else to fill them.", True, (), "", False),
        ("Feel free to reach out whenever you like.", True, (), "", False),
        ("We talked about cutting down on weekdays.", True, (), "", False),
        ("It sounds like you find you need to smoke when you wake up.", False, (), "", False),
        ("I wonder how you might start.", False, (), "", False),
    ],
)
def test_persuade_only_without_permission(
    text: str,
    advice: bool,
    previous_therapist: tuple[str, ...],
    previous_client: str,
    expected: bool,
) -> None:
    """Persuade fires on advice or directives unless permission is in view or choice is named."""
    flags = miti_flags(
        text,
        advice=advice,
        previous_therapist=previous_therapist,
        previous_client=previous_client,
    )
    assert flags.persuade is expected


@pytest.mark.parametrize("text", _INVENTED)
@pytest.mark.parametrize("name", _RULE_SETS)
def test_trigger_gating_never_changes_an_answer(name: str, text: str) -> None:
    """A rule set answers the same with trigger-word gating as when every pattern is searched."""
    rules: Rules = getattr(miti_rules, name)
    said = " ".join(text.replace("\u2019", "'").lower().split())
    ungated = any(pattern.search(said) for _, pattern in rules.rules)
    assert rules.search(said) is ungated


def test_rule_without_trigger_words_is_refused() -> None:
    """A pattern that does not open with (?#trigger words) cannot be registered."""
    with pytest.raises(ValueError, match="trigger words"):
        _miti_codes.rules(r"\bhello\b")


def test_flags_are_deterministic() -> None:
    """The same utterance and context always give the same flags."""
    runs = [
        miti_flags(
            "You could try nicotine gum.",
            advice=True,
            previous_therapist=("Here are a few ideas.",),
            previous_client="ok",
        )
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_flags_dictionary_has_every_code() -> None:
    """as_dict names the five codes the report carries."""
    assert set(miti_flags("Hello.", advice=False).as_dict()) == {
        "affirm",
        "seeking_collaboration",
        "emphasising_autonomy",
        "confront",
        "persuade",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fair point, you're right, I was rushing you. Shall we plan it between us?", False),
        ("Thanks for saying so. That's on me. What would suit you better?", False),
        ("I got a bit carried away with the worksheet there.", False),
        ("Let's figure out together which evenings could work.", False),
        ("A patch is the easiest way to start.", True),
        ("You should cut down. Let's look at it together.", True),
    ],
)
def test_owning_or_shared_turns_are_not_model_persuasion(text: str, expected: bool) -> None:
    """The coder's 'advice' on an owning or shared-decision turn is not Persuade (qa21 item 2)."""
    assert miti_flags(text, advice=True).persuade is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Given all that, what might be most helpful to look at today?", True),
        ("What will be the most important thing for us to talk about?", True),
        ("What would be useful for you to work on this week?", True),
        ("What was the most helpful part of the week?", False),
    ],
)
def test_asking_what_to_spend_the_session_on_is_seeking(text: str, expected: bool) -> None:
    """Asking the client what would be most useful to focus on is Seek (qa21 item 9)."""
    assert miti_flags(text, advice=False).seeking_collaboration is expected


@pytest.mark.parametrize(
    ("text", "advice", "previous_client", "expected"),
    [
        # qa22 item 6: coder "advice" on reflections, invited summaries and invitations
        ("You're keen to move on, and pausing here feels really hard.", True, "", False),
        ("Let me pull this together, and tell me where I got it wrong.", True, "", False),
        ("I'd rather know what made it hard than have you force it.", True, "", False),
        ("Let me know if I go too fast for you.", True, "", False),
        # persuasion by argument right where the client hesitated
        (
            "Honestly, the diary is the heart of this treatment. Without it we can't see the "
            "pattern.",
            False,
            "I'm not sure I'll fill it in.",
            True,
        ),
        ("I hear that it seems pointless, but it gets easier the more you do it.", False, "", True),
        ("I hear that it seems pointless. What makes it feel that way?", False, "", False),
    ],
)
def test_persuade_reads_reflections_and_arguments(
    text: str, advice: bool, previous_client: str, expected: bool
) -> None:
    """Reflections and invitations are not Persuade; arguing for the task is (version 4)."""
    assert miti_flags(text, advice=advice, previous_client=previous_client).persuade is expected


@pytest.mark.parametrize("name", ["ARGUMENT", "NOT_ADVICE"])
@pytest.mark.parametrize(
    "text",
    [
        "Let me know when I rush you.",
        "Tell me if I missed something.",
        "You're worried it won't work, and starting feels scary.",
        "They are really the key part of the approach, and without them we can't move.",
        "I know that it feels silly, but it will become easier over time.",
    ],
)
def test_version_4_rules_gate_on_their_trigger_words(name: str, text: str) -> None:
    """The version-4 Persuade rule sets answer the same with and without trigger gating."""
    rules: Rules = getattr(_miti_persuade, name)
    said = " ".join(text.lower().split())
    ungated = any(pattern.search(said) for _, pattern in rules.rules)
    assert rules.search(said) is ungated
