"""Render a page: the Jinja2 environment (autoescaping on) and the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from alliancelens.security.policy import Actor
from alliancelens.web._security import CSRF_FIELD, csrf_token
from alliancelens.web._text import install_filters

__all__ = ["TEMPLATES", "page"]

#: Autoescaping is on for every template, whatever its name (not only ``*.html``).
TEMPLATES = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
)
install_filters(TEMPLATES.env)


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    actor: Actor | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """``template`` rendered with ``context`` plus the CSRF token and the signed-in user."""
    full = {
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request.session),
        "actor": actor,
        "username": request.session.get("user") if actor is not None else None,
        **(context or {}),
    }
    return TEMPLATES.TemplateResponse(request, template, full, status_code=status_code)
