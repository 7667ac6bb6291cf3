"""Reads a server-sent event stream in a background thread, for tests against real servers."""

from __future__ import annotations

import json
import queue
import threading
import time
from typing import Any, Dict, Optional

import httpx


class EventStream:
    """Connects to `url` and collects its events; `wait_for` returns the first that matches."""

    def __init__(self, url: str, *, cookies: Optional[httpx.Cookies] = None) -> None:
        self.url = url
        self.events: queue.Queue[Dict[str, Any]] = queue.Queue()
        self.status: Optional[int] = None
        self._cookies = cookies
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> EventStream:
        self._thread.start()
        if not self._connected.wait(15):
            raise TimeoutError(f"no response from {self.url}")
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()

    def _run(self) -> None:
        client = httpx.Client(cookies=self._cookies, timeout=httpx.Timeout(10, read=None))
        with client, client.stream("GET", self.url, headers={"Accept": "text/event-stream"}) as response:
            self.status = response.status_code
            self._connected.set()
            name, data = "message", []
            for line in response.iter_lines():
                if self._stop.is_set():
                    return
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
                elif not line and data:
                    try:
                        payload = json.loads("\n".join(data))
                    except ValueError:
                        payload = {"raw": "\n".join(data)}
                    self.events.put({"event": name, **payload})
                    name, data = "message", []

    def wait_for(self, event: str, timeout: float = 10.0, **expected: Any) -> Dict[str, Any]:
        """The next event named `event` whose fields include `expected` (others are skipped)."""
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            try:
                item = self.events.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                break
            seen.append(item)
            if item["event"] == event and all(item.get(k) == v for k, v in expected.items()):
                return item
        raise AssertionError(f"no {event!r} event with {expected} within {timeout} s; saw {seen}")
