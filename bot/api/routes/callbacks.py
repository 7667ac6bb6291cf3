"""Callback requests from the chat: stored only with the user's consent."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import anyio
from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field, validator

from bot.api.deps import ChatDep
from bot.conversations import service as conversations
from bot.conversations.service import is_valid_sender_id
from bot.handover import service
from bot.handover.models import Center
from kb.languages import SUPPORTED_LANGUAGES

router = APIRouter(prefix="/api", tags=["callbacks"])


class CallbackIn(BaseModel):
    """What the widget's callback form sends."""

    sender: str
    consent: bool
    name: str = Field(..., max_length=120)
    contact: str = Field(..., max_length=200)
    description: str = Field("", max_length=2000)
    language: str = "de"
    center: Optional[str] = Field(None, max_length=64)

    @validator("sender")
    def _sender(cls, value: str) -> str:
        if not is_valid_sender_id(value):
            raise ValueError("unknown conversation")
        return value

    @validator("language")
    def _language(cls, value: str) -> str:
        return value if value in SUPPORTED_LANGUAGES else "de"


@router.post("/callbacks", status_code=201)
async def request_callback(body: CallbackIn, request: Request, chat: ChatDep) -> Dict[str, Any]:
    """Stores a callback request after consent, and says when to expect contact."""
    live = chat.live
    desk = live.desk
    if not body.consent:
        # Nothing is stored: not the name, not the contact, not the description.
        raise HTTPException(422, chat.system_reply("callback_needs_consent", body.language)["text"])

    def store() -> Tuple[Dict[str, Any], str]:
        with request.app.state.sessions() as session:
            conversation = conversations.get_conversation(session=session, sender_id=body.sender)
            if conversation is None:
                raise HTTPException(404, "unknown conversation")
            center = session.get(Center, body.center) if body.center else None
            center = center or desk.center_for(None)
            if center is None:
                raise HTTPException(503, "no center is configured")
            try:
                service.request_callback(
                    session=session,
                    conversation_id=conversation.id,
                    center_id=center.id,
                    consent_given=True,
                    consent_text=chat.system_reply("callback_consent", body.language)["text"],
                    name=body.name,
                    contact=body.contact,
                    preferred_language=body.language,
                    description=body.description,
                )
            except ValueError as error:
                raise HTTPException(422, str(error)) from error
            opening = desk.next_opening_text(center, body.language) or desk.format_opening(
                desk.now(), body.language
            )
            reply = chat.system_reply(
                "callback_thanks",
                body.language,
                name=body.name.strip(),
                center=center.name,
                next_opening=opening,
            )
            return reply, center.id

    reply, center_id = await anyio.to_thread.run_sync(store)
    await live.to_console(center_id, "callbacks")
    return reply
