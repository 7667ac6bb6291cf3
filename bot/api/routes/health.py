"""Liveness and readiness of the web service and what it depends on."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from bot.api.deps import ChatDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, chat: ChatDep) -> JSONResponse:
    """200 when Rasa, the action server and the database all answer; 503 naming the ones that do not."""

    def ping(session) -> None:
        session.execute(text("SELECT 1"))

    try:
        await chat.db(ping)
        database = "ok"
    except Exception:  # any driver error means "not reachable" here
        database = "unreachable"
    checks = {
        "database": database,
        "rasa": await chat.rasa.rasa_status(),
        "action_server": await chat.rasa.action_server_status(),
    }
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status_code=200 if ready else 503,
    )
