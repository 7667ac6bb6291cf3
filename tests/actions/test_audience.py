"""Who is asking: remembered from what the user said, pressed, or asked about."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerQuestion
from actions.slot_mappings import ActionValidateSlotMappings
from tests.actions.conftest import make_tracker

DOMAIN = {"slots": {"audience": {"type": "categorical", "mappings": [{"type": "custom"}]}}}


def with_role(intent, role, *, slots=None):
    tracker = make_tracker(intent, slots=slots)
    tracker.latest_message["entities"] = [{"entity": "audience", "value": "wir", "role": role}]
    return tracker


async def audience_events(kb, tracker):
    events = await ActionValidateSlotMappings(kb).run(CollectingDispatcher(), tracker, DOMAIN)
    return [event for event in events if event.get("name") == "audience"]


async def test_an_employer_question_tells_who_is_asking(kb):
    for intent in ("ask_wage_subsidy", "ask_hiring_abroad", "ask_employer_duties"):
        assert await audience_events(kb, make_tracker(intent)) == [SlotSet("audience", "employer")]


async def test_a_question_anyone_asks_leaves_the_audience_open(kb):
    for intent in ("ask_recognition", "ask_integration_course", "greet", "ask_nonexistent_topic"):
        assert await audience_events(kb, make_tracker(intent)) == []


async def test_what_the_user_said_wins_over_what_the_question_implies(kb):
    # "Can my employer get a wage subsidy for me?" from someone who said they are new here.
    kept = make_tracker("ask_wage_subsidy", slots={"audience": "newcomer"})
    assert await audience_events(kb, kept) == []
    said = with_role("ask_wage_subsidy", "newcomer")
    assert await audience_events(kb, said) == [SlotSet("audience", "newcomer")]
    switched = with_role("ask_recognition", "employer", slots={"audience": "newcomer"})
    assert await audience_events(kb, switched) == [SlotSet("audience", "employer")]


async def test_after_an_employer_question_a_general_one_gets_the_employer_answer(kb):
    """The whole point: the next answer reads the audience the employer question set."""
    (event,) = await audience_events(kb, make_tracker("ask_staff_training"))
    follow_up = make_tracker("ask_job_german_course", slots={"audience": event["value"], "place": "Erfurt"})
    dispatcher = CollectingDispatcher()
    await ActionAnswerQuestion(kb).run(dispatcher, follow_up, {})
    answer = next(m for m in dispatcher.messages if m.get("response") == "utter_kb_answer")
    assert answer["answer_key"] == "job_german_course.for_employees"
