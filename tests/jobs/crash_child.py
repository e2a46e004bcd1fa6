"""Child process for the crash tests: does an import or runs jobs, and hangs mid-write.

Usage: python crash_child.py MODE MARKER [FILE CLIENT_ID]
MODE ``import``: import FILE for CLIENT_ID, hanging inside the import transaction after the
session and half its utterances are written (flushed, not committed).
MODE ``work``: run queued jobs (in-process, or RQ when ALLIANCELENS_REDIS_URL is set), hanging
inside the final transaction after the analysis rows are written.
Either way the process writes its pid to MARKER when it hangs, so the test can SIGKILL it.
The store comes from ALLIANCELENS_HOME / ALLIANCELENS_DATABASE_URL.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from alliancelens import services
from alliancelens.config import load_settings
from alliancelens.storage import open_database, transcripts

MARKER = Path(sys.argv[2])


def _hang() -> None:
    MARKER.write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(120)  # killed long before this ends


def _patch_import() -> None:
    original = transcripts.add_session

    def add_session(db: Any, **kwargs: Any) -> int:
        session_id = original(db, **kwargs)
        _hang()
        return session_id

    transcripts.add_session = add_session  # type: ignore[assignment]


def _patch_analysis() -> None:
    original = transcripts.save_analysis

    def save_analysis(db: Any, **kwargs: Any) -> int:
        analysis_id = original(db, **kwargs)
        db.flush()
        _hang()
        return analysis_id

    transcripts.save_analysis = save_analysis  # type: ignore[assignment]


def main() -> None:
    """Run the requested mode."""
    database = open_database(load_settings())
    actor = services.local_admin()
    if sys.argv[1] == "import":
        _patch_import()
        services.import_transcript(  # the test imports the same file again on purpose
            database, actor, client_id=int(sys.argv[4]), path=sys.argv[3], allow_duplicate=True
        )
    else:
        _patch_analysis()
        services.work(database, actor)


if __name__ == "__main__":
    main()
