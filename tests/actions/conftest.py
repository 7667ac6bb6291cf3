import pytest
from rasa_sdk import Tracker

from kb.__main__ import main as kb_main
from kb.db import get_sessionmaker
from kb.repository import KnowledgeBaseReader


@pytest.fixture(scope="module")
def kb(database_url) -> KnowledgeBaseReader:
    """The real knowledge base, loaded into the test database."""
    kb_main(["load", "--force", "--database-url", database_url])
    return KnowledgeBaseReader(get_sessionmaker(database_url))


def make_tracker(intent="greet", *, text="", entities=(), slots=None, events=None) -> Tracker:
    """A tracker as the action server receives it after a user message."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": e, "value": v} for e, v in entities],
        "metadata": {},
    }
    return Tracker(
        sender_id="test",
        slots={"language": "de", "place": None, "audience": None, "topic": None, **(slots or {})},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
