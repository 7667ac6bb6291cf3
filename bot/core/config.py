"""Settings of the web service, read from the environment and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List, Optional

from pydantic import BaseSettings, root_validator, validator

from kb.db import DEFAULT_DATABASE_URL
from kb.languages import SUPPORTED_LANGUAGES
from kb.repository import DEFAULT_CENTER_ID

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# Placeholders that must never reach production; `.env.example` uses the same ones.
DEFAULT_SECRET_KEY = "dev-secret-key-change-me"  # noqa: S105 (refused in production)
DEFAULT_RASA_TOKEN = "dev-rasa-token-change-me"  # noqa: S105 (refused in production)


class Settings(BaseSettings):
    """All configuration in one place; see the README's configuration table."""

    ENV: str = "development"
    SECRET_KEY: str = DEFAULT_SECRET_KEY
    RASA_TOKEN: str = DEFAULT_RASA_TOKEN

    DATABASE_URL: str = DEFAULT_DATABASE_URL
    REDIS_URL: Optional[str] = None
    # Live events between web workers: memory:// (one process), redis://… or postgresql://…
    PUBSUB_URL: str = "memory://"

    WEB_HOST: str = "127.0.0.1"
    WEB_PORT: int = 8000
    PUBLIC_URL: Optional[str] = None
    RASA_PORT: int = 5005
    ACTION_PORT: int = 5055
    RASA_URL: Optional[str] = None
    ACTION_SERVER_URL: Optional[str] = None
    NLG_URL: Optional[str] = None
    RASA_TIMEOUT: float = 20.0
    RASA_MODEL: str = str(PROJECT_ROOT / "models" / "welcome.tar.gz")

    CORS_ORIGINS: List[str] = []
    DEFAULT_LANGUAGE: str = "de"
    # This deployment's own center: a referral-target id from kb/data/targets/.
    CENTER_ID: str = DEFAULT_CENTER_ID
    MAX_MESSAGE_CHARS: int = 2000
    # Nobody claimed a waiting case within this time: the user is offered a callback.
    HANDOVER_QUEUE_TIMEOUT_MINUTES: int = 10
    LOG_LEVEL: str = "INFO"

    class Config:
        env_file = ".env"
        case_sensitive = True

        @classmethod
        def parse_env_var(cls, field_name: str, raw_val: str):
            # Lists may be given as "a,b" as well as JSON.
            if field_name == "CORS_ORIGINS" and not raw_val.lstrip().startswith("["):
                return [item.strip() for item in raw_val.split(",") if item.strip()]
            return cls.json_loads(raw_val)  # type: ignore[attr-defined]

    @validator("ENV")
    def _known_env(cls, value: str) -> str:
        if value not in {"development", "test", "production"}:
            raise ValueError("ENV must be development, test or production")
        return value

    @validator("DEFAULT_LANGUAGE")
    def _supported_language(cls, value: str) -> str:
        if value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"DEFAULT_LANGUAGE must be one of {', '.join(SUPPORTED_LANGUAGES)}")
        return value

    @validator("DATABASE_URL")
    def _sqlalchemy_url(cls, value: str) -> str:
        # Hosting providers hand out postgres://, which SQLAlchemy 1.4 no longer accepts.
        if value.startswith("postgres://"):
            return "postgresql://" + value[len("postgres://") :]
        return value

    @root_validator(skip_on_failure=True)
    def _no_default_secrets_in_production(cls, values: dict) -> dict:
        if values["ENV"] == "production":
            weak = [
                name
                for name, default in (("SECRET_KEY", DEFAULT_SECRET_KEY), ("RASA_TOKEN", DEFAULT_RASA_TOKEN))
                if values[name] == default or len(values[name]) < 16
            ]
            if weak:
                raise ValueError(
                    f"ENV=production refuses default or short secrets: set {', '.join(weak)} "
                    "to long random values"
                )
        return values

    @property
    def rasa_url(self) -> str:
        return (self.RASA_URL or f"http://127.0.0.1:{self.RASA_PORT}").rstrip("/")

    @property
    def action_server_url(self) -> str:
        return (self.ACTION_SERVER_URL or f"http://127.0.0.1:{self.ACTION_PORT}").rstrip("/")

    @property
    def nlg_url(self) -> str:
        return self.NLG_URL or f"http://127.0.0.1:{self.WEB_PORT}/nlg"

    @property
    def public_url(self) -> str:
        host = "localhost" if self.WEB_HOST in {"0.0.0.0", "127.0.0.1"} else self.WEB_HOST  # noqa: S104
        return (self.PUBLIC_URL or f"http://{host}:{self.WEB_PORT}").rstrip("/")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (tests build their own `Settings`)."""
    return Settings()
