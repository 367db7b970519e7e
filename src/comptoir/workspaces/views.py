"""Creating a workspace, its dashboard and its business settings (details, hours, objectives)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.accounts.auth import signed_in_user
from comptoir.inbox import listing
from comptoir.listening.models import Mention
from comptoir.publishing.models import Post, PostStatus
from comptoir.workspaces import actions, permissions
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.forms import BusinessHoursForm, ObjectiveForm, WorkspaceForm
from comptoir.workspaces.hours import DAY_NAMES, periods_for
from comptoir.workspaces.models import DAYS, Objective, Role


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None, initial={"timezone": "Europe/Paris"})
    if request.method == "POST" and form.is_valid():
        workspace = actions.create_workspace(signed_in_user(request), form.cleaned_data)
        request.session["workspace"] = workspace.slug
        messages.success(request, _("Your workspace is ready. Invite your colleagues next."))
        return redirect("workspaces:dashboard", workspace.slug)
    return render(request, "workspaces/create.html", {"form": form})


@workspace_view()
def dashboard(request: WorkspaceRequest) -> HttpResponse:
    """What needs attention today, at a glance."""
    workspace = request.workspace
    week_ago = timezone.now() - timedelta(days=7)
    # The two cards open the inbox's "To answer" tab, for everyone and for "me": they
    # count what that tab then lists (not done, not snoozed).
    to_answer = listing.filtered(workspace, request.membership, listing.TAB_TO_ANSWER, {})
    context = {
        "to_answer": to_answer.count(),
        "mine": to_answer.filter(assignee=request.membership).count(),
        "scheduled": Post.objects.for_workspace(workspace)
        .filter(status=PostStatus.SCHEDULED)
        .count(),
        "mentions_week": Mention.objects.for_workspace(workspace)
        .filter(found_at__gte=week_ago)
        .count(),
        # Only what waits for the business, as the inbox lists it: never its own replies.
        "latest_messages": listing.waiting_messages(workspace, request.membership, 5),
        "next_posts": Post.objects.for_workspace(workspace)
        .filter(status=PostStatus.SCHEDULED)
        .order_by("scheduled_at")
        .prefetch_related("targets__account")[:3],
    }
    return render(request, "workspaces/dashboard.html", context)


def _render_settings(
    request: WorkspaceRequest,
    *,
    workspace_form: WorkspaceForm | None = None,
    hours_form: BusinessHoursForm | None = None,
    objective_form: ObjectiveForm | None = None,
) -> HttpResponse:
    """The business settings page; a form passed in (with its errors) replaces the blank one."""
    workspace = request.workspace
    can_edit = permissions.can_edit_business(request.membership)
    context: dict[str, Any] = {
        "can_edit": can_edit,
        "hours": [
            {"name": DAY_NAMES[day], "periods": periods_for(workspace.business_hours, day)}
            for day in DAYS
        ],
        "objectives": Objective.objects.for_workspace(workspace),
    }
    if can_edit:
        context["form"] = workspace_form or WorkspaceForm(instance=workspace)
        context["hours_form"] = hours_form or BusinessHoursForm(workspace=workspace)
        context["objective_form"] = objective_form or ObjectiveForm()
    return render(request, "workspaces/settings.html", context)


@workspace_view()
def settings_page(request: WorkspaceRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_settings(request)
    if not permissions.can_edit_business(request.membership):
        raise PermissionDenied
    form = WorkspaceForm(request.POST, instance=request.workspace)
    if not form.is_valid():
        return _render_settings(request, workspace_form=form)
    workspace = form.save()
    messages.success(request, _("Settings saved."))
    return redirect("workspaces:settings", workspace.slug)


@workspace_view(Role.MANAGER)
@require_POST
def hours_update(request: WorkspaceRequest) -> HttpResponse:
    form = BusinessHoursForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        return _render_settings(request, hours_form=form)
    request.workspace.business_hours = form.cleaned_data["business_hours"]
    request.workspace.save(update_fields=["business_hours"])
    messages.success(request, _("Business hours saved."))
    return redirect("workspaces:settings", request.workspace.slug)


@workspace_view(Role.MANAGER)
@require_POST
def objective_create(request: WorkspaceRequest) -> HttpResponse:
    form = ObjectiveForm(request.POST)
    if not form.is_valid():
        return _render_settings(request, objective_form=form)
    objective = form.save(commit=False)
    objective.workspace = request.workspace
    objective.save()
    messages.success(request, _("Objective added."))
    return redirect("workspaces:settings", request.workspace.slug)


@workspace_view(Role.MANAGER)
def objective_edit(request: WorkspaceRequest, objective_id: int) -> HttpResponse:
    objective = get_scoped(Objective, request.workspace, pk=objective_id)
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Objective saved."))
        return redirect("workspaces:settings", request.workspace.slug)
    return render(request, "workspaces/objective_form.html", {"form": form, "objective": objective})


@workspace_view(Role.MANAGER)
@require_POST
def objective_delete(request: WorkspaceRequest, objective_id: int) -> HttpResponse:
    objective = get_scoped(Objective, request.workspace, pk=objective_id)
    objective.delete()
    messages.success(request, _("Objective deleted."))
    return redirect("workspaces:settings", request.workspace.slug)
