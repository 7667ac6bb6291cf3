"""The response catalog: complete in every language, with fallbacks."""

import random
import string

import pytest
import yaml

from bot.core.config import PROJECT_ROOT
from kb.catalog import ResponseCatalog
from kb.languages import SUPPORTED_LANGUAGES

CATALOG = ResponseCatalog.from_directory()
# Answers, referrals and the center's details are built from the knowledge base itself.
BUILT_FROM_KB = {"utter_kb_answer", "utter_kb_referral", "utter_center_contact", "utter_center_hours"}
# Sent by actions by name, so not listed in domain.yml.
SENT_BY_ACTIONS = {"utter_ask_place", "utter_place_unknown", "utter_please_rephrase", "utter_offer_counselor"}
DOMAIN_RESPONSES = (
    set(yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))["responses"]) | SENT_BY_ACTIONS
) - BUILT_FROM_KB
KB_PHRASES = {
    "kb_source", "kb_uncertain", "kb_review_overdue", "kb_referral_intro", "kb_referral_intro_place",
    "kb_referral_unresolved", "kb_no_referral", "kb_opening_hours", "kb_opening_hours_unknown",
    "kb_first_contact", "aspect_cost", "aspect_eligibility", "aspect_process", "date_format",
}  # fmt: skip
WEB_SERVICE_PHRASES = {"assistant_unavailable", "message_empty", "message_too_long", "message_flood"}


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_there_is_a_catalog_for_every_supported_language():
    assert CATALOG.languages == sorted(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_response_exists_in_every_language(language):
    missing = (DOMAIN_RESPONSES | WEB_SERVICE_PHRASES | KB_PHRASES) - CATALOG.names(language)
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
