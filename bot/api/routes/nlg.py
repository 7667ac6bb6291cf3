"""Rasa's NLG endpoint: renders every bot response from the per-language catalog."""

from __future__ import annotations

import logging
import secrets
from typing import Any, Dict, Optional

import anyio
from fastapi import APIRouter, Header, HTTPException, Request
from pydantic import BaseModel

from bot.api.deps import ChatDep, SettingsDep
from bot.conversations import service

logger = logging.getLogger(__name__)

router = APIRouter(tags=["nlg"])


class NlgRequest(BaseModel):
    """What Rasa POSTs to an NLG server."""

    response: str
    arguments: Dict[str, Any] = {}
    tracker: Dict[str, Any] = {}
    channel: Dict[str, Any] = {}


def conversation_language(tracker: Dict[str, Any]) -> Optional[str]:
    """The language Rasa settled on, else what the latest message looked like."""
    slot = (tracker.get("slots") or {}).get("language")
    if slot:
        return slot
    latest = tracker.get("latest_message") or {}
    return ((latest.get("metadata") or {}).get("language")) or ((latest.get("language") or {}).get("code"))


@router.post("/nlg")
async def nlg(
    request: Request,
    body: NlgRequest,
    chat: ChatDep,
    settings: SettingsDep,
    authorization: str = Header(default=""),
) -> Dict[str, Any]:
    """Called by Rasa for each response; answers in the conversation's language."""
    if not secrets.compare_digest(authorization.encode(), f"Bearer {settings.RASA_TOKEN}".encode()):
        raise HTTPException(status_code=401, detail="invalid token")
    language = chat.pick_language(conversation_language(body.tracker))
    slots = body.tracker.get("slots") or {}
    renderer = request.app.state.kb_renderer
    if renderer.handles(body.response):
        # Answers and referrals come from the knowledge base in the database.
        rendered = await anyio.to_thread.run_sync(
            renderer.render, body.response, language, body.arguments, slots
        )
    else:
        rendered = chat.catalog.render(body.response, language, {**slots, **body.arguments})
    if rendered is None:
        logger.error("Response %s is missing from the catalog", body.response)
        rendered = chat.system_reply("utter_please_rephrase", language)
    sender_id = body.tracker.get("sender_id")
    if isinstance(sender_id, str) and (body.tracker.get("slots") or {}).get("language"):
        await chat.db(service.set_language, sender_id=sender_id, language=language)
    return {
        "text": rendered.get("text"),
        "buttons": rendered.get("buttons", []),
        "image": rendered.get("image"),
        "elements": rendered.get("elements", []),
        "attachments": rendered.get("attachments", []),
        "custom": rendered.get("custom", {}),
    }
