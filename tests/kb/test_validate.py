"""`python -m kb validate`: every kind of bad input is named with file, entry and field."""

import textwrap

import pytest

from kb.__main__ import main
from kb.loader import read_knowledge_base
from tests.kb.conftest import target, write_targets


def problems(data_dir):
    return [str(issue) for issue in read_knowledge_base(data_dir)[1]]


def test_the_real_knowledge_base_is_valid_and_complete(capsys):
    main(["validate"])
    assert "OK:" in capsys.readouterr().out
    with pytest.raises(SystemExit) as done:
        main(["check"])
    assert done.value.code == 0, capsys.readouterr().out


def test_valid_entry_has_no_problems(data_dir):
    write_targets(data_dir, target())
    assert problems(data_dir) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"source": "not-a-url"}, "source", "invalid or missing URL scheme"),
        ({"topics": ["recognition", "astrology"]}, "topics", "unknown topic 'astrology'"),
        ({"languages": ["de", "english"]}, "languages", "unknown language code 'english'"),
        ({"description": {"de": "Text", "klingon": "Text"}}, "description", "unknown language code(s) klingon"),
        ({"contact": {"phone": "12"}}, "contact.phone", "phone number"),
        ({"contact": {"email": "not-an-email"}}, "contact.email", "e-mail"),
        ({"contact": {"website": "ftp//x"}}, "contact.website", "URL"),
        ({"coverage": {"cities": ["Atlantis"]}}, "coverage.cities", "unknown city 'Atlantis'"),
        ({"coverage": {"states": ["XX"]}}, "coverage.states", "unknown federal state 'XX'"),
        ({"coverage": {"districts": ["nowhere"]}}, "coverage.districts", "unknown district 'nowhere'"),
        ({"coverage": {"nationwide": True, "cities": ["Leipzig"]}}, "coverage", "exactly one"),
        ({"audience": "tourists"}, "audience", "unknown audience"),
        ({"verified": "2999-01-01"}, "verified", "future"),
        ({"name": None}, "name", "field required"),
        ({"colour": "blue"}, "colour", "extra fields not permitted"),
    ],
    ids=["bad-url", "unknown-topic", "unknown-language", "unknown-description-language", "bad-phone",
         "bad-email", "bad-website", "unknown-city", "unknown-state", "unknown-district", "two-coverages",
         "bad-audience", "future-date", "missing-field", "unknown-field"],
)  # fmt: skip
def test_each_kind_of_bad_target_is_reported_precisely(data_dir, fields, field, message):
    write_targets(data_dir, target(**fields))
    found = problems(data_dir)
    assert len(found) == 1, found
    assert "targets/test.yml:2: target 'welcome-leipzig'" in found[0], found
    assert f"field '{field}'" in found[0] and message in found[0], found


def test_duplicate_ids_across_files_are_reported(data_dir):
    write_targets(data_dir, target("same"), name="a.yml")
    write_targets(data_dir, target("same"), name="b.yml")
    found = problems(data_dir)
    assert len(found) == 1 and "b.yml:2: target 'same' field 'id': duplicate id (also in" in found[0]


def test_malformed_yaml_names_the_line(data_dir):
    (data_dir / "answers" / "broken.yml").write_text("answers:\n  - key: a.b\n    text: [unclosed\n  - x\n")
    found = problems(data_dir)
    assert len(found) == 1 and "broken.yml:3:" in found[0] and "malformed YAML" in found[0]


def test_bad_answer_fields_are_named(data_dir):
    (data_dir / "answers" / "a.yml").write_text(
        textwrap.dedent(
            """\
            answers:
              - key: Not A Key
                topic: blue_card
                text: {de: Text}
                sources: []
                verified: 2026-10-01
              - key: blue_card.x
                topic: horoscopes
                text: {fr: Texte}
                sources: [https://example.org]
                verified: 2026-10-01
            """
        )
    )
    found = problems(data_dir)
    assert any(":2: answer 'Not A Key' field 'key'" in p for p in found), found
    assert any(":2: answer 'Not A Key' field 'sources': name at least one source" in p for p in found), found
    assert any(":7: answer 'blue_card.x' field 'text': unknown language code(s) fr" in p for p in found), (
        found
    )


def test_validate_command_exits_non_zero_and_prints_problems(data_dir, capsys):
    write_targets(data_dir, target(topics=["astrology"]))
    with pytest.raises(SystemExit) as done:
        main(["--data", str(data_dir), "validate"])
    assert done.value.code == 1
    assert "unknown topic 'astrology'" in capsys.readouterr().err


def test_check_lists_missing_translations(data_dir, capsys):
    write_targets(data_dir, target(description={"de": "Nur Deutsch", "en": "English too"}))
    with pytest.raises(SystemExit) as done:
        main(["--data", str(data_dir), "check"])
    assert done.value.code == 1
    assert "target welcome-leipzig: description lacks ar, uk, ru, tr, es, fa" in capsys.readouterr().out


def test_stale_lists_overdue_and_old_entries(data_dir, capsys):
    write_targets(data_dir, target())
    (data_dir / "answers" / "a.yml").write_text(
        "answers:\n"
        "  - {key: blue_card.thresholds, topic: blue_card, text: {de: x}, sources: [https://example.org],"
        " verified: 2026-10-01, review_by: 2027-01-31}\n"
    )
    with pytest.raises(SystemExit) as done:
        main(["--data", str(data_dir), "stale", "--today", "2027-02-15"])
    out = capsys.readouterr().out
    assert done.value.code == 1
    assert "answer blue_card.thresholds: review was due 2027-01-31" in out
    with pytest.raises(SystemExit):
        main(["--data", str(data_dir), "stale", "--today", "2027-10-15"])
    assert "target welcome-leipzig: last verified 2026-10-01" in capsys.readouterr().out
