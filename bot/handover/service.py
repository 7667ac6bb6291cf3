"""Hand-over cases, counselors and callback requests (synchronous; run off the event loop)."""

from __future__ import annotations

import re
from typing import Iterable, List, Optional

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.conversations.models import Conversation, utcnow
from bot.handover.models import AuditEntry, CallbackRequest, Center, Counselor, HandoverCase

QUEUED, CLAIMED, RESOLVED, RETURNED, CALLBACK_OFFERED = (
    "queued",
    "claimed",
    "resolved",
    "returned",
    "callback_offered",
)
BOT, QUEUE, HUMAN = "bot", "queue", "human"
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


def mark_callback_done(*, session: Session, callback_id: int, counselor: Counselor) -> CallbackRequest:
    request = session.get(CallbackRequest, callback_id)
    if request is None:
        raise NotFound(f"callback {callback_id}")
    if request.center_id not in center_ids(counselor):
        raise NotAllowed(f"callback {callback_id} belongs to another center")
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
