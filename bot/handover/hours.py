"""When a center is open: weekly office hours in Europe/Berlin, closed on its state's holidays."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo

import holidays

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Interval = Tuple[time, time]


def _clock_time(text: str) -> time:
    """ "09:30" -> 09:30; "24:00" is the end of the day (for a service staffed around the clock)."""
    text = text.strip()
    return time.max if text == "24:00" else time.fromisoformat(text)


def parse_schedule(raw: Dict[str, List[str]]) -> Dict[int, List[Interval]]:
    """{"mon": ["09:00-12:00", "13:00-16:00"], ...} -> {0: [(09:00, 12:00), (13:00, 16:00)], ...}"""
    schedule: Dict[int, List[Interval]] = {}
    for day, spans in raw.items():
        if day not in WEEKDAYS:
            raise ValueError(f"unknown weekday {day!r}; use {', '.join(WEEKDAYS)}")
        intervals = []
        for span in spans:
            start, _, end = span.partition("-")
            opens, closes = _clock_time(start), _clock_time(end)
            if closes <= opens:
                raise ValueError(f"{day} {span}: closing time must be after opening time")
            intervals.append((opens, closes))
        schedule[WEEKDAYS.index(day)] = sorted(intervals)
    return schedule


@dataclass
class OfficeHours:
    """A center's opening hours and the federal state whose public holidays close it."""

    schedule: Dict[int, List[Interval]]
    state: str
    _holidays: Dict[int, holidays.HolidayBase] = field(default_factory=dict, repr=False)

    @classmethod
    def from_config(cls, raw: Dict[str, List[str]], state: str) -> OfficeHours:
        return cls(schedule=parse_schedule(raw), state=state)

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on `day` in the center's state, if any."""
        if day.year not in self._holidays:
            self._holidays[day.year] = holidays.country_holidays("DE", subdiv=self.state, years=day.year)
        return self._holidays[day.year].get(day)

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(BERLIN)
        if self.holiday(local.date()):
            return False
        return any(opens <= local.time() < closes for opens, closes in self.schedule.get(local.weekday(), []))

    def next_opening(self, at: datetime) -> datetime | None:
        """When the center opens next (now, if it is open), within the coming four weeks."""
        local = at.astimezone(BERLIN)
        if self.is_open(local):
            return local
        for offset in range(0, 29):
            day = local.date() + timedelta(days=offset)
            if self.holiday(day):
                continue
            for opens, _closes in self.schedule.get(day.weekday(), []):
                candidate = datetime.combine(day, opens, tzinfo=BERLIN)
                if candidate > local:
                    return candidate
        return None
