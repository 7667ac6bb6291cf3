"""Counselors, cases and logins for the console tests."""

import re
import uuid

from bot.conversations import service as conversations
from bot.handover import service

PASSWORD = "correct horse battery staple"


def make_counselor(session, center):
    return service.add_counselor(
        session=session, username=f"c-{uuid.uuid4().hex[:8]}", first_name="Anna", password=PASSWORD,
        role="counselor", centers=[center],
    )  # fmt: skip


def make_case(session, center, text="Hilfe"):
    message = conversations.record_user_message(
        session=session, sender_id=f"s-{uuid.uuid4().hex}", channel="rest", text=text
    )
    return service.open_case(
        session=session, conversation_id=message.conversation_id, center_id=center, reason="user_request",
        summary_de="Anlass: Nutzer/in möchte mit einer Person sprechen",
    )  # fmt: skip


def token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def login(client, counselor, password=PASSWORD):
    page = client.get("/console/login")
    return client.post(
        "/console/login",
        data={"username": counselor.username, "password": password, "csrf_token": token(page)},
        follow_redirects=False,
    )
