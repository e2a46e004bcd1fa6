"""The secure local web dashboard: ``create_app(settings)`` (FastAPI, server-rendered, no JS).

Run it with ``alliancelens web`` (docs/web.md). Needs the ``web`` extra.
"""

from alliancelens.web.app import create_app
from alliancelens.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
