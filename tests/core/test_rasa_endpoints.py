from bot.core.config import Settings
from bot.core.rasa_endpoints import render_endpoints


def test_sqlite_tracker_store_uses_the_application_database(tmp_path):
    settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp_path}/app.db", RASA_TOKEN="tok")
    endpoints = render_endpoints(settings)
    assert endpoints["tracker_store"] == {"type": "SQL", "dialect": "sqlite", "db": f"{tmp_path}/app.db"}
    assert endpoints["nlg"]["headers"] == {"Authorization": "Bearer tok"}
    assert "lock_store" not in endpoints


def test_postgres_tracker_store_and_redis_lock_store():
    settings = Settings(
        _env_file=None,
        DATABASE_URL="postgresql://welcome:secret@db.internal:5433/wc",
        REDIS_URL="redis://:pw@cache.internal:6380/2",
        ACTION_PORT=6000,
    )
    endpoints = render_endpoints(settings)
    assert endpoints["tracker_store"] == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db.internal",
        "db": "wc",
        "username": "welcome",
        "password": "secret",
        "port": 5433,
    }
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "cache.internal",
        "port": 6380,
        "db": 2,
        "password": "pw",
    }
    assert endpoints["action_endpoint"]["url"] == "http://127.0.0.1:6000/webhook"
