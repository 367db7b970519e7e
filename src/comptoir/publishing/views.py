"""Posts: what is scheduled, what went out and how it did, and drafts."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.access import WorkspaceRequest, workspace_view

ORDERING = {
    PostStatus.SCHEDULED: "scheduled_at",
    PostStatus.PUBLISHED: "-published_at",
    PostStatus.DRAFT: "-created_at",
    PostStatus.FAILED: "-scheduled_at",
}


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    status = request.GET.get("status", PostStatus.SCHEDULED)
    if status not in PostStatus.values:
        status = PostStatus.SCHEDULED
    posts = (
        Post.objects.for_workspace(request.workspace)
        .filter(status=status)
        .select_related("author")
        .order_by(ORDERING[PostStatus(status)])
    )
    page = Paginator(posts, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/index.html",
        {
            "page": page,
            "status": status,
            "statuses": PostStatus.choices,
            "query_prefix": f"status={status}&",
        },
    )
