"""Asking for a person: the action hands the conversation's context to the web service."""

from rasa_sdk.executor import CollectingDispatcher

from actions.handover import ActionRequestHuman
from tests.actions.conftest import make_tracker


async def handover_payload(tracker):
    dispatcher = CollectingDispatcher()
    await ActionRequestHuman().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    return message["custom"]["handover"]


async def test_asking_for_a_person_passes_topic_place_and_audience():
    tracker = make_tracker(
        "request_human", slots={"topic": "recognition", "place": "Dresden", "audience": "newcomer"}
    )
    payload = await handover_payload(tracker)
    assert payload["reason"] == "user_request" and payload["advice_topic"] is None
    assert (payload["topic"], payload["place"], payload["audience"]) == ("recognition", "Dresden", "newcomer")


async def test_an_urgent_situation_is_marked_and_brings_migration_counselling():
    payload = await handover_payload(make_tracker("urgent_help", text="Abschiebung morgen!!"))
    assert payload["reason"] == "urgent" and payload["advice_topic"] == "migration_counselling"


async def test_after_two_misunderstandings_the_reason_says_so():
    payload = await handover_payload(make_tracker("nlu_fallback"))
    assert payload["reason"] == "not_understood"
