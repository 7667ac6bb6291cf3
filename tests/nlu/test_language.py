"""The language-tagging NLU component, trained on the project's real training data."""

from pathlib import Path

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message

from bot.core.config import PROJECT_ROOT
from bot.nlu.language import LanguageDetector
from kb.languages import SUPPORTED_LANGUAGES

NLU_DIR = PROJECT_ROOT / "data" / "nlu"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> LanguageDetector:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    resource = Resource("language_detector")
    context = ExecutionContext(GraphSchema({}), "test")
    detector = LanguageDetector.create({}, storage, resource, context)
    detector.train(load_data(str(NLU_DIR)))
    # What the Rasa server does: load the persisted component from model storage.
    return LanguageDetector.load({}, storage, resource, context)


def detect(detector, text):
    message = Message(data={"text": text})
    detector.process([message])
    return message.get("language")


def test_every_intent_block_declares_the_language_of_its_folder():
    for path in NLU_DIR.glob("*/*.yml"):
        if path.parent.name == "lookups":
            continue
        for block in yaml.safe_load(path.read_text("utf-8")).get("nlu", []):
            declared = (block.get("metadata") or {}).get("language")
            assert declared == path.parent.name, f"{path}: {block.get('intent')} declares {declared}"


def test_there_is_training_data_for_every_language():
    languages = sorted(p.name for p in NLU_DIR.iterdir() if p.is_dir() and p.name != "lookups")
    assert languages == sorted(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hallo", "de"),
        ("Hello", "en"),
        ("Hola", "es"),
        ("Merhaba", "tr"),
        ("Привет", "ru"),
        ("Привіт", "uk"),
        ("مرحبا", "ar"),
        ("سلام", "fa"),
        ("danke", "de"),
        ("thanks", "en"),
    ],
)
def test_greetings_and_thanks_are_recognised_though_short(trained, text, language):
    # lingua alone calls "Hallo" English and "Hello" Spanish; the learned vocabulary fixes that.
    result = detect(trained, text)
    assert result["code"] == language
    assert result["reliable"] is False


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wie viel kostet der Integrationskurs für mich?", "de"),
        ("How long does the recognition of my nursing degree take?", "en"),
        ("Hello, are you a bot or a real person?", "en"),
        ("كم تكلفة دورة الاندماج في ألمانيا؟", "ar"),
        ("Скільки коштує інтеграційний курс для мене?", "uk"),
        ("Сколько стоит интеграционный курс для меня?", "ru"),
        ("Entegrasyon kursu benim için ne kadar tutar?", "tr"),
        ("¿Cuánto cuesta el curso de integración para mí?", "es"),
        ("هزینه دوره ادغام برای من چقدر است؟", "fa"),
    ],
)
def test_sentences_are_detected_reliably(trained, text, language):
    result = detect(trained, text)
    assert (result["code"], result["reliable"]) == (language, True)


@pytest.mark.parametrize("text", ["ok", "Blue Card", "Leipzig", "2026", "🙂"])
def test_short_ambiguous_messages_are_never_reliable(trained, text):
    assert detect(trained, text)["reliable"] is False


def test_empty_text_has_no_language(trained):
    assert detect(trained, "")["code"] is None


def test_untrained_component_still_detects_sentences(tmp_path):
    detector = LanguageDetector.create(
        {}, LocalModelStorage(tmp_path), Resource("x"), ExecutionContext(GraphSchema({}), "t")
    )
    assert detect(detector, "Ich möchte gern einen Deutschkurs in Leipzig besuchen.")["code"] == "de"


def test_component_is_in_the_pipeline():
    pipeline = yaml.safe_load(Path(PROJECT_ROOT / "config.yml").read_text("utf-8"))["pipeline"]
    assert {"name": "bot.nlu.language.LanguageDetector"} in pipeline


@pytest.mark.parametrize(
    ("text", "known"),
    [("xqzt wvbn plok", False), ("asdfgh", False), ("🙂", False), ("intergrationskurs", True), ("Hallo", True),
     ("Сколько стоит курс?", True)],
)  # fmt: skip
def test_known_words_tell_nonsense_from_typos(trained, text, known):
    assert detect(trained, text)["known_words"] is known


def test_messages_without_known_words_become_nlu_fallback(trained):
    from bot.nlu.fallback import UnknownWordsFallback

    nonsense = Message(data={"text": "xqzt wvbn", "intent": {"name": "deny", "confidence": 0.74}})
    place_only = Message(data={"text": "04109", "intent": {"name": "inform", "confidence": 0.9}})
    place_only.set("entities", [{"entity": "place", "value": "04109"}])
    question = Message(
        data={"text": "Was kostet der Kurs?", "intent": {"name": "ask_integration_course", "confidence": 0.9}}
    )
    single = Message(data={"text": "nööö", "intent": {"name": "deny", "confidence": 0.8}})
    trained.process([nonsense, place_only, question, single])
    UnknownWordsFallback().process([nonsense, place_only, question, single])
    assert nonsense.get("intent") == {"name": "nlu_fallback", "confidence": 1.0}
    assert single.get("intent")["name"] == "deny"  # one unseen word: DIET decides
    assert place_only.get("intent")["name"] == "inform"
    assert question.get("intent")["name"] == "ask_integration_course"
