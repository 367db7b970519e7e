"""Time that counts: only the minutes when the business is open.

A message received on Saturday evening and answered on Monday at 9:05, when the shop opens
at 9:00, was answered in 5 minutes: nobody is expected to answer while the shop is
closed. Opening periods are read in the workspace's time zone day by day and turned into
UTC intervals before any subtraction, so a change to or from summer time counts the
hour that really passed (Python subtracts wall clocks when two datetimes share a zone).

A workspace with no opening hours at all counts every minute: it has not said when it
works, and treating it as never open would make every answer instantaneous.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from comptoir.workspaces.hours import periods_for
from comptoir.workspaces.models import DAYS, Workspace

Interval = tuple[datetime, datetime]
# How far the backward walk of ``overdue_cutoff`` may go; targets are hours, not years.
MAX_DAYS = 400


def has_hours(workspace: Workspace) -> bool:
    return any(periods_for(workspace.business_hours, day) for day in DAYS)


def open_intervals(workspace: Workspace, day: date) -> list[Interval]:
    """The opening periods of one local day, as UTC intervals, earliest first."""
    zone = workspace.tzinfo
    intervals = []
    for start, end in periods_for(workspace.business_hours, DAYS[day.weekday()]):
        if end <= start:
            continue
        opens = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
        closes = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
        if closes > opens:
            intervals.append((opens, closes))
    return sorted(intervals)


def _days(workspace: Workspace, start: datetime, end: datetime) -> Iterator[date]:
    day = start.astimezone(workspace.tzinfo).date()
    last = end.astimezone(workspace.tzinfo).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def business_seconds(workspace: Workspace, start: datetime, end: datetime) -> float:
    """Seconds of opening hours between two aware moments (0 when ``end`` is not later)."""
    if end <= start:
        return 0.0
    if not has_hours(workspace):
        return (end - start).total_seconds()
    total = 0.0
    for day in _days(workspace, start, end):
        for opens, closes in open_intervals(workspace, day):
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap.total_seconds()
    return total


def business_minutes(workspace: Workspace, start: datetime, end: datetime) -> float:
    return business_seconds(workspace, start, end) / 60


def overdue_cutoff(workspace: Workspace, now: datetime) -> datetime:
    """The latest moment a conversation may have started waiting and be overdue at ``now``.

    A conversation is overdue when ``waiting_since <= overdue_cutoff(workspace, now)``:
    at least ``response_target_minutes`` of opening hours have passed since. The inbox
    can filter on it in one query. Found by walking back from ``now`` through the opening
    periods until the target is used up.
    """
    target = timedelta(minutes=workspace.response_target_minutes)
    if not has_hours(workspace) or target <= timedelta(0):
        return now - target
    left = target
    day = now.astimezone(workspace.tzinfo).date()
    for _ in range(MAX_DAYS):
        for opens, closes in reversed(open_intervals(workspace, day)):
            closes = min(closes, now)
            if closes <= opens:
                continue
            if closes - opens >= left:
                return closes - left
            left -= closes - opens
        day -= timedelta(days=1)
    return now - timedelta(days=MAX_DAYS)
