"""Asking for a person after hours: when the center opens again, its contact, a callback form."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.db import get_sessionmaker
from bot.handover.centers import sync_centers
from bot.handover.desk import HandoverDesk
from bot.kb_render import KnowledgeBaseRenderer
from kb.__main__ import main as kb_main
from kb.catalog import ResponseCatalog
from kb.repository import KnowledgeBaseReader

BERLIN = ZoneInfo("Europe/Berlin")
CATALOG = ResponseCatalog.from_directory()


@pytest.fixture
def desk_at(database_url, session):
    kb_main(["load", "--force", "--database-url", database_url])
    sync_centers(session=session)
    sessions = get_sessionmaker(database_url)
    kb = KnowledgeBaseReader(sessions)
    renderer = KnowledgeBaseRenderer(kb, CATALOG, center_id="welcome-center-thuringia")

    def desk_at(moment: str) -> HandoverDesk:
        when = datetime.fromisoformat(moment).replace(tzinfo=BERLIN)
        return HandoverDesk(sessions=sessions, kb=kb, renderer=renderer, catalog=CATALOG, clock=lambda: when)

    return desk_at


def test_on_a_saxon_holiday_the_dresden_user_is_offered_a_callback(desk_at):
    # Buß- und Bettag (Wed 18 Nov 2026) closes the Dresden center; Thursday it opens at 9.
    text, form = (
        desk_at("2026-11-18 10:00").respond({"place": "Dresden", "reason": "user_request"}, "de").messages
    )
    assert text["text"].startswith("Gerade ist leider keine Beraterin und kein Berater im Chat erreichbar.")
    assert (
        "Welcome Center Dresden ist wieder erreichbar ab Donnerstag, 19.11.2026 um 09:00 Uhr." in text["text"]
    )
    assert "Theaterstraße" in text["text"]
    spec = form["custom"]["callback_form"]
    assert spec["center"] == "dresden" and spec["language"] == "de"
    assert spec["consent_text"].startswith("Ich bin einverstanden")
    assert spec["labels"]["submit"] == "Rückruf anfragen"


def test_the_evening_employer_in_erfurt_gets_the_next_morning_in_english(desk_at):
    text, form = (
        desk_at("2026-11-24 19:30").respond({"place": "Erfurt", "audience": "employer"}, "en").messages
    )
    assert "Welcome Center Thuringia is available again from Wednesday, 25/11/2026 at 09:00." in text["text"]
    assert form["custom"]["callback_form"]["center"] == "thueringen"


def test_ukrainian_user_reads_it_in_ukrainian(desk_at):
    text, form = desk_at("2026-11-21 12:00").respond({"place": None}, "uk").messages
    assert "{" not in text["text"]
    assert (
        form["custom"]["callback_form"]["consent_text"]
        == CATALOG.variants("callback_consent", "uk")[0]["text"]
    )


def test_during_office_hours_it_does_not_pretend_the_center_is_closed(desk_at):
    text, _ = desk_at("2026-11-24 10:00").respond({"place": "Erfurt"}, "en").messages
    assert text["text"].startswith(
        "Sorry, no counselor is available in the chat right now. Would you like Welcome Center Thuringia to call"
    )


# --- live: a counselor is online ------------------------------------------------------------


@pytest.fixture
def online(session, sender_id):
    """A Thuringian counselor with the console open."""
    from bot.handover import service

    counselor = service.add_counselor(
        session=session, username=f"anna-{sender_id}", first_name="Anna", password="a long password 1", role="counselor",
        centers=["thueringen"],
    )  # fmt: skip
    service.touch_presence(session=session, counselor_id=counselor.id)
    return counselor


def _conversation_with_question(session, sender_id, text):
    from bot.conversations import service as conversations

    message = conversations.record_user_message(
        session=session, sender_id=sender_id, channel="rest", text=text
    )
    conversations.record_replies(session=session, user_message_id=message.id, replies=[{"text": "Antwort"}])


def test_with_a_counselor_online_in_office_hours_a_case_opens_with_a_german_summary(
    desk_at, online, session, sender_id
):
    from bot.handover.models import HandoverCase

    _conversation_with_question(session, sender_id, "Мій дозвіл на проживання закінчується, що робити?")
    desk = desk_at("2026-11-24 10:00")  # Tuesday, Erfurt is open
    payload = {
        "place": "Erfurt",
        "reason": "user_request",
        "audience": "newcomer",
        "topic": "residence_permit",
    }
    outcome = desk.respond(payload, "uk", sender_id)
    assert outcome.opened and outcome.center_id == "thueringen"
    text = outcome.messages[0]["text"]
    assert "Welcome Center Thuringia" in text and "1" in text and "{" not in text
    assert not any("custom" in message for message in outcome.messages)  # no callback form
    case = session.get(HandoverCase, outcome.case_id)
    assert case.status == "queued"
    assert "Anlass: Nutzer/in möchte mit einer Person sprechen" in case.summary_de
    assert "Sprache: Ukrainisch" in case.summary_de and "Ort: Erfurt" in case.summary_de
    assert "Мій дозвіл на проживання закінчується" in case.summary_de
    # Asking again while waiting does not open a second case.
    again = desk.respond(payload, "uk", sender_id)
    assert not again.opened and again.case_id == outcome.case_id


def test_a_counselor_online_after_hours_still_means_a_callback(desk_at, online, session, sender_id):
    _conversation_with_question(session, sender_id, "Hello")
    outcome = desk_at("2026-11-24 19:30").respond({"place": "Erfurt"}, "en", sender_id)
    assert (
        outcome.case_id is None and outcome.messages[-1]["custom"]["callback_form"]["center"] == "thueringen"
    )


def test_nobody_of_the_users_center_online_means_a_callback(desk_at, online, session, sender_id):
    from bot.handover import service
    from bot.handover.models import Center, Counselor

    for counselor in session.query(Counselor).filter(Counselor.centers.any(Center.id == "dresden")):
        service.go_offline(session=session, counselor_id=counselor.id)  # other tests' consoles
    _conversation_with_question(session, sender_id, "Hallo")
    # Anna is Thuringian; Dresden (Tuesday 10:00 is open there) has nobody online.
    outcome = desk_at("2026-11-24 10:00").respond({"place": "Dresden"}, "de", sender_id)
    assert outcome.case_id is None and outcome.messages[-1]["custom"]["callback_form"]["center"] == "dresden"


def test_urgent_situations_get_the_emergency_numbers_and_an_advice_contact_first(desk_at, session, sender_id):
    _conversation_with_question(session, sender_id, "Abschiebung morgen!!")
    payload = {"place": "Leipzig", "reason": "urgent", "advice_topic": "migration_counselling"}
    messages = desk_at("2026-11-24 19:30").respond(payload, "de", sender_id).messages
    assert "110" in messages[0]["text"] and "112" in messages[0]["text"]
    assert "Willkommenszentrum Leipzig" in messages[1]["text"]  # the most local advice
    # Without a place: the nationwide migration counselling.
    payload["place"] = None
    messages = desk_at("2026-11-24 19:30").respond(payload, "de", sender_id).messages
    assert "Migrationsberatung" in messages[1]["text"]
    assert messages[-1]["custom"]["callback_form"]  # after hours: still a way to a person


def test_the_wait_estimate_is_the_median_time_to_claim_times_the_position(session, online, sender_id):
    from datetime import timedelta

    from bot.conversations import service as conversations
    from bot.conversations.models import utcnow
    from bot.handover import service
    from bot.handover.models import HandoverCase

    for other in session.query(HandoverCase).filter(HandoverCase.center_id == "thueringen"):
        other.claimed_at = None  # claims other tests made: this test sets the history itself
    session.commit()
    assert service.wait_estimate_minutes(session=session, center_id="thueringen", position=1) is None
    conversation = conversations.get_or_create_conversation(
        session=session, sender_id=sender_id, channel="rest"
    )
    now = utcnow()
    for minutes in (2, 4, 30):
        session.add(
            HandoverCase(conversation_id=conversation.id, center_id="thueringen", reason="user_request",
                         status="resolved", created_at=now - timedelta(minutes=minutes), claimed_at=now)
        )  # fmt: skip
    session.commit()
    assert service.wait_estimate_minutes(session=session, center_id="thueringen", position=2) == 8


def test_a_case_nobody_claims_in_time_is_offered_a_callback_exactly_once(session, online, sender_id):
    from datetime import timedelta

    from bot.conversations import service as conversations
    from bot.conversations.models import Conversation
    from bot.handover import service
    from bot.handover.models import HandoverCase

    conversation = conversations.get_or_create_conversation(
        session=session, sender_id=sender_id, channel="rest"
    )
    case = service.open_case(
        session=session, conversation_id=conversation.id, center_id="thueringen", reason="user_request",
        summary_de="", language="en",
    )  # fmt: skip
    fresh = service.offer_callback_for_waiting(session=session, older_than=timedelta(minutes=10))
    assert case.id not in [e.case_id for e in fresh]
    expired = {
        e.case_id: e for e in service.offer_callback_for_waiting(session=session, older_than=timedelta(0))
    }
    assert expired[case.id].sender_id == sender_id and expired[case.id].language == "en"
    again = service.offer_callback_for_waiting(session=session, older_than=timedelta(seconds=0))
    assert case.id not in [e.case_id for e in again]
    session.expire_all()
    assert session.get(HandoverCase, case.id).status == "callback_offered"
    assert session.get(Conversation, conversation.id).owner == "bot"
