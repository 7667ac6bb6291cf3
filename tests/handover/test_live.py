"""The live events: pub/sub round trips on every backend, queue updates, and the callback
offered when nobody claims a case in time."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest

from bot.api.socketio import live_event_messages
from bot.conversations import service as conversations
from bot.core.db import get_sessionmaker
from bot.core.pubsub import CHAT, Hub
from bot.handover import service
from bot.handover.centers import sync_centers
from bot.handover.desk import HandoverDesk
from bot.handover.live import LiveHandover
from bot.kb_render import KnowledgeBaseRenderer
from kb.catalog import ResponseCatalog
from kb.repository import KnowledgeBaseReader

BACKENDS = ["memory://", "redis://127.0.0.1:6379/15", "postgresql://postgres@127.0.0.1:5432/test"]


async def next_event(events, timeout=5.0):
    return await asyncio.wait_for(events.__anext__(), timeout)


@pytest.mark.parametrize("url", BACKENDS)
async def test_events_go_round_trip_on_every_backend(url):
    publisher, listener = Hub(url), Hub(url) if url != "memory://" else None
    listener = listener or publisher  # memory:// only reaches its own process
    await publisher.connect()
    if listener is not publisher:
        await listener.connect()
    try:
        async with listener.subscribe(CHAT) as events:
            await asyncio.sleep(0.2)  # the backend's SUBSCRIBE/LISTEN reaches the server
            await publisher.publish(CHAT, {"sender": "a", "text": "Привіт — مرحبا"})
            assert await next_event(events) == {"sender": "a", "text": "Привіт — مرحبا"}
    finally:
        await publisher.disconnect()
        if listener is not publisher:
            await listener.disconnect()


async def test_an_event_too_large_for_postgresql_is_refused_not_truncated():
    hub = Hub("memory://")
    await hub.connect()
    try:
        with pytest.raises(ValueError):
            await hub.publish(CHAT, {"text": "ж" * 5000})
    finally:
        await hub.disconnect()


def test_unknown_pubsub_schemes_are_refused():
    with pytest.raises(ValueError, match="PUBSUB_URL"):
        Hub("kafka://broker:9092")
    assert Hub("postgresql+psycopg2://u@h/db").url == "postgresql://u@h/db"


def test_socketio_clients_get_counselor_messages_and_queue_updates():
    message = {"type": "message", "message": {"author": "counselor", "name": "Anna", "text": "Hallo"}}
    assert live_event_messages(message) == [
        {"text": "Hallo", "metadata": {"author": "counselor", "name": "Anna"}}
    ]
    queue = {"type": "queue", "position": 2, "text": "Sie sind jetzt Nummer 2"}
    assert live_event_messages(queue)[0]["metadata"] == {"queue_position": 2}
    assert live_event_messages({"type": "bot", "messages": [{"custom": {"callback_form": {}}}]}) == [
        {"callback_form": {}}
    ]
    assert live_event_messages({"type": "unknown"}) == []


@pytest.fixture
def desk(database_url):
    from kb.__main__ import main as kb_main

    kb_main(["load", "--database-url", database_url])
    sessions = get_sessionmaker(database_url)
    with sessions() as session:
        sync_centers(session=session)
    catalog = ResponseCatalog.from_directory()
    kb = KnowledgeBaseReader(sessions)
    desk = HandoverDesk(
        sessions=sessions, kb=kb, renderer=KnowledgeBaseRenderer(kb, catalog, center_id="welcome-center-thuringia"),
        catalog=catalog, queue_timeout_minutes=10,
    )  # fmt: skip
    return desk


@asynccontextmanager
async def live_handover(desk):
    """Live hand-over on an in-process hub (created in the test's own event loop)."""
    hub = Hub("memory://")
    await hub.connect()
    try:
        yield LiveHandover(sessions=desk._sessions, hub=hub, desk=desk)
    finally:
        await hub.disconnect()


def waiting_case(session, center="dresden", language="en"):
    message = conversations.record_user_message(
        session=session, sender_id=f"live-{uuid.uuid4().hex}", channel="rest", text="I need help"
    )
    case = service.open_case(
        session=session, conversation_id=message.conversation_id, center_id=center, reason="user_request",
        summary_de="", language=language,
    )  # fmt: skip
    return case, message.conversation.sender_id


async def test_a_user_nobody_claimed_gets_a_callback_form_in_their_language(desk, session):
    case, sender = waiting_case(session, language="en")
    async with live_handover(desk) as live, live.hub.subscribe(CHAT) as events:
        assert await live.offer_callbacks(timedelta(0)) >= 1
        event = await next_event(events)
        while event.get("sender") != sender:
            event = await next_event(events)
    assert event["type"] == "bot"
    text, form = event["messages"]
    assert text["text"].startswith("Sorry, all counselors are busy right now.")
    assert form["custom"]["callback_form"]["center"] == "dresden"
    stored = conversations.transcript(session=session, sender_id=sender)
    assert stored[-2].author == "system" and stored[-2].text.startswith("Sorry, all counselors are busy")
    session.expire_all()
    assert stored[-1].conversation.owner == "bot"


async def test_when_the_first_in_line_is_taken_the_next_user_moves_up(desk, session):
    for old in service.queued_cases(session=session, center_id="thueringen"):
        old.status = "resolved"
    session.commit()
    first, _ = waiting_case(session, center="thueringen")
    second, second_sender = waiting_case(session, center="thueringen", language="de")
    counselor = service.add_counselor(
        session=session, username=f"tom-{uuid.uuid4().hex[:6]}", first_name="Tom", password="a long password 1",
        role="counselor", centers=["thueringen"],
    )  # fmt: skip
    service.claim(session=session, case_id=first.id, counselor=counselor)
    async with live_handover(desk) as live, live.hub.subscribe(CHAT) as events:
        await live.after_claim(first.id)
        event = await next_event(events)
        while not (event.get("sender") == second_sender and event["type"] == "queue"):
            event = await next_event(events)
    assert event["position"] == 1
    assert event["text"].startswith("Sie sind jetzt Nummer 1 in der Warteschlange.")
