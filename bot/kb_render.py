"""Renders the knowledge-base responses (answers, referrals, topic menu, the center)
in the conversation's language, for the NLG endpoint.

The actions decide *what* to say (an answer key, target ids); this decides *how*, in
eight languages, with the source and date every fact carries.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import urlparse

from kb.catalog import ResponseCatalog
from kb.repository import KnowledgeBaseReader
from kb.search import localized

MENU = {
    "newcomer": [
        "integration_course",
        "recognition",
        "skilled_worker_visa",
        "blue_card",
        "opportunity_card",
        "first_contact",
    ],
    "employer": [
        "hiring_abroad",
        "accelerated_procedure",
        "recognition",
        "wage_subsidy",
        "staff_training",
        "employer_duties",
    ],
    None: [
        "integration_course",
        "recognition",
        "skilled_worker_visa",
        "first_contact",
        "hiring_abroad",
        "accelerated_procedure",
    ],
}


# Rasa splits a text at blank lines into separate messages; an answer and its source,
# or a referral and its offices, belong in one message, so blocks are joined by "\n".
BLOCK = "\n"


def _host(url: str) -> str:
    host = urlparse(url).netloc or url
    return host.removeprefix("www.")


# Unpaid wages, exploitation, threats at work: a person is offered right with the answer.
SENSITIVE_TOPICS = {"labour_rights"}


class KnowledgeBaseRenderer:
    """Turns the actions' KB responses into chat messages."""

    def __init__(self, kb: KnowledgeBaseReader, catalog: ResponseCatalog, *, center_id: str) -> None:
        self._kb = kb
        self._catalog = catalog
        self._center_id = center_id
        self._renderers: Dict[str, Callable[..., Optional[Dict[str, Any]]]] = {
            "utter_kb_answer": self._answer,
            "utter_kb_referral": self._referral,
            "utter_topic_menu": self._topic_menu,
            "utter_center_contact": self._center_contact,
            "utter_center_hours": self._center_hours,
        }

    def handles(self, response: str) -> bool:
        return response in self._renderers

    def render(
        self, response: str, language: str, arguments: Dict[str, Any], slots: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        return self._renderers[response](language, arguments, slots)

    def _phrase(self, name: str, language: str, **values: Any) -> str:
        rendered = self._catalog.render(name, language, values)
        return rendered["text"] if rendered else ""

    def _date(self, value: date, language: str) -> str:
        return value.strftime(self._phrase("date_format", language) or "%Y-%m-%d")

    def _answer(
        self, language: str, arguments: Dict[str, Any], slots: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        answer = self._kb.answer(str(arguments.get("answer_key")))
        if answer is None:
            return None
        lines = [localized(answer.text, language) or ""]
        if answer.uncertain:
            lines.append(self._phrase("kb_uncertain", language))
        if answer.review_by and answer.review_by < date.today():
            lines.append(self._phrase("kb_review_overdue", language))
        sources = ", ".join(dict.fromkeys(_host(url) for url in answer.sources))
        lines.append(
            self._phrase(
                "kb_source", language, sources=sources, verified=self._date(answer.verified, language)
            )
        )
        topic = arguments.get("topic") or answer.topic
        buttons = [
            {
                "title": self._phrase(f"aspect_{aspect}", language),
                "payload": f'/ask_{topic}{{"aspect":"{aspect}"}}',
            }
            for aspect in arguments.get("other_aspects") or []
            if aspect in ("cost", "eligibility", "process")
        ]
        if topic in SENSITIVE_TOPICS:
            buttons.insert(0, self._talk_to_a_person(language))
        return {"text": BLOCK.join(line for line in lines if line), "buttons": buttons}

    def _talk_to_a_person(self, language: str) -> Dict[str, str]:
        """The "talk to a person" button, in the user's language."""
        for variant in self._catalog.variants("utter_offer_counselor", language):
            for button in variant.get("buttons") or []:
                if button.get("payload") == "/request_human":
                    return button
        return {"title": "Welcome Center", "payload": "/request_human"}

    def _target_lines(self, target: Dict[str, Any], language: str) -> List[str]:
        contact = target.get("contact") or {}
        # Plain text: address, number, e-mail and URL explain themselves, and emoji icons
        # are boxes on devices without an emoji font.
        parts = [contact.get(field) for field in ("address", "phone", "email", "website")]
        hours = localized(target.get("opening_hours"), language)
        hours_line = (
            self._phrase("kb_opening_hours", language, hours=hours)
            if hours
            else self._phrase("kb_opening_hours_unknown", language)
        )
        lines = [f"• {target['name']}", localized(target.get("description"), language) or ""]
        lines.append(" · ".join(part for part in parts if part))
        lines.append(hours_line)
        return [line for line in lines if line]

    def _referral(self, language: str, arguments: Dict[str, Any], slots: Dict[str, Any]) -> Dict[str, Any]:
        targets = [self._kb.target(str(target_id)) for target_id in arguments.get("target_ids") or []]
        targets = [target for target in targets if target]
        blocks = []
        if arguments.get("topic") == "first_contact":
            blocks.append(self._phrase("kb_first_contact", language))
        if not targets:
            blocks.append(self._phrase("kb_no_referral", language))
            return {"text": BLOCK.join(blocks)}
        if arguments.get("unresolved_place"):
            blocks.append(
                self._phrase("kb_referral_unresolved", language, place=arguments["unresolved_place"])
            )
        elif arguments.get("place"):
            blocks.append(self._phrase("kb_referral_intro_place", language, place=arguments["place"]))
        else:
            blocks.append(self._phrase("kb_referral_intro", language))
        blocks.extend("\n".join(self._target_lines(target, language)) for target in targets)
        return {"text": BLOCK.join(blocks)}

    def _topic_menu(self, language: str, arguments: Dict[str, Any], slots: Dict[str, Any]) -> Dict[str, Any]:
        topics = self._kb.topics()
        audience = slots.get("audience") if slots.get("audience") in MENU else None
        buttons = [
            {"title": localized(topics[topic].label, language), "payload": f"/ask_{topic}"}
            for topic in MENU[audience]
            if topic in topics
        ]
        return {"text": self._phrase("utter_topic_menu", language), "buttons": buttons}

    def target_block(self, target_id: Optional[str], language: str) -> str:
        """Name, description, contact and opening hours of one target, or '' if unknown."""
        target = self._kb.target(target_id) if target_id else None
        return "\n".join(self._target_lines(target, language)) if target else ""

    def _center(self, arguments: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        return self._kb.target(str(arguments.get("target_id") or self._center_id))

    def _center_contact(
        self, language: str, arguments: Dict[str, Any], slots: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        center = self._center(arguments)
        return {"text": "\n".join(self._target_lines(center, language))} if center else None

    def _center_hours(
        self, language: str, arguments: Dict[str, Any], slots: Dict[str, Any]
    ) -> Optional[Dict[str, Any]]:
        center = self._center(arguments)
        if center is None:
            return None
        lines = self._target_lines(center, language)
        # The hours first: that is what was asked.
        return {"text": "\n".join([lines[0], lines[-1], *lines[1:-1]])}
