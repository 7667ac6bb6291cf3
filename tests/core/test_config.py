import pytest
from pydantic import ValidationError

from bot.core.config import DEFAULT_RASA_TOKEN, DEFAULT_SECRET_KEY, Settings


def test_production_refuses_default_secrets():
    with pytest.raises(ValidationError, match="SECRET_KEY, RASA_TOKEN"):
        Settings(_env_file=None, ENV="production")


def test_production_refuses_short_secret():
    with pytest.raises(ValidationError, match="RASA_TOKEN"):
        Settings(_env_file=None, ENV="production", SECRET_KEY="x" * 40, RASA_TOKEN="short")


def test_production_starts_with_real_secrets():
    settings = Settings(_env_file=None, ENV="production", SECRET_KEY="s" * 40, RASA_TOKEN="t" * 40)
    assert settings.SECRET_KEY != DEFAULT_SECRET_KEY and settings.RASA_TOKEN != DEFAULT_RASA_TOKEN


def test_development_accepts_defaults():
    assert Settings(_env_file=None).ENV == "development"


def test_cors_origins_from_comma_separated_env(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings(_env_file=None).CORS_ORIGINS == ["https://a.example", "https://b.example"]


def test_postgres_scheme_is_normalised():
    settings = Settings(_env_file=None, DATABASE_URL="postgres://u:p@db:5432/welcome")
    assert settings.DATABASE_URL == "postgresql://u:p@db:5432/welcome"


def test_unknown_default_language_is_rejected():
    with pytest.raises(ValidationError, match="DEFAULT_LANGUAGE"):
        Settings(_env_file=None, DEFAULT_LANGUAGE="xx")
