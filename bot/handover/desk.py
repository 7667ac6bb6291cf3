"""What the user sees when the bot hands over, and what happens behind it.

During the responsible center's office hours, with at least one of its counselors
online (console open), a case is opened: the user learns their place in the queue and an
honest wait estimate and can keep writing. Otherwise the user learns when the center is
reachable again and gets a callback form; its data is only stored after the user agreed
to the consent text. Urgent situations add the emergency numbers and an advice contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot.conversations import service as conversations
from bot.handover import service
from bot.handover.centers import office_hours, route
from bot.handover.hours import BERLIN
from bot.handover.intake import summary_de
from bot.handover.models import Center, HandoverCase
from bot.kb_render import KnowledgeBaseRenderer
from kb.catalog import ResponseCatalog
from kb.repository import KnowledgeBaseReader


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class Outcome:
    """The messages for the user, and the case if one was opened (or already open)."""

    messages: List[Dict[str, Any]]
    case_id: Optional[int] = None
    center_id: Optional[str] = None
    opened: bool = False


class HandoverDesk:
    """Turns the bot's hand-over request into messages for the user."""

    def __init__(
        self,
        *,
        sessions: sessionmaker,
        kb: KnowledgeBaseReader,
        renderer: KnowledgeBaseRenderer,
        catalog: ResponseCatalog,
        clock: Callable[[], datetime] = utc_now,
        queue_timeout_minutes: int = 10,
    ) -> None:
        self.queue_timeout_minutes = queue_timeout_minutes
        self._sessions = sessions
        self._kb = kb
        self._renderer = renderer
        self._catalog = catalog
        self._clock = clock

    def phrase(self, key: str, language: str, **values: Any) -> str:
        rendered = self._catalog.render(key, language, values)
        return rendered["text"] if rendered else ""

    def now(self) -> datetime:
        return self._clock().astimezone(BERLIN)

    def center_for(self, place: Optional[str]) -> Optional[Center]:
        with self._sessions() as session:
            if not session.scalar(select(func.count(Center.id))):
                return None  # no centers configured (python -m bot centers sync)
            return route(session=session, place=place, index=self._kb.index())

    def format_opening(self, moment: datetime, language: str) -> str:
        weekdays = self.phrase("weekday_names", language).split("|")
        date_format = self.phrase("date_format", language) or "%Y-%m-%d"
        return self.phrase(
            "opening_time_format",
            language,
            weekday=weekdays[moment.weekday()] if len(weekdays) == 7 else "",
            date=moment.strftime(date_format),
            time=moment.strftime("%H:%M"),
        )

    def next_opening_text(self, center: Optional[Center], language: str) -> Optional[str]:
        """When the center opens next, or None while it is open (or never opens)."""
        if center is None:
            return None
        hours, now = office_hours(center), self._clock()
        if hours.is_open(now):
            return None
        opening = hours.next_opening(now)
        return self.format_opening(opening, language) if opening else None

    def wait_text(self, session, case: HandoverCase, position: int, language: str) -> str:
        minutes = service.wait_estimate_minutes(session=session, center_id=case.center_id, position=position)
        if minutes is None:
            return self.phrase("handover_wait_unknown", language, timeout=self.queue_timeout_minutes)
        return self.phrase("handover_wait_minutes", language, minutes=minutes)

    def position_text(self, session, case: HandoverCase, language: str) -> str:
        position = service.queue_position(session=session, case=case)
        return self.phrase(
            "handover_position",
            language,
            position=position,
            wait=self.wait_text(session, case, position, language),
        )

    def respond(self, payload: Dict[str, Any], language: str, sender_id: Optional[str] = None) -> Outcome:
        """The messages that replace the bot's hand-over request (a case when someone is online)."""
        center = self.center_for(payload.get("place"))
        prefix: List[Dict[str, Any]] = []
        if payload.get("reason") == "urgent":
            prefix.append({"text": self.phrase("urgent_help", language)})
            advice = self.advice_contact(payload.get("advice_topic"), payload.get("place"), language)
            if advice:
                prefix.append({"text": advice})
        if center is not None and sender_id and self._live(center):
            outcome = self._queue(center, payload, language, sender_id)
            if outcome is not None:
                outcome.messages[:0] = prefix
                return outcome
        outcome = self.callback_offer(center, language)
        outcome.messages[:0] = prefix
        return outcome

    def advice_contact(self, topic: Optional[str], place: Optional[str], language: str) -> str:
        """The most local KB targets for an urgent situation's topic (e.g. migration counselling)."""
        if not topic:
            return ""
        matches = self._kb.index().search(topic, place=place, language=language, limit=2).matches
        return "\n\n".join(self._renderer.target_block(m.target["id"], language) for m in matches)

    def _live(self, center: Center) -> bool:
        """Open now, and someone of the center has the console open."""
        if not office_hours(center).is_open(self._clock()):
            return False
        with self._sessions() as session:
            return service.counselors_online(session=session, center_id=center.id) > 0

    def _queue(
        self, center: Center, payload: Dict[str, Any], language: str, sender_id: str
    ) -> Optional[Outcome]:
        with self._sessions() as session:
            conversation = conversations.get_conversation(session=session, sender_id=sender_id)
            if conversation is None:
                return None
            case = service.active_case(session=session, conversation_id=conversation.id)
            opened = case is None
            if opened:
                topic = self._kb.topic(payload["topic"]) if payload.get("topic") else None
                case = service.open_case(
                    session=session,
                    conversation_id=conversation.id,
                    center_id=center.id,
                    reason=payload.get("reason") or "user_request",
                    summary_de=summary_de(
                        reason=payload.get("reason") or "user_request",
                        messages=conversations.messages_of(session=session, conversation_id=conversation.id),
                        language=language,
                        audience=payload.get("audience"),
                        place=payload.get("place"),
                        topic_label_de=(topic.label or {}).get("de") if topic else None,
                        profession=payload.get("profession"),
                    ),
                    language=language,
                    audience=payload.get("audience"),
                    topic=payload.get("topic"),
                    place=payload.get("place"),
                )
            position = service.queue_position(session=session, case=case)
            text = self.phrase(
                "handover_queued",
                language,
                center=center.name,
                position=position,
                wait=self.wait_text(session, case, position, language),
            )
            return Outcome(messages=[{"text": text}], case_id=case.id, center_id=center.id, opened=opened)

    def callback_offer(self, center: Optional[Center], language: str, *, busy: bool = False) -> Outcome:
        """When the center is reachable again, its contact, and the callback form."""
        center_name = center.name if center else "Welcome Center"
        opening = self.next_opening_text(center, language)
        if busy:
            text = self.phrase("handover_timeout", language, center=center_name)
        elif opening:
            text = self.phrase("handover_unavailable", language, center=center_name, next_opening=opening)
        else:
            text = self.phrase("handover_unavailable_no_hours", language, center=center_name)
        contact = self._renderer.target_block(center.target_id if center else None, language)
        labels = self.phrase("callback_form_labels", language).split("|")
        form = {
            "callback_form": {
                "center": center.id if center else None,
                "language": language,
                "consent_text": self.phrase("callback_consent", language),
                "labels": dict(zip(("name", "contact", "description", "submit"), labels, strict=False)),
            }
        }
        return Outcome(
            messages=[{"text": "\n".join(part for part in (text, contact) if part)}, {"custom": form}],
            center_id=center.id if center else None,
        )

    def center_by_id(self, center_id: str) -> Optional[Center]:
        with self._sessions() as session:
            return session.get(Center, center_id)
