"""`python -m kb load`: idempotent upsert in one transaction (SQLite and PostgreSQL)."""

import pytest
from sqlalchemy import delete, select

from kb.__main__ import main
from kb.loader import load_into_database, read_knowledge_base
from kb.models import AnswerRow, KbState, ReferralTargetRow, TopicRow
from tests.kb.conftest import target, write_targets


@pytest.fixture
def empty_kb(session):
    """The kb tables emptied before (and after) the test: they are one shared state."""

    def clear():
        session.rollback()
        with session.begin():
            for model in (KbState, AnswerRow, ReferralTargetRow, TopicRow):
                session.execute(delete(model))

    clear()
    yield session
    clear()


def target_ids(session):
    session.expire_all()
    return sorted(session.scalars(select(ReferralTargetRow.id)))


def test_load_is_idempotent_and_removes_deleted_entries(data_dir, empty_kb, database_url, capsys):
    write_targets(data_dir, target("a"), target("b"))
    main(["--data", str(data_dir), "load", "--database-url", database_url])
    assert "Loaded 23 topics, 2 referral targets, 0 answers; removed 0" in capsys.readouterr().out
    assert target_ids(empty_kb) == ["a", "b"]

    main(["--data", str(data_dir), "load", "--database-url", database_url])
    assert "unchanged; nothing to load" in capsys.readouterr().out

    write_targets(data_dir, target("b", name="B renamed"))
    main(["--data", str(data_dir), "load", "--database-url", database_url])
    assert "removed 1 deleted entries" in capsys.readouterr().out
    assert target_ids(empty_kb) == ["b"]
    assert empty_kb.get(ReferralTargetRow, "b").name == "B renamed"


def test_failed_load_changes_nothing(data_dir, empty_kb):
    write_targets(data_dir, target("old"))
    kb, _ = read_knowledge_base(data_dir)
    load_into_database(kb, empty_kb)
    empty_kb.commit()

    write_targets(data_dir, target("new-1"), target("new-2"), target("new-3"))
    kb, _ = read_knowledge_base(data_dir)
    loaded = []

    def crash_midway():
        loaded.append(1)
        if len(loaded) == len(kb.topics) + 2:
            raise RuntimeError("disk full")

    empty_kb.expire_all()
    empty_kb.rollback()
    with pytest.raises(RuntimeError):
        load_into_database(kb, empty_kb, progress=crash_midway)
    assert target_ids(empty_kb) == ["old"]


def test_invalid_data_is_never_loaded(data_dir, empty_kb, database_url, capsys):
    write_targets(data_dir, target("good"), target("bad", topics=["astrology"]))
    with pytest.raises(SystemExit) as done:
        main(["--data", str(data_dir), "load", "--database-url", database_url])
    assert done.value.code == 1
    assert target_ids(empty_kb) == []


def test_the_real_knowledge_base_loads(empty_kb, database_url, capsys):
    main(["load", "--database-url", database_url])
    kb, _ = read_knowledge_base()
    assert len(target_ids(empty_kb)) == len(kb.targets) >= 38
    row = empty_kb.get(ReferralTargetRow, "ihk-fosa")
    assert row.coverage["nationwide"] is True and row.verified.isoformat() == "2026-11-01"
