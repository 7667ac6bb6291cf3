"""The pages a person opens in a browser."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"

router = APIRouter(tags=["pages"], include_in_schema=False)


@router.get("/")
async def index() -> RedirectResponse:
    return RedirectResponse("/chat")


@router.get("/chat")
async def chat_page() -> FileResponse:
    """The minimal chat page."""
    return FileResponse(STATIC_DIR / "chat.html", media_type="text/html")
