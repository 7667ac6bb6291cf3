"""Reading kb/data/ (with precise error locations) and loading it into the database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Type

import yaml
from pydantic import BaseModel, ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kb.models import AnswerRow, KbState, ReferralTargetRow, TopicRow
from kb.places import Gazetteer, gazetteer
from kb.schema import Answer, ReferralTarget, Topic

DATA_DIR = Path(__file__).resolve().parent / "data"
LINE = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line every mapping starts on."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


@dataclass(frozen=True)
class Issue:
    """One problem in the data, located precisely enough to fix it."""

    file: str
    line: Optional[int]
    entry: Optional[str]
    field: Optional[str]
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = f" {self.entry}" if self.entry else ""
        at = f" field '{self.field}'" if self.field else ""
        return f"{where}:{what}{at}: {self.message}"


@dataclass
class KnowledgeBase:
    """Everything in kb/data/, validated."""

    topics: Dict[str, Topic] = field(default_factory=dict)
    targets: List[ReferralTarget] = field(default_factory=list)
    answers: List[Answer] = field(default_factory=list)
    content_hash: str = ""

    def family(self, topic: str) -> str:
        return self.topics[topic].family


def _relative(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(DATA_DIR.parents[1]))
    except ValueError:
        return str(path)


def _read_yaml(path: Path, name: str, issues: List[Issue]) -> Any:
    try:
        return yaml.load(path.read_text("utf-8"), Loader=_LineLoader)  # noqa: S506 (a SafeLoader)
    except yaml.MarkedYAMLError as error:
        # The context (e.g. where an unclosed list began) is where the fix goes.
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 if mark else None
        detail = f"{error.context}, {error.problem}" if error.context else error.problem
        if error.problem_mark and error.problem_mark is not mark:
            detail += f" (near line {error.problem_mark.line + 1})"
        issues.append(Issue(name, line, None, None, f"malformed YAML: {detail}"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        issues.append(Issue(name, None, None, None, f"unreadable: {error}"))
    return None


def _entries(path: Path, data: Any, key: str, name: str, issues: List[Issue]) -> List[dict]:
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        issues.append(Issue(name, None, None, None, f"expected a top-level '{key}:' list"))
        return []
    entries = [entry for entry in data[key] if isinstance(entry, dict)]
    if len(entries) != len(data[key]):
        issues.append(Issue(name, data.get(LINE), None, None, f"every item of '{key}' must be a mapping"))
    return entries


def _parse(model: Type[BaseModel], raw: dict, *, name: str, label: str, issues: List[Issue]):
    line = raw.get(LINE)
    try:
        return model.parse_obj(_strip_lines(raw))
    except ValidationError as error:
        for problem in error.errors():
            parts = [str(part) for part in problem["loc"] if part != "__root__" and not isinstance(part, int)]
            location = ".".join(parts)
            issues.append(Issue(name, line, label, location or None, problem["msg"]))
        return None


def _unique_entries(
    paths: List[Path], data_dir: Path, section: str, model: Type[BaseModel], key: str, issues: List[Issue]
) -> Iterator[Tuple[Tuple[str, Optional[int], str], Any]]:
    """The valid entries of `section` in `paths`, each key once; every problem goes to `issues`."""
    kind = section.rstrip("s")
    seen: Dict[str, str] = {}
    for path in paths:
        name = _relative(path, data_dir)
        for raw in _entries(path, _read_yaml(path, name, issues), section, name, issues):
            label = f"{kind} '{raw.get(key)}'"
            entry = _parse(model, raw, name=name, label=label, issues=issues)
            if entry is None:
                continue
            value = getattr(entry, key)
            if value in seen:
                issues.append(
                    Issue(name, raw.get(LINE), label, key, f"duplicate {key} (also in {seen[value]})")
                )
                continue
            seen[value] = name
            yield (name, raw.get(LINE), label), entry


def read_knowledge_base(
    data_dir: Path = DATA_DIR, places: Optional[Gazetteer] = None
) -> Tuple[KnowledgeBase, List[Issue]]:
    """Reads and validates every YAML file; returns the data and all problems found."""
    issues: List[Issue] = []
    kb = KnowledgeBase()
    digest = hashlib.sha256()

    topics_file = data_dir / "topics.yml"
    files = [
        topics_file,
        *sorted((data_dir / "targets").glob("*.yml")),
        *sorted((data_dir / "answers").glob("*.yml")),
    ]
    for path in [*files, data_dir / "places.yml"]:
        if path.exists():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    kb.content_hash = digest.hexdigest()

    for _where, topic in _unique_entries([topics_file], data_dir, "topics", Topic, "id", issues):
        kb.topics[topic.id] = topic

    places = places or gazetteer()
    target_files = sorted((data_dir / "targets").glob("*.yml"))
    for (name, line, label), target in _unique_entries(
        target_files, data_dir, "targets", ReferralTarget, "id", issues
    ):
        for topic in target.topics:
            if topic not in kb.topics:
                issues.append(Issue(name, line, label, "topics", f"unknown topic {topic!r}"))
        for city in target.coverage.cities:
            place = places.resolve(city)
            if place is None or place.kind != "city" or place.fuzzy:
                issues.append(Issue(name, line, label, "coverage.cities", f"unknown city {city!r}"))
        for district in target.coverage.districts:
            if district not in places.districts:
                issues.append(
                    Issue(name, line, label, "coverage.districts", f"unknown district {district!r}")
                )
        kb.targets.append(target)

    answer_files = sorted((data_dir / "answers").glob("*.yml"))
    for (name, line, label), answer in _unique_entries(
        answer_files, data_dir, "answers", Answer, "key", issues
    ):
        if answer.topic not in kb.topics:
            issues.append(Issue(name, line, label, "topic", f"unknown topic {answer.topic!r}"))
            continue
        kb.answers.append(answer)

    answer_keys = {answer.key for answer in kb.answers}
    name = _relative(topics_file, data_dir)
    for topic in kb.topics.values():
        for aspect, key in topic.answers.items():
            if key not in answer_keys:
                issues.append(
                    Issue(name, None, f"topic '{topic.id}'", f"answers.{aspect}", f"unknown answer {key!r}")
                )
    return kb, issues


def _target_row(target: ReferralTarget) -> dict:
    return {
        "id": target.id,
        "name": target.name,
        "kind": target.kind,
        "audience": target.audience,
        "topics": list(target.topics),
        "coverage": target.coverage.dict(),
        "contact": {k: (str(v) if v is not None else None) for k, v in target.contact.dict().items()},
        "opening_hours": target.opening_hours,
        "languages": list(target.languages),
        "description": dict(target.description),
        "source": str(target.source),
        "verified": target.verified,
    }


def _answer_row(answer: Answer, family: str) -> dict:
    return {
        "key": answer.key,
        "topic": answer.topic,
        "family": family,
        "text": dict(answer.text),
        "sources": [str(url) for url in answer.sources],
        "verified": answer.verified,
        "review_by": answer.review_by,
        "uncertain": answer.uncertain,
    }


def loaded_hash(session: Session) -> Optional[str]:
    """The content hash of the kb/data/ the database holds, if any."""
    state = session.get(KbState, "current")
    return state.content_hash if state else None


def load_into_database(kb: KnowledgeBase, session: Session, progress=None) -> Dict[str, int]:
    """Upserts every entry and removes entries deleted from the YAML, in ONE transaction.

    The caller's session must not be inside a transaction yet; on any error the
    transaction rolls back and the database keeps its previous knowledge base.
    """
    counts = {"topics": 0, "targets": 0, "answers": 0, "removed": 0}
    tick = progress or (lambda: None)
    with session.begin():
        for topic in kb.topics.values():
            session.merge(
                TopicRow(
                    id=topic.id, family=topic.family, label=dict(topic.label), answers=dict(topic.answers)
                )
            )
            counts["topics"] += 1
            tick()
        for target in kb.targets:
            session.merge(ReferralTargetRow(**_target_row(target)))
            counts["targets"] += 1
            tick()
        for answer in kb.answers:
            session.merge(AnswerRow(**_answer_row(answer, kb.family(answer.topic))))
            counts["answers"] += 1
            tick()
        for model, key, keep in (
            (ReferralTargetRow, ReferralTargetRow.id, {t.id for t in kb.targets}),
            (AnswerRow, AnswerRow.key, {a.key for a in kb.answers}),
            (TopicRow, TopicRow.id, set(kb.topics)),
        ):
            stale = set(session.scalars(select(key))) - keep
            if stale:
                session.execute(delete(model).where(key.in_(stale)))
                counts["removed"] += len(stale)
        session.merge(
            KbState(id="current", content_hash=kb.content_hash, loaded_at=datetime.now(timezone.utc))
        )
    return counts
