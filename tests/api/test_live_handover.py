"""Live hand-over over HTTP: the bot stays silent, counselors reply, notes stay internal,
and a counselor of another center can do none of it."""

import pytest

from bot.conversations import service as conversations
from bot.conversations.models import Message
from bot.handover import service
from bot.handover.models import AuditEntry, CallbackRequest, CaseNote
from tests.api.console_helpers import login, make_case, make_counselor, token

pytestmark = pytest.mark.usefixtures("centers")


@pytest.fixture
def claimed(browser, session):
    """A Dresden case, claimed by Anna, who is logged in on `browser`."""
    case = make_case(session, "dresden", text="Meine Duldung endet morgen")
    anna = make_counselor(session, "dresden")
    login(browser, anna)
    page = browser.get(f"/console/cases/{case.id}")
    browser.post(f"/console/cases/{case.id}/claim", data={"csrf_token": token(page)})
    return case, anna


def sender_of(session, case):
    session.expire_all()
    return session.get(service.Conversation, case.conversation_id).sender_id


def test_while_a_counselor_owns_the_conversation_the_bot_stays_silent(browser, session, claimed):
    case, _ = claimed
    sender = sender_of(session, case)
    # Rasa is unreachable in these tests: had the message gone to the bot, the user would get
    # the "assistant unavailable" notice. It goes to the counselor instead, and is kept.
    response = browser.post(
        "/webhooks/rest/webhook", json={"sender": sender, "message": "Hallo, sind Sie da?"}
    )
    assert response.status_code == 200 and response.json() == []
    stored = conversations.transcript(session=session, sender_id=sender)
    assert stored[-1].text == "Hallo, sind Sie da?" and stored[-1].status == "forwarded"


def test_the_counselors_reply_reaches_the_transcript_under_their_first_name(browser, session, claimed):
    case, anna = claimed
    page = browser.get(f"/console/cases/{case.id}")
    response = browser.post(
        f"/console/cases/{case.id}/messages",
        data={"csrf_token": token(page), "text": "Guten Tag, ich bin Anna."},
    )
    assert response.status_code == 201 and response.json()["message"]["name"] == "Anna"
    history = browser.get(f"/api/chat/{sender_of(session, case)}/messages").json()
    assert history["owner"] == "human"
    texts = [(m["author"], m["name"], m["text"]) for m in history["messages"]]
    assert ("system", None, "Anna von Welcome Center Dresden ist jetzt im Chat.") in texts
    assert ("counselor", "Anna", "Guten Tag, ich bin Anna.") in texts
    # Counselors appear by first name only: no account name, no id.
    assert anna.username not in str(history)


def test_empty_or_huge_replies_are_refused_and_nothing_is_stored(browser, session, claimed):
    case, _ = claimed
    form = {"csrf_token": token(browser.get(f"/console/cases/{case.id}"))}
    before = len(conversations.messages_of(session=session, conversation_id=case.conversation_id))
    assert browser.post(f"/console/cases/{case.id}/messages", data={**form, "text": "   "}).status_code == 422
    huge = browser.post(f"/console/cases/{case.id}/messages", data={**form, "text": "x" * 3000})
    assert huge.status_code == 422 and "zu lang" in huge.json()["detail"]
    assert len(conversations.messages_of(session=session, conversation_id=case.conversation_id)) == before


def test_only_the_counselor_who_claimed_can_answer(browser, session, claimed, settings):
    from fastapi.testclient import TestClient

    from bot.main import create_app

    case, _ = claimed
    colleague = make_counselor(session, "dresden")
    with TestClient(create_app(settings)) as other:
        login(other, colleague)
        form = {"csrf_token": token(other.get("/console")), "text": "Ich übernehme"}
        response = other.post(f"/console/cases/{case.id}/messages", data=form)
    assert response.status_code == 409


def test_return_to_bot_tells_the_user_and_the_bot_answers_again(browser, session, claimed):
    case, _ = claimed
    page = browser.get(f"/console/cases/{case.id}")
    browser.post(f"/console/cases/{case.id}/return", data={"csrf_token": token(page)})
    sender = sender_of(session, case)
    history = browser.get(f"/api/chat/{sender}/messages").json()
    assert history["owner"] == "bot"
    assert history["messages"][-1]["text"].startswith(
        "Anna hat das Gespräch an mich, den Assistenten, zurückgegeben."
    )
    # The next message goes to the bot again (here unreachable, hence its polite notice).
    reply = browser.post(
        "/webhooks/rest/webhook", json={"sender": sender, "message": "Noch eine Frage"}
    ).json()
    assert reply and reply[0]["text"]


def test_internal_notes_are_for_counselors_only(browser, session, claimed):
    case, _ = claimed
    page = browser.get(f"/console/cases/{case.id}")
    browser.post(
        f"/console/cases/{case.id}/notes", data={"csrf_token": token(page), "text": "<i>Rückruf ABH</i>"}
    )
    page = browser.get(f"/console/cases/{case.id}")
    assert "&lt;i&gt;Rückruf ABH&lt;/i&gt;" in page.text
    assert session.query(CaseNote).filter_by(case_id=case.id).count() == 1
    history = browser.get(f"/api/chat/{sender_of(session, case)}/messages").json()
    assert "Rückruf ABH" not in str(history)


def test_a_counselor_of_another_center_can_do_nothing_with_the_case(browser, session, settings):
    from fastapi.testclient import TestClient

    from bot.main import create_app

    case = make_case(session, "thueringen", text="Hilfe")
    with TestClient(create_app(settings)) as other:
        login(other, make_counselor(session, "dresden"))
        form = {"csrf_token": token(other.get("/console")), "text": "hallo"}
        assert other.get(f"/console/cases/{case.id}/messages.json").status_code == 404
        assert other.post(f"/console/cases/{case.id}/messages", data=form).status_code == 404
        assert other.post(f"/console/cases/{case.id}/notes", data=form).status_code == 404
        queue = other.get("/console/queue.json").json()
    assert case.id not in [c["id"] for c in queue["cases"]]
    assert session.query(CaseNote).filter_by(case_id=case.id).count() == 0
    assert [
        m.author for m in conversations.messages_of(session=session, conversation_id=case.conversation_id)
    ] == ["user"]


def test_the_live_queue_lists_my_centers_waiting_cases(browser, session):
    mine = make_case(session, "dresden")
    login(browser, make_counselor(session, "dresden"))
    queue = browser.get("/console/queue.json").json()
    entry = next(c for c in queue["cases"] if c["id"] == mine.id)
    assert entry["status"] == "queued" and entry["status_de"] == "wartet" and entry["center"] == "dresden"


def test_deleting_a_callback_request_removes_the_data_and_is_audited(browser, session):
    case = make_case(session, "dresden")
    request = service.request_callback(
        session=session, conversation_id=case.conversation_id, center_id="dresden", consent_given=True,
        consent_text="ok", name="Olena", contact="olena@example.org", preferred_language="uk", description="x",
    )  # fmt: skip
    request_id = request.id
    login(browser, make_counselor(session, "dresden"))
    browser.post(
        f"/console/callbacks/{request_id}/delete", data={"csrf_token": token(browser.get("/console"))}
    )
    session.expire_all()
    assert session.get(CallbackRequest, request_id) is None
    entry = session.query(AuditEntry).filter_by(action="delete", object_id=str(request_id)).one()
    assert entry.object_type == "callback" and entry.counselor_id is not None


def test_history_of_an_unknown_or_malformed_conversation(browser):
    assert browser.get("/api/chat/never-seen-before/messages").json() == {"owner": "bot", "messages": []}
    assert browser.get("/api/chat/<script>/messages").status_code == 404
    assert browser.get("/api/chat/abc/messages?after=-1").status_code == 422


def test_messages_in_the_store_keep_the_counselor(session, claimed, browser):
    case, anna = claimed
    page = browser.get(f"/console/cases/{case.id}")
    browser.post(f"/console/cases/{case.id}/messages", data={"csrf_token": token(page), "text": "Hallo"})
    stored = session.query(Message).filter_by(conversation_id=case.conversation_id, author="counselor").one()
    assert stored.counselor_id == anna.id
