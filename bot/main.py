"""The web service: FastAPI routes plus the socket.io channel in one ASGI app."""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from typing import Optional

import socketio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from bot.api.main import api_router
from bot.api.routes.console import LoginRequired
from bot.api.routes.pages import STATIC_DIR
from bot.api.socketio import create_socketio_server
from bot.conversations.chat import ChatService
from bot.core.config import Settings, get_settings
from bot.core.db import get_sessionmaker
from bot.core.pubsub import Hub
from bot.core.throttle import SlidingWindowLimit
from bot.handover.desk import HandoverDesk
from bot.handover.live import LiveHandover
from bot.kb_render import KnowledgeBaseRenderer
from bot.rasa_client import RasaClient
from kb.catalog import ResponseCatalog
from kb.repository import KnowledgeBaseReader

logger = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_api(settings: Settings) -> FastAPI:
    """The FastAPI application with its services attached to `app.state`."""
    rasa = RasaClient(
        rasa_url=settings.rasa_url,
        token=settings.RASA_TOKEN,
        action_server_url=settings.action_server_url,
        timeout=settings.RASA_TIMEOUT,
    )

    hub = Hub(settings.PUBSUB_URL)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await hub.connect()
        tasks = [
            asyncio.create_task(
                app.state.live.run_timeouts(timedelta(minutes=settings.HANDOVER_QUEUE_TIMEOUT_MINUTES))
            )
        ]
        sio = getattr(app.state, "sio", None)
        if sio is not None:
            from bot.api.socketio import relay_live_events

            tasks.append(asyncio.create_task(relay_live_events(sio, hub)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task
            await hub.disconnect()
            await rasa.aclose()

    app = FastAPI(title="Welcome Center assistant", lifespan=lifespan)
    app.state.settings = settings
    app.state.chat = ChatService(
        sessions=get_sessionmaker(settings.DATABASE_URL),
        rasa=rasa,
        catalog=ResponseCatalog.from_directory(),
        default_language=settings.DEFAULT_LANGUAGE,
        max_message_chars=settings.MAX_MESSAGE_CHARS,
    )
    app.state.sessions = get_sessionmaker(settings.DATABASE_URL)
    app.state.login_throttle = SlidingWindowLimit(events=5, window_seconds=600)
    app.state.kb = KnowledgeBaseReader(app.state.sessions)
    app.state.kb_renderer = KnowledgeBaseRenderer(
        app.state.kb, app.state.chat.catalog, center_id=settings.CENTER_ID
    )
    app.state.hub = hub
    app.state.live = LiveHandover(
        sessions=app.state.sessions,
        hub=hub,
        desk=HandoverDesk(
            sessions=app.state.sessions,
            kb=app.state.kb,
            renderer=app.state.kb_renderer,
            catalog=app.state.chat.catalog,
            queue_timeout_minutes=settings.HANDOVER_QUEUE_TIMEOUT_MINUTES,
        ),
    )
    app.state.chat.live = app.state.live
    if settings.CORS_ORIGINS:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.CORS_ORIGINS,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
        )

    # The console's login session: signed cookie, never readable by scripts or other sites.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.SECRET_KEY,
        session_cookie="wc_console",
        max_age=8 * 3600,
        same_site="strict",
        https_only=settings.ENV == "production",
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        # Name the fields, never echo the (possibly huge or binary) input back.
        problems = [
            {"field": ".".join(str(part) for part in item["loc"][1:]) or "body", "problem": item["msg"]}
            for item in error.errors()
        ]
        return JSONResponse({"detail": "invalid request", "errors": problems}, status_code=422)

    @app.exception_handler(LoginRequired)
    async def login_required(_request: Request, _error: LoginRequired) -> RedirectResponse:
        return RedirectResponse("/console/login", status_code=303)

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("Unhandled error", exc_info=error)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router)
    return app


def create_app(settings: Optional[Settings] = None) -> socketio.ASGIApp:
    """The ASGI app uvicorn serves: socket.io at /socket.io, everything else FastAPI."""
    settings = settings or get_settings()
    logging.basicConfig(level=settings.LOG_LEVEL)
    # httpx logs every URL, and Rasa's status API takes its token as a query parameter.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    api = create_api(settings)
    sio = create_socketio_server(chat=api.state.chat, cors_origins=settings.CORS_ORIGINS)
    api.state.sio = sio
    return socketio.ASGIApp(sio, other_asgi_app=api, socketio_path="socket.io")
