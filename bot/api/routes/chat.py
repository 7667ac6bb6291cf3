"""Rasa's REST channel protocol, served publicly by the web service."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Header, HTTPException
from pydantic import BaseModel, Field, validator

from bot.api.deps import ChatDep, preferred_language
from bot.conversations.service import InvalidMessage, TooManyMessages, is_valid_sender_id

router = APIRouter(tags=["chat"])

CHANNEL = "rest"


class RestMessageIn(BaseModel):
    """The body Rasa's REST channel accepts."""

    sender: str = Field(..., description="The client's conversation id")
    message: str
    metadata: Optional[Dict[str, Any]] = None

    @validator("sender")
    def _safe_sender(cls, value: str) -> str:
        if not is_valid_sender_id(value):
            raise ValueError("sender must be 1-128 characters of letters, digits and ._:@-")
        return value


@router.post("/webhooks/rest/webhook")
async def rest_webhook(
    body: RestMessageIn,
    chat: ChatDep,
    accept_language: Optional[str] = Header(default=None),
) -> List[Dict[str, Any]]:
    """Takes a user message and returns the bot's messages, like Rasa's REST channel."""
    try:
        replies = await chat.handle_user_message(
            sender_id=body.sender,
            text=body.message,
            channel=CHANNEL,
            metadata=body.metadata,
            language_hint=preferred_language(accept_language),
        )
    except InvalidMessage as invalid:
        language = chat.pick_language(
            (body.metadata or {}).get("language"), preferred_language(accept_language)
        )
        notice = chat.invalid_notice(invalid, language)
        status = 429 if isinstance(invalid, TooManyMessages) else 422
        raise HTTPException(status_code=status, detail=notice["text"]) from invalid
    return [{"recipient_id": body.sender, **reply} for reply in replies]
