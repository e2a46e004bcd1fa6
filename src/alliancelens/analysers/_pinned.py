"""Model digests in analyser parameters: provenance and batch resume see a retrained model.

An analyser backed by a shipped model reports ``model_digest`` (SHA-256 of its files) in
:meth:`~alliancelens.analysers.base.Analyser.get_params`, so every finding's provenance, the
stored analysis and the batch run fingerprint change when the model does. Given explicitly (as
batch workers do when they rebuild the pipeline from the run's parameters), the digest pins the
model: files with another digest fail the analyser with a one-line reason (*not analysed*)
instead of mixing two models in one run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from alliancelens.models import ModelFileError

__all__ = ["check_digest", "params_with_digest"]


def params_with_digest(
    params: Mapping[str, Any], digest: Callable[[], str], *, uses_model: bool = True
) -> Mapping[str, Any]:
    """``params`` with ``model_digest`` filled in from the installed files when not given.

    ``None`` when the analyser does not use its model or the files cannot be read (the analysis
    then fails with the reason).
    """
    out = dict(params)
    if out.get("model_digest") is None and uses_model:
        try:
            out["model_digest"] = digest()
        except ModelFileError:
            out["model_digest"] = None
    return MappingProxyType(out)


def check_digest(expected: str | None, digest: Callable[[], str], what: str) -> None:
    """Raise :class:`ModelFileError` when ``expected`` is given and the files differ."""
    if expected is None:
        return
    actual = digest()
    if actual != expected:
        raise ModelFileError(
            f"{what} model files have digest {actual[:12]}…, this run expects "
            f"{expected[:12]}…; install the same model everywhere or start a new run"
        )
