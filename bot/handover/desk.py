"""What the user sees when they ask for a person.

Until counselors chat live in the widget, nobody is "online" for the chat, so every
request gets the honest answer: when the center is reachable again, its contact, and a
callback form whose data is only stored after the user agreed to the consent text.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from bot.handover.centers import office_hours, route
from bot.handover.hours import BERLIN
from bot.handover.models import Center
from bot.kb_render import KnowledgeBaseRenderer
from kb.catalog import ResponseCatalog
from kb.repository import KnowledgeBaseReader


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


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
    ) -> None:
        self._sessions = sessions
        self._kb = kb
        self._renderer = renderer
        self._catalog = catalog
        self._clock = clock

    def _phrase(self, name: str, language: str, **values: Any) -> str:
        rendered = self._catalog.render(name, language, values)
        return rendered["text"] if rendered else ""

    def now(self) -> datetime:
        return self._clock().astimezone(BERLIN)

    def center_for(self, place: Optional[str]) -> Optional[Center]:
        with self._sessions() as session:
            if not session.scalar(select(func.count(Center.id))):
                return None  # no centers configured (python -m bot centers sync)
            return route(session=session, place=place, index=self._kb.index())

    def format_opening(self, moment: datetime, language: str) -> str:
        weekdays = self._phrase("weekday_names", language).split("|")
        date_format = self._phrase("date_format", language) or "%Y-%m-%d"
        return self._phrase(
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

    def respond(self, payload: Dict[str, Any], language: str) -> List[Dict[str, Any]]:
        """The messages that replace the bot's hand-over request."""
        center = self.center_for(payload.get("place"))
        center_name = center.name if center else "Welcome Center"
        opening = self.next_opening_text(center, language)
        text = (
            self._phrase("handover_unavailable", language, center=center_name, next_opening=opening)
            if opening
            else self._phrase("handover_unavailable_no_hours", language, center=center_name)
        )
        contact = self._renderer.target_block(center.target_id if center else None, language)
        labels = self._phrase("callback_form_labels", language).split("|")
        form = {
            "callback_form": {
                "center": center.id if center else None,
                "language": language,
                "consent_text": self._phrase("callback_consent", language),
                "labels": dict(zip(("name", "contact", "description", "submit"), labels, strict=False)),
            }
        }
        return [{"text": "\n".join(part for part in (text, contact) if part)}, {"custom": form}]
