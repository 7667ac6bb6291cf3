"""Database of the web service: the shared engine (kb.db) and the web service's models' base."""

from __future__ import annotations

from sqlalchemy.orm import declarative_base

from kb.db import get_engine, get_sessionmaker

Base = declarative_base()

__all__ = ["Base", "get_engine", "get_sessionmaker"]
