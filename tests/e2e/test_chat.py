"""Greetings in German and English through both public channels, answered by the real model."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import socketio

from bot.conversations import service
from bot.core.db import get_sessionmaker
from kb.catalog import ResponseCatalog

pytestmark = pytest.mark.e2e

CATALOG = ResponseCatalog.from_directory()


def greetings(language: str) -> set[str]:
    return {variant["text"] for variant in CATALOG.variants("utter_greet", language)}


def transcript(stack, sender_id):
    with get_sessionmaker(stack.database_url)() as s:
        conversation = service.get_conversation(session=s, sender_id=sender_id)
        messages = [
            (m.author, m.text, m.status, m.channel)
            for m in service.transcript(session=s, sender_id=sender_id)
        ]
        return conversation, messages


@pytest.mark.parametrize(("text", "language"), [("Hallo", "de"), ("Hello", "en")])
def test_rest_greeting_is_answered_in_the_users_language_and_stored(stack, sender_id, text, language):
    response = httpx.post(
        f"{stack.web_url}/webhooks/rest/webhook", json={"sender": sender_id, "message": text}, timeout=30
    )
    assert response.status_code == 200
    replies = response.json()
    assert len(replies) == 1 and replies[0]["recipient_id"] == sender_id
    assert replies[0]["text"] in greetings(language)

    conversation, messages = transcript(stack, sender_id)
    assert messages == [("user", text, "answered", "rest"), ("bot", replies[0]["text"], None, "rest")]
    assert conversation.language == language


def test_language_sticks_on_a_short_message_and_follows_a_clear_switch(stack, sender_id):
    def say(text):
        response = httpx.post(
            f"{stack.web_url}/webhooks/rest/webhook", json={"sender": sender_id, "message": text}, timeout=30
        )
        return response.json()[0]["text"]

    assert say("Guten Tag") in greetings("de")
    thanks_de = {v["text"] for v in CATALOG.variants("utter_you_are_welcome", "de")}
    assert say("thx") in thanks_de  # one English word does not flip a German conversation
    assert say("Hello, is this a chatbot or a program?") in {
        v["text"] for v in CATALOG.variants("utter_iamabot", "en")
    }


def test_widget_language_choice_wins(stack, sender_id):
    response = httpx.post(
        f"{stack.web_url}/webhooks/rest/webhook",
        json={"sender": sender_id, "message": "Hallo", "metadata": {"language": "ar"}},
        timeout=30,
    )
    assert response.json()[0]["text"] in greetings("ar")


async def converse_over_socketio(url: str, text: str, session_id: str | None = None):
    """Talks to the web service as a Rasa socket.io client would; returns (session id, replies)."""
    client = socketio.AsyncClient(reconnection=False)
    confirmed: asyncio.Queue = asyncio.Queue()
    uttered: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", lambda data: confirmed.put_nowait(data))
    client.on("bot_uttered", lambda data: uttered.put_nowait(data))
    await client.connect(url, transports=["polling"], socketio_path="socket.io")
    try:
        await client.emit("session_request", {"session_id": session_id})
        session = await asyncio.wait_for(confirmed.get(), 10)
        await client.emit("user_uttered", {"message": text, "session_id": session, "customData": {}})
        reply = await asyncio.wait_for(uttered.get(), 30)
        return session, reply
    finally:
        # abort: don't sit out the pending long-poll (up to the 25 s ping interval).
        await client.eio.disconnect(abort=True)


@pytest.mark.parametrize(("text", "language"), [("Guten Morgen", "de"), ("Good morning", "en")])
async def test_socketio_greeting_is_answered_and_stored(stack, sender_id, text, language):
    session_id, reply = await converse_over_socketio(stack.web_url, text, session_id=sender_id)
    assert session_id == sender_id
    assert reply["text"] in greetings(language)
    _, messages = transcript(stack, sender_id)
    assert messages == [("user", text, "answered", "socketio"), ("bot", reply["text"], None, "socketio")]


async def test_socketio_client_without_session_id_gets_one(stack):
    session_id, reply = await converse_over_socketio(stack.web_url, "Hello")
    assert len(session_id) == 32
    assert reply["text"] in greetings("en")


async def test_socketio_empty_message_gets_a_polite_reply(stack, sender_id):
    _, reply = await converse_over_socketio(stack.web_url, "   ", session_id=sender_id)
    assert reply["text"] == CATALOG.variants("message_empty", "de")[0]["text"]


def test_readyz_reports_everything_up(stack):
    response = httpx.get(f"{stack.web_url}/readyz", timeout=10)
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "rasa": "ok", "action_server": "ok"}


def test_rasa_api_refuses_requests_without_the_token(stack):
    assert httpx.get(f"{stack.rasa_url}/status", timeout=10).status_code == 401
    ok = httpx.get(f"{stack.rasa_url}/status", params={"token": stack.token}, timeout=10)
    assert ok.status_code == 200
