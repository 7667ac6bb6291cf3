"""Hand-over cases, counselors and callback requests (synchronous; run off the event loop)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable, List, Optional

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.conversations.models import Conversation, Message, utcnow
from bot.handover.models import AuditEntry, CallbackRequest, CaseNote, Center, Counselor, HandoverCase

QUEUED, CLAIMED, RESOLVED, RETURNED, CALLBACK_OFFERED = (
    "queued",
    "claimed",
    "resolved",
    "returned",
    "callback_offered",
)
BOT, QUEUE, HUMAN = "bot", "queue", "human"
COUNSELOR = "counselor"
# A counselor counts as online while their console's live connection refreshed their
# presence within this window (the console refreshes it every 20 seconds).
ONLINE_WINDOW = timedelta(seconds=60)
MAX_NOTE_CHARS = 4000
_PHONE = re.compile(r"^\+?[0-9 ()/-]{6,30}$")
_hasher = PasswordHasher()


class NotAllowed(Exception):
    """The counselor may not see or touch this (another center's case)."""


class NotFound(Exception):
    """No such case or request."""


class AlreadyClaimed(Exception):
    """Someone else claimed the case first."""


class ConsentRequired(Exception):
    """Personal data is only stored after the user agreed to the consent text."""


def audit(
    *, session: Session, counselor: Optional[Counselor], action: str, object_type: str, object_id, **details
):
    session.add(
        AuditEntry(
            counselor_id=counselor.id if counselor else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            details=details or None,
        )
    )


# --- counselors -------------------------------------------------------------------------


def add_counselor(
    *, session: Session, username: str, first_name: str, password: str, role: str, centers: Iterable[str]
) -> Counselor:
    """Creates a counselor account with an argon2 password hash."""
    if role not in ("counselor", "admin"):
        raise ValueError("role must be counselor or admin")
    if len(password) < 12:
        raise ValueError("the password needs at least 12 characters")
    wanted = list(centers)
    found = {center_id: session.get(Center, center_id) for center_id in wanted}
    missing = [center_id for center_id, center in found.items() if center is None]
    if missing:
        raise ValueError(f"unknown center(s): {', '.join(missing)}")
    centers = list(found.values())
    counselor = Counselor(
        username=username,
        first_name=first_name,
        password_hash=_hasher.hash(password),
        role=role,
        centers=centers,
    )
    session.add(counselor)
    session.commit()
    return counselor


def authenticate(*, session: Session, username: str, password: str) -> Optional[Counselor]:
    """The counselor if the password matches, else None (same work either way)."""
    counselor = session.scalars(select(Counselor).where(Counselor.username == username)).first()
    try:
        _hasher.verify(counselor.password_hash if counselor else _DUMMY_HASH, password)
    except VerificationError:
        return None
    return counselor


_DUMMY_HASH = _hasher.hash("not a real password, only equalises timing")


def center_ids(counselor: Counselor) -> set:
    return {center.id for center in counselor.centers}


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def touch_presence(*, session: Session, counselor_id: int, now: Optional[datetime] = None) -> None:
    """Marks a counselor as online (their console is connected)."""
    session.execute(
        update(Counselor).where(Counselor.id == counselor_id).values(last_seen_at=now or utcnow())
    )
    session.commit()


def go_offline(*, session: Session, counselor_id: int) -> None:
    session.execute(update(Counselor).where(Counselor.id == counselor_id).values(last_seen_at=None))
    session.commit()


def counselors_online(*, session: Session, center_id: str, now: Optional[datetime] = None) -> int:
    """How many of the center's counselors have their console open right now."""
    since = (now or utcnow()) - ONLINE_WINDOW
    counselors = session.scalars(
        select(Counselor)
        .where(Counselor.last_seen_at.isnot(None))
        .where(Counselor.centers.any(Center.id == center_id))
    )
    return sum(1 for counselor in counselors if _aware(counselor.last_seen_at) >= since)


# --- cases --------------------------------------------------------------------------------


def open_case(
    *,
    session: Session,
    conversation_id: int,
    center_id: str,
    reason: str,
    summary_de: str,
    language: Optional[str] = None,
    audience: Optional[str] = None,
    topic: Optional[str] = None,
    place: Optional[str] = None,
) -> HandoverCase:
    """Puts a conversation in the center's queue; the bot stops answering it."""
    case = HandoverCase(
        conversation_id=conversation_id,
        center_id=center_id,
        reason=reason,
        summary_de=summary_de,
        language=language,
        audience=audience,
        topic=topic,
        place=place,
        status=QUEUED,
    )
    session.add(case)
    session.get(Conversation, conversation_id).owner = QUEUE
    session.commit()
    return case


def queue_position(*, session: Session, case: HandoverCase) -> int:
    """1 for the next case to be taken in its center's queue."""
    ahead = session.scalar(
        select(func.count(HandoverCase.id)).where(
            HandoverCase.center_id == case.center_id, HandoverCase.status == QUEUED, HandoverCase.id < case.id
        )
    )
    return int(ahead or 0) + 1


def active_case(*, session: Session, conversation_id: int) -> Optional[HandoverCase]:
    """The conversation's case that is waiting or being handled, if any."""
    return session.scalars(
        select(HandoverCase)
        .where(HandoverCase.conversation_id == conversation_id, HandoverCase.status.in_((QUEUED, CLAIMED)))
        .order_by(HandoverCase.id.desc())
    ).first()


def wait_estimate_minutes(
    *, session: Session, center_id: str, position: int, samples: int = 20
) -> Optional[int]:
    """position x the median time to claim of the center's recent cases; None without history.

    Honest rather than comforting: with fewer than three claimed cases there is no basis.
    """
    recent = session.execute(
        select(HandoverCase.created_at, HandoverCase.claimed_at)
        .where(HandoverCase.center_id == center_id, HandoverCase.claimed_at.isnot(None))
        .order_by(HandoverCase.claimed_at.desc())
        .limit(samples)
    ).all()
    if len(recent) < 3:
        return None
    median = statistics.median(
        (_aware(claimed) - _aware(created)).total_seconds() for created, claimed in recent
    )
    # "about 1 minutes" is neither good grammar nor likely: two minutes is the least we promise.
    return max(2, round(position * median / 60))


def queued_cases(*, session: Session, center_id: str) -> List[HandoverCase]:
    return list(
        session.scalars(
            select(HandoverCase)
            .where(HandoverCase.center_id == center_id, HandoverCase.status == QUEUED)
            .order_by(HandoverCase.id)
        )
    )


@dataclass
class ExpiredCase:
    case_id: int
    center_id: str
    sender_id: str
    language: Optional[str]


def offer_callback_for_waiting(*, session: Session, older_than: timedelta) -> List[ExpiredCase]:
    """Cases nobody claimed in time go back to the bot, which offers a callback.

    Each case is taken with a conditional UPDATE, so with several web workers running
    this, every user is offered the callback exactly once.
    """
    cutoff = utcnow() - older_than
    expired = []
    for case in session.scalars(select(HandoverCase).where(HandoverCase.status == QUEUED)):
        if _aware(case.created_at) > cutoff:
            continue
        taken = session.execute(
            update(HandoverCase)
            .where(HandoverCase.id == case.id, HandoverCase.status == QUEUED)
            .values(status=CALLBACK_OFFERED, offered_callback_at=utcnow(), closed_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            continue
        conversation = session.get(Conversation, case.conversation_id)
        conversation.owner = BOT
        audit(
            session=session, counselor=None, action="callback_offered", object_type="case", object_id=case.id
        )
        session.commit()
        expired.append(ExpiredCase(case.id, case.center_id, conversation.sender_id, case.language))
    return expired


def _case_for(*, session: Session, case_id: int, counselor: Counselor) -> HandoverCase:
    case = session.get(HandoverCase, case_id)
    if case is None:
        raise NotFound(f"case {case_id}")
    if case.center_id not in center_ids(counselor):
        raise NotAllowed(f"case {case_id} belongs to another center")
    return case


def get_case(*, session: Session, case_id: int, counselor: Counselor) -> HandoverCase:
    """A case of one of the counselor's centers (the view is audited)."""
    case = _case_for(session=session, case_id=case_id, counselor=counselor)
    audit(session=session, counselor=counselor, action="view", object_type="case", object_id=case.id)
    session.commit()
    return case


def cases_for(*, session: Session, counselor: Counselor, status: Optional[str] = None) -> List[HandoverCase]:
    """The cases of the counselor's centers, oldest first."""
    query = select(HandoverCase).where(HandoverCase.center_id.in_(center_ids(counselor)))
    if status:
        query = query.where(HandoverCase.status == status)
    return list(session.scalars(query.order_by(HandoverCase.id)))


def claim(*, session: Session, case_id: int, counselor: Counselor) -> HandoverCase:
    """Takes a queued case; exactly one of several counselors clicking at once wins."""
    case = _case_for(session=session, case_id=case_id, counselor=counselor)
    won = session.execute(
        update(HandoverCase)
        .where(HandoverCase.id == case.id, HandoverCase.status == QUEUED)
        .values(status=CLAIMED, claimed_by=counselor.id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        session.rollback()
        raise AlreadyClaimed(f"case {case_id} was taken by someone else")
    session.get(Conversation, case.conversation_id).owner = HUMAN
    audit(session=session, counselor=counselor, action="claim", object_type="case", object_id=case.id)
    session.commit()
    session.refresh(case)
    return case


def _close(*, session: Session, case_id: int, counselor: Counselor, status: str) -> HandoverCase:
    case = _case_for(session=session, case_id=case_id, counselor=counselor)
    if case.status != CLAIMED or (case.claimed_by != counselor.id and counselor.role != "admin"):
        raise NotAllowed(f"case {case_id} is not yours to close")
    case.status = status
    case.closed_at = utcnow()
    session.get(Conversation, case.conversation_id).owner = BOT
    audit(session=session, counselor=counselor, action=status, object_type="case", object_id=case.id)
    session.commit()
    return case


def resolve(*, session: Session, case_id: int, counselor: Counselor) -> HandoverCase:
    """The counselor is done; the bot answers again from the next message on."""
    return _close(session=session, case_id=case_id, counselor=counselor, status=RESOLVED)


def return_to_bot(*, session: Session, case_id: int, counselor: Counselor) -> HandoverCase:
    """Hands the conversation back to the bot (the user is told)."""
    return _close(session=session, case_id=case_id, counselor=counselor, status=RETURNED)


def post_message(*, session: Session, case_id: int, counselor: Counselor, text: str) -> Message:
    """A counselor's chat message to the user; only the counselor who claimed the case writes."""
    case = _case_for(session=session, case_id=case_id, counselor=counselor)
    if case.status != CLAIMED or case.claimed_by != counselor.id:
        raise NotAllowed(f"case {case_id} is not yours to answer")
    conversation = session.get(Conversation, case.conversation_id)
    message = Message(
        conversation_id=conversation.id,
        author=COUNSELOR,
        text=text,
        channel=conversation.channel,
        counselor_id=counselor.id,
    )
    session.add(message)
    conversation.updated_at = utcnow()
    session.commit()
    return message


def add_note(*, session: Session, case_id: int, counselor: Counselor, text: str) -> CaseNote:
    """An internal note on a case, visible to the center's counselors only."""
    case = _case_for(session=session, case_id=case_id, counselor=counselor)
    text = text.strip()
    if not text:
        raise ValueError("the note is empty")
    note = CaseNote(case_id=case.id, counselor_id=counselor.id, text=text[:MAX_NOTE_CHARS])
    session.add(note)
    session.commit()
    return note


def messages_after(
    *, session: Session, case_id: int, counselor: Counselor, after_id: int = 0
) -> List[Message]:
    """The case's conversation messages newer than `after_id` (for the live case view)."""
    case = _case_for(session=session, case_id=case_id, counselor=counselor)
    return list(
        session.scalars(
            select(Message)
            .where(Message.conversation_id == case.conversation_id, Message.id > after_id)
            .order_by(Message.id)
        )
    )


# --- callback requests ---------------------------------------------------------------------


def valid_contact(contact: str) -> bool:
    """An e-mail address or a phone number."""
    if _PHONE.match(contact.strip()):
        return True
    try:
        validate_email(contact.strip(), check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def request_callback(
    *,
    session: Session,
    conversation_id: int,
    center_id: str,
    consent_given: bool,
    consent_text: str,
    name: str,
    contact: str,
    preferred_language: str,
    description: str,
) -> CallbackRequest:
    """Stores a callback request, and the consent given to it; without consent, nothing."""
    if not consent_given:
        raise ConsentRequired("the user did not agree to the consent text")
    if not name.strip() or not valid_contact(contact):
        raise ValueError("a name and an e-mail address or phone number are needed")
    request = CallbackRequest(
        conversation_id=conversation_id,
        center_id=center_id,
        name=name.strip()[:120],
        contact=contact.strip()[:200],
        preferred_language=preferred_language,
        description=description.strip()[:2000],
        consent_text=consent_text,
        consent_at=utcnow(),
        status="open",
    )
    session.add(request)
    session.commit()
    return request


def callbacks_for(*, session: Session, counselor: Counselor, status: str = "open") -> List[CallbackRequest]:
    query = select(CallbackRequest).where(
        CallbackRequest.center_id.in_(center_ids(counselor)), CallbackRequest.status == status
    )
    return list(session.scalars(query.order_by(CallbackRequest.id)))


def _callback_for(*, session: Session, callback_id: int, counselor: Counselor) -> CallbackRequest:
    request = session.get(CallbackRequest, callback_id)
    if request is None:
        raise NotFound(f"callback {callback_id}")
    if request.center_id not in center_ids(counselor):
        raise NotAllowed(f"callback {callback_id} belongs to another center")
    return request


def mark_callback_done(*, session: Session, callback_id: int, counselor: Counselor) -> CallbackRequest:
    request = _callback_for(session=session, callback_id=callback_id, counselor=counselor)
    request.status, request.done_at, request.done_by = "done", utcnow(), counselor.id
    audit(
        session=session,
        counselor=counselor,
        action="callback_done",
        object_type="callback",
        object_id=request.id,
    )
    session.commit()
    return request


def delete_callback(*, session: Session, callback_id: int, counselor: Counselor) -> None:
    """Deletes a callback request and with it the person's data (the deletion is audited)."""
    session.delete(_callback_for(session=session, callback_id=callback_id, counselor=counselor))
    audit(
        session=session, counselor=counselor, action="delete", object_type="callback", object_id=callback_id
    )
    session.commit()
