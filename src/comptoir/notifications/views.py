"""The list of a colleague's notifications, and opening one."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptoir.notifications.models import Notification
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    mine = Notification.objects.for_workspace(request.workspace).filter(recipient=request.user)
    page = Paginator(mine, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/index.html", {"page": page, "query_prefix": ""})


@workspace_view()
def open_notification(request: WorkspaceRequest, notification_id: int) -> HttpResponse:
    """Mark it read and go where it points."""
    notification = get_scoped(
        Notification, request.workspace, pk=notification_id, recipient=request.user
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.url.startswith("/") and not notification.url.startswith("//"):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:index", request.workspace.slug)


@require_POST
@workspace_view()
def mark_all_read(request: WorkspaceRequest) -> HttpResponse:
    Notification.objects.for_workspace(request.workspace).filter(
        recipient=request.user, read_at__isnull=True
    ).update(read_at=timezone.now())
    return redirect("notifications:index", request.workspace.slug)
