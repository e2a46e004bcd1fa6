"""Model files: byte-reproducible writes, and reads that never unpickle."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest

from alliancelens.models._store import (
    ModelFileError,
    decode_strings,
    encode_strings,
    read_arrays,
    write_arrays,
)


def test_same_arrays_give_identical_bytes(tmp_path: Path) -> None:
    """Writing the same arrays twice yields byte-identical files (fixed order and timestamps)."""
    arrays = {"b": np.arange(5, dtype=np.float32), "a": encode_strings(["x", "y"])}
    write_arrays(tmp_path / "one.npz", arrays)
    write_arrays(tmp_path / "two.npz", dict(reversed(arrays.items())))
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()


def test_round_trip(tmp_path: Path) -> None:
    """Arrays read back equal the arrays written."""
    write_arrays(tmp_path / "m.npz", {"w": np.eye(3, dtype=np.float32)})
    assert np.array_equal(read_arrays(tmp_path / "m.npz", name="m.npz")["w"], np.eye(3))


@pytest.mark.parametrize("values", [(), ("one",), ("a b", "ünïcode", "")])
def test_strings_round_trip(values: tuple[str, ...]) -> None:
    """Strings stored as UTF-8 bytes decode to the same tuple."""
    assert decode_strings(encode_strings(values)) == values


def test_writing_object_arrays_is_refused(tmp_path: Path) -> None:
    """Object arrays (which would need pickle) are never written."""
    with pytest.raises(ValueError, match="Python objects"):
        write_arrays(tmp_path / "m.npz", {"o": np.array([object()], dtype=object)})


def test_pickled_member_is_refused_on_read(tmp_path: Path) -> None:
    """A file smuggling a pickled object array raises ModelFileError instead of unpickling."""
    member = io.BytesIO()
    np.lib.format.write_array(member, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    path = tmp_path / "evil.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("o.npy", member.getvalue())
    with pytest.raises(ModelFileError, match=r"evil\.npz"):
        read_arrays(path, name="evil.npz")


def test_corrupt_file_is_a_model_file_error(tmp_path: Path) -> None:
    """Garbage bytes give ModelFileError with advice to reinstall or retrain."""
    path = tmp_path / "bad.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(ModelFileError, match="train microskills"):
        read_arrays(path, name="bad.npz")
