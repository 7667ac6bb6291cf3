"""The chat core: store first, then ask Rasa; a polite notice when Rasa cannot answer."""

import httpx
import pytest

from bot.conversations import service
from bot.conversations.chat import ChatService
from bot.core.db import get_sessionmaker
from bot.rasa_client import RasaClient
from kb.catalog import ResponseCatalog

CATALOG = ResponseCatalog.from_directory()


def make_chat(database_url, handler) -> ChatService:
    rasa = RasaClient(
        rasa_url="http://rasa.test",
        token="t",
        action_server_url="http://actions.test",
        timeout=2,
        transport=httpx.MockTransport(handler),
    )
    return ChatService(
        sessions=get_sessionmaker(database_url),
        rasa=rasa,
        catalog=CATALOG,
        default_language="de",
        max_message_chars=2000,
    )


async def test_message_is_stored_before_rasa_sees_it(database_url, sender_id):
    seen_in_database = []

    def rasa(request: httpx.Request) -> httpx.Response:
        with get_sessionmaker(database_url)() as s:
            seen_in_database.extend(m.text for m in service.transcript(session=s, sender_id=sender_id))
        return httpx.Response(200, json=[{"recipient_id": sender_id, "text": "Hallo!"}])

    chat = make_chat(database_url, rasa)
    replies = await chat.handle_user_message(sender_id=sender_id, text="Hallo", channel="rest")
    assert seen_in_database == ["Hallo"]
    assert replies == [{"recipient_id": sender_id, "text": "Hallo!"}]


@pytest.mark.parametrize(
    "failure",
    [
        lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused", request=request)),
        lambda request: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=request)),
        lambda request: httpx.Response(500, text="boom"),
        lambda request: httpx.Response(200, text="not json"),
    ],
    ids=["down", "timeout", "error", "garbage"],
)
async def test_rasa_failure_gives_a_polite_notice_and_keeps_the_message(database_url, sender_id, failure):
    chat = make_chat(database_url, failure)
    replies = await chat.handle_user_message(
        sender_id=sender_id, text="How much is the course?", channel="rest", language_hint="en"
    )
    assert replies == [{"text": CATALOG.variants("assistant_unavailable", "en")[0]["text"]}]
    with get_sessionmaker(database_url)() as s:
        stored = service.transcript(session=s, sender_id=sender_id)
    assert [(m.author, m.status) for m in stored] == [("user", "failed"), ("system", None)]
    assert stored[0].text == "How much is the course?"


async def test_notice_uses_the_conversation_language_over_the_browser(database_url, sender_id):
    chat = make_chat(database_url, lambda r: httpx.Response(503))
    await chat.db(service.record_user_message, sender_id=sender_id, channel="rest", text="Привіт")
    await chat.db(service.set_language, sender_id=sender_id, language="uk")
    replies = await chat.handle_user_message(
        sender_id=sender_id, text="ще", channel="rest", language_hint="de"
    )
    assert replies[0]["text"] == CATALOG.variants("assistant_unavailable", "uk")[0]["text"]


async def test_empty_message_is_refused_and_not_stored(database_url, sender_id):
    chat = make_chat(database_url, lambda r: pytest.fail("Rasa must not be called"))
    with pytest.raises(service.InvalidMessage):
        await chat.handle_user_message(sender_id=sender_id, text=" \n ", channel="rest")
    with get_sessionmaker(database_url)() as s:
        assert service.transcript(session=s, sender_id=sender_id) == []
