"""The NLG endpoint renders knowledge-base answers and referrals in the user's language."""

import pytest

from kb.__main__ import main as kb_main
from kb.catalog import ResponseCatalog

CATALOG = ResponseCatalog.from_directory()


@pytest.fixture(autouse=True)
def loaded_kb(database_url):
    kb_main(["load", "--force", "--database-url", database_url])


@pytest.fixture
def render(client, settings):
    def render(response, language, arguments=None, slots=None):
        body = {
            "response": response,
            "arguments": arguments or {},
            "tracker": {
                "sender_id": "s",
                "slots": {"language": language, **(slots or {})},
                "latest_message": {},
            },
            "channel": {"name": "rest"},
        }
        reply = client.post("/nlg", json=body, headers={"Authorization": f"Bearer {settings.RASA_TOKEN}"})
        assert reply.status_code == 200
        return reply.json()

    return render


def test_answer_carries_its_year_source_date_and_uncertainty_hint(render):
    reply = render("utter_kb_answer", "en", {"answer_key": "blue_card.thresholds", "topic": "blue_card"})
    text = reply["text"]
    assert "2026" in text and "50,700" in text
    assert "Source: visaguard.berlin, jig.world · as of 01/11/2026" in text
    assert CATALOG.variants("kb_uncertain", "en")[0]["text"] in text


def test_certain_answer_has_no_hint_and_offers_the_other_aspects_as_buttons(render):
    reply = render(
        "utter_kb_answer",
        "de",
        {"answer_key": "integration_course.what", "topic": "integration_course", "other_aspects": ["cost"]},
    )
    assert "700" in reply["text"] and "Stand: 01.11.2026" in reply["text"]
    assert CATALOG.variants("kb_uncertain", "de")[0]["text"] not in reply["text"]
    assert reply["buttons"] == [{"title": "Kosten", "payload": '/ask_integration_course{"aspect":"cost"}'}]


def test_answer_in_persian_is_persian(render):
    reply = render("utter_kb_answer", "fa", {"answer_key": "integration_course.cost"})
    assert "دوره" in reply["text"] or "یورو" in reply["text"]


def test_referral_names_the_offices_with_contact_and_hours(render):
    reply = render(
        "utter_kb_referral",
        "en",
        {"topic": "residence_permit", "target_ids": ["auslaenderbehoerde-magdeburg", "hotline-arbeiten-und-leben"],
         "place": "Magdeburg"},
    )  # fmt: skip
    text = reply["text"]
    assert text.startswith("Where you can get help (for Magdeburg):")
    assert "Ausländerbehörde" in text and "https://www.magdeburg.de" in text
    assert "+49 30 18151111" in text
    assert CATALOG.variants("kb_opening_hours_unknown", "en")[0]["text"] in text


def test_referral_for_an_unknown_place_says_so(render):
    reply = render(
        "utter_kb_referral",
        "de",
        {"topic": "recognition", "target_ids": ["zsba"], "unresolved_place": "Atlantis"},
    )
    assert reply["text"].startswith("Den Ort „Atlantis“ konnte ich nicht zuordnen.")


def test_no_referral_is_said_plainly(render):
    reply = render("utter_kb_referral", "uk", {"topic": "kausa", "target_ids": []})
    assert reply["text"] == CATALOG.variants("kb_no_referral", "uk")[0]["text"]


def test_topic_menu_follows_the_audience_and_language(render):
    employer = render("utter_topic_menu", "tr", slots={"audience": "employer"})
    assert employer["buttons"][0] == {"title": "Yurt dışından istihdam", "payload": "/ask_hiring_abroad"}
    newcomer = render("utter_topic_menu", "ar", slots={"audience": "newcomer"})
    assert newcomer["buttons"][0] == {"title": "دورة الاندماج", "payload": "/ask_integration_course"}


def test_center_contact_and_hours(render):
    contact = render("utter_center_contact", "en", {"target_id": "welcome-center-thuringia"})
    assert "Mainzerhofstr. 12, 99084 Erfurt" in contact["text"]
    hours = render("utter_center_hours", "en", {"target_id": "welcome-center-thuringia"})
    assert hours["text"].splitlines()[1] == CATALOG.variants("kb_opening_hours_unknown", "en")[0]["text"]


def test_unpaid_wages_and_exploitation_come_with_a_person_right_away(render):
    reply = render(
        "utter_kb_answer", "uk", {"answer_key": "labour_rights.faire_integration", "topic": "labour_rights"}
    )
    assert "Faire Integration" in reply["text"]
    talk = CATALOG.variants("utter_offer_counselor", "uk")[0]["buttons"][0]
    assert reply["buttons"][0] == talk and talk["payload"] == "/request_human"
