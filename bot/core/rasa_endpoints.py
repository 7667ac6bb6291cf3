"""Rasa's endpoints.yml, rendered from the same settings the web service uses."""

from __future__ import annotations

from typing import Any, Dict

from sqlalchemy.engine import make_url

from bot.core.config import Settings


def tracker_store(database_url: str) -> Dict[str, Any]:
    """Rasa's SQL tracker store in the application database."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"type": "SQL", "dialect": "sqlite", "db": url.database}
    store = {
        "type": "SQL",
        "dialect": url.drivername,
        "url": url.host or "127.0.0.1",
        "db": url.database,
        "username": url.username,
        "password": url.password,
    }
    if url.port:
        store["port"] = url.port
    return {key: value for key, value in store.items() if value is not None}


def lock_store(redis_url: str) -> Dict[str, Any]:
    """Rasa's Redis lock store, needed once several Rasa workers share conversations."""
    url = make_url(redis_url)
    store = {"type": "redis", "url": url.host or "127.0.0.1", "port": url.port or 6379}
    if url.database:
        store["db"] = int(url.database)
    if url.password:
        store["password"] = url.password
    return store


def render_endpoints(settings: Settings) -> Dict[str, Any]:
    """The endpoints Rasa needs: action server, NLG, tracker store and lock store."""
    endpoints: Dict[str, Any] = {
        "action_endpoint": {"url": f"{settings.action_server_url}/webhook"},
        # A header rather than Rasa's ?token= keeps the secret out of access logs.
        "nlg": {"url": settings.nlg_url, "headers": {"Authorization": f"Bearer {settings.RASA_TOKEN}"}},
        "tracker_store": tracker_store(settings.DATABASE_URL),
    }
    if settings.REDIS_URL:
        endpoints["lock_store"] = lock_store(settings.REDIS_URL)
    return endpoints
