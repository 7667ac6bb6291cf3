"""Finding the right referral: by topic, place, audience and language, most local first."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from kb.languages import fallback_order
from kb.models import KbState, ReferralTargetRow
from kb.places import Gazetteer, Place, gazetteer

# How local a match is; lower is more local.
CITY, DISTRICT, STATE, NATIONWIDE = 0, 1, 2, 3
LEVEL_NAMES = {CITY: "city", DISTRICT: "district", STATE: "state", NATIONWIDE: "nationwide"}

TARGET_FIELDS = (
    "id", "name", "kind", "audience", "topics", "coverage", "contact",
    "opening_hours", "languages", "description", "source", "verified",
)  # fmt: skip


def localized(texts: Optional[Dict[str, str]], language: str) -> Optional[str]:
    """The text in `language`, else English, else German."""
    if not texts:
        return None
    for code in fallback_order(language):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), None)


@dataclass(frozen=True)
class IndexedTarget:
    """A referral target with its coverage prepared for matching."""

    data: Dict[str, Any]
    nationwide: bool
    states: frozenset
    districts: frozenset
    cities: frozenset
    languages: frozenset

    def level_for(self, place: Place) -> Optional[int]:
        """How locally this target covers `place`, or None if it does not."""
        if place.city and place.city in self.cities:
            return CITY
        if self.districts.intersection(place.districts):
            return DISTRICT
        if place.state in self.states:
            return STATE
        return NATIONWIDE if self.nationwide else None


@dataclass
class Match:
    target: Dict[str, Any]
    level: int
    reasons: List[str]


@dataclass
class SearchResult:
    """Ranked matches, and what became of the place the user gave."""

    matches: List[Match] = field(default_factory=list)
    place: Optional[Place] = None
    unresolved_place: Optional[str] = None
    # True when regional targets exist for the topic but no place was given.
    place_would_help: bool = False


class TargetIndex:
    """All referral targets, indexed by topic, ready for fast repeated searches."""

    def __init__(self, targets: Iterable[Dict[str, Any]], places: Optional[Gazetteer] = None) -> None:
        self._places = places or gazetteer()
        self._by_topic: Dict[str, List[IndexedTarget]] = {}
        self._by_id: Dict[str, IndexedTarget] = {}
        self.count = 0
        for target in targets:
            indexed = self.prepare(target)
            self._by_id[target["id"]] = indexed
            self.count += 1
            for topic in target["topics"]:
                self._by_topic.setdefault(topic, []).append(indexed)

    def prepare(self, target: Dict[str, Any]) -> IndexedTarget:
        """A target with its coverage ready for matching places."""
        coverage = target["coverage"]
        return IndexedTarget(
            data=target,
            nationwide=bool(coverage.get("nationwide")),
            states=frozenset(coverage.get("states") or ()),
            districts=frozenset(coverage.get("districts") or ()),
            cities=frozenset(self._canonical_city(name) for name in coverage.get("cities") or ()),
            languages=frozenset(target.get("languages") or ()),
        )

    def resolve_place(self, text: str) -> Optional[Place]:
        return self._places.resolve(text)

    def _canonical_city(self, name: str) -> str:
        place = self._places.resolve(name)
        return place.city if place and place.city else name

    @classmethod
    def from_database(cls, session: Session, places: Optional[Gazetteer] = None) -> TargetIndex:
        rows = session.scalars(select(ReferralTargetRow))
        return cls(({name: getattr(row, name) for name in TARGET_FIELDS} for row in rows), places)

    def topics(self) -> List[str]:
        return sorted(self._by_topic)

    def get(self, target_id: str) -> Optional[IndexedTarget]:
        """One target by id, prepared for matching places."""
        return self._by_id.get(target_id)

    def search(
        self,
        topic: str,
        place: Optional[str] = None,
        audience: Optional[str] = None,
        language: Optional[str] = None,
        limit: int = 3,
    ) -> SearchResult:
        """Targets for `topic`, most local first; among equals, those speaking `language`."""
        result = SearchResult()
        if place:
            result.place = self._places.resolve(place)
            if result.place is None:
                result.unresolved_place = place
        ranked = []
        for candidate in self._by_topic.get(topic, ()):
            if audience and candidate.data["audience"] not in (audience, "both"):
                continue
            if result.place is not None:
                level = candidate.level_for(result.place)
            else:
                level = NATIONWIDE if candidate.nationwide else None
                if level is None:
                    result.place_would_help = True
            if level is None:
                continue
            speaks = bool(language) and language in candidate.languages
            ranked.append((level, not speaks, candidate.data["name"], candidate, speaks))
        ranked.sort(key=lambda item: item[:3])
        for level, _, _, candidate, speaks in ranked[:limit]:
            reasons = [self._reason(level, result.place)]
            if speaks:
                reasons.append(f"speaks {language}")
            result.matches.append(Match(target=candidate.data, level=level, reasons=reasons))
        return result

    @staticmethod
    def _reason(level: int, place: Optional[Place]) -> str:
        if level == NATIONWIDE or place is None:
            return "nationwide"
        if level == CITY:
            return f"city: {place.city}"
        if level == DISTRICT:
            return f"district: {', '.join(place.districts)}"
        return f"state: {place.state}"


class LiveTargetIndex:
    """A TargetIndex that follows the database: rebuilt when `python -m kb load` changed it."""

    def __init__(self, sessions, *, check_every: float = 10.0, places: Optional[Gazetteer] = None) -> None:
        self._sessions = sessions
        self._check_every = check_every
        self._places = places
        self._index: Optional[TargetIndex] = None
        self._hash: Optional[str] = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def get(self) -> TargetIndex:
        """The current index (a cheap hash lookup at most every `check_every` seconds)."""
        now = time.monotonic()
        if self._index is not None and now - self._checked < self._check_every:
            return self._index
        with self._lock, self._sessions() as session:
            state = session.get(KbState, "current")
            current = state.content_hash if state else None
            if self._index is None or current != self._hash:
                self._index = TargetIndex.from_database(session, self._places)
                self._hash = current
            self._checked = now
        return self._index
