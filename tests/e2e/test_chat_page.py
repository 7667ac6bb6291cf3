"""The chat page in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.core.config import PROJECT_ROOT
from kb.catalog import ResponseCatalog

pytestmark = pytest.mark.e2e

CATALOG = ResponseCatalog.from_directory()
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # A phone: most newcomers chat on one.
        context = browser.new_context(viewport={"width": 390, "height": 780}, locale="de-DE")
        page = context.new_page()
        outside = []
        page.on(
            "request", lambda r: outside.append(r.url) if not r.url.startswith("http://127.0.0.1") else None
        )
        yield page
        browser.close()
        assert outside == [], f"the page loaded something from outside its origin: {outside}"


def test_typing_hallo_gets_a_german_greeting_and_markup_stays_text(stack, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{stack.web_url}/chat")
    expect(page.locator("h1")).to_have_text("Welcome Center")

    page.fill("#message", "Hallo")
    page.keyboard.press("Enter")
    bot = page.locator(".msg--bot").first
    expect(bot).to_be_visible(timeout=30_000)
    assert bot.locator("div").first.inner_text() in {v["text"] for v in CATALOG.variants("utter_greet", "de")}
    # The greeting offers the two audiences as buttons.
    expect(bot.locator("button")).to_have_text(["Ich bin neu in Deutschland", "Ich bin Arbeitgeber"])

    page.fill("#message", "<b>fett</b> <img src=x onerror=alert(1)>")
    page.click("#send")
    user = page.locator(".msg--user").nth(1)
    expect(user).to_have_text("<b>fett</b> <img src=x onerror=alert(1)>")
    assert page.locator(".msg img, .msg b").count() == 0
    page.screenshot(path=str(ARTIFACTS / "chat-de.png"), full_page=True)


def test_choosing_arabic_answers_in_arabic_right_to_left(stack, page):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{stack.web_url}/chat")
    page.select_option("#language", "ar")
    page.fill("#message", "Hello")
    page.keyboard.press("Enter")
    bot = page.locator(".msg--bot").first
    expect(bot).to_be_visible(timeout=30_000)
    assert bot.locator("div").first.inner_text() in {v["text"] for v in CATALOG.variants("utter_greet", "ar")}
    assert bot.evaluate("el => getComputedStyle(el).direction") == "rtl"
    page.screenshot(path=str(ARTIFACTS / "chat-ar.png"), full_page=True)


def test_employer_finds_the_accelerated_procedure_by_buttons(stack, page):
    from kb.__main__ import main as kb_main

    kb_main(["load", "--database-url", stack.database_url])
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{stack.web_url}/chat")
    page.fill("#message", "Hallo")
    page.keyboard.press("Enter")
    page.locator(".msg--bot button", has_text="Ich bin Arbeitgeber").click(timeout=30_000)
    menu = page.locator(".msg--bot").nth(1)
    expect(menu.locator("button").first).to_be_visible(timeout=30_000)
    menu.locator("button", has_text="Beschleunigtes Fachkräfteverfahren").click()
    answer = page.locator(".msg--bot").nth(2)
    expect(answer).to_contain_text("411", timeout=30_000)
    expect(answer).to_contain_text("Quelle:")
    page.screenshot(path=str(ARTIFACTS / "chat-employer.png"), full_page=True)
