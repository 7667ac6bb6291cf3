"""Two instances of the web service behind one database and one pub/sub backend work as one:
the counselor on instance A and the user on instance B hear each other live."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from bot.conversations import service as conversations
from bot.core.config import PROJECT_ROOT
from bot.handover import service
from bot.handover.centers import sync_centers
from tests.api.console_helpers import PASSWORD, login, token
from tests.e2e.conftest import free_port
from tests.sse import EventStream

BACKENDS = {
    "redis": os.environ.get("TEST_REDIS_PUBSUB_URL", "redis://127.0.0.1:6379/15"),
    "postgresql": os.environ.get("TEST_POSTGRES_PUBSUB_URL", "postgresql://postgres@127.0.0.1:5432/test"),
}


def start_web(database_url: str, pubsub_url: str, logs) -> tuple:
    port = free_port()
    env = {
        **os.environ,
        "ENV": "test",
        "DATABASE_URL": database_url,
        "PUBSUB_URL": pubsub_url,
        "WEB_PORT": str(port),
        "RASA_URL": "http://127.0.0.1:9",  # no bot: the conversation belongs to a person
        "ACTION_SERVER_URL": "http://127.0.0.1:9",
        "LOG_LEVEL": "WARNING",
    }
    log = logs / f"web-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "web"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"web instance exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"web instance did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(params=sorted(BACKENDS))
def two_instances(request, database_url, tmp_path):
    processes = []
    try:
        urls = []
        for _ in range(2):
            process, url = start_web(database_url, BACKENDS[request.param], tmp_path)
            processes.append(process)
            urls.append(url)
        yield urls
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_counselor_on_one_instance_and_user_on_the_other_hear_each_other(two_instances, session):
    instance_a, instance_b = two_instances
    sync_centers(session=session)
    counselor = service.add_counselor(
        session=session, username=f"anna-{uuid.uuid4().hex[:6]}", first_name="Anna", password=PASSWORD,
        role="counselor", centers=["dresden"],
    )  # fmt: skip
    outsider = service.add_counselor(
        session=session, username=f"tom-{uuid.uuid4().hex[:6]}", first_name="Tom", password=PASSWORD,
        role="counselor", centers=["thueringen"],
    )  # fmt: skip
    sender = f"two-{uuid.uuid4().hex}"
    first = conversations.record_user_message(
        session=session, sender_id=sender, channel="rest", text="Ich brauche Hilfe"
    )
    case = service.open_case(
        session=session, conversation_id=first.conversation_id, center_id="dresden", reason="user_request",
        summary_de="Anlass: Nutzer/in möchte mit einer Person sprechen", language="de",
    )  # fmt: skip

    online_before = service.counselors_online(session=session, center_id="dresden")
    with (
        httpx.Client(base_url=instance_a, follow_redirects=True) as console,
        httpx.Client(base_url=instance_b, follow_redirects=True) as outsider_console,
    ):
        for client, account in ((console, counselor), (outsider_console, outsider)):
            login(client, account)
        with (
            EventStream(f"{instance_a}/console/events", cookies=console.cookies) as console_events,
            EventStream(f"{instance_b}/console/events", cookies=outsider_console.cookies) as outsider_events,
            EventStream(f"{instance_b}/api/chat/{sender}/events") as user_events,
        ):
            outsider_events.wait_for("ready")
            console_events.wait_for("ready")
            user_events.wait_for("ready")
            # The open console makes Anna "online" for the chat, seen from the database.
            session.expire_all()
            assert service.counselors_online(session=session, center_id="dresden") == online_before + 1

            page = console.get(f"/console/cases/{case.id}")
            console.post(f"/console/cases/{case.id}/claim", data={"csrf_token": token(page)})
            joined = user_events.wait_for("message")
            assert joined["message"]["text"] == "Anna von Welcome Center Dresden ist jetzt im Chat."

            page = console.get(f"/console/cases/{case.id}")
            sent = console.post(
                f"/console/cases/{case.id}/messages",
                data={"csrf_token": token(page), "text": "Guten Tag! Worum geht es?"},
            )
            assert sent.status_code == 201
            reply = user_events.wait_for("message")
            assert reply["message"]["author"] == "counselor" and reply["message"]["name"] == "Anna"
            assert reply["message"]["text"] == "Guten Tag! Worum geht es?"

            answer = httpx.post(
                f"{instance_b}/webhooks/rest/webhook",
                json={"sender": sender, "message": "Meine Duldung endet morgen."},
            )
            assert answer.status_code == 200 and answer.json() == []  # the bot stays silent
            heard = console_events.wait_for("message", case=case.id, center="dresden")
            while heard["message"]["author"] != "user":
                heard = console_events.wait_for("message", case=case.id, center="dresden")
            assert heard["message"]["text"] == "Meine Duldung endet morgen."

            page = console.get(f"/console/cases/{case.id}")
            console.post(f"/console/cases/{case.id}/return", data={"csrf_token": token(page)})
            back = user_events.wait_for("message")
            assert back["message"]["text"].startswith(
                "Anna hat das Gespräch an mich, den Assistenten, zurückgegeben."
            )

    # A counselor of another center heard nothing of this Dresden case.
    leaked = [
        e
        for e in list(outsider_events.events.queue)
        if e.get("case") == case.id or e.get("center") == "dresden"
    ]
    assert leaked == []
