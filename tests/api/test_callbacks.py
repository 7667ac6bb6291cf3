"""POST /api/callbacks: consent first, then only what is needed is stored."""

import pytest
from sqlalchemy import func, select

from bot.conversations import service as conversations
from bot.handover.centers import sync_centers
from bot.handover.models import CallbackRequest
from kb.catalog import ResponseCatalog

CATALOG = ResponseCatalog.from_directory()


@pytest.fixture
def conversation(session, sender_id):
    sync_centers(session=session)
    conversations.record_user_message(session=session, sender_id=sender_id, channel="rest", text="Hilfe")
    return sender_id


def count(session):
    session.expire_all()
    return session.scalar(select(func.count(CallbackRequest.id)))


def form(conversation, **fields):
    return {"sender": conversation, "consent": True, "name": "Olena", "contact": "olena@example.org",
            "description": "Anerkennung", "language": "uk", "center": "dresden", **fields}  # fmt: skip


def test_without_consent_nothing_is_stored(client, session, conversation):
    before = count(session)
    response = client.post("/api/callbacks", json=form(conversation, consent=False))
    assert response.status_code == 422
    assert response.json()["detail"] == CATALOG.variants("callback_needs_consent", "uk")[0]["text"]
    assert count(session) == before


def test_with_consent_the_request_is_stored_and_the_user_thanked(client, session, conversation):
    before = count(session)
    response = client.post("/api/callbacks", json=form(conversation))
    assert response.status_code == 201
    assert response.json()["text"].startswith("Дякуємо, Olena!") or "Olena" in response.json()["text"]
    assert count(session) == before + 1
    stored = session.scalars(select(CallbackRequest).order_by(CallbackRequest.id.desc())).first()
    assert (stored.center_id, stored.contact, stored.preferred_language) == (
        "dresden",
        "olena@example.org",
        "uk",
    )
    assert stored.consent_text == CATALOG.variants("callback_consent", "uk")[0]["text"]


@pytest.mark.parametrize(
    ("fields", "status"),
    [({"contact": "call me maybe"}, 422), ({"name": " "}, 422), ({"name": "x" * 121}, 422),
     ({"sender": "<script>"}, 422), ({"sender": "no-such-conversation"}, 404)],
)  # fmt: skip
def test_bad_requests_are_refused_and_store_nothing(client, session, conversation, fields, status):
    before = count(session)
    assert client.post("/api/callbacks", json=form(conversation, **fields)).status_code == status
    assert count(session) == before
