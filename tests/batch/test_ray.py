"""The Ray engine: same tables as the local engine; a clear error when Ray is missing."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from alliancelens.batch import run_batch
from alliancelens.batch._engines import make_engine
from alliancelens.errors import UsageError

TABLES = ("utterances", "sessions", "findings")


@pytest.fixture
def ray_temp(tmp_path: Path) -> Iterator[str]:
    """Ray's temporary folder under tmp_path, reached through a short symlink.

    Ray puts Unix sockets in it, and socket paths may not exceed 107 bytes, which pytest's
    tmp_path easily does; the symlink in /tmp keeps the path short.
    """
    real = tmp_path / "ray"
    real.mkdir()
    link = Path(tempfile.mkdtemp(prefix="alr-")) / "t"
    link.symlink_to(real)
    yield str(link)
    link.unlink()
    link.parent.rmdir()


@pytest.mark.slow
def test_the_ray_engine_gives_the_same_tables_as_the_local_engine(
    good_corpus: Path, tmp_path: Path, ray_temp: str
) -> None:
    """A local Ray instance (2 CPUs) and the process pool write identical tables and CSVs."""
    local = run_batch([good_corpus], tmp_path / "local", workers=2, sessions_per_task=2)
    ray = run_batch(
        [good_corpus],
        tmp_path / "ray-out",
        engine="ray",
        workers=2,
        sessions_per_task=2,
        ray_temp_dir=ray_temp,
    )
    assert ray.manifest["engine"]["engine"] == "ray"
    assert ray.manifest["totals"]["sessions"] == local.manifest["totals"]["sessions"] == 7
    for table in TABLES:
        ours = pq.read_table(local.directory / f"{table}.parquet")
        theirs = pq.read_table(ray.directory / f"{table}.parquet")
        assert ours.equals(theirs), table
        csv = f"{table}.csv"
        assert (local.directory / csv).read_bytes() == (ray.directory / csv).read_bytes()
    assert any(Path(ray_temp).iterdir())  # Ray really used the folder under tmp_path


def test_missing_ray_is_a_usage_error_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Ray installed, --engine ray says how to install it."""
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(UsageError, match=r"alliancelens\[ray\]"):
        make_engine("ray", workers=1)
