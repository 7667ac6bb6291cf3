"""The held-out messages stay a fair test: complete, and never part of the training data."""

import re
from collections import Counter
from pathlib import Path

import yaml

from kb.languages import SUPPORTED_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "nlu" / "heldout"


def messages(path: Path):
    """(language, intent, text) of every example in a Rasa NLU file, annotations removed."""
    for block in (yaml.safe_load(path.read_text("utf-8")) or {}).get("nlu") or []:
        if "intent" not in block:
            continue
        language = (block.get("metadata") or {}).get("language")
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                text = re.sub(r"\[([^\]]*)\](\{[^}]*\}|\([^)]*\))", r"\1", line.strip()[2:])
                yield language, block["intent"], text


def key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def test_every_language_has_twelve_messages_for_every_intent():
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))["intents"])
    for language in SUPPORTED_LANGUAGES:
        found = list(messages(HELDOUT / f"{language}.yml"))
        assert {lang for lang, _, _ in found} == {language}
        assert Counter(intent for _, intent, _ in found) == {intent: 12 for intent in intents}, language


def test_no_held_out_message_is_in_the_training_data():
    trained = {key(text) for path in (ROOT / "data" / "nlu").rglob("*.yml") for _, _, text in messages(path)}
    overlap = [
        text for path in HELDOUT.glob("*.yml") for _, _, text in messages(path) if key(text) in trained
    ]
    assert overlap == []
