import pytest
from fastapi.testclient import TestClient

from bot.handover.centers import sync_centers
from bot.main import create_app


@pytest.fixture
def client(settings):
    """The whole web service in-process; its Rasa and action server are unreachable."""
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def centers(session):
    sync_centers(session=session)


@pytest.fixture
def browser(settings):
    """A second in-process client, for console sessions (cookies are per client)."""
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        yield client
