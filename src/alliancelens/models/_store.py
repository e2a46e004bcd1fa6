"""Safe, byte-reproducible model files: ``.npz`` archives of plain arrays plus a JSON manifest.

Writing: every array is serialised with :func:`numpy.lib.format.write_array` (no pickling) into
a ZIP whose entries carry a fixed timestamp and a fixed order, so the same arrays always give
the same bytes. Reading: :func:`numpy.load` with ``allow_pickle=False``, which refuses any
object array, so a tampered file can never run code. Strings (vocabularies, class names) are
stored as UTF-8 bytes (``uint8`` arrays) joined by newlines.
"""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from alliancelens.errors import ModelFileError

__all__ = [
    "ModelFileError",
    "decode_strings",
    "encode_strings",
    "files_digest",
    "read_arrays",
    "write_arrays",
]

_EPOCH = (1980, 1, 1, 0, 0, 0)


def encode_strings(values: Sequence[str]) -> NDArray[np.uint8]:
    """Newline-joined UTF-8 bytes of ``values`` (which must not contain newlines)."""
    if any("\n" in v for v in values):
        raise ValueError("strings stored in a model file must not contain newlines")
    return np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8).copy()


def decode_strings(array: NDArray[np.uint8]) -> tuple[str, ...]:
    """Inverse of :func:`encode_strings`."""
    text = array.tobytes().decode("utf-8")
    return tuple(text.split("\n")) if text else ()


def write_arrays(path: Path, arrays: Mapping[str, NDArray[np.generic]]) -> None:
    """Write ``arrays`` to ``path`` as a deterministic ``.npz`` (sorted names, fixed times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            array = np.ascontiguousarray(arrays[name])
            if array.dtype.hasobject:
                raise ValueError(f"array {name!r} holds Python objects; model files never do")
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=9)
    path.write_bytes(buffer.getvalue())


def read_arrays(
    path: Path | io.BytesIO, *, name: str, rebuild: str = "alliancelens train microskills"
) -> dict[str, NDArray[np.generic]]:
    """Every array in the ``.npz`` at ``path``; never unpickles anything.

    ``rebuild`` names the command that rebuilds this file, for the error when it is damaged.
    """
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelFileError(
            f"model file {name} cannot be read ({type(exc).__name__}); reinstall AllianceLens "
            f"or rebuild the model with `{rebuild}`"
        ) from exc


_DIGESTS: dict[tuple[tuple[Path, int, int], ...], str] = {}
_DIGEST_LOCK = threading.Lock()


def files_digest(paths: Sequence[Path], *, rebuild: str) -> str:
    """SHA-256 over model files (each file's name, size and bytes, in the given order).

    Any change to any file changes the digest, so provenance and batch ``--resume`` see a
    retrained model. Memoised per path, size and modification time. ``rebuild`` names the
    command that rebuilds the files, for the error when one is missing.
    """
    resolved = [Path(p).resolve() for p in paths]
    missing = [p.name for p in resolved if not p.is_file()]
    if missing:
        raise ModelFileError(
            f"model file(s) {', '.join(missing)} missing in {resolved[0].parent}; reinstall "
            f"AllianceLens or rebuild them with `{rebuild}`"
        )
    key = tuple((p, p.stat().st_size, p.stat().st_mtime_ns) for p in resolved)
    with _DIGEST_LOCK:
        cached = _DIGESTS.get(key)
    if cached is not None:
        return cached
    digest = hashlib.sha256()
    for path in resolved:
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    value = digest.hexdigest()
    with _DIGEST_LOCK:
        _DIGESTS[key] = value
    return value
