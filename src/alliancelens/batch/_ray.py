"""The Ray engine: the same tasks as the local engine, on a Ray cluster or a local Ray instance.

Install with ``pip install 'alliancelens[ray]'``. With an ``address`` it joins that cluster
(``ray.init(address=...)``; every node needs the same AllianceLens installed); without one it
starts a private local instance with ``workers`` CPUs, no dashboard, bound to 127.0.0.1, usage
statistics off. An instance that was already running in this process is used and left running.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from alliancelens.batch._worker import Task, TaskResult, lost, worker_main
from alliancelens.errors import UsageError

__all__ = ["RayEngine"]


def _import_ray() -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray  # noqa: PLC0415 - optional dependency, imported only for --engine ray
    except ImportError as exc:
        raise UsageError(
            "--engine ray needs Ray: pip install 'alliancelens[ray]' (or use --engine local)"
        ) from exc
    return ray


class RayEngine:
    """Tasks as Ray remote functions (one CPU each; retried once if a worker dies)."""

    def __init__(
        self, *, workers: int | None, address: str | None, temp_dir: str | None = None
    ) -> None:
        if workers is not None and workers < 1:
            raise UsageError(f"--workers must be at least 1 (got {workers})")
        ray = self._ray = _import_ray()
        self._owned = not ray.is_initialized()
        if self._owned:
            self._init(ray, workers, address, temp_dir)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.slots = max(1, workers or cpus)
        self.description = {
            "engine": "ray",
            "workers": self.slots,
            "cluster_cpus": cpus,
            "address": address or "local",
            "ray_version": str(ray.__version__),
        }
        self._remote = ray.remote(num_cpus=1, max_retries=1)(worker_main)
        self._refs: dict[Any, Task] = {}

    @staticmethod
    def _init(ray: Any, workers: int | None, address: str | None, temp_dir: str | None) -> None:
        options: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.ERROR,
            "configure_logging": False,
        }
        if address:
            options["address"] = address
        else:
            from alliancelens.batch._engines import default_workers  # noqa: PLC0415 - cycle

            options["num_cpus"] = workers or default_workers()
            options["_node_ip_address"] = "127.0.0.1"
            if temp_dir:
                options["_temp_dir"] = temp_dir
        try:
            ray.init(**options)
        except (ConnectionError, ValueError, RuntimeError, OSError) as exc:
            where = address or "a local instance"
            raise UsageError(
                f"cannot start Ray ({where}): {type(exc).__name__}; check --ray-address (a "
                "local instance needs a temporary folder whose path is under ~60 characters)"
            ) from exc

    def submit(self, task: Task) -> None:
        """Start ``task`` as a remote call."""
        self._refs[self._remote.remote(task)] = task

    def pending(self) -> int:
        """Tasks submitted and not yet returned."""
        return len(self._refs)

    def wait(self) -> list[TaskResult]:
        """Wait for at least one task; a task whose worker died twice becomes a failure."""
        ray = self._ray
        ready, _ = ray.wait(list(self._refs), num_returns=1)
        finished: list[TaskResult] = []
        for ref in ready:
            task = self._refs.pop(ref)
            try:
                finished.append(ray.get(ref))
            except ray.exceptions.RayError as exc:
                finished.append(lost(task, f"Ray: {type(exc).__name__}"))
        return finished

    def close(self, *, stop: bool = False) -> None:
        """Shut down the Ray instance if this engine started it (``stop``: cancel tasks first)."""
        if stop:
            for ref in self._refs:
                self._ray.cancel(ref, force=True)
        self._refs.clear()
        if self._owned:
            self._ray.shutdown()
