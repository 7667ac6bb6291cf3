"""Asking for a person: the web service decides between the live queue and a callback."""

from __future__ import annotations

from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

REASONS = {"request_human": "user_request", "urgent_help": "urgent"}


class ActionRequestHuman(Action):
    """Hands the conversation's context to the web service, which owns hand-overs."""

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        urgent = intent == "urgent_help"
        dispatcher.utter_message(
            json_message={
                "handover": {
                    "reason": REASONS.get(intent, "not_understood"),
                    # Deportation, an expiring permit, discrimination, a crisis: free migration
                    # counselling is the advice contact while the user waits for a person.
                    "advice_topic": "migration_counselling" if urgent else None,
                    "topic": tracker.get_slot("topic"),
                    "place": tracker.get_slot("place"),
                    "audience": tracker.get_slot("audience"),
                    "profession": tracker.get_slot("profession"),
                }
            }
        )
        return []
