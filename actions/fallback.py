"""Two-stage fallback: ask to rephrase once; the second time in a row, offer a counselor."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FALLBACK_INTENT = "nlu_fallback"


def consecutive_fallbacks(tracker: Tracker) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if (event.get("parse_data") or {}).get("intent", {}).get("name") != FALLBACK_INTENT:
                break
            count += 1
    return count


class ActionHandleFallback(Action):
    """Rephrase request first; then a counselor and the topics the bot knows."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if consecutive_fallbacks(tracker) >= 2:
            dispatcher.utter_message(response="utter_offer_counselor")
            dispatcher.utter_message(response="utter_topic_menu")
            return []
        dispatcher.utter_message(response="utter_please_rephrase")
        # Forget the message that was not understood, so the dialogue continues as before it.
        return [UserUtteranceReverted()]
