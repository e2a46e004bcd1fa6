"""The shipped micro-skill coder: loads the model files once and codes a dialogue.

Per role (therapist, client) the model is a **two-stage linear classifier** over the features
of :mod:`alliancelens.models._features`: stage 1 scores each utterance from its own words and
its neighbours' words; stage 2 (multinomial logistic regression) adds the stage-1 scores of the
surrounding utterances (:mod:`alliancelens.models._context`). Therapist subtypes (open/closed
question, simple/complex reflection, input kind) come from logistic models on the stage-1
features. Every label carries a calibrated confidence (:class:`~alliancelens.models._linear.
Calibration`). Loading never unpickles: see :mod:`alliancelens.models._store`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from alliancelens.models._context import context_matrix
from alliancelens.models._features import (
    NUMERIC_FEATURES,
    Featurizer,
    ParsedTurn,
    Turn,
    Vocabulary,
    numeric_features,
    parse_turns,
)
from alliancelens.models._linear import Calibration, LinearModel, softmax
from alliancelens.models._store import (
    ModelFileError,
    decode_strings,
    encode_strings,
    files_digest,
    read_arrays,
    write_arrays,
)
from alliancelens.models._text_classifier import FolderCache

__all__ = [
    "FORMAT_VERSION",
    "MODEL_FILES",
    "SUBTYPE_CODES",
    "MicroskillCoder",
    "RoleModel",
    "UtteranceCodes",
    "load_coder",
    "model_digest",
    "read_coder",
    "save_coder",
    "shipped_model_dir",
]

#: Bumped whenever the file layout or the feature definitions change.
FORMAT_VERSION = 1
MODEL_FILES = ("therapist.npz", "client.npz", "manifest.json")
#: Which code key holds the subtype of each therapist behaviour.
SUBTYPE_CODES = {"question": "question", "reflection": "reflection", "therapist_input": "input"}
#: Utterances per stage-1 design matrix in :meth:`MicroskillCoder.raw` (bounds working memory).
CHUNK_ROWS = 2048
#: The main code of each role.
MAIN_CODE = {"therapist": "behaviour", "client": "client_talk"}


@dataclass(frozen=True, slots=True)
class UtteranceCodes:
    """Predicted labels of one utterance and the calibrated confidence of each."""

    labels: dict[str, str]
    confidence: dict[str, float]


@dataclass(frozen=True, slots=True)
class RoleModel:
    """Everything needed to code one role's utterances."""

    role: str
    vocabulary: Vocabulary
    local: LinearModel
    contextual: LinearModel
    calibration: dict[str, Calibration]
    subtypes: dict[str, LinearModel] = field(default_factory=dict)
    context_scale: float = 1.0
    featurizer: Featurizer | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.featurizer is None:
            object.__setattr__(self, "featurizer", Featurizer(self.vocabulary))

    def design(self, parsed: Sequence[ParsedTurn], rows: Sequence[int]) -> Any:
        """Stage-1 design matrix (TF-IDF blocks + numeric features) for ``rows``."""
        from scipy import sparse  # noqa: PLC0415 - keep package import light

        featurizer = self.featurizer or Featurizer(self.vocabulary)
        indptr, indices, data = featurizer.transform(parsed, rows)
        tfidf = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.vocabulary)))
        numeric = np.asarray([numeric_features(parsed, i) for i in rows], dtype=np.float64)
        numeric = numeric.reshape(len(rows), len(NUMERIC_FEATURES))
        return sparse.hstack([tfidf, sparse.csr_matrix(numeric)], format="csr")

    @property
    def design_width(self) -> int:
        """Number of stage-1 features (vocabulary terms plus numeric features)."""
        return len(self.vocabulary) + len(NUMERIC_FEATURES)

    def stage_two(self, design: Any, context: NDArray[np.float64]) -> Any:
        """Stage-2 design matrix: stage-1 features plus scaled context scores."""
        from scipy import sparse  # noqa: PLC0415

        return sparse.hstack(
            [design, sparse.csr_matrix(context * self.context_scale)], format="csr"
        )

    def arrays(self) -> dict[str, NDArray[Any]]:
        """Everything to store, as plain arrays."""
        out: dict[str, NDArray[Any]] = {
            "vocabulary.ids": self.vocabulary.ids,
            "vocabulary.idf": self.vocabulary.idf,
            "vocabulary.block": self.vocabulary.block,
            "context_scale": np.asarray([self.context_scale]),
            "calibration.codes": encode_strings(sorted(self.calibration)),
            "calibration.values": np.vstack(
                [self.calibration[c].as_array() for c in sorted(self.calibration)]
            ),
            "subtypes": encode_strings(sorted(self.subtypes)),
        }
        for code, calibration in self.calibration.items():
            out[f"bias.{code}"] = np.asarray(calibration.bias, dtype=np.float64)
        out |= self.local.arrays("local") | self.contextual.arrays("contextual")
        for behaviour, model in self.subtypes.items():
            out |= model.arrays(f"subtype.{behaviour}")
        return out

    @classmethod
    def from_arrays(cls, role: str, arrays: dict[str, NDArray[Any]]) -> RoleModel:
        """Inverse of :meth:`arrays`."""
        codes = decode_strings(arrays["calibration.codes"])
        values = arrays["calibration.values"]
        return cls(
            role=role,
            vocabulary=Vocabulary(
                np.asarray(arrays["vocabulary.ids"], dtype=np.uint32),
                np.asarray(arrays["vocabulary.idf"], dtype=np.float32),
                np.asarray(arrays["vocabulary.block"], dtype=np.int8),
            ),
            local=LinearModel.from_arrays(arrays, "local"),
            contextual=LinearModel.from_arrays(arrays, "contextual"),
            calibration={
                c: Calibration(float(v[0]), float(v[1]), tuple(arrays[f"bias.{c}"].tolist()))
                for c, v in zip(codes, values, strict=True)
            },
            subtypes={
                b: LinearModel.from_arrays(arrays, f"subtype.{b}")
                for b in decode_strings(arrays["subtypes"])
            },
            context_scale=float(arrays["context_scale"][0]),
        )


@dataclass(frozen=True, slots=True)
class RawPredictions:
    """Per role: coded row positions, main-code probabilities and (therapist) subtype ones."""

    rows: dict[str, list[int]]
    main: dict[str, NDArray[np.float64]]
    subtypes: dict[str, NDArray[np.float64]]


class MicroskillCoder:
    """Codes therapist behaviour (with subtypes) and client talk for whole dialogues."""

    def __init__(self, therapist: RoleModel, client: RoleModel, manifest: dict[str, Any]) -> None:
        self.therapist = therapist
        self.client = client
        self.manifest = manifest

    def role_model(self, role: str) -> RoleModel:
        """The model for ``role`` (``therapist`` or ``client``)."""
        return self.therapist if role == "therapist" else self.client

    def raw(self, turns: Sequence[Turn]) -> RawPredictions:
        """Probabilities of every code for every therapist and client turn (subtypes for all).

        The sparse stage-1 design matrix is built :data:`CHUNK_ROWS` utterances at a time and
        dropped after use, so working memory stays flat however long the session is. Stage 2 is
        linear in its inputs, ``[design, context] @ coef = design @ coef_d + context @ coef_c``,
        so the design part is kept per chunk (a few numbers per utterance) and the context part,
        which needs the whole session's stage-1 scores, is added once they are all known. The
        result is the one-pass computation's up to floating-point summation order.
        """
        parsed = parse_turns(turns)
        roles = [t.role for t in parsed]
        rows = {r: [i for i, x in enumerate(roles) if x == r] for r in MAIN_CODE}
        local: dict[str, NDArray[np.float64]] = {}
        partial: dict[str, NDArray[np.float64]] = {}
        subtype_parts: dict[str, list[NDArray[np.float64]]] = {
            b: [] for b in self.therapist.subtypes
        }
        for role in MAIN_CODE:
            model = self.role_model(role)
            width = model.design_width
            local_parts: list[NDArray[np.float64]] = []
            partial_parts: list[NDArray[np.float64]] = []
            for start in range(0, max(len(rows[role]), 1), CHUNK_ROWS):
                design = model.design(parsed, rows[role][start : start + CHUNK_ROWS])
                local_parts.append(model.local.scores(design))
                coef = model.contextual.coef[:width]
                partial_parts.append(np.asarray(design @ coef, dtype=np.float64))
                if role == "therapist":
                    for behaviour, sub in self.therapist.subtypes.items():
                        subtype_parts[behaviour].append(sub.proba(design))
                del design
            local[role] = np.vstack(local_parts)
            partial[role] = np.vstack(partial_parts)
        main: dict[str, NDArray[np.float64]] = {}
        for role in MAIN_CODE:
            model = self.role_model(role)
            context = context_matrix(roles, local, role) * model.context_scale
            scores = partial[role] + context @ model.contextual.coef[model.design_width :]
            main[role] = softmax(scores + model.contextual.intercept)
        subtypes = {b: np.vstack(parts) for b, parts in subtype_parts.items()}
        return RawPredictions(rows, main, subtypes)

    def code(self, turns: Sequence[Turn]) -> list[UtteranceCodes | None]:
        """Codes for every turn (``None`` for turns that are neither therapist nor client)."""
        raw = self.raw(turns)
        result: list[UtteranceCodes | None] = [None] * len(turns)
        for role, code in MAIN_CODE.items():
            model = self.role_model(role)
            probs = raw.main[role]
            if not len(probs):
                continue
            best, chosen = model.calibration[code].decide(probs)
            confidence = model.calibration[code].confidence(chosen)
            for j, i in enumerate(raw.rows[role]):
                label = model.contextual.classes[int(best[j])]
                codes = UtteranceCodes({code: label}, {code: round(float(confidence[j]), 4)})
                if role == "therapist" and label in raw.subtypes:
                    self._add_subtype(codes, label, raw.subtypes[label][j])
                result[i] = codes
        return result

    def _add_subtype(self, codes: UtteranceCodes, behaviour: str, probs: NDArray[Any]) -> None:
        key = SUBTYPE_CODES[behaviour]
        model = self.therapist.subtypes[behaviour]
        choice, chosen = self.therapist.calibration[key].decide(probs.reshape(1, -1))
        best = int(choice[0])
        calibrated = self.therapist.calibration[key].confidence(chosen)
        codes.labels[key] = model.classes[best]
        codes.confidence[key] = round(float(calibrated[0]), 4)


def shipped_model_dir() -> Path:
    """Folder of the model files shipped inside the package."""
    return Path(str(resources.files("alliancelens") / "models" / "microskills"))


def save_coder(coder: MicroskillCoder, folder: Path) -> None:
    """Write the model files (byte-reproducible) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    write_arrays(folder / "therapist.npz", coder.therapist.arrays())
    write_arrays(folder / "client.npz", coder.client.arrays())
    text = json.dumps(coder.manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")


def read_coder(folder: Path) -> MicroskillCoder:
    """Read model files written by :func:`save_coder`."""
    missing = [name for name in MODEL_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelFileError(
            f"micro-skill model file(s) {', '.join(missing)} missing in {folder}; reinstall "
            "AllianceLens or rebuild them with `alliancelens train microskills`"
        )
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{folder / 'manifest.json'} cannot be read: {exc}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(
            f"micro-skill models in {folder} have format {manifest.get('format_version')!r}, "
            f"this AllianceLens reads format {FORMAT_VERSION}; retrain or reinstall"
        )
    try:
        therapist = RoleModel.from_arrays(
            "therapist", read_arrays(folder / "therapist.npz", name="therapist.npz")
        )
        client = RoleModel.from_arrays(
            "client", read_arrays(folder / "client.npz", name="client.npz")
        )
    except KeyError as exc:
        raise ModelFileError(f"micro-skill model in {folder} lacks array {exc}") from exc
    return MicroskillCoder(therapist, client, manifest)


_MODELS = FolderCache(read_coder)


def load_coder(folder: Path | None = None) -> MicroskillCoder:
    """The coder from ``folder`` (default: the shipped files), loaded once per process."""
    return _MODELS.get((folder or shipped_model_dir()).resolve())


def model_digest(folder: Path | None = None) -> str:
    """SHA-256 over the micro-skill model files in ``folder`` (default: the shipped ones).

    See :func:`alliancelens.models._store.files_digest`.
    """
    base = folder or shipped_model_dir()
    return files_digest(
        [base / name for name in MODEL_FILES], rebuild="alliancelens train microskills"
    )
