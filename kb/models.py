"""The knowledge base as it runs: SQL tables loaded from kb/data/ by `python -m kb load`."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, String, Text
from sqlalchemy.orm import declarative_base

KbBase = declarative_base()


class TopicRow(KbBase):
    """A topic referral targets serve and answers belong to."""

    __tablename__ = "kb_topics"

    id = Column(String(64), primary_key=True)
    family = Column(String(64), nullable=False)
    label = Column(JSON, nullable=False)
    answers = Column(JSON, nullable=False, default=dict)

    def __repr__(self) -> str:
        return f"TopicRow(id={self.id!r})"


class ReferralTargetRow(KbBase):
    """An office, network partner, hotline or portal people are referred to."""

    __tablename__ = "kb_targets"

    id = Column(String(100), primary_key=True)
    name = Column(String(200), nullable=False)
    kind = Column(String(32), nullable=False)
    audience = Column(String(16), nullable=False)
    topics = Column(JSON, nullable=False)
    coverage = Column(JSON, nullable=False)
    contact = Column(JSON, nullable=False)
    opening_hours = Column(JSON, nullable=True)
    languages = Column(JSON, nullable=False)
    description = Column(JSON, nullable=False)
    source = Column(Text, nullable=False)
    verified = Column(Date, nullable=False)

    def __repr__(self) -> str:
        return f"ReferralTargetRow(id={self.id!r})"


class AnswerRow(KbBase):
    """A dated fact in every language, with its sources and review date."""

    __tablename__ = "kb_answers"

    key = Column(String(100), primary_key=True)
    topic = Column(String(64), nullable=False)
    family = Column(String(64), nullable=False)
    text = Column(JSON, nullable=False)
    sources = Column(JSON, nullable=False)
    verified = Column(Date, nullable=False)
    review_by = Column(Date, nullable=True)
    uncertain = Column(Boolean, nullable=False, default=False)

    def __repr__(self) -> str:
        return f"AnswerRow(key={self.key!r})"


class KbState(KbBase):
    """Which version of kb/data/ the database holds (a hash of the YAML files)."""

    __tablename__ = "kb_state"

    id = Column(String(16), primary_key=True, default="current")
    content_hash = Column(String(64), nullable=False)
    loaded_at = Column(DateTime(timezone=True), nullable=False)
