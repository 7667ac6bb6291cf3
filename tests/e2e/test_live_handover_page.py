"""The whole live hand-over in two real browsers, on the real stack (Rasa, actions, web):
user asks for a person -> case appears live in the console -> counselor claims and replies ->
user sees the reply -> user writes back -> counselor sees it -> counselor returns the
conversation to the bot -> the bot answers the next question."""

from __future__ import annotations

import uuid
from datetime import date

import holidays
import pytest
from playwright.sync_api import expect, sync_playwright

from bot.core.db import get_sessionmaker
from bot.handover import service
from bot.handover.centers import sync_centers
from bot.handover.models import Center, HandoverCase
from kb.__main__ import main as kb_main
from tests.e2e.test_chat_page import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"
GERMAN_STATES = (
    "BB",
    "BE",
    "BW",
    "BY",
    "HB",
    "HE",
    "HH",
    "MV",
    "NI",
    "NW",
    "RP",
    "SH",
    "SL",
    "SN",
    "ST",
    "TH",
)


@pytest.fixture
def dresden_open_now(stack):
    """Dresden's center staffed around the clock, in a state with no holiday today; restored after."""
    kb_main(["load", "--database-url", stack.database_url])
    sessions = get_sessionmaker(stack.database_url)
    today = date.today()
    state = next(
        s for s in GERMAN_STATES if not holidays.country_holidays("DE", subdiv=s, years=today.year).get(today)
    )
    with sessions() as session:
        sync_centers(session=session)
        center = session.get(Center, "dresden")
        center.office_hours = {
            day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        }
        center.state = state
        for case in session.query(HandoverCase).filter(HandoverCase.center_id == "dresden"):
            if case.status in ("queued", "claimed"):  # other tests' cases: this user is the only one
                case.status = "resolved"
        counselor = service.add_counselor(
            session=session, username=f"anna-{uuid.uuid4().hex[:6]}", first_name="Anna", password=PASSWORD,
            role="counselor", centers=["dresden"],
        )  # fmt: skip
        session.commit()
        yield counselor.username
        sync_centers(session=session)


@pytest.fixture
def two_browsers():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 780}, locale="en-GB")
        desk = browser.new_context(viewport={"width": 1100, "height": 850}, locale="de-DE")
        yield phone.new_page(), desk.new_page()
        browser.close()


def say(page, text):
    page.fill("#message", text)
    page.keyboard.press("Enter")


def test_user_and_counselor_talk_live_and_the_bot_takes_over_again(stack, dresden_open_now, two_browsers):
    user, counselor = two_browsers
    ARTIFACTS.mkdir(exist_ok=True)

    # The counselor has the console open: that makes her "online" for the chat.
    counselor.goto(f"{stack.web_url}/console/login")
    counselor.fill("input[name=username]", dresden_open_now)
    counselor.fill("input[name=password]", PASSWORD)
    counselor.click("button[type=submit]")
    expect(counselor.locator("#live-status")).to_have_text("● online")

    user.goto(f"{stack.web_url}/chat")
    user.select_option("#language", "en")
    say(user, "How do I get my nursing diploma recognised in Dresden?")
    expect(user.locator(".msg--bot")).not_to_have_count(0, timeout=30_000)
    say(user, "I would like to talk to a real person please")
    queued = user.locator(".msg--bot", has_text="You are number 1 in the queue")
    expect(queued).to_be_visible(timeout=30_000)
    expect(queued).to_contain_text("Welcome Center Dresden")

    # The case arrives in the console without a reload, with a badge in the title.
    case_link = counselor.locator("#queue li.case--queued a").first
    expect(case_link).to_be_visible(timeout=10_000)
    expect(counselor).to_have_title("(1) Warteschlange – Welcome Center")
    counselor.screenshot(path=str(ARTIFACTS / "handover-console-queue.png"), full_page=True)
    case_link.click()
    expect(counselor.locator(".summary")).to_contain_text("Sprache: Englisch")
    expect(counselor.locator(".summary")).to_contain_text("nursing diploma")
    counselor.click("text=Übernehmen")
    expect(counselor.locator("#reply-text")).to_be_visible()
    expect(
        user.locator(".msg--system", has_text="Anna from Welcome Center Dresden has joined the chat.")
    ).to_be_visible(timeout=10_000)

    counselor.fill("#reply-text", "Hello, I'm Anna. Which country is your diploma from?")
    counselor.click("#reply button[type=submit]")
    reply = user.locator(".msg--counselor").last
    expect(reply).to_contain_text("Which country is your diploma from?", timeout=10_000)
    expect(reply.locator(".msg__who")).to_have_text("Anna")

    say(user, "From Ukraine, I studied in Kharkiv <b>2015</b>")
    expect(counselor.locator(".line--user").last).to_contain_text(
        "From Ukraine, I studied in Kharkiv <b>2015</b>"
    )
    user.screenshot(path=str(ARTIFACTS / "handover-chat-live.png"), full_page=True)
    counselor.screenshot(path=str(ARTIFACTS / "handover-console-case.png"), full_page=True)
    # The bot kept silent while Anna had the conversation.
    assert user.locator(".msg--bot").filter(has_text="Kharkiv").count() == 0

    counselor.click("text=An den Assistenten zurückgeben")
    expect(counselor.locator(".flash")).to_have_text("Das Gespräch ist zurück beim Assistenten.")
    expect(user.locator(".msg--system").last).to_contain_text(
        "Anna has handed the chat back to me", timeout=10_000
    )

    answers_before = user.locator(".msg--bot", has_text="as of").count()
    say(user, "How much does the integration course cost?")
    # The bot answers again: a dated fact from the knowledge base.
    expect(user.locator(".msg--bot", has_text="as of")).to_have_count(answers_before + 1, timeout=30_000)
    user.screenshot(path=str(ARTIFACTS / "handover-chat-back-to-bot.png"), full_page=True)
