"""Export analysed sessions with their codes as a ConvoKit corpus folder.

ConvoKit itself is not needed (nor installed: it pulls in torch and spaCy). The files follow
ConvoKit's on-disk layout as its ``Corpus(filename=...)`` loader reads it
(``convokit/model/corpus_helpers.py`` and ``convoKitIndex.py``, ConvoKit 3.x):

* ``utterances.jsonl`` — one JSON object per line with exactly ``id``, ``conversation_id``,
  ``text``, ``speaker``, ``meta``, ``reply-to``, ``timestamp`` and ``vectors``;
* ``speakers.json`` and ``conversations.json`` — ``{id: {"meta": {...}, "vectors": []}}``;
* ``corpus.json`` — corpus-level metadata;
* ``index.json`` — ``utterances-index``, ``speakers-index``, ``conversations-index`` and
  ``overall-index`` (each metadata key -> list of Python type names such as ``"<class 'int'>"``),
  ``version`` and ``vectors``.

Mapping: a session is a conversation whose id is that of its first utterance (ConvoKit's
convention); utterance ids are ``<session>/<index>``; each utterance replies to the one before it;
speakers are per session (``<session>/<label>``), since the same label in two sessions need not be
the same person. Utterance ``meta`` holds ``index``, ``role``, ``start``, ``end``, ``words`` and
every code (``codes.`` prefix dropped); conversation ``meta`` holds the session row. ``<session>``
is the session id, prefixed with the input path when two inputs share a session id.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alliancelens import __version__
from alliancelens.analysers import AnalysisResult, available
from alliancelens.batch._parts import write_atomically
from alliancelens.batch._rows import session_rows
from alliancelens.errors import UsageError

if TYPE_CHECKING:
    from alliancelens.batch.api import CorpusTables

__all__ = ["export_convokit"]

Record = dict[str, Any]
_NO_TEXT = (
    "a ConvoKit corpus needs utterance text: run the batch with --include-text "
    "(analyse_corpus(..., include_text=True))"
)


def export_convokit(
    source: CorpusTables | str | Path | Iterable[AnalysisResult], directory: str | Path
) -> Path:
    """Write ``source`` as a ConvoKit corpus into ``directory``; return its path.

    ``source`` is a :class:`~alliancelens.batch.api.CorpusTables` (built with
    ``include_text=True``), a batch output folder written with ``--include-text``, or analysis
    results (e.g. ``[analyse(s) for s in sessions]``).
    """
    if isinstance(source, str | Path):
        utterances, sessions, meta = _from_folder(Path(source))
    elif hasattr(source, "utterances") and hasattr(source, "manifest"):
        utterances, sessions, meta = _from_tables(source)
    else:
        utterances, sessions, meta = _from_results(list(source))
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    _Writer(target, sessions).write(utterances, meta)
    return target


def _plain(value: Any) -> Any:
    """A JSON value from pandas/numpy/arrow cell values (missing values become None)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if type(value).__name__ == "NAType":
        return None
    return value


def _from_tables(tables: Any) -> tuple[Iterable[Record], list[Record], Record]:
    if "text" not in tables.utterances.columns:
        raise UsageError(_NO_TEXT)
    utterances = (
        {k: _plain(v) for k, v in row.items()} for row in tables.utterances.to_dict("records")
    )
    sessions = [{k: _plain(v) for k, v in r.items()} for r in tables.sessions.to_dict("records")]
    return utterances, sessions, _corpus_meta(tables.manifest)


def _from_folder(folder: Path) -> tuple[Iterable[Record], list[Record], Record]:
    import pyarrow.parquet as pq  # noqa: PLC0415 - only for this source

    from alliancelens.batch import _manifest  # noqa: PLC0415 - pulls in pyarrow

    manifest = _manifest.read(folder)
    utterance_file = pq.ParquetFile(folder / "utterances.parquet")
    if "text" not in utterance_file.schema_arrow.names:
        raise UsageError(_NO_TEXT)

    def utterances() -> Iterator[Record]:
        for batch in utterance_file.iter_batches(batch_size=50_000):
            yield from batch.to_pylist()

    sessions = pq.read_table(folder / "sessions.parquet").to_pylist()
    return utterances(), sessions, _corpus_meta(manifest)


def _from_results(
    results: Sequence[AnalysisResult],
) -> tuple[Iterable[Record], list[Record], Record]:
    classes = available()
    utterances: list[Record] = []
    sessions: list[Record] = []
    for result in results:
        produces = {r.name: classes[r.name].produces for r in result.runs if r.name in classes}
        rows = session_rows(result, produces, include_text=True)
        source = None  # results carry no file path; session ids name the conversations
        utterances += [{"input_path": source, **row} for row in rows.utterances]
        sessions.append({"input_path": source, **rows.session})
    analysers = {(r.name, r.version) for result in results for r in result.runs}
    meta = {"analysers": [{"name": n, "version": v} for n, v in sorted(analysers)]}
    return utterances, sessions, _corpus_meta({"pipeline": meta})


def _corpus_meta(manifest: Mapping[str, Any]) -> Record:
    pipeline = manifest.get("pipeline", {})
    return {
        "name": "alliancelens-export",
        "generator": f"alliancelens {__version__}",
        "analysers": [
            {"name": a["name"], "version": a["version"]} for a in pipeline.get("analysers", [])
        ],
        "run_id": manifest.get("run_id"),
    }


class _Writer:
    """Streams utterances into ``utterances.jsonl``; collects speakers and conversations."""

    def __init__(self, directory: Path, sessions: list[Record]) -> None:
        self.directory = directory
        ids = [s["session_id"] for s in sessions]
        clashing = {i for i in ids if ids.count(i) > 1}
        self.names = {
            (s.get("input_path"), s["session_id"]): (
                f"{s.get('input_path')}::{s['session_id']}"
                if s["session_id"] in clashing
                else str(s["session_id"])
            )
            for s in sessions
        }
        self.sessions = {(s.get("input_path"), s["session_id"]): s for s in sessions}
        self.speakers: dict[str, Record] = {}
        self.conversations: dict[str, Record] = {}
        self.conversations_root: dict[str, str] = {}  # session name -> root utterance id
        self.index: dict[str, dict[str, list[str]]] = {
            k: {} for k in ("utterances-index", "speakers-index", "conversations-index")
        }

    def write(self, utterances: Iterable[Record], meta: Record) -> None:
        path = self.directory / "utterances.jsonl"
        write_atomically(path, lambda p: self._utterances(p, utterances))
        self._json(
            "speakers.json", {k: {"meta": v, "vectors": []} for k, v in self.speakers.items()}
        )
        self._json(
            "conversations.json",
            {k: {"meta": v, "vectors": []} for k, v in self.conversations.items()},
        )
        self._json("corpus.json", meta)
        index = {
            **self.index,
            "overall-index": _types(meta, {}),
            "version": 1,
            "vectors": [],
        }
        self._json("index.json", index)

    def _json(self, name: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        write_atomically(self.directory / name, lambda p: p.write_text(text, "utf-8"))

    def _utterances(self, path: Path, utterances: Iterable[Record]) -> None:
        previous: tuple[Any, str | None] = (None, None)  # (session key, utterance id)
        with path.open("w", encoding="utf-8") as stream:
            for row in utterances:
                key = (row.get("input_path"), row["session_id"])
                name = self.names[key]
                uid = f"{name}/{row['index']}"
                reply_to = previous[1] if previous[0] == key else None
                if reply_to is None:
                    self._conversation(uid, key)
                previous = (key, uid)
                stream.write(json.dumps(self._utterance(uid, name, row, reply_to)) + "\n")

    def _utterance(self, uid: str, name: str, row: Record, reply_to: str | None) -> Record:
        speaker = f"{name}/{row['speaker_label']}"
        if speaker not in self.speakers:
            meta = {"label": row["speaker_label"], "role": row["role"], "session": name}
            self.speakers[speaker] = meta
            _types(meta, self.index["speakers-index"])
        meta = {k: row.get(k) for k in ("index", "role", "start", "end", "words")}
        meta |= {
            k.removeprefix("codes."): _code(v) for k, v in row.items() if k.startswith("codes.")
        }
        _types(meta, self.index["utterances-index"])
        return {
            "id": uid,
            "conversation_id": self.conversations_root[name],
            "text": row["text"],
            "speaker": speaker,
            "meta": meta,
            "reply-to": reply_to,
            "timestamp": row.get("start"),
            "vectors": [],
        }

    def _conversation(self, root: str, key: tuple[Any, Any]) -> None:
        name = self.names[key]
        if name in self.conversations_root:
            raise UsageError(f"session {name} appears twice; its utterances must be contiguous")
        self.conversations_root[name] = root
        meta = {"session": name, **self.sessions.get(key, {})}
        self.conversations[root] = meta
        _types(meta, self.index["conversations-index"])


def _code(value: Any) -> Any:
    """A code as ``analyze --json`` gives it: list codes are JSON text in the tables, lists here.

    Codes are analyser vocabulary (labels, numbers, marker names), never transcript text, so a
    string that is a JSON list can only be a list code the tables encoded.
    """
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        with contextlib.suppress(ValueError):
            decoded = json.loads(value)
            if isinstance(decoded, list):
                return decoded
    return value


def _types(meta: Mapping[str, Any], index: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add each non-null value's Python type to ``index`` the way ConvoKit records it."""
    for key, value in meta.items():
        if value is None:
            continue
        kinds = index.setdefault(key, [])
        kind = str(type(value))
        if kind not in kinds:
            kinds.append(kind)
    return index
