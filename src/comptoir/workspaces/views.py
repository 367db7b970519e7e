"""Creating a workspace, its dashboard and its settings."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.inbox.models import Message, MessageStatus
from comptoir.listening.models import Mention
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces.access import WorkspaceRequest, workspace_view
from comptoir.workspaces.forms import WorkspaceForm
from comptoir.workspaces.models import Membership, Role


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None, initial={"timezone": "Europe/Paris"})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            workspace = form.save()
            Membership.objects.create(workspace=workspace, user=request.user, role=Role.OWNER)
        messages.success(request, _("Your workspace is ready. Invite your colleagues next."))
        return redirect("workspaces:dashboard", workspace.slug)
    return render(request, "workspaces/create.html", {"form": form})


@workspace_view()
def dashboard(request: WorkspaceRequest) -> HttpResponse:
    """What needs attention today, at a glance."""
    workspace = request.workspace
    week_ago = timezone.now() - timedelta(days=7)
    messages_qs = Message.objects.for_workspace(workspace)
    context = {
        "to_answer": messages_qs.exclude(status=MessageStatus.DONE).count(),
        "mine": messages_qs.filter(assignee=request.membership)
        .exclude(status=MessageStatus.DONE)
        .count(),
        "scheduled": Post.objects.for_workspace(workspace)
        .filter(status=PostStatus.SCHEDULED)
        .count(),
        "mentions_week": Mention.objects.for_workspace(workspace)
        .filter(found_at__gte=week_ago)
        .count(),
        "latest_messages": messages_qs.exclude(status=MessageStatus.DONE)
        .select_related("person", "assignee__user")[:5],
        "next_posts": Post.objects.for_workspace(workspace)
        .filter(status=PostStatus.SCHEDULED)
        .order_by("scheduled_at")[:3],
    }
    return render(request, "workspaces/dashboard.html", context)


@workspace_view()
def settings_page(request: WorkspaceRequest) -> HttpResponse:
    can_edit = request.membership.has_role(Role.MANAGER)
    form = WorkspaceForm(request.POST or None, instance=request.workspace)
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("Only owners and managers can change these settings."))
            return redirect("workspaces:settings", request.workspace.slug)
        if form.is_valid():
            workspace = form.save()
            messages.success(request, _("Settings saved."))
            return redirect("workspaces:settings", workspace.slug)
    return render(request, "workspaces/settings.html", {"form": form, "can_edit": can_edit})


@workspace_view()
def team(request: WorkspaceRequest) -> HttpResponse:
    members = Membership.objects.for_workspace(request.workspace).select_related("user")
    return render(request, "workspaces/team.html", {"members": members})
