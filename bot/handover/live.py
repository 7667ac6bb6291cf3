"""The live side of hand-over: who hears what, and when.

Every change that a user or a counselor should see at once is published on the pub/sub
hub (bot/core/pubsub.py): to the user's widget on the CHAT channel (addressed by sender
id) and to the consoles on the CONSOLE channel (addressed by center). Database work is
synchronous and runs in worker threads; the publishing is async.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Callable, Dict, List, Optional

import anyio
from sqlalchemy.orm import sessionmaker

from bot.conversations import service as conversations
from bot.conversations.models import Conversation, Message
from bot.core.pubsub import CHAT, CONSOLE, Hub
from bot.handover import service
from bot.handover.desk import HandoverDesk, Outcome
from bot.handover.models import Counselor, HandoverCase

logger = logging.getLogger(__name__)

SYSTEM = conversations.SYSTEM


def message_event(message: Message, counselor_name: Optional[str] = None) -> Dict[str, Any]:
    """A stored message as the console and the widget show it."""
    return {
        "id": message.id,
        "author": message.author,
        "name": counselor_name,
        "text": message.text or "",
        "at": message.created_at.isoformat() if message.created_at else None,
    }


class LiveHandover:
    """Publishes hand-over events and keeps the user informed while they wait."""

    def __init__(self, *, sessions: sessionmaker, hub: Hub, desk: HandoverDesk) -> None:
        self._sessions = sessions
        self.hub = hub
        self.desk = desk

    async def _db(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        def work() -> Any:
            with self._sessions() as session:
                return fn(session=session, **kwargs)

        return await anyio.to_thread.run_sync(work)

    # --- publishing ---------------------------------------------------------------------

    async def to_user(self, sender_id: str, event_type: str, **data: Any) -> None:
        await self.hub.publish(CHAT, {"sender": sender_id, "type": event_type, **data})

    async def to_console(self, center_id: str, event_type: str, **data: Any) -> None:
        await self.hub.publish(CONSOLE, {"center": center_id, "type": event_type, **data})

    # --- the user's side ----------------------------------------------------------------

    async def hand_over(self, payload: Dict[str, Any], language: str, sender_id: str) -> Outcome:
        """Opens a case (someone is online) or offers a callback; tells the consoles."""
        outcome: Outcome = await anyio.to_thread.run_sync(self.desk.respond, payload, language, sender_id)
        if outcome.opened and outcome.center_id:
            await self.to_console(outcome.center_id, "queue", case=outcome.case_id, new=True)
        return outcome

    async def forward_if_human(self, message_id: int) -> bool:
        """While a case is open the bot stays silent: the message goes to the console."""
        found = await self._db(_active_case_of_message, message_id=message_id)
        if found is None:
            return False
        case_id, center_id, event = found
        await self.to_console(center_id, "message", case=case_id, message=event)
        return True

    # --- the counselor's side -----------------------------------------------------------

    async def after_claim(self, case_id: int) -> None:
        info = await self._db(_case_info, case_id=case_id)
        text = self.desk.phrase(
            "handover_joined", info["language"], name=info["counselor"], center=info["center_name"]
        )
        await self._notice(info, text)
        await self.to_console(info["center_id"], "queue", case=case_id)
        await self.update_positions(info["center_id"])

    async def after_close(self, case_id: int) -> None:
        """Resolved or returned to the bot: the user is told the assistant is back."""
        info = await self._db(_case_info, case_id=case_id)
        key = "handover_returned" if info["status"] == service.RETURNED else "handover_resolved"
        await self._notice(info, self.desk.phrase(key, info["language"], name=info["counselor"]))
        await self.to_console(info["center_id"], "queue", case=case_id)

    async def counselor_wrote(self, case_id: int, message_id: int) -> None:
        info = await self._db(_case_info, case_id=case_id, message_id=message_id)
        event = info["message"]
        await self.to_user(info["sender_id"], "message", message=event)
        await self.to_console(info["center_id"], "message", case=case_id, message=event)

    async def _notice(self, info: Dict[str, Any], text: str) -> None:
        """A system line the user sees and the transcript keeps."""
        stored = await self._db(_record_notice, conversation_id=info["conversation_id"], text=text)
        await self.to_user(info["sender_id"], "message", message=stored)
        await self.to_console(info["center_id"], "message", case=info["case_id"], message=stored)

    async def update_positions(self, center_id: str) -> None:
        """Everyone still waiting at the center learns their new place and wait."""
        for sender_id, text, position in await self._db(self._positions, center_id=center_id):
            await self.to_user(sender_id, "queue", position=position, text=text)

    def _positions(self, *, session, center_id: str) -> List[tuple]:
        updates = []
        for case in service.queued_cases(session=session, center_id=center_id):
            conversation = session.get(Conversation, case.conversation_id)
            language = case.language or conversation.language or "de"
            position = service.queue_position(session=session, case=case)
            updates.append(
                (conversation.sender_id, self.desk.position_text(session, case, language), position)
            )
        return updates

    # --- nobody came ----------------------------------------------------------------------

    async def offer_callbacks(self, older_than: timedelta) -> int:
        """Users who waited too long get a callback form instead (exactly once)."""
        expired = await self._db(service.offer_callback_for_waiting, older_than=older_than)
        for case in expired:
            center = await anyio.to_thread.run_sync(self.desk.center_by_id, case.center_id)
            language = case.language or "de"
            outcome = self.desk.callback_offer(center, language, busy=True)
            await self._db(_record_notices, sender_id=case.sender_id, replies=outcome.messages)
            await self.to_user(case.sender_id, "bot", messages=outcome.messages)
            await self.to_console(case.center_id, "queue", case=case.case_id)
        for center_id in {case.center_id for case in expired}:
            await self.update_positions(center_id)
        return len(expired)

    async def run_timeouts(self, older_than: timedelta, every: float = 15.0) -> None:
        """Background loop of the web service (one per worker; the UPDATE makes it safe)."""
        while True:
            try:
                await self.offer_callbacks(older_than)
            except Exception:  # a database hiccup must not end the loop
                logger.exception("Checking the queue for callbacks failed")
            await anyio.sleep(every)


# --- database helpers (run in worker threads) -------------------------------------------


def _active_case_of_message(*, session, message_id: int) -> Optional[tuple]:
    message = session.get(Message, message_id)
    conversation = session.get(Conversation, message.conversation_id)
    if conversation.owner == service.BOT:
        return None
    case = service.active_case(session=session, conversation_id=conversation.id)
    if case is None:  # an owner left over from an interrupted hand-over
        conversation.owner = service.BOT
        session.commit()
        return None
    message.status = "forwarded"
    session.commit()
    return case.id, case.center_id, message_event(message)


def _case_info(*, session, case_id: int, message_id: Optional[int] = None) -> Dict[str, Any]:
    case = session.get(HandoverCase, case_id)
    conversation = session.get(Conversation, case.conversation_id)
    counselor = session.get(Counselor, case.claimed_by) if case.claimed_by else None
    info = {
        "case_id": case.id,
        "status": case.status,
        "center_id": case.center_id,
        "center_name": case.center.name if case.center else case.center_id,
        "conversation_id": conversation.id,
        "sender_id": conversation.sender_id,
        "language": case.language or conversation.language or "de",
        "counselor": counselor.first_name if counselor else "",
    }
    if message_id is not None:
        info["message"] = message_event(session.get(Message, message_id), info["counselor"])
    return info


def _record_notice(*, session, conversation_id: int, text: str) -> Dict[str, Any]:
    conversation = session.get(Conversation, conversation_id)
    message = Message(conversation_id=conversation_id, author=SYSTEM, text=text, channel=conversation.channel)
    session.add(message)
    session.commit()
    return message_event(message)


def _record_notices(*, session, sender_id: str, replies: List[Dict[str, Any]]) -> None:
    conversation = conversations.get_conversation(session=session, sender_id=sender_id)
    session.add_all(
        conversations.messages_from(
            replies, conversation_id=conversation.id, channel=conversation.channel, author=SYSTEM
        )
    )
    session.commit()
