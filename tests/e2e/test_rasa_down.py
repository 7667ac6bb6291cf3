"""When the Rasa server stops, users get a clear reply and nothing they wrote is lost."""

import httpx
import pytest

from bot.conversations import service
from bot.core.db import get_sessionmaker
from kb.catalog import ResponseCatalog

pytestmark = [pytest.mark.e2e, pytest.mark.stops_rasa]

CATALOG = ResponseCatalog.from_directory()


def test_stopped_rasa_gives_a_polite_reply_keeps_the_message_and_fails_readiness(stack, sender_id):
    webhook = f"{stack.web_url}/webhooks/rest/webhook"
    first = httpx.post(webhook, json={"sender": sender_id, "message": "Hello"}, timeout=30)
    assert first.status_code == 200 and first.json()[0]["text"] != ""

    stack.stop("rasa")

    response = httpx.post(
        webhook, json={"sender": sender_id, "message": "What does the course cost?"}, timeout=30
    )
    assert response.status_code == 200
    # The conversation is already English, so the notice is too.
    assert response.json() == [
        {"recipient_id": sender_id, "text": CATALOG.variants("assistant_unavailable", "en")[0]["text"]}
    ]
    with get_sessionmaker(stack.database_url)() as s:
        messages = service.transcript(session=s, sender_id=sender_id)
    assert [(m.author, m.text, m.status) for m in messages][2:] == [
        ("user", "What does the course cost?", "failed"),
        ("system", CATALOG.variants("assistant_unavailable", "en")[0]["text"], None),
    ]

    ready = httpx.get(f"{stack.web_url}/readyz", timeout=10)
    assert ready.status_code == 503
    assert ready.json()["checks"]["rasa"] == "unreachable"
    assert ready.json()["checks"]["action_server"] == "ok"
