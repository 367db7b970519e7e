"""The "To approve" list, and approving or sending back a post in one click."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.publishing import approval
from comptoir.publishing.models import Post
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


@workspace_view(Role.MANAGER)
def index(request: WorkspaceRequest) -> HttpResponse:
    return render(
        request,
        "publishing/approvals.html",
        {"posts": approval.waiting(request.workspace), "tab": "approvals"},
    )


@require_POST
@workspace_view(Role.MANAGER)
def approve(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    post = get_scoped(Post, request.workspace, pk=post_id)
    if post.author_id == request.user.pk:
        messages.error(request, _("A colleague approves your own posts, not you."))
    elif approval.approve(post, request.user):
        messages.success(request, _("The post is approved: it will be published as planned."))
    else:
        messages.error(request, _("This post no longer waits for approval."))
    return redirect("publishing:approvals", request.workspace.slug)


@require_POST
@workspace_view(Role.MANAGER)
def send_back(request: WorkspaceRequest, post_id: int) -> HttpResponse:
    post = get_scoped(Post, request.workspace, pk=post_id)
    comment = request.POST.get("comment", "").strip()
    if not comment:
        messages.error(request, _("Say in a comment what the author should change."))
        return redirect("publishing:detail", request.workspace.slug, post.pk)
    if approval.send_back(post, request.user, comment[:2000]):
        messages.success(request, _("The post is back with its author, with your comment."))
    else:
        messages.error(request, _("This post no longer waits for approval."))
    return redirect("publishing:approvals", request.workspace.slug)
