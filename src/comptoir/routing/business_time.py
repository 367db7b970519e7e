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

from datetime import UTC, date, datetime, timedelta

from comptoir.workspaces.hours import periods_for
from comptoir.workspaces.models import DAYS, Workspace

Interval = tuple[datetime, datetime]
# How far the backward walk of ``overdue_cutoff`` may go; targets are hours, not years.
MAX_DAYS = 400


class Calendar:
    """One workspace's opening periods, each local day worked out once.

    The report measures thousands of conversations that span the same few weeks: the UTC
    intervals of a day are cached here instead of being rebuilt for each of them.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.zone = workspace.tzinfo
        self.periods = {day: periods_for(workspace.business_hours, day) for day in DAYS}
        self.always_open = not any(self.periods.values())
        self._days: dict[date, list[Interval]] = {}

    def intervals(self, day: date) -> list[Interval]:
        """The opening periods of one local day, as UTC intervals, earliest first."""
        cached = self._days.get(day)
        if cached is None:
            cached = []
            for start, end in self.periods[DAYS[day.weekday()]]:
                opens = datetime.combine(day, start, tzinfo=self.zone).astimezone(UTC)
                closes = datetime.combine(day, end, tzinfo=self.zone).astimezone(UTC)
                if closes > opens:
                    cached.append((opens, closes))
            cached.sort()
            self._days[day] = cached
        return cached

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def seconds(self, start: datetime, end: datetime) -> float:
        """Seconds of opening hours between two aware moments (0 when ``end`` is not later)."""
        if end <= start:
            return 0.0
        if self.always_open:
            return (end - start).total_seconds()
        total = 0.0
        day, last = self.local_date(start), self.local_date(end)
        while day <= last:
            for opens, closes in self.intervals(day):
                overlap = min(closes, end) - max(opens, start)
                if overlap > timedelta(0):
                    total += overlap.total_seconds()
            day += timedelta(days=1)
        return total

    def minutes(self, start: datetime, end: datetime) -> float:
        return self.seconds(start, end) / 60


def business_minutes(workspace: Workspace, start: datetime, end: datetime) -> float:
    return Calendar(workspace).minutes(start, end)


def overdue_cutoff(workspace: Workspace, now: datetime) -> datetime:
    """The latest moment a conversation may have started waiting and be overdue at ``now``.

    A conversation is overdue when ``waiting_since <= overdue_cutoff(workspace, now)``:
    at least ``response_target_minutes`` of opening hours have passed since. The inbox
    can filter on it in one query. Found by walking back from ``now`` through the opening
    periods until the target is used up.
    """
    target = timedelta(minutes=workspace.response_target_minutes)
    calendar = Calendar(workspace)
    if calendar.always_open or target <= timedelta(0):
        return now - target
    left = target
    day = calendar.local_date(now)
    for _ in range(MAX_DAYS):
        for opens, closes in reversed(calendar.intervals(day)):
            closes = min(closes, now)
            if closes <= opens:
                continue
            if closes - opens >= left:
                return closes - left
            left -= closes - opens
        day -= timedelta(days=1)
    return now - timedelta(days=MAX_DAYS)
