"""An opening-hours check written apart from the generator's own, to test it against."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def within_hours(moment: datetime, hours: dict[str, list[list[str]]], tz: str) -> bool:
    local = moment.astimezone(ZoneInfo(tz))
    clock = local.time()
    for start, end in hours[WEEKDAYS[local.weekday()]]:
        if time.fromisoformat(start) <= clock < time.fromisoformat(end):
            return True
    return False
