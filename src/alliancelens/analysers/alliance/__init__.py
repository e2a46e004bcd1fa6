"""Working-alliance estimate (Bordin: goal, task, bond); see docs/analysers/alliance.md."""

from __future__ import annotations

from alliancelens.analysers.alliance._analyser import (
    NO_PAIR_TEXT,
    PERSPECTIVE,
    SUBSCALES,
    BordinAlliance,
    has_pair,
)

__all__ = ["NO_PAIR_TEXT", "PERSPECTIVE", "SUBSCALES", "BordinAlliance", "has_pair"]
