"""Rasa's socket.io channel protocol (session_request / user_uttered / bot_uttered).

Implemented here rather than by Rasa because Rasa 3.6's own channel does not deliver
replies with python-socketio 5.18 (see DESIGN.md), and because the web service must
store every message before Rasa sees it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Dict, List, Optional

import socketio

from bot.api.deps import preferred_language
from bot.conversations.chat import ChatService
from bot.conversations.service import InvalidMessage, is_valid_sender_id

logger = logging.getLogger(__name__)

CHANNEL = "socketio"


def to_socketio(message: Dict[str, Any]) -> Dict[str, Any]:
    """Converts one Rasa REST-format bot message into what Rasa's socket.io clients expect."""
    if message.get("custom") is not None:
        return message["custom"] if isinstance(message["custom"], dict) else {"custom": message["custom"]}
    if message.get("attachment") is not None:
        return {"attachment": message["attachment"]}
    if message.get("image"):
        return {"attachment": {"type": "image", "payload": {"src": message["image"]}}}
    if message.get("buttons"):
        return {
            "text": message.get("text") or "",
            "quick_replies": [
                {"content_type": "text", "title": button.get("title"), "payload": button.get("payload")}
                for button in message["buttons"]
            ],
        }
    return {"text": message.get("text") or ""}


def create_socketio_server(*, chat: ChatService, cors_origins: List[str]) -> socketio.AsyncServer:
    """A socket.io server whose events follow Rasa's SocketIOInput channel."""
    sio = socketio.AsyncServer(
        async_mode="asgi",
        cors_allowed_origins=cors_origins or [],
        max_http_buffer_size=64 * 1024,
        logger=False,
        engineio_logger=False,
    )

    @sio.event
    async def connect(sid: str, environ: Dict[str, Any], auth: Optional[Dict[str, Any]] = None) -> None:
        await sio.save_session(
            sid, {"language_hint": preferred_language(environ.get("HTTP_ACCEPT_LANGUAGE"))}
        )

    @sio.event
    async def session_request(sid: str, data: Any = None) -> None:
        requested = data.get("session_id") if isinstance(data, dict) else None
        session_id = (
            requested if isinstance(requested, str) and is_valid_sender_id(requested) else uuid.uuid4().hex
        )
        async with sio.session(sid) as session:
            session["session_id"] = session_id
        await sio.enter_room(sid, session_id)
        await sio.emit("session_confirm", session_id, room=sid)

    @sio.event
    async def user_uttered(sid: str, data: Any = None) -> None:
        session = await sio.get_session(sid)
        session_id = session.get("session_id")
        if session_id is None:
            # A client that skipped session_request still gets a conversation of its own.
            await session_request(sid, data if isinstance(data, dict) else None)
            session_id = (await sio.get_session(sid))["session_id"]
        data = data if isinstance(data, dict) else {}
        custom = data.get("customData")
        metadata = custom if isinstance(custom, dict) else {}
        text = data.get("message")
        try:
            replies = await chat.handle_user_message(
                sender_id=session_id,
                text=text if isinstance(text, str) else "",
                channel=CHANNEL,
                metadata=metadata,
                language_hint=session.get("language_hint"),
            )
        except InvalidMessage as invalid:
            language = chat.pick_language(metadata.get("language"), session.get("language_hint"))
            replies = [chat.invalid_notice(invalid, language)]
        for reply in replies:
            await sio.emit("bot_uttered", to_socketio(reply), room=session_id)

    return sio


def live_event_messages(event: Dict[str, Any]) -> List[Dict[str, Any]]:
    """A hand-over event (bot.handover.live) as socket.io bot_uttered messages."""
    kind = event.get("type")
    if kind == "message" and isinstance(event.get("message"), dict):
        message = event["message"]
        return [
            {
                "text": message.get("text") or "",
                "metadata": {"author": message.get("author"), "name": message.get("name")},
            }
        ]
    if kind == "queue":
        return [{"text": event.get("text") or "", "metadata": {"queue_position": event.get("position")}}]
    if kind == "bot":
        return [to_socketio(message) for message in event.get("messages") or []]
    return []


async def relay_live_events(sio: socketio.AsyncServer, hub: Any) -> None:
    """Delivers counselor messages and queue updates to the socket.io clients of this worker."""
    from bot.core.pubsub import CHAT

    async with hub.subscribe(CHAT) as events:
        async for event in events:
            sender = event.get("sender")
            if not isinstance(sender, str):
                continue
            for message in live_event_messages(event):
                await sio.emit("bot_uttered", message, room=sender)
