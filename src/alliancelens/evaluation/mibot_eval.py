"""Check the transcript analysers against MIBot: silver codes and the clients' own ratings.

MIBot (``shared/data/mibot``, CC BY-SA 4.0; Mahmood et al., Findings of ACL 2025) holds text
conversations between smokers and an LLM motivational-interviewing counsellor. Two things in it
can be compared with what AllianceLens reads from a transcript:

* **Silver utterance codes.** Every utterance carries an AutoMISC label produced by an LLM, not a
  human coder (counsellor ``R``/``Q``/``MICO``/``MIIN``/``Other``; client ``C``/``S``/``N``). We
  report *agreement* with them, never accuracy: client talk maps one-to-one (C→change,
  S→sustain, N→neutral); for the counsellor only reflections (R) and questions (Q) map, so each
  is scored one-vs-rest. The text is chatbot counselling about smoking, so this is also an
  out-of-domain check of a coder trained on AnnoMI. The five MITI flags have no code of their
  own in AutoMISC, so a silver flag is read from the label plus a word in AutoMISC's written
  explanation (``_FLAG_SILVER``: e.g. ``affirm`` = MICO whose explanation says "affirm"). That is
  cruder still, and says nothing about flags AutoMISC did not mention.
* **Client-rated relationship and outcome.** The participants rated the counsellor's empathy on
  the CARE measure (Mercer et al. 2004, 10 items, 1–5) and said whether they found it helpful.
  CARE is not an alliance measure, but empathy is part of Bordin's bond, so the transcript's
  ``summary.alliance`` should rank high-CARE conversations above low-CARE ones if it means
  anything. We report Spearman's rho with an approximate 95% interval and the AUC for
  ``FoundBotHelpful``. The counsellor is the same chatbot in every conversation, so the spread
  to explain is small; read the numbers with that in mind.

Transcripts are built here (one utterance per MIBot utterance, in file order) because MIBot's
JSON is not a transcript format users bring. Nothing from the corpus is stored or printed except
numbers and the hashed participant ids the corpus itself uses.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from alliancelens.analysers.pipeline import Pipeline, default_pipeline
from alliancelens.domain import Role, Session, Speaker, Utterance
from alliancelens.errors import UsageError
from alliancelens.evaluation.alliance_eval import roc_auc
from alliancelens.measures.agreement import spearman

__all__ = [
    "AUTOMISC_PREFIX",
    "CARE_MAX_NOT_APPLICABLE",
    "EXPLANATION_FIELD",
    "HALVES",
    "LABEL_FIELD",
    "MibotConversation",
    "MibotEvaluation",
    "care_total",
    "evaluate_mibot",
    "half_of",
    "load_mibot",
]

#: CARE scoring (Mercer et al. 2004; clinical-reference §9.2, tagged [U]): up to two "does not
#: apply" answers are replaced by the mean of the other items; more and the form is not scored.
#: MIBot's SOURCE.md reads its value 0 as that option (not confirmed upstream).
CARE_MAX_NOT_APPLICABLE = 2
#: MIBot's per-utterance AutoMISC fields (its SOURCE.md, "Fields"): the label and its explanation.
AUTOMISC_PREFIX = "auto_misc"
LABEL_FIELD = f"{AUTOMISC_PREFIX}_label"
EXPLANATION_FIELD = f"{AUTOMISC_PREFIX}_explanation"
_CARE_ITEMS = tuple(f"CAREQ{i}" for i in range(1, 11))
_CLIENT_TALK = {"C": "change", "S": "sustain", "N": "neutral"}
_TALK_LABELS = ("change", "neutral", "sustain")
_COUNSELLOR = {"R": "reflection", "Q": "question"}
_SUBSCALES = ("index", "goal", "task", "bond")
#: Silver MITI flag = AutoMISC label + a word stem in its explanation. MITI 4.2.1 counts asking
#: permission as seeking collaboration, and advice without permission as persuade (§3 of the
#: clinical reference); AutoMISC's MIIN covers advising/directing without permission. No stems
#: means every utterance with that label.
_FLAG_SILVER: dict[str, tuple[str, tuple[str, ...]]] = {
    "affirm": ("MICO", ("affirm",)),
    "emphasising_autonomy": ("MICO", ("autonomy",)),
    "seeking_collaboration": ("MICO", ("collaborat", "permission")),
    "persuade": ("MIIN", ()),  # any MIIN: in MIBot almost all are advice without permission
    "confront": ("MIIN", ("confront", "judg", "criticis", "blam")),
}
#: Standard error of Fisher's z for Spearman's rho (Fieller, Hartley & Pearson 1957): 1.06/√(n−3).
_SPEARMAN_Z_SE = 1.06
_Z_95 = 1.959964


@dataclass(frozen=True)
class MibotConversation:
    """One participant's conversation as a session, its silver codes and its self-reports."""

    session: Session
    silver: tuple[str, ...]  # AutoMISC label of every utterance, in order
    explanations: tuple[str, ...]  # AutoMISC's explanation of each label (lower case)
    care: float | None
    helpful: bool | None
    confidence_change: float | None  # PostRulerConfidence - PreRulerConfidence


def care_total(items: Sequence[int]) -> float | None:
    """CARE total (10–50): 0 marks "does not apply", prorated if at most two are; else None."""
    answered = [v for v in items if v != 0]
    if len(items) - len(answered) > CARE_MAX_NOT_APPLICABLE or not answered:
        return None
    return sum(answered) * len(items) / len(answered)


def _number(row: Mapping[str, str], column: str, where: str) -> float | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise UsageError(f"{where}: column {column} is not a number; fix or blank it") from exc


def _participants(path: Path) -> dict[str, dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            needed = {"ParticipantID", "FoundBotHelpful", *_CARE_ITEMS}
            missing = needed - set(reader.fieldnames or ())
            if missing:
                raise UsageError(
                    f"{path}: column(s) {', '.join(sorted(missing))} missing; give MIBot's data.csv"
                )
            return {row["ParticipantID"]: row for row in reader}
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({type(exc).__name__})") from exc


def _session(path: Path, participant: str) -> tuple[Session, tuple[str, ...], tuple[str, ...]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw = data["utterances"]
        turns = [(str(u["speaker"]), str(u["text"]), str(u[LABEL_FIELD])) for u in raw]
        explained = tuple(str(u.get(EXPLANATION_FIELD) or "").lower() for u in raw)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(
            f"{path}: not a MIBot transcript (needs utterances[].speaker/text/{LABEL_FIELD})"
        ) from exc
    roles = {"counsellor": Role.THERAPIST, "client": Role.CLIENT}
    bad = sorted({s for s, _, _ in turns} - set(roles))
    if bad:
        raise UsageError(f"{path}: speaker must be 'counsellor' or 'client' ({len(bad)} other)")
    utterances = tuple(
        Utterance(i, speaker, roles[speaker], text) for i, (speaker, text, _) in enumerate(turns)
    )
    speakers = (Speaker("counsellor", Role.THERAPIST), Speaker("client", Role.CLIENT))
    labels = tuple(label for _, _, label in turns)
    return Session(participant, utterances, speakers), labels, explained


#: Halves of the corpus by participant id (the ids are hex hashes): rules may be tuned on ``dev``
#: and must then be reported on ``test``, which tuning never looks at.
HALVES = ("all", "dev", "test")


def half_of(participant: str) -> str:
    """``dev`` when the id's last hex digit is even, else ``test`` (fixed, data-independent)."""
    try:
        return "dev" if int(participant[-1], 16) % 2 == 0 else "test"
    except (ValueError, IndexError):
        return "test"


def load_mibot(folder: str | Path, *, half: str = "all") -> list[MibotConversation]:
    """Every participant of ``folder/data.csv`` with a ``transcripts/<id>.json`` file.

    ``half`` keeps only the ``dev`` or ``test`` half (:func:`half_of`); ``all`` keeps both.
    """
    if half not in HALVES:
        raise UsageError(f"--half {half}: choose one of {', '.join(HALVES)}")
    folder = Path(folder)
    table = folder / "data.csv"
    if not table.is_file() or not (folder / "transcripts").is_dir():
        raise UsageError(f"{folder}: give the MIBot folder (data.csv and transcripts/)")
    conversations = []
    for participant, row in sorted(_participants(table).items()):
        path = folder / "transcripts" / f"{participant}.json"
        if not path.is_file() or half not in ("all", half_of(participant)):
            continue
        where = f"{table} (participant {participant[:8]})"
        items = [_number(row, column, where) for column in _CARE_ITEMS]
        care = None if None in items else care_total([int(v or 0) for v in items])
        pre = _number(row, "PreRulerConfidence", where)
        post = _number(row, "PostRulerConfidence", where)
        helpful = {"YES": True, "NO": False}.get(row["FoundBotHelpful"].strip().upper())
        session, silver, explained = _session(path, participant)
        change = None if pre is None or post is None else post - pre
        conversations.append(MibotConversation(session, silver, explained, care, helpful, change))
    if not conversations:
        raise UsageError(f"{folder}: no transcript matches a ParticipantID in data.csv")
    return conversations


def _rho(xs: Sequence[float], ys: Sequence[float]) -> dict[str, Any]:
    """Spearman's rho with a Fisher-z 95% interval, or the reason there is none."""
    rho, reason = spearman(xs, ys)
    if rho is None:
        return {"rho": None, "n": len(xs), "reason": reason}
    out: dict[str, Any] = {"rho": round(rho, 3), "n": len(xs)}
    if len(xs) > 3 and abs(rho) < 1:
        z, half = math.atanh(rho), _Z_95 * _SPEARMAN_Z_SE / math.sqrt(len(xs) - 3)
        out["ci95"] = [round(math.tanh(z - half), 3), round(math.tanh(z + half), 3)]
    return out


@dataclass
class MibotEvaluation:
    """Predicted vs silver codes, and per-conversation estimates next to self-reports."""

    talk: tuple[list[str], list[str]] = field(default_factory=lambda: ([], []))
    counsellor: tuple[list[str], list[str]] = field(default_factory=lambda: ([], []))
    flags: dict[str, tuple[list[bool], list[bool]]] = field(
        default_factory=lambda: {name: ([], []) for name in _FLAG_SILVER}
    )
    rows: list[dict[str, Any]] = field(default_factory=list)
    not_analysed: list[str] = field(default_factory=list)

    def _talk_report(self) -> dict[str, Any]:
        silver, predicted = self.talk
        if not silver:
            return {"utterances": 0}
        p, r, f, n = precision_recall_fscore_support(
            silver, predicted, labels=list(_TALK_LABELS), zero_division=0
        )
        return {
            "utterances": len(silver),
            "macro_f1": round(float(f1_score(silver, predicted, average="macro")), 3),
            "per_class": {
                label: {
                    "precision": round(float(p[i]), 3),
                    "recall": round(float(r[i]), 3),
                    "f1": round(float(f[i]), 3),
                    "support": int(n[i]),
                }
                for i, label in enumerate(_TALK_LABELS)
            },
            "confusion": {
                "labels": list(_TALK_LABELS),
                "rows_silver_cols_predicted": confusion_matrix(
                    silver, predicted, labels=list(_TALK_LABELS)
                ).tolist(),
            },
        }

    def _counsellor_report(self) -> dict[str, Any]:
        silver, predicted = self.counsellor
        out: dict[str, Any] = {"utterances": len(silver)}
        for behaviour in _COUNSELLOR.values():
            truth = [s == behaviour for s in silver]
            guess = [p == behaviour for p in predicted]
            out[behaviour] = {
                "f1": round(float(f1_score(truth, guess, zero_division=0)), 3),
                "silver": sum(truth),
                "predicted": sum(guess),
            }
        return out

    def _flags_report(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, (silver, predicted) in self.flags.items():
            p, r, f, _ = precision_recall_fscore_support(
                silver, predicted, average="binary", zero_division=0
            )
            out[name] = {
                "silver": sum(silver),
                "predicted": sum(predicted),
                "both": sum(a and b for a, b in zip(silver, predicted, strict=True)),
                "precision": round(float(p), 3),
                "recall": round(float(r), 3),
                "f1": round(float(f), 3),
            }
        return out

    def _ratings(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        with_care = [r for r in self.rows if r["care"] is not None]
        for key in _SUBSCALES:
            out[f"care_vs_{key}"] = _rho(
                [r["care"] for r in with_care], [r[key] for r in with_care]
            )
            yes = [r[key] for r in self.rows if r["helpful"] is True]
            no = [r[key] for r in self.rows if r["helpful"] is False]
            auc = roc_auc(yes, no)
            out[f"helpful_auc_{key}"] = None if auc is None else round(auc, 3)
        paired = [r for r in self.rows if r["change_share"] is not None]
        out["change_share_vs_silver_share"] = _rho(
            [r["silver_change_share"] for r in paired if r["silver_change_share"] is not None],
            [r["change_share"] for r in paired if r["silver_change_share"] is not None],
        )
        moved = [r for r in paired if r["confidence_change"] is not None]
        out["change_share_vs_confidence_change"] = _rho(
            [r["confidence_change"] for r in moved], [r["change_share"] for r in moved]
        )
        return out

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``evaluate mibot --json``)."""
        return {
            "conversations": len(self.rows) + len(self.not_analysed),
            "labels": "AutoMISC (LLM-generated silver labels), not human coding",
            "client_talk_agreement": self._talk_report(),
            "counsellor_agreement": self._counsellor_report(),
            "miti_flag_agreement": self._flags_report(),
            "self_reports": self._ratings(),
            "not_analysed": self.not_analysed,
            "rows": self.rows,
        }


def _share(labels: Sequence[str | None]) -> float | None:
    change, sustain = labels.count("change"), labels.count("sustain")
    return None if change + sustain == 0 else round(change / (change + sustain), 3)


def evaluate_mibot(
    conversations: Sequence[MibotConversation], pipeline: Pipeline | None = None
) -> MibotEvaluation:
    """Run the analysers (default pipeline) on every conversation and compare."""
    pipeline = pipeline or default_pipeline()
    result = MibotEvaluation()
    for conversation in conversations:
        session = conversation.session
        analysed = pipeline.run(session)
        alliance = analysed.findings.of_kind("alliance.summary")
        codes: dict[int, dict[str, Any]] = {}
        for finding in analysed.findings.of_kind("microskills.code"):
            if finding.utterance_index is not None:
                codes[finding.utterance_index] = dict(finding.value)
        if not alliance or not codes:
            result.not_analysed.append(session.id)
            continue
        talk: list[str | None] = []
        silver_talk: list[str | None] = []
        for utterance, silver, explained in zip(
            session.utterances, conversation.silver, conversation.explanations, strict=True
        ):
            code = codes.get(utterance.index, {})
            if utterance.role is Role.CLIENT and silver in _CLIENT_TALK:
                result.talk[0].append(_CLIENT_TALK[silver])
                result.talk[1].append(str(code.get("client_talk")))
                silver_talk.append(_CLIENT_TALK[silver])
                talk.append(code.get("client_talk"))
            elif utterance.role is Role.THERAPIST:
                result.counsellor[0].append(_COUNSELLOR.get(silver, "other"))
                result.counsellor[1].append(str(code.get("behaviour")))
                for name, (label, stems) in _FLAG_SILVER.items():
                    truth = silver == label and (
                        not stems or any(stem in explained for stem in stems)
                    )
                    result.flags[name][0].append(truth)
                    result.flags[name][1].append(bool(code.get(name)))
        value = alliance[0].value
        result.rows.append(
            {
                "id": session.id,
                "utterances": len(session.utterances),
                "care": conversation.care,
                "helpful": conversation.helpful,
                "confidence_change": conversation.confidence_change,
                "index": value["index"],
                **{s: value[s]["score"] for s in _SUBSCALES[1:]},
                "change_share": _share(talk),
                "silver_change_share": _share(silver_talk),
            }
        )
    return result
