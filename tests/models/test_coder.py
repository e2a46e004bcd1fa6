"""The shipped micro-skill coder: files, safety, loading once, and its outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from alliancelens.models import ModelFileError, Turn, load_coder
from alliancelens.models._corpus import (
    BEHAVIOURS,
    CLIENT_TALK,
    INPUT_SUBTYPES,
    QUESTION_SUBTYPES,
    REFLECTION_SUBTYPES,
)
from alliancelens.models.coder import FORMAT_VERSION, MODEL_FILES, read_coder, shipped_model_dir

ALLOWED = {
    "behaviour": set(BEHAVIOURS),
    "client_talk": set(CLIENT_TALK),
    "question": set(QUESTION_SUBTYPES),
    "reflection": set(REFLECTION_SUBTYPES),
    "input": set(INPUT_SUBTYPES),
}
DIALOGUE = [
    Turn("therapist", "Thanks for coming in. What would you like to talk about today?"),
    Turn("client", "My smoking. I want to quit before the baby arrives."),
    Turn("therapist", "You want to quit before the baby arrives."),
    Turn("client", "But it's the only thing that calms me down at work."),
    Turn("therapist", "Smoking helps you cope, and you also worry about the baby."),
    Turn("other", "Sorry to interrupt, your next appointment is at three."),
    Turn("therapist", "Do you smoke at home?"),
    Turn("client", "Yes."),
    Turn("therapist", "Many people find nicotine patches double their chances of quitting."),
]


def test_shipped_files_exist_and_fit_the_size_budget() -> None:
    """Each shipped file is at most 5 MB and all together at most 20 MB."""
    sizes = [(shipped_model_dir() / name).stat().st_size for name in MODEL_FILES]
    assert max(sizes) <= 5 * 1024 * 1024
    assert sum(sizes) <= 20 * 1024 * 1024


def test_shipped_manifest_matches_this_reader() -> None:
    """The shipped manifest has this format version and records its training data hash."""
    manifest = json.loads((shipped_model_dir() / "manifest.json").read_text("utf-8"))
    assert manifest["format_version"] == FORMAT_VERSION
    assert len(manifest["training_data"]["sha256"]) == 64


def test_coder_is_loaded_once_per_process() -> None:
    """load_coder returns the same cached object on every call."""
    assert load_coder() is load_coder()


def test_codes_use_only_known_labels_with_confidences() -> None:
    """Every label is from its code's label set and has a confidence in [0, 1]."""
    codes = load_coder().code(DIALOGUE)
    for turn, coded in zip(DIALOGUE, codes, strict=True):
        if turn.role == "other":
            assert coded is None
            continue
        assert coded is not None
        main = "behaviour" if turn.role == "therapist" else "client_talk"
        assert main in coded.labels
        for key, label in coded.labels.items():
            assert label in ALLOWED[key]
            assert 0.0 <= coded.confidence[key] <= 1.0
        assert set(coded.confidence) == set(coded.labels)


def test_subtype_accompanies_its_behaviour() -> None:
    """A question has open/closed, a reflection simple/complex, input its kind, other none."""
    subtype = {"question": "question", "reflection": "reflection", "therapist_input": "input"}
    for coded in load_coder().code(DIALOGUE):
        if coded is None or "behaviour" not in coded.labels:
            continue
        expected = {"behaviour"} | (
            {subtype[b]} if (b := coded.labels["behaviour"]) in subtype else set()
        )
        assert set(coded.labels) == expected


def _one_pass(turns: list[Turn]) -> list[tuple[dict[str, str], dict[str, float]] | None]:
    """Codes computed with the whole session's design matrix in one piece (pre-chunking)."""
    from alliancelens.models._context import context_matrix
    from alliancelens.models._features import parse_turns
    from alliancelens.models.coder import MAIN_CODE

    coder = load_coder()
    parsed = parse_turns(turns)
    roles = [t.role for t in parsed]
    rows = {r: [i for i, x in enumerate(roles) if x == r] for r in MAIN_CODE}
    designs = {r: coder.role_model(r).design(parsed, rows[r]) for r in MAIN_CODE}
    local = {r: coder.role_model(r).local.scores(designs[r]) for r in MAIN_CODE}
    out: list[tuple[dict[str, str], dict[str, float]] | None] = [None] * len(turns)
    for role, code in MAIN_CODE.items():
        model = coder.role_model(role)
        probs = model.contextual.proba(
            model.stage_two(designs[role], context_matrix(roles, local, role))
        )
        best, _ = model.calibration[code].decide(probs)
        for j, i in enumerate(rows[role]):
            out[i] = ({code: model.contextual.classes[int(best[j])]}, {})
    return out


def test_chunked_coding_matches_one_pass_coding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Coding in chunks of 3 utterances gives the labels of coding the session in one piece."""
    from alliancelens.models import coder as coder_module

    turns = DIALOGUE * 4
    whole = load_coder().code(turns)
    monkeypatch.setattr(coder_module, "CHUNK_ROWS", 3)
    chunked = load_coder().code(turns)
    assert chunked == whole
    reference = _one_pass(turns)
    for coded, ref in zip(chunked, reference, strict=True):
        assert (coded is None) == (ref is None)
        if coded is not None and ref is not None:
            main = next(iter(ref[0]))
            assert coded.labels[main] == ref[0][main]


@pytest.mark.parametrize(
    "turns",
    [[], [Turn("client", "Hello.")], [Turn("therapist", "")], [Turn("other", "Hi.")]],
    ids=["empty", "client-only", "empty-text", "other-only"],
)
def test_edge_cases_are_coded_without_error(turns: list[Turn]) -> None:
    """Empty dialogues, one speaker, empty text and non-coded roles are handled."""
    assert len(load_coder().code(turns)) == len(turns)


def test_missing_model_file_is_a_model_file_error(tmp_path: Path) -> None:
    """A folder without the model files raises ModelFileError naming the missing files."""
    with pytest.raises(ModelFileError, match=r"therapist\.npz"):
        read_coder(tmp_path)


def test_wrong_format_version_is_refused(tmp_path: Path) -> None:
    """A manifest from another format version is refused with advice to retrain."""
    for name in MODEL_FILES:
        (tmp_path / name).write_bytes((shipped_model_dir() / name).read_bytes())
    (tmp_path / "manifest.json").write_text(json.dumps({"format_version": 999}))
    with pytest.raises(ModelFileError, match="retrain"):
        read_coder(tmp_path)


def test_importing_the_package_loads_no_heavy_library() -> None:
    """Importing alliancelens.models imports neither scikit-learn, scipy nor torch."""
    code = (
        "import sys, alliancelens.models, alliancelens.analysers.microskills;"
        "print(sorted(m for m in ('sklearn', 'scipy', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_coding_never_imports_torch_or_sklearn() -> None:
    """The default backend codes a dialogue without importing torch or scikit-learn."""
    code = (
        "import sys; from alliancelens.models import load_coder, Turn;"
        "load_coder().code([Turn('therapist', 'How are you?'), Turn('client', 'Fine.')]);"
        "print(sorted(m for m in ('sklearn', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
