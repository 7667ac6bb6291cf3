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
