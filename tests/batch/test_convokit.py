"""ConvoKit export: the files and fields ConvoKit's Corpus loader reads.

ConvoKit is not installed (it pulls in torch); the checks follow its loader
(convokit/model/corpus_helpers.py, convoKitIndex.py): utterances.jsonl keys, speakers.json and
conversations.json as {id: {"meta", "vectors"}}, index.json with type lists per metadata key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from alliancelens import analyse, default_pipeline
from alliancelens.batch import CorpusTables, export_convokit, run_batch
from alliancelens.errors import UsageError
from alliancelens.report import codes_and_summary
from alliancelens.testing import make_session
from batch.conftest import CSV, TEXT_A, TEXT_B

UTTERANCE_KEYS = {
    "id",
    "conversation_id",
    "text",
    "speaker",
    "meta",
    "reply-to",
    "timestamp",
    "vectors",
}
INDEX_KEYS = {"utterances-index", "speakers-index", "conversations-index", "overall-index"}


def _load(folder: Path) -> dict[str, Any]:
    lines = (folder / "utterances.jsonl").read_text("utf-8").splitlines()
    return {
        "utterances": [json.loads(line) for line in lines],
        **{
            n: json.loads((folder / f"{n}.json").read_text("utf-8"))
            for n in ("speakers", "conversations", "corpus", "index")
        },
    }


def _check_structure(corpus: dict[str, Any]) -> None:
    """What ConvoKit's loader relies on, checked field by field."""
    utterances = corpus["utterances"]
    ids = {u["id"] for u in utterances}
    assert len(ids) == len(utterances)
    for u in utterances:
        assert set(u) == UTTERANCE_KEYS
        assert u["speaker"] in corpus["speakers"]
        assert u["reply-to"] is None or u["reply-to"] in ids
        assert u["conversation_id"] in ids  # a conversation is named by its root utterance
        assert isinstance(u["meta"], dict) and u["vectors"] == []
    roots = {u["id"] for u in utterances if u["reply-to"] is None}
    assert roots == set(corpus["conversations"]) == {u["conversation_id"] for u in utterances}
    for entry in (*corpus["speakers"].values(), *corpus["conversations"].values()):
        assert set(entry) == {"meta", "vectors"}
    index = corpus["index"]
    assert set(index) >= INDEX_KEYS and isinstance(index["version"], int)
    for key, types in index["utterances-index"].items():
        assert all(t.startswith("<class '") for t in types), key
    for u in utterances:
        for key, value in u["meta"].items():
            assert value is None or str(type(value)) in index["utterances-index"][key]


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch output folder written with text (module-scoped: it spawns a worker)."""
    root = tmp_path_factory.mktemp("convokit")
    corpus = root / "corpus"
    (corpus / "nested").mkdir(parents=True)
    (corpus / "a.txt").write_text(TEXT_A, "utf-8")
    (corpus / "nested" / "b.txt").write_text(TEXT_B, "utf-8")
    (corpus / "many.csv").write_text(CSV, "utf-8")
    return run_batch([corpus], root / "out", workers=1, include_text=True).directory


def test_a_batch_folder_exports_as_a_convokit_corpus(batch_folder: Path, tmp_path: Path) -> None:
    """Every utterance, per-session speakers and one conversation per session."""
    corpus = _load(export_convokit(batch_folder, tmp_path / "ck"))
    _check_structure(corpus)
    assert len(corpus["utterances"]) == 29 and len(corpus["conversations"]) == 7
    first = corpus["utterances"][0]
    assert first["id"] == "alpha/0" and first["conversation_id"] == "alpha/0"
    assert first["text"].startswith("What would you like")
    assert first["speaker"] == "alpha/Therapist"
    assert corpus["speakers"]["alpha/Therapist"]["meta"]["role"] == "therapist"
    assert corpus["utterances"][1]["reply-to"] == "alpha/0"
    assert corpus["conversations"]["alpha/0"]["meta"]["session_id"] == "alpha"


def test_tables_and_results_export_the_same_way(batch_folder: Path, tmp_path: Path) -> None:
    """CorpusTables and plain analysis results are accepted too."""
    from_tables = _load(export_convokit(CorpusTables.read(batch_folder), tmp_path / "t"))
    _check_structure(from_tables)
    assert len(from_tables["utterances"]) == 29
    session = make_session(("therapist", "How are you?"), ("client", "Fine."), session_id="x")
    from_results = _load(export_convokit([analyse(session, default_pipeline())], tmp_path / "r"))
    _check_structure(from_results)
    assert [u["text"] for u in from_results["utterances"]] == ["How are you?", "Fine."]


def test_codes_become_utterance_metadata(batch_folder: Path, tmp_path: Path) -> None:
    """Every codes.<key> column is an utterance meta field without the prefix."""
    codes = [
        c
        for c in pq.read_schema(batch_folder / "utterances.parquet").names
        if c.startswith("codes.")
    ]
    corpus = _load(export_convokit(batch_folder, tmp_path / "ck"))
    meta_keys = set(corpus["utterances"][0]["meta"])
    assert {"index", "role", "start", "end", "words"} <= meta_keys
    assert {c.removeprefix("codes.") for c in codes} <= meta_keys


def test_tables_without_text_are_refused(batch_folder: Path, tmp_path: Path) -> None:
    """A corpus needs text: tables without a text column cannot be exported."""
    tables = CorpusTables.read(batch_folder)
    stripped = CorpusTables(
        tables.utterances.drop(columns=["text"]), tables.sessions, tables.findings, tables.manifest
    )
    with pytest.raises(UsageError, match="--include-text"):
        export_convokit(stripped, tmp_path / "ck")


def test_list_codes_are_lists_in_the_corpus(tmp_path: Path) -> None:
    """A list code (rupture markers) is a JSON list in ConvoKit meta, not JSON text in a string."""
    session = make_session(
        ("therapist", "Let's go over the worksheet you took home."),
        ("client", "Honestly this homework is pointless and you're not listening to me."),
        ("therapist", "You're right, I pushed the worksheet. What would help today?"),
        ("client", "Fine. Whatever. I don't know."),
        session_id="lists",
    )
    result = analyse(session, default_pipeline())
    codes, _ = codes_and_summary(result)
    expected = {
        index: code["rupture_markers"]
        for index, code in codes.items()
        if isinstance(code.get("rupture_markers"), list)
    }
    assert expected, "the session must carry a list code for this test to mean anything"
    corpus = _load(export_convokit([result], tmp_path / "ck"))
    for utterance in corpus["utterances"]:
        index = utterance["meta"]["index"]
        if index in expected:
            assert utterance["meta"]["rupture_markers"] == expected[index]
