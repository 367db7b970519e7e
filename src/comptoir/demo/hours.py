"""Opening hours as concrete time spans, so invented activity happens when the shop is open.

A workspace stores its hours as ``{"tue": [["06:30", "13:30"], ...], ...}`` in its own time
zone. The demo generator turns them into aware datetime spans over a period, draws moments
inside them, and measures reply delays in *open* minutes: a message received at closing
time and answered the next morning was answered quickly by a bakery's standards.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Span:
    """One uninterrupted opening: a morning, an afternoon or a whole day."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


def parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def open_spans(
    hours: dict[str, list[list[str]]], tz: ZoneInfo, first: date, last: date
) -> list[Span]:
    """Every opening between ``first`` and ``last`` (both included), in order."""
    spans: list[Span] = []
    day = first
    while day <= last:
        for start, end in hours.get(DAYS[day.weekday()], []):
            spans.append(
                Span(
                    datetime.combine(day, parse_time(start), tzinfo=tz),
                    datetime.combine(day, parse_time(end), tzinfo=tz),
                )
            )
        day += timedelta(days=1)
    return spans


def clip(
    spans: list[Span], after: datetime | None = None, before: datetime | None = None
) -> list[Span]:
    """The parts of ``spans`` between ``after`` and ``before``."""
    clipped = []
    for span in spans:
        start = max(span.start, after) if after else span.start
        end = min(span.end, before) if before else span.end
        if end > start:
            clipped.append(Span(start, end))
    return clipped


def is_open(hours: dict[str, list[list[str]]], moment: datetime, tz: ZoneInfo) -> bool:
    """Whether the business is open at ``moment``: opening time included, closing time not."""
    local = moment.astimezone(tz)
    current = local.time()
    return any(
        parse_time(start) <= current < parse_time(end)
        for start, end in hours.get(DAYS[local.weekday()], [])
    )


class OpenClock:
    """Draws moments inside opening spans and adds delays counted in open minutes."""

    def __init__(self, spans: list[Span]) -> None:
        if not spans:
            raise ValueError("the business is never open over this period")
        self.spans = spans
        self.starts = [span.start for span in spans]

    def random_moment(self, rng: random.Random, spans: list[Span] | None = None) -> datetime:
        """A moment drawn uniformly over the open minutes of ``spans`` (default: all)."""
        pool = spans if spans is not None else self.spans
        target = rng.uniform(0, sum(span.minutes for span in pool))
        for span in pool:
            if target < span.minutes:
                return whole_minute(span.start + timedelta(minutes=target), span)
            target -= span.minutes
        return whole_minute(pool[-1].end - timedelta(minutes=1), pool[-1])

    def open_minutes_between(self, start: datetime, end: datetime) -> float:
        """How long the business was open between two moments."""
        return sum(span.minutes for span in clip(self.spans, after=start, before=end))

    def add_open_minutes(self, moment: datetime, minutes: float) -> datetime | None:
        """``moment`` plus ``minutes`` of opening time, or None past the last span."""
        index = max(bisect_right(self.starts, moment) - 1, 0)
        remaining = minutes
        for span in self.spans[index:]:
            start = max(span.start, moment)
            if start >= span.end:
                continue
            available = (span.end - start).total_seconds() / 60
            if remaining < available:
                return whole_minute(start + timedelta(minutes=remaining), span)
            remaining -= available
        return None


def whole_minute(moment: datetime, span: Span) -> datetime:
    """Drop seconds, staying inside the span: people read times to the minute."""
    rounded = moment.replace(second=0, microsecond=0)
    return max(rounded, span.start)
