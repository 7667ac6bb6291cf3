"""Alembic environment: migrates the database named by the settings."""

from alembic import context

import bot.conversations.models  # noqa: F401  (registers the tables)
import bot.handover.models  # noqa: F401
from bot.core.config import get_settings
from bot.core.db import Base, get_engine
from kb.models import KbBase

METADATA = [Base.metadata, KbBase.metadata]
# Rasa keeps its tracker store (table "events") in the same database; it is Rasa's.
OUR_TABLES = {name for metadata in METADATA for name in metadata.tables}


def include_object(obj, name, type_, reflected, compare_to):
    return type_ != "table" or name in OUR_TABLES


def run_migrations() -> None:
    url = context.config.attributes.get("database_url") or get_settings().DATABASE_URL
    engine = get_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=METADATA,
            include_object=include_object,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations()
