"""Render a page: the Jinja2 environment (autoescaping on) and the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from alliancelens.config import DEFAULT_CRISIS_TEXT
from alliancelens.security.policy import Actor
from alliancelens.web._forms import field_errors, invalid_fields
from alliancelens.web._security import CSRF_FIELD, csrf_token
from alliancelens.web._text import install_filters

__all__ = ["TEMPLATES", "page", "request_crisis_text"]

#: Autoescaping is on for every template, whatever its name (not only ``*.html``).
TEMPLATES = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
)
install_filters(TEMPLATES.env)
TEMPLATES.env.globals.update(field_errors=field_errors, invalid_fields=invalid_fields)


def request_crisis_text(request: Request) -> str:
    """The clinic's urgent-help line (``ALLIANCELENS_CRISIS_TEXT``) for client-facing pages."""
    database = getattr(request.app.state, "database", None)
    settings = getattr(database, "settings", None)
    return str(getattr(settings, "crisis_text", None) or DEFAULT_CRISIS_TEXT)


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    actor: Actor | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """``template`` rendered with ``context`` plus the CSRF token and the signed-in user.

    Every page also gets ``idle_minutes`` (when an idle sign-in ends) and ``page_error``: true
    for a refusal (status 400 and above), so the ``<title>`` starts with "Error:" (QA40 #14).
    """
    web = getattr(request.app.state, "web_settings", None)
    full = {
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request.session),
        "actor": actor,
        "username": request.session.get("user") if actor is not None else None,
        "idle_minutes": getattr(web, "idle_minutes", None),
        "page_error": status_code >= 400,
        **(context or {}),
    }
    return TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)
