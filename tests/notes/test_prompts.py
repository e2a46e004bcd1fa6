"""Reflection prompts follow possible ruptures and SRS alerts, each with its evidence."""

from __future__ import annotations

import pytest

from alliancelens.analysers import AnalysisResult, Pipeline, available
from alliancelens.measures import MeasuresReport
from alliancelens.notes.prompts import reflection_prompts


@pytest.mark.parametrize(
    ("session", "ruptures", "srs"),
    [("alex-01", 0, 0), ("alex-02", 1, 1), ("alex-03", 2, 2), ("riley-07", 2, 0)],
)
def test_one_prompt_per_rupture_and_srs_alert(
    session: str,
    ruptures: int,
    srs: int,
    demo_results: dict[str, AnalysisResult],
    demo_measures: MeasuresReport,
) -> None:
    """Each rupture episode and each SRS below-cut-off/drop alert of the session gets a prompt."""
    result = demo_results[session]
    prompts = reflection_prompts(result, measures=demo_measures)
    texts = [p.text for p in prompts]
    assert sum(t.startswith("Around utterances") for t in texts) == ruptures
    assert sum(t.startswith("SRS total") for t in texts) == srs
    indexes = {u.index for u in result.session.utterances}
    for prompt in prompts:
        assert prompt.evidence
        assert all(e.details["index"] in indexes for e in prompt.evidence if e.kind == "utterance")


def test_unrepaired_rupture_prompt_asks_about_next_time(
    demo_results: dict[str, AnalysisResult],
) -> None:
    """riley-07's unrepaired withdrawals ask how to open them up next session."""
    prompts = reflection_prompts(demo_results["riley-07"])
    assert all("not repaired in the session" in p.text for p in prompts)


def test_no_rupture_prompts_without_the_detector(
    demo_results: dict[str, AnalysisResult],
) -> None:
    """Without the ruptures detector there is nothing to prompt about (no guessed ruptures)."""
    pipeline = Pipeline(
        [
            cls()
            for name, cls in available().items()
            if not name.startswith(("ruptures", "alliance"))
        ]
    )
    assert reflection_prompts(pipeline.run(demo_results["riley-07"].session)) == []
