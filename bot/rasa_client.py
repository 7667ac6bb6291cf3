"""The only place that talks HTTP to the Rasa server and the action server."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import httpx

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer usably (down, timed out, or answered with an error)."""


class RasaClient:
    """Async client for Rasa's REST channel and the health endpoints of both servers."""

    def __init__(
        self,
        *,
        rasa_url: str,
        token: str,
        action_server_url: str,
        timeout: float,
        transport: Optional[httpx.AsyncBaseTransport] = None,
    ) -> None:
        self._rasa_url = rasa_url.rstrip("/")
        self._token = token
        self._action_server_url = action_server_url.rstrip("/")
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send_message(
        self, *, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None
    ) -> List[Dict[str, Any]]:
        """Hands one user message to Rasa and returns the bot's messages for it."""
        try:
            response = await self._http.post(
                f"{self._rasa_url}/webhooks/rest/webhook",
                json={"sender": sender_id, "message": text, "metadata": metadata or {}},
            )
        except httpx.HTTPError as error:
            logger.warning("Rasa unreachable for %s: %r", sender_id, error)
            raise RasaUnavailable(type(error).__name__) from error
        if response.status_code != 200:
            logger.warning("Rasa answered HTTP %s for %s", response.status_code, sender_id)
            raise RasaUnavailable(f"HTTP {response.status_code}")
        try:
            messages = response.json()
        except ValueError as error:
            raise RasaUnavailable("invalid JSON") from error
        if not isinstance(messages, list):
            raise RasaUnavailable("unexpected reply")
        return [message for message in messages if isinstance(message, dict)]

    async def rasa_status(self) -> str:
        """'ok' when Rasa answers its authenticated status API with a loaded model."""
        try:
            response = await self._http.get(
                f"{self._rasa_url}/status", params={"token": self._token}, timeout=5
            )
        except httpx.HTTPError:
            return "unreachable"
        if response.status_code != 200:
            return f"error (HTTP {response.status_code})"
        if not (response.json() or {}).get("model_file"):
            return "no model loaded"
        return "ok"

    async def action_server_status(self) -> str:
        """'ok' when the action server answers its health endpoint."""
        try:
            response = await self._http.get(f"{self._action_server_url}/health", timeout=5)
        except httpx.HTTPError:
            return "unreachable"
        return "ok" if response.status_code == 200 else f"error (HTTP {response.status_code})"
