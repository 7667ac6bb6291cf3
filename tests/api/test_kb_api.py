"""GET /api/kb/targets: the referral search over HTTP, with input validation."""

import pytest

from kb.__main__ import main


@pytest.fixture(autouse=True)
def loaded_kb(database_url):
    main(["load", "--force", "--database-url", database_url])


def test_search_in_cyrillic_returns_local_office_first_with_reasons(client):
    response = client.get(
        "/api/kb/targets", params={"topic": "residence_permit", "place": "Лейпциг", "lang": "uk"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["place"]["name"] == "Leipzig" and body["unresolved_place"] is None
    first = body["targets"][0]
    assert first["id"] == "auslaenderbehoerde-leipzig"
    assert first["match"] == "city" and first["reasons"] == ["city: Leipzig"]
    assert "Лейпциг" in first["description"] or "Ляйпциг" in first["description"]
    assert first["source"].startswith("https://") and first["verified"] == "2026-11-01"


def test_unknown_place_is_reported(client):
    body = client.get("/api/kb/targets", params={"topic": "recognition", "place": "Atlantis"}).json()
    assert body["unresolved_place"] == "Atlantis" and body["place"] is None
    assert all(t["match"] == "nationwide" for t in body["targets"])


def test_employer_search_for_the_accelerated_procedure_in_lower_saxony(client):
    body = client.get(
        "/api/kb/targets",
        params={"topic": "accelerated_procedure", "place": "Wolfsburg", "audience": "employer", "lang": "en"},
    ).json()
    assert body["targets"][0]["id"] == "zentralstelle-fachkraefteverfahren-niedersachsen"
    assert body["targets"][0]["match"] == "state"


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({}, "topic"),
        ({"topic": "astrology"}, "unknown topic"),
        ({"topic": "recognition", "lang": "xx"}, "unknown language"),
        ({"topic": "recognition", "audience": "aliens"}, "audience"),
        ({"topic": "recognition", "place": "x" * 101}, "place"),
        ({"topic": "recognition", "limit": "0"}, "limit"),
        ({"topic": "recognition", "limit": "lots"}, "limit"),
    ],
)
def test_bad_parameters_get_a_clear_422(client, params, problem):
    response = client.get("/api/kb/targets", params=params)
    assert response.status_code == 422
    assert problem in response.text
