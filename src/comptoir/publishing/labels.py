"""How publishing shows networks, dates and times to people, in their language.

One place, so a network is never shown by its code ("sandbox") in one page and by its
name ("Bac à sable") in another, and a date never by a fixed pattern ("05/12/2026")
that reads wrongly in English while Django's localised format is used elsewhere.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import formats
from django.utils.functional import Promise

from comptoir.core.networks import Network
from comptoir.networks.registry import BY_SLUG

NAMES: dict[str, str | Promise] = dict(Network.choices)


def network_label(slug: str) -> str:
    """The translated name of a network: the connectors' own label first (what the
    accounts page shows), then the names of networks Comptoir only knows of (Facebook),
    the code itself last so an unknown network still shows something."""
    spec = BY_SLUG.get(slug)
    return str(spec.label if spec is not None else NAMES.get(slug, slug))


def local_date(day: date | datetime) -> str:
    """A date in the active language's format ("5 décembre 2026", "Dec. 5, 2026").

    An aware datetime is formatted as it is: convert it to the workspace's zone first.
    """
    return formats.date_format(day, "DATE_FORMAT")


def local_time(moment: time | datetime) -> str:
    """A time of day in the active language's format ("14:30", "2:30 p.m.")."""
    return formats.time_format(moment, "TIME_FORMAT")
