"""Business hours: when the shop is open, day by day, in its own time zone.

They are stored on the workspace as ``{"mon": [["07:00", "13:00"], ["15:30", "19:30"]], ...}``:
up to two opening periods a day (many French shops close at lunch time), an empty list for a
closed day. The inbox and the coach read them through ``is_open`` and ``periods_for``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.workspaces.models import DAYS, Workspace

DAY_NAMES: dict[str, str | Promise] = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
MAX_PERIODS_PER_DAY = 2

Period = tuple[time, time]


def parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def format_time(value: time) -> str:
    return value.strftime("%H:%M")


def periods_for(hours: Mapping[str, Sequence[Sequence[str]]], day: str) -> list[Period]:
    """The opening periods of one weekday; malformed stored values count as closed."""
    periods: list[Period] = []
    for period in hours.get(day, []):
        try:
            start, end = parse_time(period[0]), parse_time(period[1])
        except (ValueError, IndexError, TypeError):
            continue
        periods.append((start, end))
    return periods


def is_open(workspace: Workspace, moment: datetime) -> bool:
    """Whether the business is open at ``moment`` (an aware datetime), in its time zone."""
    local = moment.astimezone(workspace.tzinfo)
    day = DAYS[local.weekday()]
    now = local.time().replace(tzinfo=None)
    return any(start <= now < end for start, end in periods_for(workspace.business_hours, day))


def serialise(periods_by_day: Mapping[str, Sequence[Period]]) -> dict[str, list[list[str]]]:
    return {
        day: [[format_time(start), format_time(end)] for start, end in periods_by_day.get(day, [])]
        for day in DAYS
    }
