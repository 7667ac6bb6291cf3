"""Answering and referring, run against the real knowledge base with real trackers."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerQuestion, ActionRefer, choose_answer
from actions.center import ActionCenterInfo
from actions.fallback import ActionHandleFallback
from actions.referral_form import ValidateReferralForm
from tests.actions.conftest import make_tracker


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return dispatcher.messages, events


async def test_cost_question_with_place_gets_the_cost_answer_and_local_referral(kb):
    tracker = make_tracker(
        "ask_integration_course",
        text="Wie viel kostet der Integrationskurs in Leipzig?",
        entities=[("aspect", "cost")],
        slots={"place": "Leipzig"},
    )
    messages, events = await run(ActionAnswerQuestion(kb), tracker)
    answer, referral = messages
    assert answer["response"] == "utter_kb_answer" and answer["answer_key"] == "integration_course.cost"
    assert set(answer["other_aspects"]) == {"eligibility", "process"}
    assert referral["response"] == "utter_kb_referral" and referral["place"] == "Leipzig"
    assert referral["target_ids"], "a referral for integration courses in Leipzig"
    assert events == [SlotSet("topic", "integration_course"), SlotSet("referral_needs_place", False)]


async def test_without_a_place_the_bot_asks_for_it_when_offices_are_regional(kb):
    messages, events = await run(ActionAnswerQuestion(kb), make_tracker("ask_residence_permit"))
    assert [m["response"] for m in messages] == ["utter_kb_answer"]
    assert SlotSet("referral_needs_place", True) in events


async def test_nationwide_topic_refers_without_asking_for_a_place(kb):
    messages, events = await run(ActionAnswerQuestion(kb), make_tracker("ask_western_balkans"))
    assert [m["response"] for m in messages] == ["utter_kb_answer", "utter_kb_referral"]
    assert SlotSet("referral_needs_place", False) in events


async def test_employer_gets_the_employer_answer(kb):
    tracker = make_tracker("ask_job_german_course", slots={"audience": "employer", "place": "Erfurt"})
    messages, _ = await run(ActionAnswerQuestion(kb), tracker)
    assert messages[0]["answer_key"] == "job_german_course.for_employees"


async def test_employer_referral_for_the_accelerated_procedure_in_wuppertal(kb):
    tracker = make_tracker("ask_accelerated_procedure", slots={"audience": "employer", "place": "Wuppertal"})
    messages, _ = await run(ActionAnswerQuestion(kb), tracker)
    assert messages[1]["target_ids"][0] == "zfe-nrw"


async def test_unknown_topic_asks_to_rephrase(kb):
    messages, events = await run(ActionAnswerQuestion(kb), make_tracker("ask_astrology"))
    assert [m["response"] for m in messages] == ["utter_please_rephrase"]


async def test_refer_after_the_form_uses_the_remembered_topic_and_place(kb):
    tracker = make_tracker("inform", slots={"topic": "residence_permit", "place": "Magdeburg"})
    messages, events = await run(ActionRefer(kb), tracker)
    assert messages[0]["target_ids"][0] == "auslaenderbehoerde-magdeburg"
    assert events == [SlotSet("referral_needs_place", False)]


async def test_refer_without_a_place_still_gives_nationwide_help(kb):
    messages, _ = await run(ActionRefer(kb), make_tracker("deny", slots={"topic": "recognition"}))
    assert messages[0]["target_ids"] and messages[0]["place"] is None


def test_choose_answer_prefers_the_asked_aspect():
    answers = {"default": "t.what", "cost": "t.cost", "employer": "t.emp"}
    assert choose_answer(answers, "cost", "employer") == "t.cost"
    assert choose_answer(answers, None, "employer") == "t.emp"
    assert choose_answer(answers, "process", None) == "t.what"
    assert choose_answer({}, None, None) is None


def test_place_validation_accepts_scripts_and_typos_and_refuses_the_unknown(kb):
    form = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("inform")
    assert form.validate_place("в Лейпциге", dispatcher, tracker, {}) == {"place": "Leipzig"}
    assert form.validate_place("Wupertal", dispatcher, tracker, {}) == {"place": "Wuppertal"}
    assert form.validate_place("09599", dispatcher, tracker, {}) == {"place": "09599"}
    assert dispatcher.messages == []
    assert form.validate_place("Atlantis", dispatcher, tracker, {}) == {"place": None}
    assert dispatcher.messages[0]["response"] == "utter_place_unknown"
    assert dispatcher.messages[0]["place_text"] == "Atlantis"


def fallback_event():
    return {"event": "user", "text": "xyz", "parse_data": {"intent": {"name": "nlu_fallback"}}}


async def test_first_fallback_asks_to_rephrase_second_offers_a_counselor():
    first, _ = await run(ActionHandleFallback(), make_tracker("nlu_fallback", events=[fallback_event()]))
    assert [m["response"] for m in first] == ["utter_please_rephrase"]
    events = [fallback_event(), {"event": "bot"}, {"event": "rewind"}, fallback_event()]
    second, _ = await run(ActionHandleFallback(), make_tracker("nlu_fallback", events=events))
    assert [m["response"] for m in second] == ["utter_offer_counselor", "utter_topic_menu"]


async def test_understood_message_in_between_resets_the_fallback():
    understood = {"event": "user", "text": "Hallo", "parse_data": {"intent": {"name": "greet"}}}
    events = [fallback_event(), understood, fallback_event()]
    messages, _ = await run(ActionHandleFallback(), make_tracker("nlu_fallback", events=events))
    assert [m["response"] for m in messages] == ["utter_please_rephrase"]


async def test_center_hours_and_contact():
    hours, _ = await run(ActionCenterInfo(), make_tracker("ask_center_hours"))
    contact, _ = await run(ActionCenterInfo(), make_tracker("ask_center_contact"))
    assert (
        hours[0]["response"] == "utter_center_hours" and hours[0]["target_id"] == "welcome-center-thuringia"
    )
    assert contact[0]["response"] == "utter_center_contact"


async def test_aspect_is_read_from_the_role_diet_predicts(kb):
    tracker = make_tracker("ask_recognition", slots={"place": "Erfurt"})
    tracker.latest_message["entities"] = [{"entity": "aspect", "value": "wie viel kostet", "role": "cost"}]
    messages, _ = await run(ActionAnswerQuestion(kb), tracker)
    assert messages[0]["answer_key"] == "recognition.cost"
