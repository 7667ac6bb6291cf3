"""Conversations and every message in them: the system of record."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from bot.core.db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Conversation(Base):
    """One visitor's chat, identified by the sender id their client chose."""

    __tablename__ = "conversations"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(128), nullable=False, unique=True, index=True)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=True)
    # Who answers: the bot, or a counselor (then the bot stays silent).
    owner = Column(String(16), nullable=False, default="bot")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)

    messages = relationship("Message", back_populates="conversation", order_by="Message.id")

    def __repr__(self) -> str:
        return f"Conversation(id={self.id!r}, sender_id={self.sender_id!r}, language={self.language!r})"


class Message(Base):
    """A message by the user, the bot, a counselor or the system (e.g. 'assistant unavailable')."""

    __tablename__ = "messages"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author = Column(String(16), nullable=False)
    text = Column(Text, nullable=True)
    # Buttons, images and custom payloads exactly as the bot sent them.
    payload = Column(JSON, nullable=True)
    channel = Column(String(32), nullable=False)
    # For user messages: received -> answered, or failed when the assistant was unreachable.
    status = Column(String(16), nullable=True)
    # For counselor messages: who wrote it (the user sees their first name).
    counselor_id = Column(Integer, ForeignKey("counselors.id"), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    conversation = relationship("Conversation", back_populates="messages")

    def __repr__(self) -> str:
        return f"Message(id={self.id!r}, author={self.author!r}, status={self.status!r})"
