"""Rasa's NLG endpoint: every response in the conversation's language."""

import pytest

from bot.conversations import service
from kb.catalog import ResponseCatalog

CATALOG = ResponseCatalog.from_directory()


def nlg_request(response, *, slots=None, latest=None, sender_id="s1", arguments=None):
    return {
        "response": response,
        "arguments": arguments or {},
        "tracker": {"sender_id": sender_id, "slots": slots or {}, "latest_message": latest or {}},
        "channel": {"name": "rest"},
    }


@pytest.fixture
def auth(settings):
    return {"Authorization": f"Bearer {settings.RASA_TOKEN}"}


def texts(name, language):
    return {variant["text"] for variant in CATALOG.variants(name, language)}


@pytest.mark.parametrize("language", ["de", "en", "ar", "uk", "ru", "tr", "es", "fa"])
def test_greeting_in_the_language_of_the_slot(client, auth, language):
    response = client.post(
        "/nlg", json=nlg_request("utter_greet", slots={"language": language}), headers=auth
    )
    assert response.status_code == 200
    assert response.json()["text"] in texts("utter_greet", language)


def test_without_slot_the_detected_language_of_the_message_is_used(client, auth):
    latest = {"text": "Hola", "language": {"code": "es", "confidence": 1.0, "reliable": False}}
    response = client.post("/nlg", json=nlg_request("utter_greet", latest=latest), headers=auth)
    assert response.json()["text"] in texts("utter_greet", "es")


def test_without_any_language_the_default_is_used(client, auth):
    response = client.post("/nlg", json=nlg_request("utter_goodbye"), headers=auth)
    assert response.json()["text"] in texts("utter_goodbye", "de")


def test_the_language_rasa_chose_is_mirrored_to_the_conversation(client, auth, session, sender_id):
    service.record_user_message(session=session, sender_id=sender_id, channel="rest", text="Привет")
    client.post(
        "/nlg", json=nlg_request("utter_greet", slots={"language": "ru"}, sender_id=sender_id), headers=auth
    )
    session.expire_all()
    assert service.get_conversation(session=session, sender_id=sender_id).language == "ru"


def test_wrong_or_missing_token_is_refused(client):
    assert client.post("/nlg", json=nlg_request("utter_greet")).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.post("/nlg", json=nlg_request("utter_greet"), headers=bad).status_code == 401


def test_unknown_response_falls_back_to_a_rephrase_request(client, auth):
    response = client.post(
        "/nlg", json=nlg_request("utter_does_not_exist", slots={"language": "en"}), headers=auth
    )
    assert response.json()["text"] in texts("utter_please_rephrase", "en")
