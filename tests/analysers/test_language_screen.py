"""The analysers' English check and the risk screen's count of what it could not read (QA40 #1).

Every sentence here was written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from alliancelens.analysers._language import looks_english
from alliancelens.analysers.base import FindingSet
from alliancelens.analysers.risk import RiskLanguage
from alliancelens.testing import make_session


@pytest.mark.parametrize(
    "text",
    [
        "Quiero desaparecer. Ya he pensado cómo.",
        "Vale.",
        "Ich will nicht mehr so leben.",
        "Não quero mais nada.",
        "Je veux que tout s'arrête.",
    ],
)
def test_everyday_words_of_other_languages_are_not_english(text: str) -> None:
    """Verbs, adverbs and accents of other languages count, not only their function words."""
    assert not looks_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mi nuh know wah fi do bout it.",
        "ya ok see ya",
        "Ninety per cent, give or take.",
        "Flat. Nothing much happening lately.",
    ],
)
def test_creole_slang_and_terse_english_stay_english(text: str) -> None:
    """Words English creoles and slang share with other languages do not make a line foreign."""
    assert looks_english(text)


def _screen(*turns: tuple[str, str]) -> dict[str, Any]:
    findings = RiskLanguage().analyse(make_session(*turns), upstream=FindingSet())
    return next(f.value for f in findings if f.kind == "risk_screening.summary")


def test_a_session_in_another_language_is_not_analysed_never_no_risk() -> None:
    """No client line reads as English: zero screened and a 'not analysed' statement."""
    screen = _screen(
        ("therapist", "¿Cómo ha ido la semana?"),
        ("client", "Muy mal. A veces pienso que todos estarían mejor sin mí."),
        ("therapist", "Cuéntame más."),
        ("client", "Quiero desaparecer. Ya he pensado cómo."),
    )
    assert screen["screened"]["utterances"] == 0
    assert screen["screened"]["not_english_not_screened"] == 2
    assert screen["not_english_indexes"] == [1, 3]
    assert screen["statement"].startswith("Not analysed")
    assert "no risk language detected" not in screen["statement"].lower()


def test_a_mixed_session_counts_only_the_english_lines_as_screened() -> None:
    """English client lines are screened; the foreign one is named as not screened."""
    screen = _screen(
        ("therapist", "How was the week?"),
        ("client", "Pretty ordinary, I went to work and saw my sister."),
        ("therapist", "And the weekend?"),
        ("client", "Nada especial, pero estoy muy cansada."),
    )
    assert screen["screened"]["utterances"] == 1
    assert screen["not_english_indexes"] == [3]
    assert (
        "1 client utterance(s) that do not read as English were not screened"
        in (screen["statement"])
    )
