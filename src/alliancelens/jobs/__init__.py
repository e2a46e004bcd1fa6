"""Background jobs: durable job rows, safe execution and recovery, in-process or RQ backends."""

from alliancelens.jobs.backends import InProcessBackend, JobBackend, RQBackend, make_backend
from alliancelens.jobs.worker import (
    JobHandler,
    JobOutcome,
    RecoveredJob,
    Writer,
    recover,
    recovery_text,
    run_job,
    worker_name,
)

__all__ = [
    "InProcessBackend",
    "JobBackend",
    "JobHandler",
    "JobOutcome",
    "RQBackend",
    "RecoveredJob",
    "Writer",
    "make_backend",
    "recover",
    "recovery_text",
    "run_job",
    "worker_name",
]
