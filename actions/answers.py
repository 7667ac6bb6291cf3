"""Answering a question: the dated fact from the knowledge base, then the referral."""

from __future__ import annotations

from typing import Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.entities import entity_meaning
from kb.repository import KnowledgeBaseReader, reader_from_env

ASPECTS = ("cost", "eligibility", "process")


def choose_answer(answers: Dict[str, str], aspect: Optional[str], audience: Optional[str]) -> Optional[str]:
    """The answer key for what the question asks about; an employer gets the employer answer."""
    if aspect and aspect in answers:
        return answers[aspect]
    if audience == "employer" and "employer" in answers:
        return answers["employer"]
    return answers.get("default")


def refer(
    dispatcher: CollectingDispatcher,
    kb: KnowledgeBaseReader,
    *,
    topic: str,
    tracker: Tracker,
    ask_for_place: bool = True,
) -> bool:
    """Sends the referral for `topic`; False when it depends on a place we should ask for first."""
    place = tracker.get_slot("place")
    result = kb.index().search(
        topic, place=place, audience=tracker.get_slot("audience"), language=tracker.get_slot("language")
    )
    if ask_for_place and not place and result.place_would_help:
        return False
    dispatcher.utter_message(
        response="utter_kb_referral",
        topic=topic,
        target_ids=[match.target["id"] for match in result.matches],
        levels=[match.level for match in result.matches],
        place=result.place.name if result.place else None,
        unresolved_place=result.unresolved_place,
    )
    return True


class ActionAnswerQuestion(Action):
    """Answers an ask_<topic> question and refers to the right office, or asks for the place."""

    def __init__(self, kb: Optional[KnowledgeBaseReader] = None) -> None:
        self._kb = kb

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        kb = self._kb or reader_from_env()
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        topic_id = intent.removeprefix("ask_")
        topic = kb.topic(topic_id)
        if topic is None:
            dispatcher.utter_message(response="utter_please_rephrase")
            return [SlotSet("referral_needs_place", False)]
        aspect = entity_meaning(tracker, "aspect")
        answer_key = choose_answer(topic.answers or {}, aspect, tracker.get_slot("audience"))
        if answer_key:
            answered_aspect = aspect if aspect in (topic.answers or {}) else "default"
            dispatcher.utter_message(
                response="utter_kb_answer",
                answer_key=answer_key,
                topic=topic_id,
                other_aspects=[a for a in ASPECTS if a in (topic.answers or {}) and a != answered_aspect],
            )
        referred = refer(dispatcher, kb, topic=topic_id, tracker=tracker)
        return [SlotSet("topic", topic_id), SlotSet("referral_needs_place", not referred)]


class ActionRefer(Action):
    """The referral for the last topic, once the referral form knows the place."""

    def __init__(self, kb: Optional[KnowledgeBaseReader] = None) -> None:
        self._kb = kb

    def name(self) -> str:
        return "action_refer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        kb = self._kb or reader_from_env()
        topic = tracker.get_slot("topic")
        if topic:
            # Without a place (the user declined) the nationwide offices still help.
            refer(dispatcher, kb, topic=topic, tracker=tracker, ask_for_place=False)
        return [SlotSet("referral_needs_place", False)]
