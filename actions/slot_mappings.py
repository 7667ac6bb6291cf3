"""Slots filled by custom mappings: the conversation language and the audience."""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.entities import entity_meaning
from actions.language import choose_language


class ActionValidateSlotMappings(ValidationAction):
    """Fills the slots whose mapping is `custom`: the conversation language and the audience."""

    def extract_audience(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        audience = entity_meaning(tracker, "audience")
        if audience in ("newcomer", "employer") and audience != tracker.get_slot("audience"):
            return {"audience": audience}
        return {}

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
