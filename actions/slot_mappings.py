"""Slots filled by custom mappings: the conversation language and the audience."""

from __future__ import annotations

from typing import Any, Dict, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.entities import entity_meaning
from actions.language import choose_language
from kb.repository import KnowledgeBaseReader, reader_from_env

# Topic families only employers ask about: such a question tells who is asking.
EMPLOYER_FAMILIES = ("employers",)


class ActionValidateSlotMappings(ValidationAction):
    """Fills the slots whose mapping is `custom`: the conversation language and the audience."""

    def __init__(self, kb: Optional[KnowledgeBaseReader] = None) -> None:
        self._kb = kb

    def extract_audience(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        """Who is asking: said ("our company", "I'm new here") or pressed, else implied.

        A question only employers ask (wage subsidy, hiring from abroad, …) makes an
        unknown audience "employer", so the next general question ("and recognition?")
        gets the employer answer and the employer services. It never overrides what the
        user said: a newcomer asking what their employer can get stays a newcomer.
        """
        current = tracker.get_slot("audience")
        audience = entity_meaning(tracker, "audience")
        if audience in ("newcomer", "employer"):
            return {"audience": audience} if audience != current else {}
        if current is None and self._asks_employer_question(tracker):
            return {"audience": "employer"}
        return {}

    def _asks_employer_question(self, tracker: Tracker) -> bool:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""
        if not intent.startswith("ask_"):
            return False
        topic = (self._kb or reader_from_env()).topic(intent.removeprefix("ask_"))
        return topic is not None and topic.family in EMPLOYER_FAMILIES

    def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        message = tracker.latest_message or {}
        current = tracker.get_slot("language")
        explicit = (message.get("metadata") or {}).get("language")
        if (message.get("intent") or {}).get("name") == "choose_language":
            # "in English please" / "بالعربية": the language the user asked for.
            explicit = entity_meaning(tracker, "language") or explicit
        chosen = choose_language(current=current, explicit=explicit, detected=message.get("language") or {})
        return {"language": chosen} if chosen != current else {}
