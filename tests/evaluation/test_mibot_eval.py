"""evaluate mibot: CARE scoring, loader errors, agreement and correlations on a tiny folder."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancelens.cli import app
from alliancelens.errors import UsageError
from alliancelens.evaluation.mibot_eval import (
    EXPLANATION_FIELD,
    LABEL_FIELD,
    care_total,
    evaluate_mibot,
    half_of,
    load_mibot,
)

CARE = [f"CAREQ{i}" for i in range(1, 11)]
HEADER = ["ParticipantID", "PreRulerConfidence", "PostRulerConfidence", "FoundBotHelpful", *CARE]
#: Synthetic MI-chat turns written for this test: (speaker, text, AutoMISC-style label).
WARM = [
    ("counsellor", "What brings you here today?", "Q"),
    ("client", "I want to quit smoking for my daughter.", "C"),
    ("counsellor", "Your daughter matters a lot to you.", "R"),
    ("client", "Yes, exactly. I am ready to try.", "C"),
    ("counsellor", "You have worked really hard to get here, well done.", "MICO"),
]
#: AutoMISC-style explanations by label (the MITI flag silver standard reads their words).
EXPLAINED = {
    "MICO": "The utterance is an affirmation of effort.",
    "MIIN": "Advice without permission.",
}
COLD = [
    ("counsellor", "You need to stop smoking now.", "MIIN"),
    ("client", "I like smoking, it calms me down.", "S"),
    ("counsellor", "Do you smoke every day?", "Q"),
    ("client", "Yes.", "N"),
]


def _folder(tmp_path: Path, people: dict[str, tuple[list[tuple[str, str, str]], int, str]]) -> Path:
    """A MIBot-layout folder: data.csv plus transcripts/<id>.json for each participant."""
    (tmp_path / "transcripts").mkdir(parents=True)
    with (tmp_path / "data.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for pid, (turns, care, helpful) in people.items():
            writer.writerow([pid, 3, 5, helpful, *[care] * 10])
            utterances = [
                {
                    "speaker": s,
                    "text": t,
                    LABEL_FIELD: lab,
                    EXPLANATION_FIELD: EXPLAINED.get(lab, ""),
                }
                for s, t, lab in turns
            ]
            (tmp_path / "transcripts" / f"{pid}.json").write_text(
                json.dumps({"participant_id": pid, "utterances": utterances}), encoding="utf-8"
            )
    return tmp_path


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([5] * 10, 50.0),
        ([4] * 9 + [0], 40.0),
        ([3] * 8 + [0, 0], 30.0),
        ([3] * 7 + [0, 0, 0], None),
        ([0] * 10, None),
    ],
)
def test_care_total_prorates_up_to_two_not_applicable(
    items: list[int], expected: float | None
) -> None:
    """CARE: 0 is "does not apply"; up to two are prorated, more leave the form unscored."""
    assert care_total(items) == expected


def test_loader_pairs_transcripts_with_ratings(tmp_path: Path) -> None:
    """Each participant with a transcript becomes a session with silver codes and its ratings."""
    folder = _folder(tmp_path, {"p1": (WARM, 5, "YES"), "p2": (COLD, 2, "NO")})
    (first, second) = load_mibot(folder)
    assert first.session.id == "p1" and first.care == 50.0 and first.helpful is True
    assert first.explanations[-1] == "the utterance is an affirmation of effort."
    assert second.silver == ("MIIN", "S", "Q", "N") and second.confidence_change == 2.0
    assert [u.role.value for u in first.session.utterances] == [
        "therapist",
        "client",
        "therapist",
        "client",
        "therapist",
    ]


def test_halves_split_by_the_ids_last_hex_digit(tmp_path: Path) -> None:
    """dev keeps ids ending in an even hex digit, test the rest; all keeps both."""
    folder = _folder(tmp_path, {"a0": (WARM, 5, "YES"), "a1": (COLD, 2, "NO")})
    assert [c.session.id for c in load_mibot(folder, half="dev")] == ["a0"]
    assert [c.session.id for c in load_mibot(folder, half="test")] == ["a1"]
    assert len(load_mibot(folder)) == 2 and half_of("ff") == "test" and half_of("fe") == "dev"
    with pytest.raises(UsageError, match="--half"):
        load_mibot(folder, half="train")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("no_csv", "give the MIBot folder"),
        ("bad_json", "not a MIBot transcript"),
        ("bad_speaker", "speaker must be"),
        ("no_column", "column(s) CAREQ1"),
    ],
)
def test_loader_errors_name_the_file_and_fix(tmp_path: Path, damage: str, message: str) -> None:
    """Unusable folders stop with a UsageError naming the file and what is wrong."""
    folder = _folder(tmp_path, {"p1": (WARM, 5, "YES")})
    transcript = folder / "transcripts" / "p1.json"
    if damage == "no_csv":
        (folder / "data.csv").unlink()
    elif damage == "bad_json":
        transcript.write_text("{not json", encoding="utf-8")
    elif damage == "bad_speaker":
        transcript.write_text(
            json.dumps({"utterances": [{"speaker": "bot", "text": "hi", LABEL_FIELD: "Q"}]}),
            encoding="utf-8",
        )
    else:
        text = (folder / "data.csv").read_text(encoding="utf-8")
        (folder / "data.csv").write_text(text.replace("CAREQ1,", "X,", 1), encoding="utf-8")
    with pytest.raises(UsageError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_mibot(folder)


def test_evaluation_scores_agreement_and_correlations(tmp_path: Path) -> None:
    """Codes are compared with the silver labels and estimates paired with CARE per chat."""
    people = {f"p{i}": ((WARM, 5, "YES") if i % 2 else (COLD, 2, "NO")) for i in range(6)}
    result = evaluate_mibot(load_mibot(_folder(tmp_path, people))).as_dict()
    assert result["conversations"] == 6 and result["not_analysed"] == []
    assert result["client_talk_agreement"]["utterances"] == 12
    assert result["counsellor_agreement"]["question"]["silver"] == 6
    assert result["counsellor_agreement"]["utterances"] == 15
    care = result["self_reports"]["care_vs_index"]
    assert care["n"] == 6 and (care["rho"] is not None or care["reason"])
    assert {r["care"] for r in result["rows"]} == {50.0, 20.0}
    flags = result["miti_flag_agreement"]
    assert flags["affirm"]["silver"] == 3 and flags["persuade"]["silver"] == 3
    assert flags["emphasising_autonomy"]["silver"] == 0


def test_cli_prints_tables_and_exits_2_on_a_bad_folder(tmp_path: Path) -> None:
    """The command prints both tables; a folder without data.csv is exit 2 with one line."""
    folder = _folder(tmp_path / "ok", {"p1": (WARM, 5, "YES"), "p2": (COLD, 2, "NO")})
    runner = CliRunner()
    shown = runner.invoke(app, ["evaluate", "mibot", "--data", str(folder)])
    assert shown.exit_code == 0 and "Spearman rho vs CARE" in shown.output
    bad = runner.invoke(app, ["evaluate", "mibot", "--data", str(tmp_path)])
    assert bad.exit_code == 2 and "data.csv" in bad.output


@pytest.mark.shared_data
def test_shared_mibot_runs_every_conversation(shared_data: Path) -> None:
    """All 85 shared MIBot chats are analysed and each CARE form that can be scored is used."""
    result = evaluate_mibot(load_mibot(shared_data / "mibot")).as_dict()
    assert result["conversations"] == 85 and result["not_analysed"] == []
    assert result["client_talk_agreement"]["utterances"] == 1885
    assert result["self_reports"]["care_vs_index"]["n"] == 85
