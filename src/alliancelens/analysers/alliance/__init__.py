"""Working-alliance estimate (Bordin: goal, task, bond); see docs/analysers/alliance.md."""

from __future__ import annotations

from alliancelens.analysers.alliance._analyser import PERSPECTIVE, SUBSCALES, BordinAlliance

__all__ = ["PERSPECTIVE", "SUBSCALES", "BordinAlliance"]
