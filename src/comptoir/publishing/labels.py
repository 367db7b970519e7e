"""How publishing shows dates and times to people, in their language.

One place, so a date is never shown by a fixed pattern ("05/12/2026") that reads wrongly
in English while Django's localised format is used elsewhere. Networks are named by
``comptoir.core.networks.network_label``.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import formats


def local_date(day: date | datetime) -> str:
    """A date in the active language's format ("5 décembre 2026", "Dec. 5, 2026").

    An aware datetime is formatted as it is: convert it to the workspace's zone first.
    """
    return formats.date_format(day, "DATE_FORMAT")


def local_time(moment: time | datetime) -> str:
    """A time of day in the active language's format ("14:30", "2:30 p.m.")."""
    return formats.time_format(moment, "TIME_FORMAT")
