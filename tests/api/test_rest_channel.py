"""The public REST channel when the input is bad or Rasa is down."""

from bot.conversations import service
from bot.core.db import get_sessionmaker
from kb.catalog import ResponseCatalog

CATALOG = ResponseCatalog.from_directory()
WEBHOOK = "/webhooks/rest/webhook"


def notice(name, language, **values):
    return CATALOG.render(name, language, values)["text"]


def stored(database_url, sender_id):
    with get_sessionmaker(database_url)() as s:
        return service.transcript(session=s, sender_id=sender_id)


def test_rasa_down_gives_a_polite_translated_reply_and_keeps_the_message(client, database_url, sender_id):
    response = client.post(
        WEBHOOK, json={"sender": sender_id, "message": "Wie viel kostet der Integrationskurs?"}
    )
    assert response.status_code == 200
    assert response.json() == [{"recipient_id": sender_id, "text": notice("assistant_unavailable", "de")}]
    messages = stored(database_url, sender_id)
    assert [(m.author, m.text, m.status) for m in messages][0] == (
        "user",
        "Wie viel kostet der Integrationskurs?",
        "failed",
    )


def test_rasa_down_notice_follows_the_widget_language_then_the_browser(client, sender_id):
    chosen = client.post(WEBHOOK, json={"sender": sender_id, "message": "x", "metadata": {"language": "fa"}})
    assert chosen.json()[0]["text"] == notice("assistant_unavailable", "fa")
    browser = client.post(
        WEBHOOK,
        json={"sender": sender_id + "b", "message": "x"},
        headers={"Accept-Language": "fr-FR, tr;q=0.8, en;q=0.5"},
    )
    assert browser.json()[0]["text"] == notice("assistant_unavailable", "tr")


def test_readyz_names_what_is_down(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "rasa": "unreachable", "action_server": "unreachable"},
    }


def test_healthz_answers_while_rasa_is_down(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_empty_message_gets_a_clear_error_and_nothing_is_stored(client, database_url, sender_id):
    response = client.post(WEBHOOK, json={"sender": sender_id, "message": "   "})
    assert response.status_code == 422
    assert response.json() == {"detail": notice("message_empty", "de")}
    assert stored(database_url, sender_id) == []


def test_huge_message_is_refused_in_the_users_language(client, sender_id):
    response = client.post(
        WEBHOOK, json={"sender": sender_id, "message": "a" * 2001, "metadata": {"language": "en"}}
    )
    assert response.status_code == 422
    assert response.json() == {"detail": notice("message_too_long", "en", max_chars=2000)}


def test_malformed_json_is_a_clear_error_without_echo(client):
    response = client.post(
        WEBHOOK, content=b'{"sender": "x", "message": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "invalid request"
    assert "Traceback" not in response.text


def test_binary_body_is_a_clear_error(client):
    response = client.post(
        WEBHOOK, content=bytes(range(256)) * 4, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "invalid request"


def test_missing_fields_and_wrong_types_are_named(client):
    response = client.post(WEBHOOK, json={"message": ["not", "text"]})
    assert response.status_code == 422
    fields = {problem["field"] for problem in response.json()["errors"]}
    assert {"sender", "message"} <= fields


def test_unsafe_sender_id_is_refused(client):
    response = client.post(WEBHOOK, json={"sender": "<img src=x>", "message": "Hallo"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sender"


def test_control_characters_are_stripped_before_storing(client, database_url, sender_id):
    client.post(WEBHOOK, json={"sender": sender_id, "message": "Hal\x00lo\x1b"})
    assert stored(database_url, sender_id)[0].text == "Hallo"


def test_chat_page_is_served_with_a_strict_content_security_policy(client):
    page = client.get("/chat")
    assert page.status_code == 200 and "<title>Welcome Center" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert client.get("/", follow_redirects=False).headers["location"] == "/chat"
    script = client.get("/static/chat.js").text
    assert "innerHTML" not in script and "textContent" in script


def test_unknown_path_is_a_plain_404(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_a_flood_is_told_to_slow_down_and_other_users_are_not_affected(client, database_url, sender_id):
    for n in range(20):
        assert client.post(WEBHOOK, json={"sender": sender_id, "message": f"m{n}"}).status_code == 200
    flooded = client.post(
        WEBHOOK, json={"sender": sender_id, "message": "one more", "metadata": {"language": "en"}}
    )
    assert flooded.status_code == 429
    assert flooded.json() == {"detail": notice("message_flood", "en")}
    assert len([m for m in stored(database_url, sender_id) if m.author == "user"]) == 20
    assert client.post(WEBHOOK, json={"sender": sender_id + "x", "message": "hi"}).status_code == 200
