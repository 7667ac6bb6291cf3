"""Database engine and sessions: SQLite file by default, PostgreSQL in production."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()


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
