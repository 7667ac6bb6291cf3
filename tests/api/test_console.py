"""The counselor console over HTTP: login, CSRF, throttling, and centers seeing only their own cases."""

from bot.handover import service
from bot.handover.models import CallbackRequest, HandoverCase
from tests.api.console_helpers import PASSWORD, login, make_case, make_counselor, token


def test_console_requires_login(browser):
    response = browser.get("/console", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/login"


def test_login_sets_a_strict_http_only_cookie_and_shows_only_my_centers_cases(browser, session, centers):
    mine, theirs = make_case(session, "dresden"), make_case(session, "thueringen")
    counselor = make_counselor(session, "dresden")
    response = login(browser, counselor)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    queue = browser.get("/console")
    assert f'href="/console/cases/{mine.id}"' in queue.text
    assert f'href="/console/cases/{theirs.id}"' not in queue.text


def test_wrong_password_is_refused_and_guessing_is_throttled(browser, session, centers):
    counselor = make_counselor(session, "dresden")
    for _ in range(5):
        assert login(browser, counselor, "wrong password!").status_code == 401
    blocked = login(browser, counselor, PASSWORD)
    assert blocked.status_code == 429 and "Zu viele Fehlversuche" in blocked.text


def test_forms_without_the_session_token_are_refused(browser, session, centers):
    case = make_case(session, "dresden")
    login(browser, make_counselor(session, "dresden"))
    response = browser.post(f"/console/cases/{case.id}/claim", data={"csrf_token": "forged"})
    assert response.status_code == 403
    session.expire_all()
    assert session.get(HandoverCase, case.id).status == "queued"


def test_another_centers_case_cannot_be_read_claimed_or_closed(browser, session, centers):
    theirs = make_case(session, "thueringen")
    login(browser, make_counselor(session, "dresden"))
    form = {"csrf_token": token(browser.get("/console"))}
    assert browser.get(f"/console/cases/{theirs.id}").status_code == 404
    for action in ("claim", "resolve", "return"):
        assert browser.post(f"/console/cases/{theirs.id}/{action}", data=form).status_code == 404
    session.expire_all()
    assert session.get(HandoverCase, theirs.id).status == "queued"
    assert browser.get("/console/cases/999999999").status_code == 404


def test_claim_then_return_to_bot_and_markup_stays_text(browser, session, centers):
    case = make_case(session, "dresden", text="<b>bold</b><script>alert(1)</script>")
    login(browser, make_counselor(session, "dresden"))
    page = browser.get(f"/console/cases/{case.id}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert" not in page.text
    claimed = browser.post(f"/console/cases/{case.id}/claim", data={"csrf_token": token(page)})
    assert "Sie haben den Fall übernommen." in claimed.text
    returned = browser.post(f"/console/cases/{case.id}/return", data={"csrf_token": token(claimed)})
    assert "zurück beim Assistenten" in returned.text
    session.expire_all()
    assert session.get(HandoverCase, case.id).status == "returned"


def test_second_counselor_is_told_the_case_was_taken(browser, session, centers, settings):
    case = make_case(session, "dresden")
    first, second = make_counselor(session, "dresden"), make_counselor(session, "dresden")
    service.claim(session=session, case_id=case.id, counselor=first)
    login(browser, second)
    response = browser.post(
        f"/console/cases/{case.id}/claim", data={"csrf_token": token(browser.get("/console"))}
    )
    assert f"Fall {case.id} wurde gerade von jemand anderem übernommen." in response.text


def test_callback_of_another_center_cannot_be_marked_done(browser, session, centers):
    case = make_case(session, "thueringen")
    request = service.request_callback(
        session=session, conversation_id=case.conversation_id, center_id="thueringen", consent_given=True,
        consent_text="ok", name="Olena", contact="olena@example.org", preferred_language="uk", description="x",
    )  # fmt: skip
    login(browser, make_counselor(session, "dresden"))
    response = browser.post(
        f"/console/callbacks/{request.id}/done", data={"csrf_token": token(browser.get("/console"))}
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(CallbackRequest, request.id).status == "open"
