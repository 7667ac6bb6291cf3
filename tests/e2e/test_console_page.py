"""The counselor console in a real browser: log in, see the queue, open and claim a case."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from bot.conversations import service as conversations
from bot.core.db import get_sessionmaker
from bot.handover import service
from bot.handover.centers import sync_centers
from tests.e2e.test_chat_page import ARTIFACTS, page  # noqa: F401  (the browser page fixture)

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


@pytest.fixture
def counselor_and_case(stack):
    with get_sessionmaker(stack.database_url)() as session:
        sync_centers(session=session)
        counselor = service.add_counselor(
            session=session, username=f"anna-{uuid.uuid4().hex[:6]}", first_name="Anna", password=PASSWORD,
            role="counselor", centers=["dresden"],
        )  # fmt: skip
        message = conversations.record_user_message(
            session=session, sender_id=f"s-{uuid.uuid4().hex}", channel="rest",
            text="Мені потрібна допомога з визнанням диплома медсестри",
        )  # fmt: skip
        case = service.open_case(
            session=session, conversation_id=message.conversation_id, center_id="dresden", reason="user_request",
            language="uk", place="Dresden",
            summary_de="Anlass: Nutzer/in möchte mit einer Person sprechen\nSprache: Ukrainisch\nOrt: Dresden",
        )  # fmt: skip
        return counselor.username, case.id


def test_counselor_logs_in_sees_the_queue_and_claims_a_case(stack, page, counselor_and_case):  # noqa: F811
    username, case_id = counselor_and_case
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1100, "height": 800})
    page.goto(f"{stack.web_url}/console")
    expect(page.locator("h1")).to_have_text("Anmelden")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1").first).to_have_text("Warteschlange")
    link = page.locator(f'a[href="/console/cases/{case_id}"]')
    expect(link).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "console-queue.png"), full_page=True)
    link.click()
    expect(page.locator(".summary")).to_contain_text("Sprache: Ukrainisch")
    expect(page.locator(".transcript")).to_contain_text("визнанням диплома")
    page.click("text=Übernehmen")
    expect(page.locator(".flash")).to_have_text("Sie haben den Fall übernommen.")
    expect(page.locator("text=An den Assistenten zurückgeben")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "console-case.png"), full_page=True)


def test_callback_from_the_widget_reaches_the_console(stack, page, thueringen_unstaffed):  # noqa: F811
    from kb.__main__ import main as kb_main

    kb_main(["load", "--database-url", stack.database_url])
    with get_sessionmaker(stack.database_url)() as session:
        sync_centers(session=session)
        counselor = service.add_counselor(
            session=session, username=f"tom-{uuid.uuid4().hex[:6]}", first_name="Tom", password=PASSWORD,
            role="counselor", centers=["thueringen"],
        )  # fmt: skip
    page.goto(f"{stack.web_url}/chat")
    page.select_option("#language", "en")
    page.fill("#message", "I would like to talk to a real person please")
    page.keyboard.press("Enter")
    form = page.locator("form.callback")
    expect(form).to_be_visible(timeout=30_000)
    expect(page.locator(".msg--bot").first).to_contain_text("no counselor is available in the chat right now")
    name = f"Priya {uuid.uuid4().hex[:4]}"
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=contact]").fill("priya@example.org")
    form.locator("textarea[name=description]").fill("We want to hire two nurses from India.")
    form.locator("input[name=consent]").check()
    page.screenshot(path=str(ARTIFACTS / "chat-callback-form.png"), full_page=True)
    form.locator("button[type=submit]").click()
    expect(page.locator(".msg--bot").last).to_contain_text(f"Thank you, {name}!")

    page.goto(f"{stack.web_url}/console/login")
    page.fill("input[name=username]", counselor.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    entry = page.locator("li.case", has_text=name)
    expect(entry).to_contain_text("priya@example.org")
    expect(entry).to_contain_text("We want to hire two nurses from India.")
    page.screenshot(path=str(ARTIFACTS / "console-callbacks.png"), full_page=True)
    entry.locator("button", has_text="Erledigt").click()
    expect(page.locator(".flash")).to_have_text("Rückrufwunsch als erledigt markiert.")
