"""A client fills in a form through a one-time link (``/f/{token}``); no sign-in.

Only what ``open_form_link`` returns is shown (an administrable measure's licensed wording).
A submission goes through ``redeem_form_link``, which checks, scores and stores it and uses the
link up in one transaction; a refused submission stores nothing and the form is shown again.
"""

from __future__ import annotations

import logging
import math

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from alliancelens import services
from alliancelens.errors import AuthenticationError, DefinitionError, MeasureError
from alliancelens.measures import MeasureDefinition
from alliancelens.measures.definition import Item
from alliancelens.measures.scoring import allowed_range, item_name
from alliancelens.storage import Database
from alliancelens.web._forms import FieldError, item_error
from alliancelens.web._measures_view import scale_choices
from alliancelens.web._render import page, request_crisis_text
from alliancelens.web._security import LoginThrottle, redact_path
from alliancelens.web.deps import Csrf, DatabaseDep

__all__ = ["router"]

router = APIRouter(tags=["forms"])
log = logging.getLogger("alliancelens.web")

_UNKNOWN = "This form link is not valid."
#: The flag kind a measure definition uses for a safety item (phq-9.toml: item 9 above 0).
SAFETY_FLAG = "safety_item"


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.link_throttle
    return throttle


def _refused(request: Request) -> Response | None:
    """A 429 page when this address tried too many unknown tokens lately, else None."""
    wait = _throttle(request).locked_for(_address(request))
    if wait <= 0:
        return None
    log.info(
        "form link refused on %s (429: too many unknown tokens)", redact_path(request.url.path)
    )
    title = f"Too many invalid form links. Try again in {math.ceil(wait / 60)} minute(s)."
    return page(request, "form_gone.html", {"title": title}, status_code=429)


def _link_problem(request: Request, exc: AuthenticationError) -> Response:
    """Unknown link: 404; used or expired: 410 Gone. Both say to ask for a new link."""
    unknown = "not valid" in exc.message
    status = 404 if unknown else 410
    if unknown:
        _throttle(request).failed(_address(request))
    log.info("form link refused on %s (%s)", redact_path(request.url.path), status)
    title = _UNKNOWN if unknown else exc.message.split(";")[0].capitalize() + "."
    return page(request, "form_gone.html", {"title": title}, status_code=status)


def item_field(item: Item) -> str:
    """The id of an item's group on the client's form (its error summary links there)."""
    return f"item-{item.id}"


def _form(
    request: Request,
    defn: MeasureDefinition,
    token: str,
    *,
    answers: dict[str, str] | None = None,
    errors: list[FieldError] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "defn": defn,
        "token": token,
        "crisis_text": request_crisis_text(request),
        "choices": scale_choices(defn),
        "allowed": allowed_range(defn),
        "answers": answers or {},
        "errors": errors or [],
    }
    return page(request, "form.html", context, status_code=status_code)


def _open_link(request: Request, token: str, database: Database) -> MeasureDefinition | Response:
    """The measure a valid link offers, or the page saying why it cannot be used (429/404/410)."""
    refused = _refused(request)
    if refused is not None:
        return refused
    try:
        return services.open_form_link(database, token)
    except AuthenticationError as exc:
        return _link_problem(request, exc)
    except DefinitionError as exc:
        return _definitions_problem(request, exc)


def _definitions_problem(request: Request, exc: DefinitionError) -> Response:
    """The clinic's definitions cannot be loaded (e.g. ALLIANCELENS_MEASURES_DIR is wrong): 503.

    The client sees a plain page with the urgent-help line, never the server's folder or the
    setting; the log names the error code and field for the administrator (no token, no PHI).
    """
    log.error(
        "form link on %s: measure definitions cannot be loaded (%s %s); check "
        "ALLIANCELENS_MEASURES_DIR and `alliancelens measures list`",
        redact_path(request.url.path),
        exc.code,
        exc.field or "definition file",
    )
    context = {
        "title": "This form cannot be opened just now.",
        "detail": "Nothing was recorded. Please tell your therapist; they can give you the "
        "form another way.",
        "crisis_text": request_crisis_text(request),
    }
    return page(request, "form_gone.html", context, status_code=503)


@router.get("/f/{token}")
def form_page(request: Request, token: str, database: DatabaseDep) -> Response:
    """The form a valid link offers, or a page saying the link cannot be used."""
    defn = _open_link(request, token, database)
    if isinstance(defn, Response):
        return defn
    return _form(request, defn, token)


@router.post("/f/{token}", dependencies=[Csrf])
async def submit_form(request: Request, token: str, database: DatabaseDep) -> Response:
    """Record the answers (once); missing or out-of-range answers show the form again."""
    form = await request.form()
    sent = {k: v for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_submit, request, token, database, sent)


def _submit(request: Request, token: str, database: Database, sent: dict[str, str]) -> Response:
    defn = _open_link(request, token, database)
    if isinstance(defn, Response):
        return defn
    answers = {item.id: sent.get(f"item_{item.id}", "").strip() for item in defn.items}
    if not all(answers.values()):
        allowed = allowed_range(defn)
        errors = [
            FieldError(f"Please answer {item_name(item)} ({allowed}).", item_field(item))
            for item in defn.items
            if not answers[item.id]
        ]
        return _form(request, defn, token, answers=answers, errors=errors, status_code=400)
    try:
        recorded = services.redeem_form_link(
            database, token, items=[answers[i.id] for i in defn.items]
        )
    except AuthenticationError as exc:
        return _link_problem(request, exc)
    except MeasureError as exc:
        errors = [item_error(defn, exc.message, prefix="item-")]
        return _form(request, defn, token, answers=answers, errors=errors, status_code=400)
    context = {
        "measure": defn.short,
        "crisis_text": request_crisis_text(request),
        # The definition's own safety rule fired (PHQ-9 item 9 above 0): urgent help comes first.
        "urgent_help": any(flag.kind == SAFETY_FLAG for flag in recorded.score.flags),
    }
    return page(request, "form_done.html", context)
