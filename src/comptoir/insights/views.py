"""Results: the last weeks of activity, week by week, beside the business's objectives."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from comptoir.inbox.models import Message
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.models import Objective

WEEKS = 8


@dataclass
class Week:
    start: date
    received: int = 0
    published: int = 0
    median_response_minutes: int | None = None
    height_received: int = 0
    height_published: int = 0


def week_start(moment: datetime) -> date:
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    workspace = request.workspace
    with timezone.override(workspace.tzinfo):
        first = week_start(timezone.now()) - timedelta(weeks=WEEKS - 1)
        weeks = {first + timedelta(weeks=i): Week(first + timedelta(weeks=i)) for i in range(WEEKS)}
        since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
        delays: dict[date, list[float]] = {start: [] for start in weeks}
        for received_at, replied_at in (
            Message.objects.for_workspace(workspace)
            .filter(received_at__gte=since)
            .values_list("received_at", "replied_at")
        ):
            start = week_start(received_at)
            weeks[start].received += 1
            if replied_at:
                delays[start].append((replied_at - received_at).total_seconds() / 60)
        for published_at in (
            Post.objects.for_workspace(workspace)
            .filter(status=PostStatus.PUBLISHED, published_at__gte=since)
            .values_list("published_at", flat=True)
        ):
            if published_at is not None:
                weeks[week_start(published_at)].published += 1
    top_received = max([w.received for w in weeks.values()] + [1])
    top_published = max([w.published for w in weeks.values()] + [1])
    for start, week in weeks.items():
        week.height_received = round(100 * week.received / top_received)
        week.height_published = round(100 * week.published / top_published)
        if delays[start]:
            week.median_response_minutes = round(statistics.median(delays[start]))
    return render(
        request,
        "insights/index.html",
        {
            "weeks": list(weeks.values()),
            "objectives": Objective.objects.for_workspace(workspace),
        },
    )
