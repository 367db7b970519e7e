"""How fast the team answers and resolves, in minutes of opening hours.

First-response time runs from the conversation's start to its first answer, resolution
time from its start to when it was marked done; both count only the workspace's opening
hours (``business_time``). The report gives medians, which a single forgotten
conversation does not distort, and 90th percentiles, which show the slow tail customers
remember.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from comptoir.core.networks import network_label
from comptoir.inbox.models import Conversation
from comptoir.routing.business_time import Calendar
from comptoir.workspaces.models import Workspace

PERIODS = (7, 30, 90)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: a value that really occurred, no interpolation."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class Row:
    """One member's or one network's times, in business minutes."""

    label: str | Promise
    first_response: list[float] = field(default_factory=list)
    resolution: list[float] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.first_response)

    @property
    def resolved(self) -> int:
        return len(self.resolution)

    @property
    def response_median(self) -> float | None:
        return median(self.first_response) if self.first_response else None

    @property
    def response_p90(self) -> float | None:
        return percentile(self.first_response, 0.9) if self.first_response else None

    @property
    def resolution_median(self) -> float | None:
        return median(self.resolution) if self.resolution else None

    @property
    def resolution_p90(self) -> float | None:
        return percentile(self.resolution, 0.9) if self.resolution else None


@dataclass
class Report:
    days: int
    overall: Row
    by_member: list[Row]
    by_network: list[Row]

    @property
    def is_empty(self) -> bool:
        return not self.overall.answered and not self.overall.resolved


@dataclass(frozen=True)
class Timing:
    assignee_id: int | None
    assignee: str
    network: str
    first_response: float | None
    resolution: float | None


def timings(workspace: Workspace, since: datetime) -> list[Timing]:
    """The times of the conversations started since ``since``.

    Plain rows rather than model instances: a busy quarter holds thousands of them.
    """
    calendar = Calendar(workspace)
    rows = (
        Conversation.objects.for_workspace(workspace)
        .filter(started_at__gte=since)
        .values_list(
            "assignee_id",
            "assignee__user__full_name",
            "assignee__user__email",
            "network",
            "started_at",
            "first_response_at",
            "resolved_at",
        )
    )
    return [
        Timing(
            assignee_id=assignee_id,
            assignee=name or email or "",
            network=network,
            first_response=calendar.minutes(started, answered) if answered else None,
            resolution=calendar.minutes(started, resolved) if resolved else None,
        )
        for assignee_id, name, email, network, started, answered, resolved in rows
    ]


def _rows(
    items: Iterable[Timing], key: Callable[[Timing], tuple[object, str | Promise]]
) -> list[Row]:
    """Rows grouped by the first part of ``key``, labelled by its second part."""
    rows: dict[object, Row] = {}
    for item in items:
        group, label = key(item)
        row = rows.setdefault(group, Row(label))
        if item.first_response is not None:
            row.first_response.append(item.first_response)
        if item.resolution is not None:
            row.resolution.append(item.resolution)
    filled = [row for row in rows.values() if row.answered or row.resolved]
    return sorted(filled, key=lambda row: str(row.label).casefold())


def build(workspace: Workspace, days: int, now: datetime) -> Report:
    items = timings(workspace, now - timedelta(days=days))
    overall = _rows(items, lambda _item: (None, ""))
    return Report(
        days=days,
        overall=overall[0] if overall else Row(""),
        by_member=_rows(items, lambda t: (t.assignee_id, t.assignee or _("Nobody"))),
        by_network=_rows(items, lambda t: (t.network, network_label(t.network))),
    )
