"""Search ranks local over national, prefers the user's language, reports unknown places."""

import pytest

from kb.loader import read_knowledge_base
from kb.search import CITY, DISTRICT, NATIONWIDE, STATE, TargetIndex, localized
from tests.kb.conftest import target, write_targets


@pytest.fixture
def index(data_dir):
    write_targets(
        data_dir,
        target("national", coverage={"nationwide": True}),
        target("saxony", coverage={"states": ["SN"]}),
        target("central-saxony", coverage={"districts": ["mittelsachsen"]}),
        target("leipzig", coverage={"cities": ["Leipzig"]}),
        target("leipzig-arabic", coverage={"cities": ["Leipzig"]}, languages=["ar", "de"]),
        target("leipzig-employers", coverage={"cities": ["Leipzig"]}, audience="employer"),
        target("thuringia", coverage={"states": ["TH"]}),
    )
    kb, issues = read_knowledge_base(data_dir)
    assert issues == []
    from kb.loader import _target_row

    return TargetIndex(_target_row(t) for t in kb.targets)


def ids(result):
    return [match.target["id"] for match in result.matches]


def test_most_local_first(index):
    result = index.search("recognition", place="Leipzig", audience="newcomer", limit=10)
    assert ids(result) == ["leipzig", "leipzig-arabic", "saxony", "national"]
    assert [m.level for m in result.matches] == [CITY, CITY, STATE, NATIONWIDE]
    assert result.matches[0].reasons == ["city: Leipzig"]


def test_a_target_speaking_the_users_language_ranks_higher(index):
    result = index.search("recognition", place="Лейпциг", audience="newcomer", language="ar", limit=2)
    assert ids(result) == ["leipzig-arabic", "leipzig"]
    assert result.matches[0].reasons == ["city: Leipzig", "speaks ar"]


def test_district_matches_for_its_towns_and_postcodes(index):
    for place in ("Freiberg", "09599", "Mittelsachsen"):
        result = index.search("recognition", place=place, limit=10)
        assert ids(result)[:2] == ["central-saxony", "saxony"], place
        assert result.matches[0].level == DISTRICT


def test_audience_filters_out_targets_for_the_other_group(index):
    assert "leipzig-employers" not in ids(
        index.search("recognition", place="Leipzig", audience="newcomer", limit=10)
    )
    assert "leipzig-employers" in ids(
        index.search("recognition", place="Leipzig", audience="employer", limit=10)
    )


def test_other_states_offices_are_not_offered(index):
    assert "thuringia" not in ids(index.search("recognition", place="Dresden", limit=10))
    assert ids(index.search("recognition", place="Erfurt", limit=10)) == ["thuringia", "national"]


def test_unresolved_place_is_reported_not_ignored(index):
    result = index.search("recognition", place="Atlantis", limit=10)
    assert result.unresolved_place == "Atlantis" and result.place is None
    assert ids(result) == ["national"]


def test_without_a_place_only_nationwide_and_a_hint(index):
    result = index.search("recognition", limit=10)
    assert ids(result) == ["national"] and result.place_would_help


def test_unknown_topic_finds_nothing(index):
    assert index.search("astrology", place="Leipzig").matches == []


def test_translations_fall_back_to_english_then_german():
    assert localized({"de": "Hallo", "en": "Hello", "fa": "سلام"}, "fa") == "سلام"
    assert localized({"de": "Hallo", "en": "Hello"}, "fa") == "Hello"
    assert localized({"de": "Hallo"}, "uk") == "Hallo"
    assert localized(None, "de") is None


def test_real_knowledge_base_refers_leipzig_recognition_locally_first():
    from kb.loader import _target_row

    kb, _ = read_knowledge_base()
    index = TargetIndex(_target_row(t) for t in kb.targets)
    result = index.search("residence_permit", place="Leipzig", language="en")
    assert result.matches[0].target["id"] == "auslaenderbehoerde-leipzig"
    employer = index.search("accelerated_procedure", place="Wuppertal", audience="employer")
    assert employer.matches[0].target["id"] == "zfe-nrw"
