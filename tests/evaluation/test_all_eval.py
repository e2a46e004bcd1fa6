"""evaluate all: every corpus under a data root, missing/broken corpora, provenance, Markdown."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from alliancelens.errors import UsageError
from alliancelens.evaluation.all_eval import evaluate_all, headline_rows, to_json, to_markdown
from alliancelens.evaluation.all_runs import CORPORA, SPECS, Spec
from alliancelens.evaluation.epitome_eval import FILES
from alliancelens.evaluation.mibot_eval import EXPLANATION_FIELD, LABEL_FIELD
from alliancelens.models.coder import model_digest
from alliancelens.models.risk_model import risk_model_digest
from alliancelens.models.rupture_model import rupture_model_digest
from alliancelens.testing import labelled_example, withdrawal_episode

ANNOMI_HEADER = [
    "mi_quality",
    "transcript_id",
    "utterance_id",
    "interlocutor",
    "timestamp",
    "utterance_text",
    "main_therapist_behaviour",
    "client_talk_type",
]
#: Synthetic MI-style turns written for this test: (speaker, text, behaviour or talk label).
GOOD = [
    ("therapist", "What would you like to focus on today?", "question"),
    ("client", "I want to drink less, for my health.", "change"),
    ("therapist", "Your health really matters to you right now.", "reflection"),
    ("client", "Yes, I think I can manage two dry days a week.", "change"),
]
POOR = [
    ("therapist", "You have to stop drinking, it is ruining your liver.", "therapist_input"),
    ("client", "You're not listening to me, that's not the problem.", "sustain"),
    ("therapist", "You're in denial and you need to quit now.", "therapist_input"),
    ("client", "This is pointless.", "sustain"),
]
#: A withdrawal episode written for this test, in the ruptures-examples layout.
SESSION = labelled_example(
    "sess-951",
    "session",
    [
        ("therapist", "How has the week been for you?"),
        ("client", "Fine."),
        ("therapist", "What stood out since we last met?"),
        ("client", "Nothing really."),
        ("therapist", "How does it feel to be here this morning?"),
        ("client", "Don't know."),
    ],
    category="withdrawal",
    ruptures=[withdrawal_episode([1, 3, 5])],
)
RISK = labelled_example(
    "risk-951",
    "risk_snippet",
    [
        ("therapist", "Have you had thoughts of ending your life?"),
        ("client", "Yes, I think about killing myself most nights."),
    ],
    risk=[{"index": 1, "kind": "suicidal_ideation", "severity": "moderate"}],
    hard_negatives=[{"index": 0, "kind": "therapist_screening_question"}],
)
#: MIBot-style chat written for this test: (speaker, text, AutoMISC-style label).
CHAT = [
    ("counsellor", "What brings you here today?", "Q"),
    ("client", "I want to quit smoking for my son.", "C"),
    ("counsellor", "Your son matters a great deal to you.", "R"),
    ("client", "I like smoking though, it calms me.", "S"),
]


def _annomi(folder: Path) -> None:
    folder.mkdir()
    with (folder / "AnnoMI-simple.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(ANNOMI_HEADER)
        for tid, quality, turns in (("1", "high", GOOD), ("2", "low", POOR), ("3", "high", GOOD)):
            for i, (who, text, label) in enumerate(turns):
                behaviour, talk = (label, "n/a") if who == "therapist" else ("n/a", label)
                writer.writerow([quality, tid, i, who, f"00:00:{10 + i}", text, behaviour, talk])


def _epitome(folder: Path) -> None:
    folder.mkdir()
    rows = [("a", "1", "I'm so sorry. What happened after that?", 2), ("b", "2", "Ok.", 0)]
    for name in FILES.values():
        with (folder / name).open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(
                ["sp_id", "rp_id", "seeker_post", "response_post", "level", "rationales"]
            )
            writer.writerows(
                [sp, rp, "seeker text", text, level, ""] for sp, rp, text, level in rows
            )


def _mibot(folder: Path) -> None:
    (folder / "transcripts").mkdir(parents=True)
    care = [f"CAREQ{i}" for i in range(1, 11)]
    with (folder / "data.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["ParticipantID", "PreRulerConfidence", "PostRulerConfidence", "FoundBotHelpful", *care]
        )
        for pid, score, helpful in (("p0a", 5, "YES"), ("p0b", 2, "NO")):
            writer.writerow([pid, 3, 5, helpful, *[score] * 10])
            utterances = [
                {"speaker": s, "text": t, LABEL_FIELD: label, EXPLANATION_FIELD: ""}
                for s, t, label in CHAT
            ]
            (folder / "transcripts" / f"{pid}.json").write_text(
                json.dumps({"participant_id": pid, "utterances": utterances}), encoding="utf-8"
            )


def _ruptures(folder: Path) -> None:
    folder.mkdir()
    for example in (SESSION, RISK):
        (folder / f"{example['id']}.json").write_text(json.dumps(example), encoding="utf-8")


BUILDERS: dict[str, Callable[[Path], None]] = {
    "annomi": _annomi,
    "epitome": _epitome,
    "mibot": _mibot,
    "ruptures-examples": _ruptures,
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A data root with a tiny synthetic copy of every corpus."""
    for name, build in BUILDERS.items():
        build(tmp_path / name)
    return tmp_path


def test_every_corpus_is_evaluated_with_provenance(root: Path) -> None:
    """Each corpus gets its evaluations, full results, analyser versions and model digests."""
    report = evaluate_all(root, now=datetime(2026, 1, 2, tzinfo=UTC))
    document = json.loads(to_json(report))
    assert [c["corpus"] for c in document["corpora"]] == list(CORPORA)
    assert {c["corpus"]: c["status"] for c in document["corpora"]} == dict.fromkeys(
        CORPORA, "evaluated"
    )
    runs = {r["name"]: r for c in document["corpora"] for r in c["evaluations"]}
    assert set(runs) == {
        "microskills",
        "alliance",
        "empathy",
        "mibot",
        "ruptures",
        "risk",
        "red-flags",
    }
    assert runs["ruptures"]["result"]["episodes"]["recall"] == 1.0
    assert runs["alliance"]["result"]["sessions"] == {"high": 2, "low": 1}
    assert runs["microskills"]["result"]["protocol"]["model_digest"] == model_digest()
    assert document["models_sha256"] == {
        "microskills": model_digest(),
        "ruptures": rupture_model_digest(),
        "risk": risk_model_digest(),
    }
    detector = runs["ruptures"]["analysers"][0]
    assert detector["name"] == "ruptures.detector" and isinstance(detector["version"], int)
    assert detector["params"]["model_digest"] == rupture_model_digest()
    assert document["date"] == "2026-01-02T00:00:00+00:00" and document["alliancelens_version"]


def test_headlines_compare_with_the_issue_targets(root: Path) -> None:
    """Targeted measures are marked met/missed against the documented threshold."""
    (corpus,) = [c for c in evaluate_all(root).corpora if c.name == "ruptures-examples"]
    rows = {(row[0], row[1]): row for row in headline_rows(corpus)}
    assert rows[("ruptures", "rupture episode recall")][2:] == ("1.000", "≥ 0.80", "met")
    assert rows[("risk", "risk recall")][3] == "≥ 0.95"
    assert rows[("red-flags", "red flags precision")][3:] == ("–", "not measured")


def test_missing_corpora_are_reported_not_found(tmp_path: Path) -> None:
    """Absent corpus folders say 'not found at <path>' and the rest still run."""
    _ruptures(tmp_path / "ruptures-examples")
    report = evaluate_all(tmp_path)
    status = {c.name: c.status for c in report.corpora}
    assert status["annomi"] == f"not found at {tmp_path / 'annomi'}"
    assert status["ruptures-examples"] == "evaluated"
    assert report.evaluated == 3
    assert f"## mibot: not found at {tmp_path / 'mibot'}" in to_markdown(report)


def test_a_broken_corpus_does_not_stop_the_others(root: Path) -> None:
    """A corpus that cannot be read fails with a one-line reason; the others are evaluated."""
    shutil.rmtree(root / "epitome")
    (root / "epitome").mkdir()
    annomi = root / "annomi" / "AnnoMI-simple.csv"
    annomi.write_text("transcript_id,utterance_text\n1,hello\n", encoding="utf-8")
    report = evaluate_all(root)
    corpora = {c.name: c for c in report.corpora}
    assert corpora["annomi"].status == "failed" and corpora["epitome"].status == "failed"
    reasons = [run.reason or "" for run in corpora["annomi"].evaluations]
    assert all(str(annomi) in reason and "\n" not in reason for reason in reasons)
    assert "emotional-reactions-reddit.csv" in str(corpora["epitome"].evaluations[0].reason)
    assert corpora["mibot"].status == corpora["ruptures-examples"].status == "evaluated"
    assert report.evaluated == 4


def test_unexpected_errors_give_only_the_type(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected exception is reported by type, never with its (possibly private) message."""

    def boom(folder: Path) -> tuple[object, list[object], list[str]]:
        raise ValueError("client said something private")

    monkeypatch.setitem(SPECS, "epitome", (Spec("empathy", "evaluate empathy", (), boom),))
    (tmp_path / "epitome").mkdir()
    (run,) = next(c for c in evaluate_all(tmp_path).corpora if c.name == "epitome").evaluations
    assert run.reason is not None and "ValueError" in run.reason
    assert "private" not in run.reason


def test_speed_is_added_on_request(tmp_path: Path) -> None:
    """--speed times the default pipeline on 600 utterances against the 0.5 s target."""
    _ruptures(tmp_path / "ruptures-examples")
    (corpus,) = [c for c in evaluate_all(tmp_path, speed=True).corpora if c.found]
    speed = corpus.evaluations[-1]
    assert speed.name == "speed" and speed.result["utterances"] == 600
    assert speed.headlines[0].target == 0.5 and speed.headlines[0].at_most


def test_a_data_root_that_is_not_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    """Only an unusable root raises; everything else is reported per corpus."""
    with pytest.raises(UsageError, match="--data-root"):
        evaluate_all(tmp_path / "absent")


@pytest.mark.shared_data
def test_shared_data_root_evaluates_every_corpus(shared_data: Path) -> None:
    """On ../shared/data every corpus is found and every evaluation produces a result."""
    report = evaluate_all(shared_data)
    assert {c.name: c.status for c in report.corpora} == dict.fromkeys(CORPORA, "evaluated")
    markdown = to_markdown(report)
    assert all(f"## {name}: evaluated (development data)" in markdown for name in CORPORA)
    assert markdown.startswith("# AllianceLens evaluation on development data (optimistic)")


def _as_development(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Register ``folder``'s content as the development corpus of its name."""
    from alliancelens.evaluation import _development

    digests = {**_development.DEVELOPMENT_DIGESTS}
    digests[folder.name] = frozenset({_development.folder_digest(folder)})
    monkeypatch.setattr(_development, "DEVELOPMENT_DIGESTS", digests)


def test_development_corpus_rows_are_marked_optimistic_not_met(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A corpus recognised as development data says so per row, per section and in the heading."""
    _ruptures(tmp_path / "ruptures-examples")
    _as_development(monkeypatch, tmp_path / "ruptures-examples")
    report = evaluate_all(tmp_path, held_out=True)
    (corpus,) = [c for c in report.corpora if c.found]
    verdicts = {row[1]: row[4] for row in headline_rows(corpus)}
    assert verdicts["rupture episode recall"] == "met on development data (optimistic)"
    markdown = to_markdown(report)
    assert markdown.startswith("# AllianceLens evaluation on development data (optimistic)\n")
    assert "independent" not in markdown.splitlines()[0]
    assert "## ruptures-examples: evaluated (development data)" in markdown
    document = json.loads(to_json(report))
    assert document["independent"] is False
    assert document["development_corpora"] == ["ruptures-examples"]
    (ruptures,) = [
        r for c in document["corpora"] for r in c["evaluations"] if r["name"] == "ruptures"
    ]
    assert ruptures["headlines"][0]["verdict"] == "met on development data (optimistic)"


@pytest.mark.parametrize(("held_out", "title"), [(True, "independent"), (False, "evaluation")])
def test_independent_only_when_stated_held_out_and_not_development(
    tmp_path: Path, held_out: bool, title: str
) -> None:
    """Other data is 'independent' only with held_out; without it the heading is neutral."""
    _ruptures(tmp_path / "ruptures-examples")
    report = evaluate_all(tmp_path, held_out=held_out)
    expected = {
        "independent": "# AllianceLens independent evaluation",
        "evaluation": "# AllianceLens evaluation",
    }[title]
    assert to_markdown(report).splitlines()[0] == expected
    (corpus,) = [c for c in report.corpora if c.found]
    assert {row[1]: row[4] for row in headline_rows(corpus)}["rupture episode recall"] == "met"


def test_speed_rows_are_not_marked_as_development_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timing does not depend on what the data was used for: its verdict stays met/missed."""
    _ruptures(tmp_path / "ruptures-examples")
    _as_development(monkeypatch, tmp_path / "ruptures-examples")
    (corpus,) = [c for c in evaluate_all(tmp_path, speed=True).corpora if c.found]
    speed = [row for row in headline_rows(corpus) if row[0] == "speed"]
    assert speed and all("development" not in row[4] for row in speed)
