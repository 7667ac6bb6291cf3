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
    text, form = desk_at("2026-11-18 10:00").respond({"place": "Dresden", "reason": "user_request"}, "de")
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
    text, form = desk_at("2026-11-24 19:30").respond({"place": "Erfurt", "audience": "employer"}, "en")
    assert "Welcome Center Thuringia is available again from Wednesday, 25/11/2026 at 09:00." in text["text"]
    assert form["custom"]["callback_form"]["center"] == "thueringen"


def test_ukrainian_user_reads_it_in_ukrainian(desk_at):
    text, form = desk_at("2026-11-21 12:00").respond({"place": None}, "uk")
    assert "{" not in text["text"]
    assert (
        form["custom"]["callback_form"]["consent_text"]
        == CATALOG.variants("callback_consent", "uk")[0]["text"]
    )


def test_during_office_hours_it_does_not_pretend_the_center_is_closed(desk_at):
    text, _ = desk_at("2026-11-24 10:00").respond({"place": "Erfurt"}, "en")
    assert text["text"].startswith(
        "Sorry, no counselor is available in the chat right now. Would you like Welcome Center Thuringia to call"
    )
