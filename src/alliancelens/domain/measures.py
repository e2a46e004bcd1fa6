"""Measure administrations: one completed questionnaire form, as raw item responses.

Raw responses are kept (not only totals), with the instrument version, the form, the population
the cut-offs should come from, who completed it and how (clinical-reference.md §0.2 rule 2).
``client`` identifies a person: it must never appear in logs or error messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["AdministrationMode", "MeasureAdministration"]


class AdministrationMode(StrEnum):
    """How the form was completed: on paper (scores entered by a clinician) or electronically."""

    PAPER = "paper"
    ELECTRONIC = "electronic"


@dataclass(frozen=True, slots=True)
class MeasureAdministration:
    """One completed form: who, when, which measure, and every item response in item order.

    ``responses`` holds one value per item of the measure, ``None`` for an item left blank.
    ``session`` optionally links to a session id (e.g. ``alex-01``); ``population`` selects
    population-specific cut-offs (``adult``, ``adolescent``); ``completed_by`` is the respondent
    (``client``, ``caregiver``, ``therapist``, ``observer``).
    """

    client: str
    date: dt.date
    measure: str
    responses: tuple[float | None, ...]
    session: str | None = None
    version: str | None = None
    population: str = "adult"
    completed_by: str = "client"
    mode: AdministrationMode = AdministrationMode.PAPER

    def __post_init__(self) -> None:
        object.__setattr__(self, "responses", tuple(self.responses))
        object.__setattr__(self, "mode", AdministrationMode(self.mode))

    @property
    def missing(self) -> tuple[int, ...]:
        """0-based positions of items left blank."""
        return tuple(i for i, value in enumerate(self.responses) if value is None)
