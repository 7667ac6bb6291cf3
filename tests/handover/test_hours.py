"""Office hours with a fixed clock: weekdays, lunch breaks, and each state's holidays."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.handover.hours import OfficeHours

BERLIN = ZoneInfo("Europe/Berlin")
HOURS = {"mon": ["09:00-12:00", "13:00-16:00"], "tue": ["09:00-16:00"], "wed": ["09:00-16:00"],
         "thu": ["09:00-18:00"], "fri": ["09:00-13:00"]}  # fmt: skip


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.fixture
def saxony():
    return OfficeHours.from_config(HOURS, state="SN")


@pytest.mark.parametrize(
    ("moment", "open_"),
    [("2026-11-23 10:00", True), ("2026-11-23 12:30", False), ("2026-11-23 16:00", False),
     ("2026-11-27 12:59", True), ("2026-11-28 10:00", False), ("2026-11-26 08:59", False)],
)  # fmt: skip
def test_open_during_office_hours_only(saxony, moment, open_):
    assert saxony.is_open(at(moment)) is open_


def test_closed_on_a_saxon_holiday_that_thuringia_works(saxony):
    # Buß- und Bettag, Wednesday 18 Nov 2026, is a public holiday in Saxony only.
    assert saxony.holiday(at("2026-11-18 10:00").date()) == "Repentance and Prayer Day"
    assert not saxony.is_open(at("2026-11-18 10:00"))
    assert OfficeHours.from_config(HOURS, state="TH").is_open(at("2026-11-18 10:00"))


def test_next_opening_skips_the_holiday_and_the_weekend(saxony):
    assert saxony.next_opening(at("2026-11-18 10:00")) == at("2026-11-19 09:00")
    assert saxony.next_opening(at("2026-11-27 20:00")) == at("2026-11-30 09:00")
    assert saxony.next_opening(at("2026-11-23 12:15")) == at("2026-11-23 13:00")
    assert saxony.next_opening(at("2026-11-23 10:00")) == at("2026-11-23 10:00")


def test_timezones_are_respected(saxony):
    utc = datetime.fromisoformat("2026-11-23T08:30:00+00:00")  # 09:30 in Berlin
    assert saxony.is_open(utc)


@pytest.mark.parametrize("bad", [{"moon": ["09:00-10:00"]}, {"mon": ["10:00-09:00"]}, {"mon": ["nine-ten"]}])
def test_bad_schedules_are_refused(bad):
    with pytest.raises(ValueError):
        OfficeHours.from_config(bad, state="SN")


def test_24_00_closes_at_the_end_of_the_day():
    from datetime import datetime

    from bot.handover.hours import BERLIN, OfficeHours

    hours = OfficeHours.from_config({"sat": ["00:00-24:00"]}, "BE")
    assert hours.is_open(datetime(2026, 11, 21, 23, 59, 30, tzinfo=BERLIN))
    assert not hours.is_open(datetime(2026, 11, 22, 0, 0, 30, tzinfo=BERLIN))  # Sunday
