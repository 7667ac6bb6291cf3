"""Storing conversations and messages (synchronous; callers run it off the event loop)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversations.models import Conversation, Message, utcnow

USER, BOT, SYSTEM = "user", "bot", "system"
RECEIVED, ANSWERED, FAILED = "received", "answered", "failed"

# Control characters other than newline and tab: binary junk, never meaningful text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SENDER_ID = re.compile(r"^[A-Za-z0-9._:@-]{1,128}$")


class InvalidMessage(ValueError):
    """A user message that cannot be processed; `reason` names a catalog response."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooManyMessages(InvalidMessage):
    """More messages from one conversation than a person types: a flood."""

    def __init__(self) -> None:
        super().__init__("message_flood")


def normalize_user_text(text: str, *, max_chars: int) -> str:
    """Cleans a user message or raises InvalidMessage('message_empty'|'message_too_long')."""
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()
    if not cleaned:
        raise InvalidMessage("message_empty")
    if len(cleaned) > max_chars:
        raise InvalidMessage("message_too_long")
    return cleaned


def is_valid_sender_id(sender_id: str) -> bool:
    """Sender ids are chosen by clients; keep them to a safe, bounded alphabet."""
    return bool(_SENDER_ID.match(sender_id))


def get_conversation(*, session: Session, sender_id: str) -> Optional[Conversation]:
    """The conversation of `sender_id`, if there is one."""
    return session.scalars(select(Conversation).where(Conversation.sender_id == sender_id)).first()


def get_or_create_conversation(*, session: Session, sender_id: str, channel: str) -> Conversation:
    """The conversation of `sender_id`, created on its first message."""
    found = get_conversation(session=session, sender_id=sender_id)
    if found:
        return found
    conversation = Conversation(sender_id=sender_id, channel=channel)
    session.add(conversation)
    try:
        session.flush()
    except IntegrityError:
        # Two first messages of one sender raced; the other insert won.
        session.rollback()
        return get_conversation(session=session, sender_id=sender_id)  # type: ignore[return-value]
    return conversation


def record_user_message(*, session: Session, sender_id: str, channel: str, text: str) -> Message:
    """Stores a user message (status 'received') and commits, before anyone processes it."""
    conversation = get_or_create_conversation(session=session, sender_id=sender_id, channel=channel)
    message = Message(
        conversation_id=conversation.id, author=USER, text=text, channel=channel, status=RECEIVED
    )
    session.add(message)
    conversation.updated_at = utcnow()
    session.commit()
    return message


def messages_from(
    replies: Iterable[Dict[str, Any]], *, conversation_id: int, channel: str, author: str
) -> List[Message]:
    """Rasa-format replies as messages to store (buttons, custom payloads kept as sent)."""
    messages = []
    for reply in replies:
        payload = {key: value for key, value in reply.items() if key not in {"text", "recipient_id"}}
        messages.append(
            Message(
                conversation_id=conversation_id,
                author=author,
                text=reply.get("text"),
                payload=payload or None,
                channel=channel,
            )
        )
    return messages


def record_replies(
    *,
    session: Session,
    user_message_id: int,
    replies: Iterable[Dict[str, Any]],
    author: str = BOT,
    status: str = ANSWERED,
) -> List[Message]:
    """Stores the replies to a user message and marks that message answered (or failed)."""
    user_message = session.get(Message, user_message_id)
    if user_message is None:
        raise LookupError(f"message {user_message_id} does not exist")
    stored = messages_from(
        replies, conversation_id=user_message.conversation_id, channel=user_message.channel, author=author
    )
    session.add_all(stored)
    user_message.status = status
    session.commit()
    return stored


def set_language(*, session: Session, sender_id: str, language: str) -> None:
    """Remembers the conversation's language (as Rasa decided it) for the web service."""
    conversation = get_conversation(session=session, sender_id=sender_id)
    if conversation is not None and conversation.language != language:
        conversation.language = language
        session.commit()


def transcript(*, session: Session, sender_id: str) -> List[Message]:
    """All messages of a conversation, oldest first."""
    return list(
        session.scalars(
            select(Message).join(Conversation).where(Conversation.sender_id == sender_id).order_by(Message.id)
        )
    )


def messages_of(*, session: Session, conversation_id: int) -> List[Message]:
    """All messages of a conversation by its id, oldest first."""
    return list(
        session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        )
    )
