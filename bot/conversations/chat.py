"""What happens to a user message: store it, hand it to Rasa, store and return the replies."""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Optional

import anyio
from sqlalchemy.orm import sessionmaker

from bot.conversations import service
from bot.conversations.service import InvalidMessage
from bot.core.throttle import SlidingWindowLimit
from bot.rasa_client import RasaClient, RasaUnavailable
from kb.catalog import ResponseCatalog
from kb.languages import SUPPORTED_LANGUAGES

logger = logging.getLogger(__name__)


class ChatService:
    """The channel-independent core of the REST and socket.io channels."""

    def __init__(
        self,
        *,
        sessions: sessionmaker,
        rasa: RasaClient,
        catalog: ResponseCatalog,
        default_language: str,
        max_message_chars: int,
        live: Optional[Any] = None,
        flood_limit: Optional[SlidingWindowLimit] = None,
    ) -> None:
        self._sessions = sessions
        self.rasa = rasa
        self.catalog = catalog
        self._default_language = default_language
        self.max_message_chars = max_message_chars
        # bot.handover.live.LiveHandover: hand-over requests, and conversations a person owns.
        self.live = live
        # Nobody types 20 messages a minute; scripts that do are told to slow down.
        self._flood = flood_limit or SlidingWindowLimit(events=20, window_seconds=60)

    async def db(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """Runs a synchronous service function with its own session in a worker thread."""

        def work() -> Any:
            with self._sessions() as session:
                return fn(session=session, **kwargs)

        return await anyio.to_thread.run_sync(work)

    def system_reply(self, response: str, language: Optional[str], **values: Any) -> Dict[str, Any]:
        """One of the web service's own phrases from the response catalog."""
        rendered = self.catalog.render(response, language or self._default_language, values)
        return rendered or {"text": response}

    def invalid_notice(self, invalid: InvalidMessage, language: Optional[str]) -> Dict[str, Any]:
        """The polite reply to a message that could not be taken."""
        return self.system_reply(invalid.reason, language, max_chars=self.max_message_chars)

    def pick_language(self, *candidates: Optional[str]) -> str:
        """The first supported language among `candidates`, else the default."""
        for candidate in candidates:
            if candidate in SUPPORTED_LANGUAGES:
                return candidate  # type: ignore[return-value]
        return self._default_language

    async def handle_user_message(
        self,
        *,
        sender_id: str,
        text: str,
        channel: str,
        metadata: Optional[Dict[str, Any]] = None,
        language_hint: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """Stores `text`, gets the bot's replies from Rasa and stores them too.

        Raises InvalidMessage for empty or oversized text (nothing is stored then). When
        Rasa cannot answer, the message stays stored with status 'failed' and the user
        gets a polite, translated notice instead of the bot's reply.
        """
        metadata = dict(metadata or {})
        cleaned = service.normalize_user_text(text, max_chars=self.max_message_chars)
        if self._flood.retry_after(sender_id):
            raise service.TooManyMessages()
        self._flood.record(sender_id)
        message = await self.db(
            service.record_user_message, sender_id=sender_id, channel=channel, text=cleaned
        )
        if self.live is not None and await self.live.forward_if_human(message.id):
            return []  # a counselor owns the conversation (or will soon): the bot stays silent
        try:
            replies = await self.rasa.send_message(sender_id=sender_id, text=cleaned, metadata=metadata)
        except RasaUnavailable:
            conversation = await self.db(service.get_conversation, sender_id=sender_id)
            language = self.pick_language(
                metadata.get("language"), conversation and conversation.language, language_hint
            )
            notice = self.system_reply("assistant_unavailable", language)
            await self.db(
                service.record_replies,
                user_message_id=message.id,
                replies=[notice],
                author=service.SYSTEM,
                status=service.FAILED,
            )
            return [notice]
        replies = await self._hand_over_if_asked(replies, sender_id=sender_id, metadata=metadata)
        await self.db(service.record_replies, user_message_id=message.id, replies=replies)
        return replies

    async def _hand_over_if_asked(
        self, replies: List[Dict[str, Any]], *, sender_id: str, metadata: Dict[str, Any]
    ) -> List[Dict[str, Any]]:
        """Replaces the bot's hand-over request (a custom payload) with what the user should see."""
        if self.live is None or not any(_handover_payload(reply) for reply in replies):
            return replies
        conversation = await self.db(service.get_conversation, sender_id=sender_id)
        language = self.pick_language(conversation and conversation.language, metadata.get("language"))
        expanded: List[Dict[str, Any]] = []
        for reply in replies:
            payload = _handover_payload(reply)
            if payload is None:
                expanded.append(reply)
            else:
                outcome = await self.live.hand_over(payload, language, sender_id)
                expanded.extend({"recipient_id": sender_id, **message} for message in outcome.messages)
        return expanded


def _handover_payload(reply: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    custom = reply.get("custom")
    return (
        custom.get("handover")
        if isinstance(custom, dict) and isinstance(custom.get("handover"), dict)
        else None
    )


__all__ = ["ChatService", "InvalidMessage"]
