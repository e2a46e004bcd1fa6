"""Analysers turn sessions into findings. See ``base`` for the interface."""

from alliancelens.analysers.base import Analyser, FindingSet
from alliancelens.analysers.pipeline import AnalysisResult, Pipeline, default_pipeline
from alliancelens.analysers.registry import available, create, register

__all__ = [
    "Analyser",
    "AnalysisResult",
    "FindingSet",
    "Pipeline",
    "available",
    "create",
    "default_pipeline",
    "register",
]
