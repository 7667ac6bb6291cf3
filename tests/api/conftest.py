import pytest
from fastapi.testclient import TestClient

from bot.main import create_app


@pytest.fixture
def client(settings):
    """The whole web service in-process; its Rasa and action server are unreachable."""
    with TestClient(create_app(settings)) as client:
        yield client
