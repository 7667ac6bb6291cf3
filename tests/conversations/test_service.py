"""Storage of conversations and messages; runs on SQLite and on PostgreSQL."""

import threading

import pytest

from bot.conversations import service
from bot.conversations.models import Conversation
from bot.core.db import get_sessionmaker


def test_user_message_is_stored_with_status_received(session, sender_id):
    message = service.record_user_message(session=session, sender_id=sender_id, channel="rest", text="Hallo")
    stored = service.transcript(session=session, sender_id=sender_id)
    assert [(m.author, m.text, m.status, m.channel) for m in stored] == [
        ("user", "Hallo", "received", "rest")
    ]
    assert stored[0].id == message.id and stored[0].created_at is not None


def test_replies_are_stored_in_order_and_mark_the_message_answered(session, sender_id):
    message = service.record_user_message(session=session, sender_id=sender_id, channel="rest", text="Hi")
    service.record_replies(
        session=session,
        user_message_id=message.id,
        replies=[
            {"recipient_id": sender_id, "text": "Hello!"},
            {"recipient_id": sender_id, "text": "Pick one", "buttons": [{"title": "A", "payload": "/a"}]},
            {"recipient_id": sender_id, "custom": {"handover": True}},
        ],
    )
    stored = service.transcript(session=session, sender_id=sender_id)
    assert [m.author for m in stored] == ["user", "bot", "bot", "bot"]
    assert stored[0].status == "answered"
    assert stored[2].payload == {"buttons": [{"title": "A", "payload": "/a"}]}
    assert stored[3].text is None and stored[3].payload == {"custom": {"handover": True}}


def test_markup_and_unicode_are_stored_verbatim(session, sender_id):
    text = "<script>alert(1)</script> مرحبا – Привіт 👋"
    service.record_user_message(session=session, sender_id=sender_id, channel="rest", text=text)
    assert service.transcript(session=session, sender_id=sender_id)[0].text == text


def test_one_conversation_per_sender_even_when_first_messages_race(database_url, sender_id):
    sessions = get_sessionmaker(database_url)
    errors = []

    def send(i):
        try:
            with sessions() as s:
                service.record_user_message(session=s, sender_id=sender_id, channel="rest", text=f"m{i}")
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sessions() as s:
        assert s.query(Conversation).filter_by(sender_id=sender_id).count() == 1
        assert len(service.transcript(session=s, sender_id=sender_id)) == 6


def test_language_is_remembered_per_conversation(session, sender_id):
    service.record_user_message(session=session, sender_id=sender_id, channel="rest", text="Hola")
    service.set_language(session=session, sender_id=sender_id, language="es")
    assert service.get_conversation(session=session, sender_id=sender_id).language == "es"


def test_replies_to_an_unknown_message_are_refused(session):
    with pytest.raises(LookupError):
        service.record_replies(session=session, user_message_id=987654321, replies=[{"text": "x"}])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  Hallo \n", "Hallo"), ("a\x00b\x07c", "abc"), ("Zeile 1\nZeile 2", "Zeile 1\nZeile 2")],
)
def test_user_text_is_cleaned(raw, expected):
    assert service.normalize_user_text(raw, max_chars=100) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [("", "message_empty"), (" \x00\x01 ", "message_empty"), ("x" * 101, "message_too_long")],
)
def test_unusable_text_is_refused_with_a_reason(raw, reason):
    with pytest.raises(service.InvalidMessage) as refused:
        service.normalize_user_text(raw, max_chars=100)
    assert refused.value.reason == reason


@pytest.mark.parametrize("sender", ["", "a" * 129, "<b>", "a b", "../etc"])
def test_unsafe_sender_ids_are_rejected(sender):
    assert not service.is_valid_sender_id(sender)
