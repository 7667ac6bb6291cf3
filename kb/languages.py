"""The languages the assistant speaks and how missing translations fall back."""

from __future__ import annotations

# ISO 639-1 codes. Adding a language: add it here, then add its files (see README).
SUPPORTED_LANGUAGES: tuple[str, ...] = ("de", "en", "ar", "uk", "ru", "tr", "es", "fa")
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar", "fa"})
FALLBACK_CHAIN: tuple[str, ...] = ("en", "de")

NATIVE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "tr": "Türkçe",
    "es": "Español",
    "fa": "فارسی",
}


def fallback_order(language: str) -> list[str]:
    """The languages to try, in order, for content requested in `language`."""
    order = [language] if language in SUPPORTED_LANGUAGES else []
    return order + [code for code in FALLBACK_CHAIN if code not in order]
