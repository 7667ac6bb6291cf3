"""The assistant itself, end to end: real model, real actions, real knowledge base."""

from __future__ import annotations

import httpx
import pytest

from bot.core.db import get_sessionmaker
from bot.handover.centers import sync_centers
from kb.__main__ import main as kb_main
from kb.catalog import ResponseCatalog

pytestmark = pytest.mark.e2e

CATALOG = ResponseCatalog.from_directory()


def phrase(name: str, language: str) -> str:
    return CATALOG.variants(name, language)[0]["text"]


@pytest.fixture(scope="module", autouse=True)
def knowledge_base(stack):
    kb_main(["load", "--force", "--database-url", stack.database_url])
    with get_sessionmaker(stack.database_url)() as session:
        sync_centers(session=session)


@pytest.fixture
def say(stack, sender_id):
    def say(text: str, **metadata) -> list[dict]:
        response = httpx.post(
            f"{stack.web_url}/webhooks/rest/webhook",
            json={"sender": sender_id, "message": text, "metadata": metadata},
            timeout=60,
        )
        assert response.status_code == 200
        return response.json()

    return say


def test_cost_question_with_place_gets_dated_fact_and_local_referral(say):
    answer, referral = say("Wie viel kostet der Integrationskurs in Leipzig?")
    assert "2,29" in answer["text"] and "Quelle: bamf.de" in answer["text"]
    assert "Stand: 01.11.2026" in answer["text"]
    assert referral["text"].startswith("Hier bekommen Sie Hilfe (für Leipzig):")
    assert "Bundesamt für Migration und Flüchtlinge" in referral["text"]


def test_referral_form_asks_for_the_place_then_refers_locally(say):
    replies = say("Where do I renew my residence permit?")
    assert replies[-1]["text"] == phrase("utter_ask_place", "en")
    referral = say("Magdeburg")
    assert referral[0]["text"].startswith("Where you can get help (for Magdeburg):")
    assert "Ausländerbehörde Magdeburg" in referral[0]["text"]
    # The place is remembered for the next question.
    again = say("And how do I get a Blue Card? What is the salary threshold?")
    assert "50,700" in again[0]["text"]


def test_unknown_place_is_asked_again(say):
    say("Where can I extend my residence permit?")
    replies = say("Atlantis")
    assert replies[0]["text"].startswith("Sorry, I don't know the place")
    assert replies[-1]["text"] == phrase("utter_ask_place", "en")


def test_arabic_question_gets_an_arabic_answer(say):
    replies = say("كم تكلفة دورة الاندماج؟")
    assert "يورو" in replies[0]["text"]


def test_employer_question_in_turkish_about_the_accelerated_procedure(say):
    replies = say("Hızlandırılmış nitelikli eleman prosedürü ne kadar sürer ve kim yürütür?")
    assert "411" in replies[0]["text"] or "81a" in replies[0]["text"]


def test_explicit_language_switch(say):
    say("Hallo")
    replies = say("können wir bitte auf Englisch weiterschreiben?")
    assert replies[0]["text"] == phrase("utter_language_switched", "en")


def test_two_misunderstandings_lead_to_a_counselor(say):
    first = say("xqzt wvbn plok")
    assert first[0]["text"] == phrase("utter_please_rephrase", "de")
    second = say("grmpf zzkt vvq")
    assert second[0]["text"] == phrase("utter_offer_counselor", "de")
    assert second[0]["buttons"][0]["payload"] == "/request_human"


def test_out_of_scope_gets_a_friendly_boundary_and_topics(say):
    replies = say("Can you give me a recipe for lasagna?")
    assert replies[0]["text"] == phrase("utter_out_of_scope", "en")
    assert replies[1]["buttons"]


def test_asking_for_a_person_with_nobody_online_offers_a_callback_with_consent(say, thueringen_unstaffed):
    text, form = say("Ich möchte bitte mit einem Menschen sprechen")
    assert text["text"].startswith("Gerade ist leider keine Beraterin und kein Berater im Chat erreichbar.")
    assert "Welcome Center Thuringia" in text["text"]
    spec = form["custom"]["callback_form"]
    assert spec["center"] == "thueringen" and spec["consent_text"].startswith("Ich bin einverstanden")


def test_after_an_employer_question_the_next_answer_is_for_the_employer(say):
    # Nobody said "we are a company": the wage-subsidy question itself tells who is asking.
    say("Wie funktioniert der Eingliederungszuschuss in Erfurt?")
    replies = say("Und gibt es Berufssprachkurse?")
    assert replies[0]["text"].startswith("Berufssprachkurse können auch in Ihrem Betrieb stattfinden")


def test_a_newcomer_asking_about_job_german_courses_gets_the_learners_answer(say):
    replies = say("Gibt es Berufssprachkurse?")
    assert replies[0]["text"].startswith("Berufssprachkurse (DeuFöV")
