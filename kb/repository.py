"""Reading the loaded knowledge base: topics, answers, targets, and the live search index."""

from __future__ import annotations

from functools import cache
from typing import Dict, Optional

from sqlalchemy.orm import sessionmaker

from kb.db import database_url_from_env, get_sessionmaker
from kb.models import AnswerRow, ReferralTargetRow, TopicRow
from kb.search import TARGET_FIELDS, LiveTargetIndex, TargetIndex

# The referral target (kb/data/targets/) that is this deployment's own center, unless
# CENTER_ID names another.
DEFAULT_CENTER_ID = "welcome-center-thuringia"


class KnowledgeBaseReader:
    """The knowledge base as the actions and the NLG endpoint read it."""

    def __init__(self, sessions: sessionmaker) -> None:
        self._sessions = sessions
        self._index = LiveTargetIndex(sessions)

    def index(self) -> TargetIndex:
        return self._index.get()

    def topic(self, topic_id: str) -> Optional[TopicRow]:
        with self._sessions() as session:
            return session.get(TopicRow, topic_id)

    def topics(self) -> Dict[str, TopicRow]:
        with self._sessions() as session:
            return {row.id: row for row in session.query(TopicRow)}

    def answer(self, key: str) -> Optional[AnswerRow]:
        with self._sessions() as session:
            return session.get(AnswerRow, key)

    def target(self, target_id: str) -> Optional[dict]:
        with self._sessions() as session:
            row = session.get(ReferralTargetRow, target_id)
            return {name: getattr(row, name) for name in TARGET_FIELDS} if row else None


@cache
def reader_from_env() -> KnowledgeBaseReader:
    """The reader for DATABASE_URL (the action server's way to the knowledge base)."""
    return KnowledgeBaseReader(get_sessionmaker(database_url_from_env()))
