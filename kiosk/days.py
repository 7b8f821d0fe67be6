"""Day arithmetic: which local calendar day an instant falls on, and when a day starts.

A day is a calendar day of the machine's time zone (the system's rules, summer time
included), numbered as days since 1970-01-01: day 20_000 is 4 October 2024 wherever the
kiosk stands, and an item written at 21:00 in New York counts on that evening's date, not on
the next UTC day. Every day number of the app (the stored ``mention.day``, the counting
index's item days, "today" on every screen) comes from here, so the screens agree.

The offset in force at an instant comes from ``time.localtime`` (on Linux, macOS and
Windows, and following the TZ environment variable after ``time.tzset()``). Stdlib only;
numpy is imported by the vectorised call alone, so a headless sync never pays for it.
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "DAY_US",
    "UTC_RULES",
    "date_of",
    "day_of",
    "day_of_us",
    "day_start",
    "day_start_us",
    "days_of_us",
    "utc_offset",
    "zone_rules",
]

_US = 1_000_000
_EPOCH_DATE = date(1970, 1, 1)
_DAY_S = 86_400
_HOUR_S = 3_600
DAY_US = _DAY_S * _US
_HOUR_US = _HOUR_S * _US
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Up to this span of hours (some 450 years), the vectorised call looks offsets up in a table
# by hour rather than sorting the instants.
_TABLE_HOURS = 4_000_000
# Offsets in use run from -12 h to +14 h, so a day's local midnight falls within 16 hours of
# the UTC midnight of the same date.
_REACH_S = 16 * _HOUR_S
# What the stored days of a store made before days were local were computed with.
UTC_RULES = "UTC"


def utc_offset(seconds: int) -> int:
    """Return the local UTC offset, in seconds east, in force at an instant (Unix seconds)."""
    try:
        return time.localtime(seconds).tm_gmtoff
    except (OSError, OverflowError, ValueError):
        # Windows' C library refuses instants before 1970 and after 3000: the standard
        # offset is the best answer for them.
        return -time.timezone


def day_of_us(us: int) -> int:
    """Return the local day number of an instant given in microseconds since the epoch."""
    seconds = us // _US
    return (seconds + utc_offset(seconds)) // _DAY_S


def day_of(dt: datetime) -> int:
    """Return the local day number (days since 1970-01-01) of a datetime.

    A naive datetime is taken as local time, as ``datetime.astimezone`` takes it.
    """
    delta = dt.astimezone(UTC) - _EPOCH
    return day_of_us((delta.days * _DAY_S + delta.seconds) * _US)


def day_start_us(day: int) -> int:
    """Return the first instant of a local day, in microseconds since the epoch.

    Usually local midnight; where a change of offset skips midnight (Santiago's spring,
    for one) the day starts when its first hour does.
    """
    base = day * _DAY_S
    start = base - utc_offset(base)
    # A second look settles it when the first guess fell across a change of offset.
    start = base - utc_offset(start)
    if _day_of_s(start) == day and _day_of_s(start - 1) < day:
        return start * _US
    # Midnight skipped or repeated: the first second that belongs to the day.
    lo, hi = base - _REACH_S, base + _REACH_S
    while lo < hi:
        mid = (lo + hi) // 2
        if _day_of_s(mid) >= day:
            hi = mid
        else:
            lo = mid + 1
    return lo * _US


def date_of(day: int) -> date:
    """Return the calendar date of a day number (the same wherever the kiosk stands)."""
    return _EPOCH_DATE + timedelta(days=day)


def day_start(day: int) -> datetime:
    """Return the first instant of a local day, as a UTC datetime."""
    return datetime.fromtimestamp(day_start_us(day) // _US, UTC)


def _day_of_s(seconds: int) -> int:
    return (seconds + utc_offset(seconds)) // _DAY_S


def days_of_us(us: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Return the local day numbers of many instants (microseconds since the epoch) at once.

    The offset is looked up once per distinct UTC hour (zones change their offset on the
    hour, or on the half hour in Newfoundland and Lord Howe: an hour whose two ends disagree
    is looked up item by item), so a year of a million items costs some nine thousand
    look-ups and a few array passes.
    """
    import numpy as np

    us = np.asarray(us, dtype=np.int64)
    if not len(us):
        return us.copy()
    hours = us // _HOUR_US
    first, last = int(hours.min()), int(hours.max())
    if last - first < _TABLE_HOURS:
        # Hours as positions in one table: no sort of the items.
        seen = np.zeros(last - first + 1, dtype=np.bool_)
        seen[hours - first] = True
        slots = np.flatnonzero(seen)
        present = slots + first
        where = hours - first
        size = len(seen)
    else:
        present, where = np.unique(hours, return_inverse=True)
        slots = np.arange(len(present))
        size = len(present)
    at_start = np.zeros(size, dtype=np.int64)
    at_end = np.zeros(size, dtype=np.int64)
    starts = (present * _HOUR_S).tolist()
    at_start[slots] = [utc_offset(s) for s in starts]
    at_end[slots] = [utc_offset(s + _HOUR_S - 1) for s in starts]
    days: npt.NDArray[np.int64] = (us + at_start[where] * _US) // DAY_US
    split = np.flatnonzero(at_start[where] != at_end[where])
    if len(split):
        days[split] = [day_of_us(u) for u in us[split].tolist()]
    return days


_rules_cache: dict[tuple[object, ...], str] = {}
# The years whose offsets the rules stand for: a kiosk's items fall well inside them.
_RULES_SPAN_S = (631_152_000, 2_208_988_800)  # 1990-01-01 .. 2040-01-01
_RULES_STEP_S = 7 * _DAY_S


def zone_rules() -> str:
    """Return a name for the zone's rules the day numbers follow, the same all year.

    Two machines (or one before and after its zone was set) give the same name exactly when
    their offsets agree at every instant from 1990 to 2040, so the store knows whether its
    stored days still hold. It names the zone's offsets and a digest of every change of
    offset, found by a weekly scan and a search down to the second; a zone without summer
    time at UTC's offset is ``"UTC"``. A few milliseconds, once per process and zone.
    """
    key = (os.environ.get("TZ"), time.tzname, time.timezone, time.altzone)
    found = _rules_cache.get(key)
    if found is None:
        found = _rules_cache[key] = _scan_rules()
    return found


def _scan_rules() -> str:
    start, end = _RULES_SPAN_S
    first = utc_offset(start)
    changes: list[tuple[int, int]] = []
    at, offset = start, first
    while at < end:
        ahead = min(at + _RULES_STEP_S, end)
        later = utc_offset(ahead)
        if later != offset:
            lo, hi = at, ahead  # the offset at lo is `offset`; at hi it is not
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if utc_offset(mid) == offset:
                    lo = mid
                else:
                    hi = mid
            changes.append((hi, utc_offset(hi)))
        at, offset = ahead, later
    if first == 0 and not changes:
        return UTC_RULES
    digest = hashlib.sha256(repr((first, changes)).encode()).hexdigest()[:12]
    names = "/".join(time.tzname)
    return f"{names} {-time.timezone:+d}/{-time.altzone:+d} {digest}"
