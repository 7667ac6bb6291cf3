import shutil

import pytest
import yaml

from kb.languages import SUPPORTED_LANGUAGES
from kb.loader import DATA_DIR

ALL_LANGUAGES = {code: f"Beschreibung ({code})" for code in SUPPORTED_LANGUAGES}


def target(id="welcome-leipzig", **fields):
    """A valid referral target; `fields` override (None removes a field)."""
    entry = {
        "id": id,
        "name": f"Test {id}",
        "kind": "welcome_center",
        "audience": "both",
        "topics": ["recognition"],
        "coverage": {"cities": ["Leipzig"]},
        "contact": {"website": f"https://example.org/{id}"},
        "description": dict(ALL_LANGUAGES),
        "source": f"https://example.org/{id}",
        "verified": "2026-10-01",
    }
    entry.update(fields)
    return {key: value for key, value in entry.items() if value is not None}


@pytest.fixture
def data_dir(tmp_path):
    """A knowledge base directory with the real topics and places and no entries yet."""
    (tmp_path / "targets").mkdir()
    (tmp_path / "answers").mkdir()
    # The real topics, without their links to the real answers (the tests bring their own).
    topics = yaml.safe_load((DATA_DIR / "topics.yml").read_text("utf-8"))
    for topic in topics["topics"]:
        topic.pop("answers", None)
    (tmp_path / "topics.yml").write_text(yaml.safe_dump(topics, allow_unicode=True), "utf-8")
    shutil.copy(DATA_DIR / "places.yml", tmp_path / "places.yml")
    return tmp_path


def write_targets(data_dir, *entries, name="test.yml"):
    text = yaml.safe_dump({"targets": list(entries)}, allow_unicode=True, sort_keys=False)
    (data_dir / "targets" / name).write_text(text, "utf-8")
