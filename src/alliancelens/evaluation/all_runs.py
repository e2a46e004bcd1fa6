"""The evaluations ``evaluate all`` runs, one function per evaluation, and the issue targets.

Each function calls the same evaluation function as its own ``evaluate`` command (nothing is
re-implemented or retrained) and returns the full result, its headline numbers against
:data:`TARGETS`, and short notes. :data:`SPECS` maps each corpus folder name under the data root
to its evaluations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CORPORA", "SPECS", "SPEED", "TARGETS", "Headline", "Spec"]


#: Targets for the headline numbers, as in README "How accurate is it?" (micro-skills: issue 3,
#: the same values as ``alliancelens.models.evaluation.TARGETS``; ruptures, risk language and
#: speed: issue 4). ``speed_cpu_seconds`` is an upper bound; every other value a lower bound.
TARGETS: dict[str, float] = {
    "behaviour_macro_f1": 0.78,
    "client_talk_macro_f1": 0.60,
    "rupture_recall": 0.80,
    "rupture_precision": 0.70,
    "rupture_resolved": 0.80,
    "risk_recall": 0.95,
    "risk_hard_negative_precision": 0.70,
    "alliance_auc": 0.90,
    "speed_cpu_seconds": 0.5,
}
#: Corpus folder names under the data root, in report order.
CORPORA = ("annomi", "epitome", "mibot", "ruptures-examples")


@dataclass(frozen=True, slots=True)
class Headline:
    """One headline number; ``target`` None means reported only."""

    measure: str
    value: float | None
    target: float | None = None
    at_most: bool = False
    #: Scored on the data the model was trained on: never judged against a target.
    in_sample: bool = False

    @property
    def verdict(self) -> str:
        """``met``, ``missed``, ``reported``, ``in-sample`` or ``not measured`` (no value)."""
        if self.value is None:
            return "not measured"
        if self.in_sample:
            return "in-sample (not a measure of accuracy)"
        if self.target is None:
            return "reported"
        ok = self.value <= self.target if self.at_most else self.value >= self.target
        return "met" if ok else "missed"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        bound = None if self.target is None else ("<=" if self.at_most else ">=")
        return {
            "measure": self.measure,
            "value": self.value,
            "target": self.target,
            "target_bound": bound,
            "verdict": self.verdict,
        }


# -- one function per evaluation: (folder) -> (full result, headlines, notes) -----------------

Outcome = tuple[Any, list[Headline], list[str]]


def _microskills(folder: Path) -> Outcome:
    from alliancelens.models._corpus import read_corpus  # noqa: PLC0415 - heavy imports
    from alliancelens.models.coder import load_coder, model_digest  # noqa: PLC0415
    from alliancelens.models.evaluation import evaluate_model  # noqa: PLC0415

    corpus = read_corpus(folder)
    coder = load_coder()
    trained_on = coder.manifest.get("training_data", {}).get("sha256")
    report = evaluate_model(corpus, coder, digest=model_digest(), training_sha256=trained_on)
    codes = report["codes"]
    in_sample = bool(report["protocol"].get("in_sample"))
    heads = [
        Headline(
            "therapist behaviour macro-F1",
            codes["behaviour"]["macro_f1"],
            TARGETS["behaviour_macro_f1"],
            in_sample=in_sample,
        ),
        Headline(
            "client talk macro-F1",
            codes["client_talk"]["macro_f1"],
            TARGETS["client_talk_macro_f1"],
            in_sample=in_sample,
        ),
    ]
    notes = ["in-sample: the shipped model was trained on this very file"] if in_sample else []
    return report, heads, notes


def _alliance(folder: Path) -> Outcome:
    from alliancelens.evaluation.alliance_eval import evaluate_alliance  # noqa: PLC0415

    result = evaluate_alliance(folder).as_dict()
    heads = [
        Headline(
            "alliance index AUC, high vs low MI", result["auc"]["index"], TARGETS["alliance_auc"]
        )
    ]
    notes = (
        [f"{len(result['not_analysed'])} session(s) not analysed"] if result["not_analysed"] else []
    )
    return result, heads, notes


def _empathy(folder: Path) -> Outcome:
    from alliancelens.evaluation.epitome_eval import evaluate_empathy  # noqa: PLC0415

    scores = [s.as_dict() for s in evaluate_empathy(folder, splits=("all",))]
    heads = [Headline(f"EPITOME {s['mechanism']} macro-F1", s["macro_f1"]) for s in scores]
    return scores, heads, []


def _mibot(folder: Path) -> Outcome:
    from alliancelens.evaluation.mibot_eval import evaluate_mibot, load_mibot  # noqa: PLC0415

    result = evaluate_mibot(load_mibot(folder)).as_dict()
    talk, counsellor = result["client_talk_agreement"], result["counsellor_agreement"]
    heads = [
        Headline("client talk agreement macro-F1 (silver)", talk.get("macro_f1")),
        Headline("counsellor reflection F1 (silver)", counsellor["reflection"]["f1"]),
        Headline("counsellor question F1 (silver)", counsellor["question"]["f1"]),
        Headline(
            "alliance index vs CARE, Spearman rho", result["self_reports"]["care_vs_index"]["rho"]
        ),
    ]
    return result, heads, ["silver labels are LLM-generated: agreement, not accuracy"]


def _ruptures(folder: Path) -> Outcome:
    from alliancelens.evaluation.labelled_examples import load_examples  # noqa: PLC0415
    from alliancelens.evaluation.ruptures_eval import evaluate_ruptures  # noqa: PLC0415

    result = evaluate_ruptures(load_examples(folder, pattern="sess-*.json")).as_dict()
    episodes = result["episodes"]
    heads = [
        Headline("rupture episode recall", episodes["recall"], TARGETS["rupture_recall"]),
        Headline("rupture episode precision", episodes["precision"], TARGETS["rupture_precision"]),
        Headline(
            "resolved accuracy", result["resolution"]["accuracy"], TARGETS["rupture_resolved"]
        ),
    ]
    return result, heads, []


def _risk(folder: Path) -> Outcome:
    from alliancelens.evaluation.risk_eval import evaluate_risk_folder  # noqa: PLC0415

    result = evaluate_risk_folder(folder).as_dict()
    heads = [
        Headline("risk recall", result["recall"], TARGETS["risk_recall"]),
        Headline(
            "risk precision on hard negatives",
            result["precision_on_hard_negatives"],
            TARGETS["risk_hard_negative_precision"],
        ),
    ]
    return result, heads, ["flags are for clinician review, not a risk assessment"]


def _red_flags(folder: Path) -> Outcome:
    from alliancelens.evaluation.red_flags_eval import evaluate_red_flags_folder  # noqa: PLC0415

    result = evaluate_red_flags_folder(folder).as_dict()
    overall = result["overall"]
    heads = [
        Headline("red flags precision", overall["precision"]),
        Headline("red flags recall", overall["recall"]),
    ]
    return result, heads, []


def _speed(folder: Path) -> Outcome:
    from alliancelens.evaluation.labelled_examples import load_examples  # noqa: PLC0415
    from alliancelens.evaluation.speed import long_session, time_pipeline  # noqa: PLC0415

    result = time_pipeline(long_session(load_examples(folder), 600), repeats=3)
    heads = [
        Headline(
            "pipeline CPU seconds, 600 utterances",
            result["cpu_seconds"],
            TARGETS["speed_cpu_seconds"],
            at_most=True,
        ),
        Headline("pipeline wall seconds, 600 utterances", result["seconds"]),
    ]
    return result, heads, []


@dataclass(frozen=True, slots=True)
class Spec:
    """One evaluation: its name, the single command it mirrors, its analysers and runner."""

    name: str
    command: str
    analysers: tuple[str, ...]
    run: Callable[[Path], Outcome]


DEFAULT_PIPELINE = (
    "talk.statistics",
    "microskills.codes",
    "microskills.summary",
    "ruptures.detector",
    "alliance.bordin",
    "relational.markers",
    "red_flags.therapist",
    "risk.language",
)
SPEED = Spec("speed", "evaluate ruptures --speed", DEFAULT_PIPELINE, _speed)
SPECS: dict[str, tuple[Spec, ...]] = {
    "annomi": (
        Spec("microskills", "evaluate microskills --shipped", ("microskills.codes",), _microskills),
        Spec("alliance", "evaluate alliance", ("ruptures.detector", "alliance.bordin"), _alliance),
    ),
    "epitome": (Spec("empathy", "evaluate empathy", ("relational.markers",), _empathy),),
    "mibot": (Spec("mibot", "evaluate mibot", DEFAULT_PIPELINE, _mibot),),
    "ruptures-examples": (
        Spec("ruptures", "evaluate ruptures", ("ruptures.detector",), _ruptures),
        Spec("risk", "evaluate risk", ("risk.language",), _risk),
        Spec(
            "red-flags",
            "evaluate red-flags",
            ("talk.statistics", "red_flags.therapist"),
            _red_flags,
        ),
    ),
}
