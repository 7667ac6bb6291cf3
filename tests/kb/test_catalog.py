"""The response catalog: complete in every language, with fallbacks."""

import random
import string

import pytest
import yaml

from bot.core.config import PROJECT_ROOT
from kb.catalog import ResponseCatalog
from kb.languages import SUPPORTED_LANGUAGES

CATALOG = ResponseCatalog.from_directory()
DOMAIN_RESPONSES = set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))["responses"])
WEB_SERVICE_PHRASES = {"assistant_unavailable", "message_empty", "message_too_long"}


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_there_is_a_catalog_for_every_supported_language():
    assert CATALOG.languages == sorted(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_response_exists_in_every_language(language):
    missing = (DOMAIN_RESPONSES | WEB_SERVICE_PHRASES) - CATALOG.names(language)
    assert missing == set(), f"{language} lacks {sorted(missing)}"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_translations_use_the_same_placeholders_as_german(language):
    for name in CATALOG.names("de"):
        german = {frozenset(placeholders(v.get("text", ""))) for v in CATALOG.variants(name, "de")}
        for variant in CATALOG.variants(name, language):
            assert frozenset(placeholders(variant.get("text", ""))) in german, (language, name)


def test_missing_translation_falls_back_to_english_then_german():
    catalog = ResponseCatalog(
        {"de": {"a": [{"text": "A-de"}], "b": [{"text": "B-de"}]}, "en": {"a": [{"text": "A-en"}]}}
    )
    assert catalog.render("a", "fa")["text"] == "A-en"
    assert catalog.render("b", "fa")["text"] == "B-de"
    assert catalog.render("c", "fa") is None


def test_placeholders_are_filled_and_unknown_ones_left_visible():
    catalog = ResponseCatalog({"en": {"x": [{"text": "{max_chars} chars, {unknown}"}]}})
    assert catalog.render("x", "en", {"max_chars": 5}, rng=random.Random(1))["text"] == "5 chars, {unknown}"


def test_a_file_for_an_unsupported_language_is_rejected(tmp_path):
    (tmp_path / "xx.yml").write_text("utter_greet: Hi\n")
    with pytest.raises(ValueError, match="xx"):
        ResponseCatalog.from_directory(tmp_path)
