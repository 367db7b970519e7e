"""What is said about the business, its products, its competitors and its town."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.listening.models import Mention
from comptoir.workspaces.access import WorkspaceRequest, workspace_view


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    mentions = Mention.objects.for_workspace(request.workspace)
    topics = mentions.exclude(topic="").values("topic").annotate(n=Count("pk")).order_by("-n")
    topic = request.GET.get("topic", "")
    if topic:
        mentions = mentions.filter(topic=topic)
    page = Paginator(mentions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "listening/index.html",
        {
            "page": page,
            "topics": topics,
            "topic": topic,
            "query_prefix": f"topic={topic}&" if topic else "",
        },
    )
