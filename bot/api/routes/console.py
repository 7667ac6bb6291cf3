"""The counselor console: login, queue, case view, claim/resolve/return, callbacks."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import anyio
import anyio.from_thread
from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session
from sse_starlette.sse import EventSourceResponse
from typing_extensions import Annotated

from bot.conversations import service as conversations
from bot.core.pubsub import CONSOLE
from bot.handover import service
from bot.handover.hours import BERLIN
from bot.handover.live import message_event
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
    "callback_offered": "Rückruf angeboten",
}
REASON_DE = {
    "user_request": "Wunsch nach Beratung",
    "not_understood": "Nicht verstanden",
    "urgent": "DRINGEND",
}
# The console refreshes the counselor's presence this often while it is open.
PRESENCE_EVERY = 20.0


def berlin_time(value: datetime, pattern: str = "%d.%m. %H:%M") -> str:
    """Counselors read local time; the database stores UTC (SQLite without the zone)."""
    aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return aware.astimezone(BERLIN).strftime(pattern)


TEMPLATES.filters["berlin"] = berlin_time
TEMPLATES.globals["status_de"] = STATUS_DE
TEMPLATES.globals["reason_de"] = REASON_DE

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
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    if request.session.get("counselor_id"):
        service.go_offline(session=session, counselor_id=request.session["counselor_id"])
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
        case = action(session=session, case_id=case_id, counselor=counselor)
    except (service.NotFound, service.NotAllowed) as missing:
        raise _not_found() from missing
    except service.AlreadyClaimed:
        flash(request, f"Fall {case_id} wurde gerade von jemand anderem übernommen.")
        return back_to("/console")
    live = request.app.state.live
    # The user and the other consoles hear about it at once (this route runs in a worker thread).
    anyio.from_thread.run(live.after_claim if case.status == service.CLAIMED else live.after_close, case_id)
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


def _callback_action(
    action, callback_id: int, request: Request, session: Session, counselor: Counselor, done: str
):
    try:
        action(session=session, callback_id=callback_id, counselor=counselor)
    except (service.NotFound, service.NotAllowed) as missing:
        raise HTTPException(status_code=404, detail="Diesen Rückrufwunsch gibt es nicht.") from missing
    flash(request, done)
    return back_to("/console")


@router.post("/callbacks/{callback_id}/done", dependencies=[CsrfChecked])
def callback_done(callback_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor):
    done = "Rückrufwunsch als erledigt markiert."
    return _callback_action(service.mark_callback_done, callback_id, request, session, counselor, done)


@router.post("/callbacks/{callback_id}/delete", dependencies=[CsrfChecked])
def callback_delete(callback_id: int, request: Request, session: SessionDep, counselor: CurrentCounselor):
    done = "Rückrufwunsch und die Daten der Person gelöscht."
    return _callback_action(service.delete_callback, callback_id, request, session, counselor, done)


# --- live: notes, replies, and the event stream ----------------------------------------------


@router.post("/cases/{case_id}/notes", dependencies=[CsrfChecked])
def add_note(
    case_id: int,
    request: Request,
    session: SessionDep,
    counselor: CurrentCounselor,
    text: str = Form("", max_length=service.MAX_NOTE_CHARS),
):
    try:
        service.add_note(session=session, case_id=case_id, counselor=counselor, text=text)
    except (service.NotFound, service.NotAllowed) as missing:
        raise _not_found() from missing
    except ValueError:
        flash(request, "Die Notiz ist leer.")
    return back_to(f"/console/cases/{case_id}#notes")


@router.post("/cases/{case_id}/messages", dependencies=[CsrfChecked])
def reply(
    case_id: int,
    request: Request,
    session: SessionDep,
    counselor: CurrentCounselor,
    text: str = Form("", max_length=4000),
) -> JSONResponse:
    """The counselor's chat message to the user (sent by the case view's script)."""
    text = text.strip()
    if not text:
        return JSONResponse({"detail": "Die Nachricht ist leer."}, status_code=422)
    if len(text) > request.app.state.settings.MAX_MESSAGE_CHARS:
        return JSONResponse({"detail": "Die Nachricht ist zu lang."}, status_code=422)
    try:
        message = service.post_message(session=session, case_id=case_id, counselor=counselor, text=text)
    except service.NotFound as missing:
        raise _not_found() from missing
    except service.NotAllowed as not_yours:
        case_exists = session.get(service.HandoverCase, case_id)
        if case_exists is None or case_exists.center_id not in service.center_ids(counselor):
            raise _not_found() from not_yours
        return JSONResponse({"detail": "Nur wer den Fall übernommen hat, kann schreiben."}, status_code=409)
    anyio.from_thread.run(request.app.state.live.counselor_wrote, case_id, message.id)
    return JSONResponse({"message": message_event(message, counselor.first_name)}, status_code=201)


@router.get("/cases/{case_id}/messages.json")
def case_messages(
    case_id: int, session: SessionDep, counselor: CurrentCounselor, after: int = Query(0, ge=0)
) -> JSONResponse:
    """Messages newer than `after`: the case view catches up after a reconnect."""
    try:
        messages = service.messages_after(
            session=session, case_id=case_id, counselor=counselor, after_id=after
        )
    except (service.NotFound, service.NotAllowed) as missing:
        raise _not_found() from missing
    names = {}
    if any(m.counselor_id for m in messages):
        names = {c.id: c.first_name for c in session.query(Counselor)}
    return JSONResponse({"messages": [message_event(m, names.get(m.counselor_id)) for m in messages]})


@router.get("/queue.json")
def queue_json(session: SessionDep, counselor: CurrentCounselor) -> JSONResponse:
    """The live queue (the console re-renders its list from this)."""
    cases = [
        {
            "id": case.id,
            "status": case.status,
            "status_de": STATUS_DE.get(case.status, case.status),
            "reason": case.reason,
            "reason_de": REASON_DE.get(case.reason, case.reason),
            "center": case.center_id,
            "language": case.language,
            "place": case.place,
            "since": berlin_time(case.created_at),
            "mine": case.claimed_by == counselor.id,
        }
        for case in service.cases_for(session=session, counselor=counselor)
        if case.status in (service.QUEUED, service.CLAIMED)
    ]
    callbacks = len(service.callbacks_for(session=session, counselor=counselor))
    return JSONResponse({"cases": cases, "callbacks": callbacks})


@router.get("/events")
async def console_events(request: Request, counselor: CurrentCounselor) -> EventSourceResponse:
    """Live queue and case events of the counselor's centers; keeps the counselor 'online'."""
    centers = service.center_ids(counselor)
    counselor_id = counselor.id
    hub = request.app.state.hub
    sessions = request.app.state.sessions

    def touch() -> None:
        with sessions() as session:
            service.touch_presence(session=session, counselor_id=counselor_id)

    async def stream():
        async with hub.subscribe(CONSOLE) as events:
            await anyio.to_thread.run_sync(touch)
            yield {"event": "ready", "data": "{}"}
            iterator = events.__aiter__()
            while True:
                with anyio.move_on_after(PRESENCE_EVERY) as idle:
                    event = await iterator.__anext__()
                if idle.cancelled_caught:
                    await anyio.to_thread.run_sync(touch)
                    continue
                if event.get("center") in centers:
                    yield {"event": event.get("type", "queue"), "data": json.dumps(event, ensure_ascii=False)}

    return EventSourceResponse(stream(), ping=15, headers={"Cache-Control": "no-store"})
