"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL via TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import MetaData

from bot.__main__ import migrate
from bot.core.config import Settings
from bot.core.db import get_engine, get_sessionmaker


def reset_database(url: str) -> None:
    """Drops every table (ours, Alembic's and Rasa's) so a run starts from nothing."""
    engine = get_engine(url)
    metadata = MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """A freshly migrated database for this test session."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    reset_database(url)
    migrate(url)
    return url


@pytest.fixture
def session(database_url):
    with get_sessionmaker(database_url)() as session:
        yield session


@pytest.fixture
def sender_id() -> str:
    """A sender id of its own for each test, so tests share the database safely."""
    return f"test-{uuid.uuid4().hex}"


@pytest.fixture
def settings(database_url) -> Settings:
    """Settings for an in-process app whose Rasa and action server are not running."""
    return Settings(
        _env_file=None,
        ENV="test",
        DATABASE_URL=database_url,
        RASA_URL="http://127.0.0.1:9",
        ACTION_SERVER_URL="http://127.0.0.1:9",
        RASA_TIMEOUT=2,
    )
