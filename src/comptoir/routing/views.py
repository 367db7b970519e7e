"""Routing settings (rules and response target) and the response-time report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.routing import response_times
from comptoir.routing.engine import eligible_members
from comptoir.routing.forms import RuleForm, TargetForm
from comptoir.routing.models import RoutingRule
from comptoir.workspaces import permissions
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


def _render_index(request: WorkspaceRequest, target_form: TargetForm | None = None) -> HttpResponse:
    workspace = request.workspace
    can_edit = permissions.can_edit_business(request.membership)
    context: dict[str, Any] = {
        "can_edit": can_edit,
        "rules": RoutingRule.objects.for_workspace(workspace).select_related("assignee__user"),
        "members": eligible_members(workspace),
        "target_form": target_form or (TargetForm(instance=workspace) if can_edit else None),
    }
    return render(request, "routing/index.html", context)


@workspace_view()
def index(request: WorkspaceRequest) -> HttpResponse:
    return _render_index(request)


@workspace_view(Role.MANAGER)
@require_POST
def target(request: WorkspaceRequest) -> HttpResponse:
    form = TargetForm(request.POST, instance=request.workspace)
    if not form.is_valid():
        return _render_index(request, target_form=form)
    form.save()
    messages.success(request, _("Response target saved."))
    return redirect("routing:index", request.workspace.slug)


def _rule_form(request: WorkspaceRequest, rule: RoutingRule | None) -> HttpResponse:
    form = RuleForm(request.POST or None, instance=rule, workspace=request.workspace)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if rule is None:
            saved.workspace = request.workspace
            last = RoutingRule.objects.for_workspace(request.workspace).aggregate(
                last=Max("position")
            )["last"]
            saved.position = 0 if last is None else last + 1
        saved.save()
        messages.success(request, _("Rule saved."))
        return redirect("routing:index", request.workspace.slug)
    return render(request, "routing/rule_form.html", {"form": form, "rule": rule})


@workspace_view(Role.MANAGER)
def rule_create(request: WorkspaceRequest) -> HttpResponse:
    return _rule_form(request, None)


@workspace_view(Role.MANAGER)
def rule_edit(request: WorkspaceRequest, rule_id: int) -> HttpResponse:
    return _rule_form(request, get_scoped(RoutingRule, request.workspace, pk=rule_id))


@workspace_view(Role.MANAGER)
@require_POST
def rule_delete(request: WorkspaceRequest, rule_id: int) -> HttpResponse:
    get_scoped(RoutingRule, request.workspace, pk=rule_id).delete()
    messages.success(request, _("Rule deleted."))
    return redirect("routing:index", request.workspace.slug)


@workspace_view(Role.MANAGER)
@require_POST
def rule_move(request: WorkspaceRequest, rule_id: int) -> HttpResponse:
    """Move a rule one place up or down; positions are renumbered 0, 1, 2... on the way."""
    rule = get_scoped(RoutingRule, request.workspace, pk=rule_id)
    step = -1 if request.POST.get("direction") == "up" else 1
    with transaction.atomic():
        rules = list(RoutingRule.objects.for_workspace(request.workspace).select_for_update())
        index = next(i for i, r in enumerate(rules) if r.pk == rule.pk)
        other = index + step
        if 0 <= other < len(rules):
            rules[index], rules[other] = rules[other], rules[index]
        for position, r in enumerate(rules):
            if r.position != position:
                RoutingRule.objects.filter(pk=r.pk).update(position=position)
    return redirect("routing:index", request.workspace.slug)


@workspace_view()
def report(request: WorkspaceRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 30
    if days not in response_times.PERIODS:
        days = 30
    data = response_times.build(request.workspace, days, timezone.now())
    return render(
        request,
        "routing/report.html",
        {
            "report": data,
            "periods": response_times.PERIODS,
            "sections": [
                _section(_("By colleague"), "member", data.by_member),
                _section(_("By network"), "network", data.by_network),
            ],
        },
    )


def _section(title: str, key: str, rows: list[response_times.Row]) -> dict[str, Any]:
    """One table of the report; bars are drawn against its longest 90th percentile."""
    return {
        "title": title,
        "key": key,
        "rows": rows,
        "top_response": max((r.response_p90 or 0 for r in rows), default=0),
        "top_resolution": max((r.resolution_p90 or 0 for r in rows), default=0),
    }
