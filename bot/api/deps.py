"""Dependencies shared by the routes."""

from __future__ import annotations

from typing import Optional

from fastapi import Depends, Request
from typing_extensions import Annotated

from bot.conversations.chat import ChatService
from bot.core.config import Settings
from kb.languages import SUPPORTED_LANGUAGES


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_chat(request: Request) -> ChatService:
    return request.app.state.chat


SettingsDep = Annotated[Settings, Depends(get_settings)]
ChatDep = Annotated[ChatService, Depends(get_chat)]


def preferred_language(accept_language: Optional[str]) -> Optional[str]:
    """The supported language the browser prefers most, from an Accept-Language header."""
    if not accept_language:
        return None
    ranked = []
    for position, item in enumerate(accept_language.split(",")[:20]):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        code = tag.split("-")[0].strip().lower()
        if code in SUPPORTED_LANGUAGES and quality > 0:
            ranked.append((-quality, position, code))
    return min(ranked)[2] if ranked else None
