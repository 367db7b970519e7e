"""The calendar's days: which posts fall on which day and hour, in the workspace's zone.

A post sits at its publication time once published, else at its planned time. Day
boundaries are local midnights, turned into instants day by day so that the 23- and
25-hour days of changes of clocks hold exactly their own posts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q
from django.utils import timezone

from comptoir.publishing.models import Post, PostStatus, PostTarget
from comptoir.publishing.queue import wall_time
from comptoir.publishing.rescheduling import movable
from comptoir.workspaces.models import Workspace

SHOWN = (PostStatus.PENDING, PostStatus.SCHEDULED, PostStatus.PUBLISHED, PostStatus.FAILED)


@dataclass
class Entry:
    post: Post
    local: datetime
    movable: bool


@dataclass
class Day:
    day: date
    in_range: bool = True
    today: bool = False
    entries: list[Entry] = field(default_factory=list)

    def at_hour(self, hour: int) -> list[Entry]:
        return [entry for entry in self.entries if entry.local.hour == hour]


def when(post: Post) -> datetime | None:
    return post.published_at if post.status == PostStatus.PUBLISHED else post.scheduled_at


def posts_between(workspace: Workspace, start: datetime, end: datetime) -> list[Post]:
    published = Q(status=PostStatus.PUBLISHED, published_at__gte=start, published_at__lt=end)
    planned = ~Q(status=PostStatus.PUBLISHED) & Q(scheduled_at__gte=start, scheduled_at__lt=end)
    return list(
        Post.objects.for_workspace(workspace)
        .filter(published | planned, status__in=SHOWN)
        .select_related("workspace")
        .prefetch_related(
            Prefetch("targets", queryset=PostTarget.objects.select_related("account"))
        )
    )


def days(workspace: Workspace, first: date, last: date, shown: tuple[date, date]) -> list[Day]:
    """Every day from ``first`` to ``last`` with its posts; ``shown`` bounds the period."""
    tz: ZoneInfo = workspace.tzinfo
    start = wall_time(first, time(0), tz)
    end = wall_time(last + timedelta(days=1), time(0), tz)
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for post in posts_between(workspace, start, end):
        instant = when(post)
        if instant is None:
            continue
        local = instant.astimezone(tz)
        by_day[local.date()].append(Entry(post, local, movable(post)))
    today = timezone.now().astimezone(tz).date()
    found = []
    current = first
    while current <= last:
        entries = sorted(by_day.get(current, []), key=lambda e: (e.local, e.post.pk))
        found.append(Day(current, shown[0] <= current <= shown[1], current == today, entries))
        current += timedelta(days=1)
    return found


def month(workspace: Workspace, year: int, number: int) -> list[list[Day]]:
    """The weeks (Monday first) that cover the month, as rows of seven days."""
    first = date(year, number, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    every = days(workspace, start, end, (first, last))
    return [every[index : index + 7] for index in range(0, len(every), 7)]


def week(workspace: Workspace, monday: date) -> list[Day]:
    sunday = monday + timedelta(days=6)
    return days(workspace, monday, sunday, (monday, sunday))
