"""Reading entities the way the NLU produces them."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker


def entity_meaning(tracker: Tracker, entity: str) -> Optional[str]:
    """What an entity of the latest message means: its role (from DIET) or its value (from a button)."""
    for found in tracker.latest_message.get("entities") or []:
        if found.get("entity") == entity:
            return found.get("role") or found.get("value")
    return None
