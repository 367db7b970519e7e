"""The queue: weekly time slots per account, and the next free one for a new post.

Slots are wall-clock times in the workspace's time zone. Each occurrence is turned into
an instant only for the day it falls on, so a 9:00 slot is 9:00 local time on both sides
of a change of clocks (08:00 UTC in winter, 07:00 UTC in summer in Paris).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from comptoir.networks.models import ConnectedAccount
from comptoir.publishing.models import PostTarget, QueueSlot, TargetStatus

# How far ahead a free slot is looked for; beyond that the queue is considered full.
HORIZON_DAYS = 8 * 7

# A slot is taken by any post planned or gone out at that moment, not by a failed one.
OCCUPYING = (
    TargetStatus.HELD,
    TargetStatus.SCHEDULED,
    TargetStatus.QUEUED,
    TargetStatus.PUBLISHING,
    TargetStatus.PUBLISHED,
)


def wall_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """``day`` at ``at`` in ``tz``, as an aware UTC datetime, for repeating times.

    A time skipped when clocks go forward (02:30 on the last Sunday of March in Paris)
    becomes the same wall time after the change (03:30), so the occurrence still happens;
    a time that happens twice is taken at its first occurrence.
    """
    return datetime.combine(day, at).replace(tzinfo=tz, fold=0).astimezone(UTC)


def slot_times(
    slots: list[tuple[int, time]], tz: ZoneInfo, after: datetime, days: int = HORIZON_DAYS
) -> list[datetime]:
    """Every occurrence of the weekly ``slots`` after ``after``, within ``days``, in order."""
    start = after.astimezone(tz).date()
    found = []
    for offset in range(days + 1):
        day = start + timedelta(days=offset)
        for weekday, at in slots:
            if weekday == day.weekday():
                when = wall_time(day, at, tz)
                if when > after:
                    found.append(when)
    return sorted(found)


def next_free_slot(
    account: ConnectedAccount, tz: ZoneInfo, now: datetime | None = None
) -> datetime | None:
    """The first slot of ``account`` after ``now`` that no post occupies; None if none."""
    now = now or timezone.now()
    slots = list(QueueSlot.objects.filter(account=account).values_list("weekday", "time"))
    if not slots:
        return None
    busy = set(
        PostTarget.objects.filter(
            account=account, status__in=OCCUPYING, due_at__gt=now
        ).values_list("due_at", flat=True)
    )
    for when in slot_times(slots, tz, now):
        if when not in busy:
            return when
    return None


def upcoming(account: ConnectedAccount, tz: ZoneInfo, limit: int = 3) -> list[datetime]:
    """The next few slots of ``account``, to show the queue's rhythm on its page."""
    slots = list(QueueSlot.objects.filter(account=account).values_list("weekday", "time"))
    return slot_times(slots, tz, timezone.now(), days=14)[:limit]
