"""Days are the machine's local calendar days: checked against zoneinfo in real zones."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.days import (
    UTC_RULES,
    day_of,
    day_of_us,
    day_start,
    day_start_us,
    days_of_us,
    zone_rules,
)

_EPOCH = date(1970, 1, 1)
US = 1_000_000
# Zones with something to get wrong: summer time (New York), a half-hour offset (Kolkata),
# a half-hour offset with summer time changing on the UTC half hour (St John's), a
# half-hour summer change (Lord Howe), midnight skipped in spring (Santiago), far east.
ZONES = (
    "America/New_York",
    "Asia/Kolkata",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Tokyo",
    "UTC",
)


def local_day(us: int, tz: ZoneInfo) -> int:
    """The definition, from zoneinfo: the local calendar date, as days since 1970-01-01."""
    return (datetime.fromtimestamp(us / US, tz).date() - _EPOCH).days


def test_an_evening_in_new_york_is_that_days(zone: Callable[[str], ZoneInfo]) -> None:
    ny = zone("America/New_York")
    evening = datetime(2025, 1, 14, 21, 0, tzinfo=ny)  # 02:00 UTC on the 15th
    assert day_of(evening) == (date(2025, 1, 14) - _EPOCH).days
    assert day_of(evening.astimezone(UTC)) == (date(2025, 1, 14) - _EPOCH).days
    # A naive datetime is local time, as datetime.astimezone takes it.
    assert day_of(datetime(2025, 1, 14, 23, 59)) == (date(2025, 1, 14) - _EPOCH).days
    assert day_start(day_of(evening)) == datetime(2025, 1, 14, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "when", "first_hour", "hours"),
    [
        # The spring change in New York: 2:00 becomes 3:00, a day of 23 hours.
        ("America/New_York", date(2024, 3, 10), 0, 23),
        # The autumn change: 1:00 to 2:00 comes twice, a day of 25 hours.
        ("America/New_York", date(2024, 11, 3), 0, 25),
        ("Asia/Kolkata", date(2024, 7, 1), 0, 24),
        ("America/St_Johns", date(2024, 3, 10), 0, 23),
        # Santiago's spring: midnight is skipped, the day begins at 1:00.
        ("America/Santiago", date(2024, 9, 8), 1, 23),
    ],
)
def test_a_day_starts_at_its_first_local_instant(
    zone: Callable[[str], ZoneInfo], name: str, when: date, first_hour: int, hours: int
) -> None:
    tz = zone(name)
    day = (when - _EPOCH).days
    start = day_start_us(day)
    assert day_of_us(start) == day
    assert day_of_us(start - 1) == day - 1
    local = datetime.fromtimestamp(start / US, tz)
    assert (local.date(), local.hour, local.minute) == (when, first_hour, 0)
    assert day_start_us(day + 1) - start == hours * 3600 * US


@pytest.mark.parametrize("name", ZONES)
def test_every_instant_of_two_years_falls_on_the_day_zoneinfo_says(
    zone: Callable[[str], ZoneInfo], name: str
) -> None:
    tz = zone(name)
    # Every 7 minutes and 13 seconds for two years: every change of offset is crossed at a
    # different minute each time, and the vectorised call meets hours whose two ends differ.
    start = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp()) * US
    us = np.arange(start, start + 2 * 366 * 86_400 * US, 433 * US, dtype=np.int64)
    expected = np.array([local_day(u, tz) for u in us.tolist()])
    assert (days_of_us(us) == expected).all()
    sample = us[::37].tolist()
    assert [day_of_us(u) for u in sample] == expected[::37].tolist()


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    instants=st.lists(st.integers(631_152_000 * US, 2_208_988_800 * US), min_size=1, max_size=50),
)
def test_one_instant_or_many_the_day_is_the_same(name: str, instants: list[int]) -> None:
    # Hypothesis does not use function-scoped fixtures: the zone is set and put back here.
    import os

    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        tz = ZoneInfo(name)
        many = days_of_us(np.array(instants, dtype=np.int64)).tolist()
        assert many == [day_of_us(u) for u in instants] == [local_day(u, tz) for u in instants]
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_zone_rules_tell_zones_apart_by_their_offsets(
    zone: Callable[[str], ZoneInfo],
) -> None:
    zone("UTC")
    assert zone_rules() == UTC_RULES
    zone("Africa/Abidjan")  # GMT all year: the same days as UTC
    assert zone_rules() == UTC_RULES
    zone("America/New_York")
    new_york = zone_rules()
    # Toronto has kept New York's clocks since 1974: its stored days would be the same.
    zone("America/Toronto")
    assert zone_rules() == new_york
    for other in ("America/Los_Angeles", "America/Phoenix", "Asia/Kolkata", "Europe/London"):
        zone(other)
        assert zone_rules() not in (new_york, UTC_RULES)
