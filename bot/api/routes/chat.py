"""Rasa's REST channel protocol, served publicly by the web service."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

import anyio
from fastapi import APIRouter, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field, validator
from sse_starlette.sse import EventSourceResponse

from bot.api.deps import ChatDep, preferred_language
from bot.conversations import service as conversations
from bot.conversations.service import InvalidMessage, TooManyMessages, is_valid_sender_id
from bot.core.pubsub import CHAT
from bot.handover.models import Counselor

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


def _known_sender(sender: str) -> str:
    if not is_valid_sender_id(sender):
        raise HTTPException(status_code=404, detail="unknown conversation")
    return sender


@router.get("/api/chat/{sender}/messages")
async def chat_history(
    sender: str, request: Request, after: int = Query(0, ge=0), limit: int = Query(200, ge=1, le=500)
) -> Dict[str, Any]:
    """The conversation so far (for a reloaded page or a reconnecting widget).

    The sender id is the conversation's secret: a random id only the user's browser knows.
    Counselors appear by first name only.
    """
    _known_sender(sender)

    def load() -> Dict[str, Any]:
        with request.app.state.sessions() as session:
            conversation = conversations.get_conversation(session=session, sender_id=sender)
            if conversation is None:
                return {"owner": "bot", "messages": []}
            rows = conversations.messages_of(session=session, conversation_id=conversation.id)
            rows = [m for m in rows if m.id > after][-limit:]
            names = {
                c.id: c.first_name
                for c in session.query(Counselor).filter(
                    Counselor.id.in_({m.counselor_id for m in rows if m.counselor_id})
                )
            }
            return {
                "owner": conversation.owner,
                "messages": [
                    {
                        "id": m.id,
                        "author": m.author,
                        "name": names.get(m.counselor_id),
                        "text": m.text or "",
                        "buttons": (m.payload or {}).get("buttons") or [],
                    }
                    for m in rows
                    if m.text or (m.payload or {}).get("buttons")
                ],
            }

    return await anyio.to_thread.run_sync(load)


@router.get("/api/chat/{sender}/events")
async def chat_events(sender: str, request: Request) -> EventSourceResponse:
    """Server-sent events for one conversation: counselor messages, queue updates, notices."""
    _known_sender(sender)
    hub = request.app.state.hub

    async def stream():
        async with hub.subscribe(CHAT) as events:
            yield {"event": "ready", "data": "{}"}
            async for event in events:
                if event.get("sender") == sender:
                    yield {
                        "event": event.get("type", "message"),
                        "data": json.dumps(event, ensure_ascii=False),
                    }

    return EventSourceResponse(stream(), ping=15, headers={"Cache-Control": "no-store"})
