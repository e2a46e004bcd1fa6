"""Times into a recording as people read them, the same on the terminal, the web and in notes.

One function so that the CLI's rupture table and the dashboard's transcript never disagree
(QA42 #9, #10): ``0:22``, ``59:59``, then ``1:00:00`` and ``1:13:05``.
"""

from __future__ import annotations

__all__ = ["clock"]


def clock(seconds: float | None) -> str:
    """A time into the recording as ``m:ss``, or ``h:mm:ss`` from the first hour.

    ``""`` when unknown. Never minutes of 60 or more ("73:05" is 1:13:05): a clinician finds
    the moment in the audio by the player's clock.
    """
    if seconds is None or seconds < 0:
        return ""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
