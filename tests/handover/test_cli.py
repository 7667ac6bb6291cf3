"""`python -m bot centers sync` and `python -m bot users add`."""

import io
import uuid

import pytest
from sqlalchemy import select

from bot.__main__ import main
from bot.core.config import get_settings
from bot.handover.models import Counselor


@pytest.fixture(autouse=True)
def use_test_database(monkeypatch, database_url):
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_sync_centers_then_add_a_counselor_with_a_hashed_password(monkeypatch, capsys, session):
    main(["centers", "sync"])
    assert "2 center(s) configured" in capsys.readouterr().out
    username = f"anna-{uuid.uuid4().hex[:6]}"
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    main(
        [
            "users",
            "add",
            "--username",
            username,
            "--first-name",
            "Anna",
            "--center",
            "dresden",
            "--password-stdin",
        ]
    )
    assert f"Created counselor {username} for dresden" in capsys.readouterr().out
    counselor = session.scalars(select(Counselor).where(Counselor.username == username)).one()
    assert counselor.password_hash.startswith("$argon2") and "secret" not in counselor.password_hash
    assert [c.id for c in counselor.centers] == ["dresden"]


def test_weak_password_or_unknown_center_creates_nothing(monkeypatch):
    main(["centers", "sync"])
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit, match="12 characters"):
        main(
            [
                "users",
                "add",
                "--username",
                "x-weak",
                "--first-name",
                "X",
                "--center",
                "dresden",
                "--password-stdin",
            ]
        )
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    with pytest.raises(SystemExit, match="unknown center"):
        main(
            [
                "users",
                "add",
                "--username",
                "x-nowhere",
                "--first-name",
                "X",
                "--center",
                "mars",
                "--password-stdin",
            ]
        )
