"""Cases go to the center whose region covers the user's place; counselors read a German summary."""

import pytest

from bot.conversations.models import Message
from bot.handover.centers import read_centers, route, sync_centers
from bot.handover.intake import summary_de
from kb.loader import _target_row, read_knowledge_base
from kb.search import TargetIndex


@pytest.fixture(scope="module")
def index():
    kb, _ = read_knowledge_base()
    return TargetIndex(_target_row(t) for t in kb.targets)


@pytest.fixture
def centers(session):
    sync_centers(session=session)


@pytest.mark.parametrize(
    ("place", "center"),
    [("Dresden", "dresden"), ("01069", "dresden"), ("Erfurt", "thueringen"), ("Jena", "thueringen"),
     ("Leipzig", "thueringen"), ("Atlantis", "thueringen"), (None, "thueringen")],
)  # fmt: skip
def test_case_goes_to_the_center_covering_the_place_else_the_default(session, centers, index, place, center):
    assert route(session=session, place=place, index=index).id == center


def test_the_configured_centers_are_valid():
    configured = read_centers()
    assert sum(bool(c.get("default")) for c in configured) == 1


def test_a_configuration_without_default_is_refused(tmp_path):
    (tmp_path / "centers.yml").write_text("centers:\n  - {id: a, name: A, state: SN, office_hours: {}}\n")
    with pytest.raises(ValueError, match="default"):
        read_centers(tmp_path / "centers.yml")


def test_summary_is_german_whatever_the_user_wrote():
    messages = [
        Message(author="user", text="Привіт, мені потрібне визнання диплома медсестри"),
        Message(author="bot", text="…"),
        Message(author="user", text="Хочу поговорити з людиною"),
    ]
    text = summary_de(
        reason="user_request", messages=messages, language="uk", audience="newcomer", place="Dresden",
        topic_label_de="Anerkennung von Abschlüssen", profession="Krankenschwester",
    )  # fmt: skip
    assert text.splitlines()[:5] == [
        "Anlass: Nutzer/in möchte mit einer Person sprechen",
        "Sprache: Ukrainisch",
        "Zielgruppe: Neuzugewanderte/r",
        "Ort: Dresden",
        "Thema: Anerkennung von Abschlüssen",
    ]
    assert "Beruf: Krankenschwester" in text and "Antworten des Assistenten bisher: 1" in text
    assert "– Хочу поговорити з людиною" in text
