"""Durations as people read them: "45 min", "2 h 05"."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(minutes: float | None) -> str:
    """Business minutes, rounded to the minute; hours stay hours (a "day" of opening
    hours is not a calendar day, so days would mislead)."""
    if minutes is None:
        return "—"
    total = round(minutes)
    if total < 60:
        return _("%(minutes)d min") % {"minutes": total}
    hours, rest = divmod(total, 60)
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


@register.filter
def share_of(value: float | None, top: float | None) -> int:
    """Width of a bar, in percent of the longest one (at least 1 so a bar is visible)."""
    if not value or not top:
        return 0
    return max(1, min(100, round(100 * value / top)))
