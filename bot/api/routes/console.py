"""The counselor console: login, queue, case view, claim/resolve/return, callbacks."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from typing_extensions import Annotated

from bot.conversations import service as conversations
from bot.handover import service
from bot.handover.hours import BERLIN
from bot.handover.models import Counselor

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[2] / "templates"),
    autoescape=select_autoescape(["html"]),
)
STATUS_DE = {
    "queued": "wartet",
    "claimed": "in Bearbeitung",
    "resolved": "abgeschlossen",
    "returned": "beim Assistenten",
}


def berlin_time(value: datetime, pattern: str = "%d.%m. %H:%M") -> str:
    """Counselors read local time; the database stores UTC (SQLite without the zone)."""
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(BERLIN).strftime(pattern)


TEMPLATES.filters["berlin"] = berlin_time
TEMPLATES.globals["status_de"] = STATUS_DE

router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)


class LoginRequired(Exception):
    """No counselor is logged in on this session."""


def db_session(request: Request):
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(db_session)]


def current_counselor(request: Request, session: SessionDep) -> Counselor:
    counselor_id = request.session.get("counselor_id")
    counselor = session.get(Counselor, counselor_id) if counselor_id else None
    if counselor is None:
        raise LoginRequired()
    return counselor


CurrentCounselor = Annotated[Counselor, Depends(current_counselor)]


def csrf_token(request: Request) -> str:
    """The session's form token (created on first use)."""
    if "csrf" not in request.session:
        request.session["csrf"] = secrets.token_urlsafe(32)
    return request.session["csrf"]


def verify_csrf(request: Request, csrf_token_field: str = Form("", alias="csrf_token")) -> None:
    expected = request.session.get("csrf", "")
    if not expected or not secrets.compare_digest(expected, csrf_token_field):
        raise HTTPException(
            status_code=403, detail="The form has expired. Please reload the page and try again."
        )


CsrfChecked = Depends(verify_csrf)


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    flashes = request.session.pop("flashes", [])
    html = TEMPLATES.get_template(template).render(csrf_token=csrf_token(request), flashes=flashes, **context)
    return HTMLResponse(html, status_code=status_code)


def flash(request: Request, message: str) -> None:
    request.session["flashes"] = [*request.session.get("flashes", []), message]


def back_to(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return render(request, "console/login.html", counselor=None)


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    session: SessionDep,
    username: str = Form(..., max_length=64),
    password: str = Form(..., max_length=256),
):
    throttle = request.app.state.login_throttle
    key = f"{request.client.host if request.client else '?'}|{username.casefold()}"
    wait = throttle.retry_after(key)
    if wait:
        minutes = int(wait // 60) + 1
        error = f"Zu viele Fehlversuche. Bitte in {minutes} Minute(n) erneut versuchen."
        return render(
            request, "console/login.html", counselor=None, error=error, username=username, status_code=429
        )
    counselor = service.authenticate(session=session, username=username, password=password)
    if counselor is None:
        throttle.record(key)
        error = "Benutzername oder Passwort ist falsch."
        return render(
            request, "console/login.html", counselor=None, error=error, username=username, status_code=401
        )
    throttle.reset(key)
    request.session.clear()  # a fresh session (and token) after login
    request.session["counselor_id"] = counselor.id
    request.session["csrf"] = secrets.token_urlsafe(32)
    service.audit(
        session=session, counselor=counselor, action="login", object_type="counselor", object_id=counselor.id
    )
    session.commit()
    return back_to("/console")


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request) -> RedirectResponse:
    request.session.clear()
    return back_to("/console/login")


@router.get("")
def queue(request: Request, session: SessionDep, counselor: CurrentCounselor) -> HTMLResponse:
    waiting = [
        case
        for case in service.cases_for(session=session, counselor=counselor)
        if case.status in ("queued", "claimed")
    ]
    callbacks = service.callbacks_for(session=session, counselor=counselor)
    return render(request, "console/queue.html", counselor=counselor, waiting=waiting, callbacks=callbacks)


def _not_found() -> HTTPException:
    # A case of another center looks exactly like one that does not exist.
    return HTTPException(status_code=404, detail="Diesen Fall gibt es nicht (oder nicht für Ihr Center).")


@router.get("/cases/{case_id}")
def case_view(
    case_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor
) -> HTMLResponse:
    try:
        case = service.get_case(session=session, case_id=case_id, counselor=counselor)
    except (service.NotFound, service.NotAllowed) as missing:
        raise _not_found() from missing
    transcript = conversations.messages_of(session=session, conversation_id=case.conversation_id)
    return render(request, "console/case.html", counselor=counselor, case=case, transcript=transcript)


def _case_action(action, case_id: int, request: Request, session: Session, counselor: Counselor, done: str):
    try:
        action(session=session, case_id=case_id, counselor=counselor)
    except (service.NotFound, service.NotAllowed) as missing:
        raise _not_found() from missing
    except service.AlreadyClaimed:
        flash(request, f"Fall {case_id} wurde gerade von jemand anderem übernommen.")
        return back_to("/console")
    flash(request, done)
    return back_to(f"/console/cases/{case_id}")


@router.post("/cases/{case_id}/claim", dependencies=[CsrfChecked])
def claim(case_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor):
    return _case_action(service.claim, case_id, request, session, counselor, "Sie haben den Fall übernommen.")


@router.post("/cases/{case_id}/resolve", dependencies=[CsrfChecked])
def resolve(case_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor):
    return _case_action(service.resolve, case_id, request, session, counselor, "Fall abgeschlossen.")


@router.post("/cases/{case_id}/return", dependencies=[CsrfChecked])
def return_to_bot(case_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor):
    done = "Das Gespräch ist zurück beim Assistenten."
    return _case_action(service.return_to_bot, case_id, request, session, counselor, done)


@router.post("/callbacks/{callback_id}/done", dependencies=[CsrfChecked])
def callback_done(callback_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor):
    try:
        service.mark_callback_done(session=session, callback_id=callback_id, counselor=counselor)
    except (service.NotFound, service.NotAllowed) as missing:
        raise HTTPException(status_code=404, detail="Diesen Rückrufwunsch gibt es nicht.") from missing
    flash(request, "Rückrufwunsch als erledigt markiert.")
    return back_to("/console")
