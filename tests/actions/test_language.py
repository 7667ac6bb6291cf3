"""Choosing the conversation language, run as Rasa runs it: a real Tracker."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.language import choose_language
from actions.slot_mappings import ActionValidateSlotMappings

DOMAIN = {"slots": {"language": {"type": "categorical", "mappings": [{"type": "custom"}]}}}


def tracker(text, *, current=None, detected=None, metadata=None) -> Tracker:
    latest = {"text": text, "intent": {"name": "greet", "confidence": 1.0}, "entities": []}
    latest["metadata"] = metadata or {}
    if detected is not None:
        latest["language"] = detected
    return Tracker(
        sender_id="t",
        slots={"language": current},
        latest_message=latest,
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(tr):
    return await ActionValidateSlotMappings().run(CollectingDispatcher(), tr, DOMAIN)


async def test_first_message_sets_the_language_even_when_short():
    events = await run(tracker("Hola", detected={"code": "es", "reliable": False}))
    assert events == [SlotSet("language", "es")]


async def test_short_message_in_another_language_does_not_flip():
    events = await run(tracker("ok", current="ar", detected={"code": "tr", "reliable": False}))
    assert events == []


async def test_clear_sentence_in_another_language_switches():
    detected = {"code": "en", "reliable": True}
    events = await run(
        tracker("Can you answer in English about the Blue Card?", current="de", detected=detected)
    )
    assert events == [SlotSet("language", "en")]


async def test_explicit_choice_in_the_widget_wins_over_detection():
    events = await run(
        tracker(
            "Hallo", current="de", detected={"code": "de", "reliable": False}, metadata={"language": "uk"}
        )
    )
    assert events == [SlotSet("language", "uk")]


async def test_unsupported_explicit_choice_is_ignored():
    events = await run(tracker("Hallo", current="de", detected={"code": "de"}, metadata={"language": "fr"}))
    assert events == []


@pytest.mark.parametrize(
    ("current", "explicit", "detected", "expected"),
    [
        (None, None, {}, None),
        (None, None, {"code": None}, None),
        ("de", None, {"code": "xx", "reliable": True}, "de"),
        ("fa", None, {"code": "ar", "reliable": False}, "fa"),
        ("fa", None, {"code": "ar", "reliable": True}, "ar"),
        ("ru", "ru", {"code": "uk", "reliable": True}, "ru"),
    ],
)
def test_choose_language(current, explicit, detected, expected):
    assert choose_language(current=current, explicit=explicit, detected=detected) == expected


def tracker_with_entities(intent, entities, slots=None):
    latest = {
        "text": "x",
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities,
        "metadata": {},
    }
    return Tracker(
        "t",
        {"language": "de", "audience": None, **(slots or {})},
        latest,
        [],
        False,
        None,
        {},
        "action_listen",
    )


async def test_language_asked_for_by_name_is_read_from_the_entity_role():
    tracker = tracker_with_entities(
        "choose_language", [{"entity": "language", "value": "auf Englisch", "role": "en"}]
    )
    events = await ActionValidateSlotMappings().run(CollectingDispatcher(), tracker, DOMAIN_WITH_AUDIENCE)
    assert SlotSet("language", "en") in events


async def test_audience_from_a_role_or_a_button_value():
    said = tracker_with_entities(
        "inform", [{"entity": "audience", "value": "unsere Firma", "role": "employer"}]
    )
    pressed = tracker_with_entities("inform", [{"entity": "audience", "value": "newcomer"}])
    nonsense = tracker_with_entities("inform", [{"entity": "audience", "value": "aliens"}])
    action = ActionValidateSlotMappings()
    assert SlotSet("audience", "employer") in await action.run(
        CollectingDispatcher(), said, DOMAIN_WITH_AUDIENCE
    )
    assert SlotSet("audience", "newcomer") in await action.run(
        CollectingDispatcher(), pressed, DOMAIN_WITH_AUDIENCE
    )
    assert await action.run(CollectingDispatcher(), nonsense, DOMAIN_WITH_AUDIENCE) == []


DOMAIN_WITH_AUDIENCE = {
    "slots": {
        "language": {"type": "text", "mappings": [{"type": "custom"}]},
        "audience": {"type": "categorical", "mappings": [{"type": "custom"}]},
    }
}
