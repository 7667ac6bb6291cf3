"""Hand-over cases on SQLite and PostgreSQL: one claim wins, centers see only their own cases,
callback requests exist only with consent."""

import threading
import uuid

import pytest
from sqlalchemy import select

from bot.conversations import service as conversations
from bot.conversations.models import Conversation
from bot.core.db import get_sessionmaker
from bot.handover import service
from bot.handover.models import AuditEntry, CallbackRequest, Center

HOURS = {"mon": ["09:00-16:00"], "tue": ["09:00-16:00"], "wed": ["09:00-16:00"], "thu": ["09:00-16:00"]}


@pytest.fixture
def centers(session):
    suffix = uuid.uuid4().hex[:8]
    # No region (target): these centers must never receive the cases other tests route by place.
    a = Center(id=f"a-{suffix}", name="Center A", state="SN", office_hours=HOURS)
    b = Center(id=f"b-{suffix}", name="Center B", state="TH", office_hours=HOURS)
    session.add_all([a, b])
    session.commit()
    return a, b


def counselor(session, center, name="anna"):
    return service.add_counselor(
        session=session,
        username=f"{name}-{uuid.uuid4().hex[:6]}",
        first_name=name.title(),
        password="correct horse battery staple",
        role="counselor",
        centers=[center.id],
    )


@pytest.fixture
def case(session, centers, sender_id):
    message = conversations.record_user_message(
        session=session, sender_id=sender_id, channel="rest", text="Hilfe"
    )
    return service.open_case(
        session=session,
        conversation_id=message.conversation_id,
        center_id=centers[0].id,
        reason="user_request",
        summary_de="Nutzerin fragt nach Anerkennung als Pflegekraft in Dresden.",
        language="uk",
        place="Dresden",
    )


def test_open_case_queues_the_conversation_and_silences_the_bot(session, case):
    assert case.status == "queued" and service.queue_position(session=session, case=case) >= 1
    assert session.get(Conversation, case.conversation_id).owner == "queue"


def test_exactly_one_of_two_simultaneous_claims_wins(database_url, session, centers, case):
    first, second = counselor(session, centers[0], "anna"), counselor(session, centers[0], "ben")
    barrier = threading.Barrier(2)
    outcomes = {}

    def try_claim(who):
        with get_sessionmaker(database_url)() as own:
            me = own.get(type(who), who.id)
            barrier.wait()
            try:
                service.claim(session=own, case_id=case.id, counselor=me)
                outcomes[who.username] = "won"
            except service.AlreadyClaimed:
                outcomes[who.username] = "told it was taken"

    threads = [threading.Thread(target=try_claim, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["told it was taken", "won"]
    session.expire_all()
    claimed = session.get(type(case), case.id)
    assert claimed.status == "claimed"
    assert session.get(Conversation, case.conversation_id).owner == "human"


def test_counselor_of_another_center_can_neither_read_nor_claim_nor_close(session, centers, case):
    outsider = counselor(session, centers[1], "carla")
    with pytest.raises(service.NotAllowed):
        service.get_case(session=session, case_id=case.id, counselor=outsider)
    with pytest.raises(service.NotAllowed):
        service.claim(session=session, case_id=case.id, counselor=outsider)
    with pytest.raises(service.NotAllowed):
        service.resolve(session=session, case_id=case.id, counselor=outsider)
    assert case.id not in [c.id for c in service.cases_for(session=session, counselor=outsider)]


def test_only_the_claimer_closes_and_the_bot_gets_the_conversation_back(session, centers, case):
    owner, colleague = counselor(session, centers[0], "dana"), counselor(session, centers[0], "emil")
    service.claim(session=session, case_id=case.id, counselor=owner)
    with pytest.raises(service.NotAllowed):
        service.return_to_bot(session=session, case_id=case.id, counselor=colleague)
    service.return_to_bot(session=session, case_id=case.id, counselor=owner)
    assert session.get(Conversation, case.conversation_id).owner == "bot"
    actions = session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.object_type == "case", AuditEntry.object_id == str(case.id)
        )
    ).all()
    assert actions == ["claim", "returned"]


def test_unknown_case_is_not_found(session, centers):
    with pytest.raises(service.NotFound):
        service.get_case(session=session, case_id=99999999, counselor=counselor(session, centers[0]))


def test_passwords_are_hashed_and_checked(session, centers):
    person = counselor(session, centers[0], "fritz")
    assert person.password_hash.startswith("$argon2")
    assert service.authenticate(
        session=session, username=person.username, password="correct horse battery staple"
    )
    assert service.authenticate(session=session, username=person.username, password="wrong") is None
    assert service.authenticate(session=session, username="nobody", password="x") is None
    with pytest.raises(ValueError, match="12 characters"):
        service.add_counselor(
            session=session, username="x", first_name="X", password="short", role="counselor", centers=[]
        )


def test_without_consent_nothing_personal_is_stored(session, centers, case):
    before = session.scalar(select(CallbackRequest.id).order_by(CallbackRequest.id.desc()))
    with pytest.raises(service.ConsentRequired):
        service.request_callback(
            session=session, conversation_id=case.conversation_id, center_id=centers[0].id, consent_given=False,
            consent_text="…", name="Olena K.", contact="olena@example.org", preferred_language="uk",
            description="Anerkennung",
        )  # fmt: skip
    assert session.scalar(select(CallbackRequest.id).order_by(CallbackRequest.id.desc())) == before


def test_with_consent_the_request_and_the_consent_are_stored(session, centers, case):
    request = service.request_callback(
        session=session, conversation_id=case.conversation_id, center_id=centers[0].id, consent_given=True,
        consent_text="Ich bin einverstanden, dass …", name="Olena K.", contact="+49 351 1234567",
        preferred_language="uk", description="Anerkennung als Pflegekraft",
    )  # fmt: skip
    assert request.consent_at is not None and request.consent_text.startswith("Ich bin einverstanden")
    mine = counselor(session, centers[0], "gina")
    other = counselor(session, centers[1], "hans")
    assert request.id in [r.id for r in service.callbacks_for(session=session, counselor=mine)]
    assert request.id not in [r.id for r in service.callbacks_for(session=session, counselor=other)]
    with pytest.raises(service.NotAllowed):
        service.mark_callback_done(session=session, callback_id=request.id, counselor=other)
    assert (
        service.mark_callback_done(session=session, callback_id=request.id, counselor=mine).status == "done"
    )


@pytest.mark.parametrize("contact", ["", "not a contact", "<script>"])
def test_callback_needs_a_usable_contact(session, centers, case, contact):
    with pytest.raises(ValueError):
        service.request_callback(
            session=session, conversation_id=case.conversation_id, center_id=centers[0].id, consent_given=True,
            consent_text="ok", name="X", contact=contact, preferred_language="de", description="",
        )  # fmt: skip
