"""Live events between web workers: broadcaster, with the backend chosen by URL.

`memory://` (the default) reaches the workers of one process only; `redis://…` or
`postgresql://…` (LISTEN/NOTIFY) let several instances of the web service behind one
database see each other's events: a counselor's reply sent to instance A reaches the
user whose chat is connected to instance B.

Two fixed channels carry JSON events: CHAT (to a user's widget, addressed by sender id)
and CONSOLE (to counselors, addressed by center). Every subscriber filters what it gets;
fixed channels keep PostgreSQL's channel names short and valid whatever the sender id.
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict
from urllib.parse import urlparse

from broadcaster import Broadcast
from broadcaster._backends.redis import RedisBackend

logger = logging.getLogger(__name__)

CHAT = "wc_chat"
CONSOLE = "wc_console"
# PostgreSQL's NOTIFY payload limit is 8000 bytes; messages are capped well below.
MAX_EVENT_BYTES = 7900


class _Redis4Backend(RedisBackend):
    """broadcaster's Redis backend closes with redis-py 5's `aclose`; Rasa pins redis 4."""

    async def disconnect(self) -> None:
        await self._pubsub.close()
        await self._conn.close()
        if self._listener is not None:
            self._listener.cancel()


def _backend_url(url: str) -> str:
    # SQLAlchemy spellings of a PostgreSQL URL, for people who copy DATABASE_URL.
    for prefix in ("postgresql+psycopg2://", "postgresql+asyncpg://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


class Hub:
    """Publishes and receives JSON events on the configured pub/sub backend."""

    def __init__(self, url: str = "memory://") -> None:
        url = _backend_url(url)
        scheme = urlparse(url).scheme
        if scheme not in ("memory", "redis", "rediss", "postgres", "postgresql"):
            raise ValueError(f"PUBSUB_URL: unsupported scheme {scheme!r} (memory, redis, postgresql)")
        self.url = url
        self.scheme = scheme
        backend = _Redis4Backend(url) if scheme in ("redis", "rediss") else None
        self._broadcast = Broadcast(backend=backend) if backend else Broadcast(url)
        self._connected = False

    async def connect(self) -> None:
        await self._broadcast.connect()
        self._connected = True

    async def disconnect(self) -> None:
        if self._connected:
            self._connected = False
            await self._broadcast.disconnect()

    async def publish(self, channel: str, event: Dict[str, Any]) -> None:
        payload = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        if len(payload.encode("utf-8")) > MAX_EVENT_BYTES:
            raise ValueError(f"event too large for the pub/sub backend ({len(payload)} characters)")
        await self._broadcast.publish(channel, payload)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[Dict[str, Any]]]:
        """`async with hub.subscribe(CHAT) as events: async for event in events: …`"""
        async with self._broadcast.subscribe(channel) as subscriber:

            async def events() -> AsyncIterator[Dict[str, Any]]:
                async for item in subscriber:
                    if item is None:
                        return
                    try:
                        yield json.loads(item.message)
                    except (TypeError, ValueError):
                        logger.warning("Dropped a malformed event on %s", channel)

            yield events()
