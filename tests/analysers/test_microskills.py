"""Micro-skill analysers: per-utterance codes, and the MITI session summary."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from alliancelens.analysers import FindingSet, Pipeline
from alliancelens.analysers.microskills import (
    SESSION_AGREEMENT,
    MicroskillCodes,
    MicroskillSummary,
    _indices,
    _reading,
    _rough,
)
from alliancelens.batch._spec import RunSpec
from alliancelens.domain import RunStatus, Scope
from alliancelens.models.coder import MODEL_FILES, shipped_model_dir
from alliancelens.report import result_to_json
from alliancelens.testing import make_session

FLAGS = {"affirm", "seeking_collaboration", "emphasising_autonomy", "confront", "persuade"}
SESSION = make_session(
    ("therapist", "What brings you here today?"),
    ("client", "I want to stop drinking so much, it is ruining my marriage."),
    ("therapist", "Your marriage matters a lot to you."),
    ("other", "Sorry, wrong room."),
    ("client", "It does. But I like a drink after work."),
    ("therapist", "You should stop drinking after work."),
)


def test_every_therapist_and_client_utterance_is_coded() -> None:
    """One code finding per therapist/client utterance; other speakers are not coded."""
    findings = MicroskillCodes().analyse(SESSION)
    assert [f.utterance_index for f in findings] == [0, 1, 2, 4, 5]
    assert all(f.scope is Scope.UTTERANCE and f.kind == "microskills.code" for f in findings)


def test_therapist_codes_have_behaviour_flags_and_confidence() -> None:
    """Therapist values carry behaviour, the five MITI flags and a confidence per label."""
    value = MicroskillCodes().analyse(SESSION)[0].value
    assert value["behaviour"] in {"reflection", "question", "therapist_input", "other"}
    assert set(value) >= FLAGS
    assert set(value["confidence"]) == set(value) - FLAGS - {"confidence"}


def test_client_codes_have_talk_type_and_confidence() -> None:
    """Client values carry client_talk and its confidence only."""
    value = MicroskillCodes().analyse(SESSION)[1].value
    assert set(value) == {"client_talk", "confidence"}
    assert 0.0 <= value["confidence"]["client_talk"] <= 1.0


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ((), True),
        ((("therapist", "Would it be okay if I shared an idea?"), ("client", "Sure.")), False),
        ((("client", "What should I do about it?"),), False),
    ],
    ids=["unasked", "permission", "client-asked"],
)
def test_persuade_depends_on_permission_in_earlier_turns(
    before: tuple[tuple[str, str], ...], expected: bool
) -> None:
    """A directive is persuasion unless permission was asked or the client asked for it."""
    session = make_session(*before, ("therapist", "You should stop drinking after work."))
    last = MicroskillCodes().analyse(session)[-1].value
    assert last["persuade"] is expected


def _codes(*values: dict[str, Any]) -> FindingSet:
    analyser = MicroskillCodes()
    return FindingSet(
        tuple(
            analyser.utterance_finding("microskills.code", v, utterance_index=i)
            for i, v in enumerate(values)
        )
    )


def _therapist(behaviour: str, sub: str | None = None, **flags: bool) -> dict[str, Any]:
    key = {"question": "question", "reflection": "reflection", "therapist_input": "input"}
    value: dict[str, Any] = {"behaviour": behaviour, **dict.fromkeys(FLAGS, False), **flags}
    if sub:
        value[key[behaviour]] = sub
    return value


def _summary(*values: dict[str, Any]) -> dict[str, Any]:
    session = make_session(*[("therapist", "x")] * len(values))
    (finding,) = MicroskillSummary().analyse(session, upstream=_codes(*values))
    assert finding.kind == "skills.summary"
    summary: dict[str, Any] = finding.value
    return summary


def _mix(reflections: tuple[int, int], questions: tuple[int, int]) -> list[dict[str, Any]]:
    simple, complex_ = reflections
    open_, closed = questions
    return (
        [_therapist("reflection", "simple")] * simple
        + [_therapist("reflection", "complex")] * complex_
        + [_therapist("question", "open")] * open_
        + [_therapist("question", "closed")] * closed
    )


@pytest.mark.parametrize(
    ("reflections", "questions", "ratio", "band"),
    [
        ((4, 3), (3, 2), 1.4, "fair"),
        ((2, 2), (1, 1), 2.0, "good"),
        ((2, 1), (2, 1), 1.0, "fair"),
        ((1, 1), (2, 2), 0.5, "below fair"),
        ((1, 0), (0, 0), None, None),
    ],
)
def test_reflection_to_question_ratio_is_banded(
    reflections: tuple[int, int], questions: tuple[int, int], ratio: float | None, band: str | None
) -> None:
    """R:Q is reflections over questions, at-or-above 1:1 fair and 2:1 good, None without Qs."""
    index = _summary(*_mix(reflections, questions))["indices"]["reflection_to_question"]
    assert (index["value"], index["band"], index["fair"], index["good"]) == (ratio, band, 1.0, 2.0)


@pytest.mark.parametrize(
    ("reflections", "share", "band"),
    [
        ((3, 2), 0.4, "fair"),
        ((2, 3), 0.6, "good"),
        ((4, 1), 0.2, "below fair"),
        ((0, 0), None, None),
    ],
)
def test_percent_complex_reflections_is_banded(
    reflections: tuple[int, int], share: float | None, band: str | None
) -> None:
    """%CR is complex over all reflections, 40% fair and 50% good."""
    index = _summary(*_mix(reflections, (1, 0)))["indices"]["percent_complex_reflections"]
    assert (index["value"], index["band"]) == (share, band)


@pytest.mark.parametrize(
    ("reflections", "questions", "index_name"),
    [
        ((0, 1), (2, 1), "percent_complex_reflections"),
        ((1, 1), (1, 1), "reflection_to_question"),
        ((3, 1), (2, 2), "percent_complex_reflections"),
    ],
)
def test_no_miti_band_on_fewer_than_five_coded(
    reflections: tuple[int, int], questions: tuple[int, int], index_name: str
) -> None:
    """An index over fewer than five coded utterances has a value but no band, and says why."""
    summary = _summary(*_mix(reflections, questions))
    index = summary["indices"][index_name]
    assert index["value"] is not None
    assert index["band"] is None
    assert "at least 5" in index["band_withheld"]
    assert any("too few coded" in line for line in summary["reading"])


def test_reading_states_the_ratio_against_the_threshold() -> None:
    """The clinician reading says 'Reflections outnumber questions 1.4 : 1' and the band."""
    reading = _summary(*_mix((4, 3), (3, 2)))["reading"]
    assert reading[0] == (
        "Reflections outnumber questions 1.4 : 1 — above the MITI 'fair' threshold (1 : 1), "
        "below 'good' (2 : 1)."
    )


def test_open_questions_and_change_talk_share_have_no_threshold() -> None:
    """% open questions and C/(C+S) are reported without MITI bands."""
    summary = _summary(
        *_mix((0, 0), (3, 1)),
        {"client_talk": "change"},
        {"client_talk": "change"},
        {"client_talk": "change"},
        {"client_talk": "sustain"},
        {"client_talk": "neutral"},
    )
    indices = summary["indices"]
    assert (
        indices["percent_open_questions"]["value"],
        indices["percent_open_questions"]["band"],
    ) == (
        0.75,
        None,
    )
    assert indices["change_talk_share"]["value"] == 0.75
    assert summary["counts"]["neutral"] == 1


def test_adherent_and_non_adherent_counts_add_flags() -> None:
    """MI-adherent = affirm + seek + autonomy; non-adherent = confront + persuade."""
    summary = _summary(
        _therapist("other", affirm=True, seeking_collaboration=True),
        _therapist("therapist_input", "advice", persuade=True, emphasising_autonomy=False),
        _therapist("reflection", "simple", confront=True, emphasising_autonomy=True),
    )
    counts = summary["counts"]
    assert (counts["mi_adherent"], counts["mi_non_adherent"]) == (3, 2)
    assert (counts["advice"], counts["simple_reflection"]) == (1, 1)


def test_empty_session_summary_says_nothing_was_coded() -> None:
    """Without codes every index is undefined and the reading says so."""
    summary = _summary()
    assert summary["reading"] == ["No therapist or client utterances were coded."]
    assert summary["indices"]["reflection_to_question"]["value"] is None


def test_report_merges_codes_and_adds_skills_summary() -> None:
    """In the JSON report, codes land in utterances[].codes and the summary in summary.skills."""
    result = Pipeline([MicroskillCodes(), MicroskillSummary()]).run(SESSION)
    report = result_to_json(result)
    assert "behaviour" in report["utterances"][0]["codes"]
    assert "client_talk" in report["utterances"][1]["codes"]
    assert report["utterances"][3]["codes"] == {}
    assert set(report["summary"]["skills"]["indices"]) >= {
        "reflection_to_question",
        "percent_complex_reflections",
        "mi_adherent",
        "change_talk_share",
    }


def test_missing_model_is_not_analysed_rather_than_fatal(tmp_path: Any) -> None:
    """A model folder without files fails the codes analyser and skips the summary."""
    result = Pipeline([MicroskillCodes(model_dir=str(tmp_path)), MicroskillSummary()]).run(SESSION)
    assert [r.status for r in result.runs] == [RunStatus.FAILED, RunStatus.SKIPPED]
    assert "train microskills" in (result.runs[0].reason or "")


def _model_copy(folder: Path) -> Path:
    folder.mkdir()
    for name in MODEL_FILES:
        (folder / name).write_bytes((shipped_model_dir() / name).read_bytes())
    return folder


def test_provenance_names_the_digest_of_the_model_files() -> None:
    """Provenance params carry the SHA-256 digest of the model files actually used."""
    analyser = MicroskillCodes()
    expected = hashlib.sha256()
    for name in MODEL_FILES:
        content = (shipped_model_dir() / name).read_bytes()
        expected.update(f"{name}\0{len(content)}\0".encode())
        expected.update(content)
    assert analyser.provenance.params["model_digest"] == expected.hexdigest()
    assert analyser.analyse(SESSION)[0].provenance.params["model_digest"] == expected.hexdigest()


def test_a_changed_model_file_changes_the_digest_and_the_batch_fingerprint(tmp_path: Path) -> None:
    """Retrained model files give a new digest, so batch --resume does not reuse old rows."""
    folder = _model_copy(tmp_path / "model")
    before = MicroskillCodes(model_dir=str(folder))
    digest_before = before.get_params()["model_digest"]
    spec_before = RunSpec.from_pipeline(Pipeline([before]))
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text("utf-8") + " ", encoding="utf-8")
    after = MicroskillCodes(model_dir=str(folder))
    assert digest_before != after.get_params()["model_digest"]
    assert spec_before.fingerprint() != RunSpec.from_pipeline(Pipeline([after])).fingerprint()


def test_a_worker_with_other_model_files_refuses_to_code(tmp_path: Path) -> None:
    """An analyser rebuilt with the run's digest fails (not analysed) on different model files."""
    folder = _model_copy(tmp_path / "model")
    expected = MicroskillCodes(model_dir=str(folder)).get_params()["model_digest"]
    (folder / "manifest.json").write_text(
        (folder / "manifest.json").read_text("utf-8") + " ", encoding="utf-8"
    )
    rebuilt = MicroskillCodes(model_dir=str(folder), model_digest=expected)
    result = Pipeline([rebuilt]).run(SESSION)
    assert result.runs[0].status is RunStatus.FAILED
    assert "expects" in (result.runs[0].reason or "")
    assert rebuilt.get_params()["model_digest"] == expected


def test_missing_model_files_give_no_digest(tmp_path: Path) -> None:
    """Without model files the digest is None in params (the analysis itself fails)."""
    assert MicroskillCodes(model_dir=str(tmp_path)).get_params() == {
        "model_dir": str(tmp_path),
        "model_digest": None,
    }


def test_weakly_agreeing_indices_are_read_as_a_rough_indication() -> None:
    """% complex reflections (session rho 0.18) carries the qualifier; R:Q (0.80) does not."""
    assert "rough indication" in _rough("percent_complex_reflections")
    assert _rough("reflection_to_question") == ""
    counts = Counter(
        therapist_utterances=10, reflection=4, question=4, complex_reflection=2,
        simple_reflection=2, open_question=2, closed_question=2,
    )  # fmt: skip
    lines = _reading(counts, _indices(counts))
    assert "rough indication" not in lines[0] and "Spearman 0.18" in lines[1]
    assert _indices(counts)["reflection_to_question"]["agreement_with_human_coding"] == 0.80


def test_session_agreement_matches_the_committed_evaluation() -> None:
    """SESSION_AGREEMENT is the Spearman the committed evaluation measured (update both)."""
    report = json.loads(
        (Path(__file__).parents[2] / "docs" / "models" / "microskills-eval.json").read_text("utf-8")
    )
    measured = {
        name: round(entry["spearman_rho"], 2)
        for name, entry in report["session_indices"].items()
        if name != "min_units"
    }
    assert measured == SESSION_AGREEMENT
