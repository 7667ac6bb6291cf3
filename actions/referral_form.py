"""The referral form: asks where the user lives when the right office depends on it."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from kb.places import Gazetteer, gazetteer


class ValidateReferralForm(FormValidationAction):
    """Accepts a place the gazetteer knows (any script, postcode, typo); asks again otherwise."""

    def __init__(self, places: Optional[Gazetteer] = None) -> None:
        self._places = places

    def name(self) -> str:
        return "validate_referral_form"

    def validate_place(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        place = (self._places or gazetteer()).resolve(str(value or "")[:100])
        if place is None:
            dispatcher.utter_message(response="utter_place_unknown", place_text=str(value or "")[:60])
            return {"place": None}
        return {"place": place.name}


class ActionAskPlace(Action):
    """The referral form's question for the place (rendered in the user's language)."""

    def name(self) -> str:
        return "action_ask_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_ask_place")
        return []
