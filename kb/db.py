"""Database engine and sessions shared by the knowledge base and the web service."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'welcome.db'}"


def database_url_from_env() -> str:
    """DATABASE_URL from the environment (or `.env`), else the SQLite file under var/."""
    from dotenv import dotenv_values

    url = os.environ.get("DATABASE_URL") or dotenv_values(PROJECT_ROOT / ".env").get("DATABASE_URL")
    url = url or DEFAULT_DATABASE_URL
    # Hosting providers hand out postgres://, which SQLAlchemy 1.4 no longer accepts.
    return "postgresql://" + url[len("postgres://") :] if url.startswith("postgres://") else url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the Rasa tracker store and the web service share one file without
    # readers blocking the writer; the busy timeout rides out short write locks.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@cache
def get_engine(url: str) -> Engine:
    """One engine per database URL and process."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@cache
def get_sessionmaker(url: str) -> sessionmaker:
    """A session factory bound to the engine for `url`."""
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)
