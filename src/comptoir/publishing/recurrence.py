"""Recurring posts: a rule, and the wall-clock times of its occurrences.

Every occurrence becomes an ordinary post, created in the same transaction as the first
one (see ``composer.save``). Nothing creates occurrences later, so there is no job that
could run twice, and each occurrence's targets carry their own idempotency keys for the
engine. The rule is bounded (an end date or a number of times, and ``MAX_OCCURRENCES``)
so that creating them all at once stays small.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from comptoir.publishing.models import Frequency
from comptoir.publishing.queue import wall_time

MAX_OCCURRENCES = 60


@dataclass(frozen=True)
class Rule:
    """Repeat every ``interval`` ``frequency``, until a date (inclusive) or ``count`` times."""

    frequency: str
    interval: int = 1
    until: date | None = None
    count: int | None = None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 -> 30)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nth_day(first: date, rule: Rule, n: int) -> date:
    """The day of occurrence ``n`` (0 is the first), always counted from the first day."""
    step = rule.interval * n
    if rule.frequency == Frequency.MONTHS:
        return add_months(first, step)
    days = step * 7 if rule.frequency == Frequency.WEEKS else step
    return first + timedelta(days=days)


def occurrences(first: datetime, rule: Rule, tz: ZoneInfo) -> list[datetime]:
    """The instants (UTC) of every occurrence; ``first`` is a wall-clock time in ``tz``.

    Each keeps the first one's wall-clock time, across changes of clocks. Refuses a rule
    without an end or with more than ``MAX_OCCURRENCES`` occurrences.
    """
    if rule.until is None and rule.count is None:
        raise ValidationError(
            _("Choose when the repetition ends: a date or a number of times."), code="endless"
        )
    found: list[datetime] = []
    n = 0
    while True:
        day = nth_day(first.date(), rule, n)
        if rule.until is not None and day > rule.until:
            break
        if rule.count is not None and n >= rule.count:
            break
        if n >= MAX_OCCURRENCES:
            raise ValidationError(
                _("A post can repeat at most %(max)s times; choose an earlier end.")
                % {"max": MAX_OCCURRENCES},
                code="too_many",
            )
        found.append(wall_time(day, first.time(), tz))
        n += 1
    return found
