"""Hand-over to people: centers, counselors, cases in the queue, callback requests, audit log."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import relationship

from bot.conversations.models import utcnow
from bot.core.db import Base

counselor_centers = Table(
    "counselor_centers",
    Base.metadata,
    Column("counselor_id", Integer, ForeignKey("counselors.id", ondelete="CASCADE"), primary_key=True),
    Column("center_id", String(64), ForeignKey("centers.id", ondelete="CASCADE"), primary_key=True),
)


class Center(Base):
    """A Welcome Center sharing this deployment: its region, office hours and state holidays."""

    __tablename__ = "centers"

    id = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    # A referral target in the KB whose coverage is this center's region.
    target_id = Column(String(100), nullable=True)
    state = Column(String(2), nullable=False)
    office_hours = Column(JSON, nullable=False)
    is_default = Column(Integer, nullable=False, default=0)

    def __repr__(self) -> str:
        return f"Center(id={self.id!r})"


class Counselor(Base):
    """A person who takes over conversations; logs in to the console."""

    __tablename__ = "counselors"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    first_name = Column(String(64), nullable=False)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False, default="counselor")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    # Refreshed while the console's live connection is open: "online" for the chat.
    last_seen_at = Column(DateTime(timezone=True), nullable=True)

    centers = relationship("Center", secondary=counselor_centers, lazy="selectin")

    def __repr__(self) -> str:
        return f"Counselor(username={self.username!r}, role={self.role!r})"


class HandoverCase(Base):
    """A conversation waiting for, or owned by, a counselor."""

    __tablename__ = "handover_cases"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        Integer, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    center_id = Column(String(64), ForeignKey("centers.id"), nullable=False, index=True)
    # queued -> claimed -> resolved | returned; queued -> callback_offered
    status = Column(String(20), nullable=False, default="queued", index=True)
    reason = Column(String(20), nullable=False)
    language = Column(String(8), nullable=True)
    audience = Column(String(16), nullable=True)
    topic = Column(String(64), nullable=True)
    place = Column(String(100), nullable=True)
    summary_de = Column(Text, nullable=False, default="")
    claimed_by = Column(Integer, ForeignKey("counselors.id"), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    closed_at = Column(DateTime(timezone=True), nullable=True)
    # Set when nobody claimed the case in time and the user was offered a callback.
    offered_callback_at = Column(DateTime(timezone=True), nullable=True)
    center = relationship("Center", lazy="selectin")
    notes = relationship("CaseNote", order_by="CaseNote.id", lazy="selectin")

    def __repr__(self) -> str:
        return f"HandoverCase(id={self.id!r}, status={self.status!r}, center={self.center_id!r})"


class CaseNote(Base):
    """An internal note on a case: for counselors only, never shown to the user."""

    __tablename__ = "case_notes"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("handover_cases.id", ondelete="CASCADE"), nullable=False, index=True)
    counselor_id = Column(Integer, ForeignKey("counselors.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    counselor = relationship("Counselor", lazy="selectin")


class CallbackRequest(Base):
    """A request to be contacted, stored only after the user agreed to the consent text."""

    __tablename__ = "callback_requests"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(Integer, ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False)
    center_id = Column(String(64), ForeignKey("centers.id"), nullable=False, index=True)
    name = Column(String(120), nullable=False)
    contact = Column(String(200), nullable=False)
    preferred_language = Column(String(8), nullable=False)
    description = Column(Text, nullable=False)
    consent_text = Column(Text, nullable=False)
    consent_at = Column(DateTime(timezone=True), nullable=False)
    status = Column(String(16), nullable=False, default="open")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    done_at = Column(DateTime(timezone=True), nullable=True)
    done_by = Column(Integer, ForeignKey("counselors.id"), nullable=True)

    def __repr__(self) -> str:
        return f"CallbackRequest(id={self.id!r}, status={self.status!r})"


class AuditEntry(Base):
    """Who viewed, claimed, resolved or deleted what, and when."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    counselor_id = Column(Integer, ForeignKey("counselors.id"), nullable=True)
    action = Column(String(32), nullable=False)
    object_type = Column(String(32), nullable=False)
    object_id = Column(String(64), nullable=False)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    details = Column(JSON, nullable=True)

    def __repr__(self) -> str:
        return f"AuditEntry({self.action!r} {self.object_type}:{self.object_id})"
