"""The real stack for end-to-end tests: Rasa server, action server and web service,
started once per test session on free ports, as `make run` starts them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.core.config import PROJECT_ROOT
from bot.core.db import get_sessionmaker
from bot.handover import service
from bot.handover.models import Center, Counselor

MODEL = PROJECT_ROOT / "models" / "welcome.tar.gz"
START_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    """Three running processes and where to reach them."""

    web_url: str
    rasa_url: str
    database_url: str
    token: str
    logs: Path
    processes: dict = field(default_factory=dict)

    def stop(self, name: str) -> None:
        process = self.processes[name]
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for name in self.processes:
            self.stop(name)

    def log_tail(self, name: str, lines: int = 40) -> str:
        return "\n".join((self.logs / f"{name}.log").read_text(errors="replace").splitlines()[-lines:])


def pytest_collection_modifyitems(items):
    # Tests that stop the shared Rasa server go last, whatever file they are in.
    items.sort(key=lambda item: item.get_closest_marker("stops_rasa") is not None)


@pytest.fixture(scope="session")
def stack(database_url, tmp_path_factory) -> Stack:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it for you)")
    logs = tmp_path_factory.mktemp("stack-logs")
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    token = "e2e-token-" + os.urandom(8).hex()
    env = {
        **os.environ,
        **{key: str(value) for key, value in ports.items()},
        "ENV": "test",
        "DATABASE_URL": database_url,
        "RASA_TOKEN": token,
        "RASA_MODEL": str(MODEL),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    stack = Stack(
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        database_url=database_url,
        token=token,
        logs=logs,
    )
    for name in ("rasa", "actions", "web"):
        stack.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", name],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=(logs / f"{name}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while True:
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    pytest.fail(f"{name} exited with {process.returncode}:\n{stack.log_tail(name)}")
            try:
                if httpx.get(f"{stack.web_url}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                tails = "\n".join(f"--- {n}\n{stack.log_tail(n)}" for n in stack.processes)
                pytest.fail(f"stack not ready after {START_TIMEOUT} s\n{tails}")
            time.sleep(1)
        yield stack
    finally:
        stack.stop_all()


@pytest.fixture
def thueringen_unstaffed(stack):
    """Nobody of Welcome Center Thuringia has the console open.

    A counselor an earlier test logged in stays "online" for a minute; during the center's
    office hours the chat would then queue the user instead of offering a callback.
    """
    with get_sessionmaker(stack.database_url)() as session:
        staff = session.scalars(select(Counselor).where(Counselor.centers.any(Center.id == "thueringen")))
        for counselor in staff.all():
            service.go_offline(session=session, counselor_id=counselor.id)
        assert service.counselors_online(session=session, center_id="thueringen") == 0
