"""The Welcome Center itself: its contact, address and opening hours from the knowledge base."""

from __future__ import annotations

import os
from typing import List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from kb.repository import DEFAULT_CENTER_ID


def center_id() -> str:
    return os.environ.get("CENTER_ID") or DEFAULT_CENTER_ID


class ActionCenterInfo(Action):
    """Opening hours or contact of the center running this assistant."""

    def name(self) -> str:
        return "action_center_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        response = "utter_center_hours" if intent == "ask_center_hours" else "utter_center_contact"
        dispatcher.utter_message(response=response, target_id=center_id())
        return []
