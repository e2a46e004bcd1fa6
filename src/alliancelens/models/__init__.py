"""Shipped models and the code that trains, evaluates and loads them.

Importing this package loads no model and imports neither scikit-learn nor scipy: the
micro-skill coder is read from ``models/microskills/`` on the first call to
:func:`load_coder` and cached for the process. Training and evaluation (scikit-learn) live in
:mod:`alliancelens.models.training` and :mod:`alliancelens.models.evaluation`.
"""

from alliancelens.models._features import Turn
from alliancelens.models._store import ModelFileError
from alliancelens.models.coder import MicroskillCoder, UtteranceCodes, load_coder, model_digest
from alliancelens.models.miti_rules import MitiFlags, miti_flags

__all__ = [
    "MicroskillCoder",
    "MitiFlags",
    "ModelFileError",
    "Turn",
    "UtteranceCodes",
    "load_coder",
    "miti_flags",
    "model_digest",
]
