"""The intake summary a counselor reads first, always in German."""

from __future__ import annotations

from typing import Iterable, Optional

from bot.conversations.models import Message
from kb.languages import NATIVE_NAMES

REASONS_DE = {
    "user_request": "Nutzer/in möchte mit einer Person sprechen",
    "not_understood": "Der Assistent hat die Anfrage zweimal nicht verstanden",
    "urgent": "Dringende oder sensible Situation",
}
AUDIENCES_DE = {"newcomer": "Neuzugewanderte/r", "employer": "Arbeitgeber"}
LANGUAGES_DE = {"de": "Deutsch", "en": "Englisch", "ar": "Arabisch", "uk": "Ukrainisch", "ru": "Russisch",
                "tr": "Türkisch", "es": "Spanisch", "fa": "Persisch"}  # fmt: skip


def summary_de(
    *,
    reason: str,
    messages: Iterable[Message],
    language: Optional[str],
    audience: Optional[str],
    place: Optional[str],
    topic_label_de: Optional[str],
    profession: Optional[str] = None,
    max_questions: int = 5,
) -> str:
    """Why the case came, who asks, and what was asked and already answered."""
    messages = list(messages)
    asked = [m.text for m in messages if m.author == "user" and m.text][-max_questions:]
    answered = sum(1 for m in messages if m.author == "bot")
    code = language or ""
    language_name = LANGUAGES_DE.get(code) or NATIVE_NAMES.get(code) or code or "unbekannt"
    lines = [
        f"Anlass: {REASONS_DE.get(reason, reason)}",
        f"Sprache: {language_name}",
        f"Zielgruppe: {AUDIENCES_DE.get(audience or '', 'nicht angegeben')}",
        f"Ort: {place or 'nicht angegeben'}",
        f"Thema: {topic_label_de or 'nicht erkannt'}",
    ]
    if profession:
        lines.append(f"Beruf: {profession}")
    lines.append(f"Antworten des Assistenten bisher: {answered}")
    if asked:
        lines.append("Fragen der Person (Originalsprache):")
        lines.extend(f"– {text[:300]}" for text in asked)
    return "\n".join(lines)
