"""Feed rules: list, create, edit, pause, delete, and read one now."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.bulk import feeds
from comptoir.bulk.forms import FeedRuleForm
from comptoir.bulk.models import FeedRule
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Role


@workspace_view(Role.MEMBER)
def create(request: WorkspaceRequest) -> HttpResponse:
    return edit_or_create(request, None)


@workspace_view(Role.MEMBER)
def edit(request: WorkspaceRequest, feedrule_id: int) -> HttpResponse:
    return edit_or_create(request, get_scoped(FeedRule, request.workspace, pk=feedrule_id))


def edit_or_create(request: WorkspaceRequest, rule: FeedRule | None) -> HttpResponse:
    workspace = request.workspace
    form = FeedRuleForm(
        request.POST if request.method == "POST" else None, instance=rule, workspace=workspace
    )
    if request.method == "POST" and form.is_valid():
        saved: FeedRule = form.save(commit=False)
        if rule is None:
            saved.workspace = workspace
            saved.created_by = request.user
        elif "url" in form.changed_data:
            # Another feed: its entries are new to us, and the old validators mean nothing.
            saved.primed, saved.etag, saved.modified, saved.title = False, "", "", ""
            saved.entries.all().delete()
        saved.save()
        form.save_m2m()
        if rule is None:
            feeds.read(saved)  # the first read only marks what is there, so say it at once
            messages.success(request, _("The feed is followed."))
        else:
            messages.success(request, _("The feed rule is saved."))
        return redirect("bulk:index", workspace.slug)
    return render(request, "bulk/feed_form.html", {"form": form, "rule": rule})


@require_POST
@workspace_view(Role.MEMBER)
def toggle(request: WorkspaceRequest, feedrule_id: int) -> HttpResponse:
    rule = get_scoped(FeedRule, request.workspace, pk=feedrule_id)
    FeedRule.objects.filter(pk=rule.pk).update(active=not rule.active)
    if rule.active:
        messages.success(request, _("The feed is paused: no post will be made from it."))
    else:
        messages.success(request, _("The feed is followed again."))
    return redirect("bulk:index", request.workspace.slug)


@require_POST
@workspace_view(Role.MEMBER)
def delete(request: WorkspaceRequest, feedrule_id: int) -> HttpResponse:
    rule = get_scoped(FeedRule, request.workspace, pk=feedrule_id)
    rule.delete()
    messages.success(request, _("The feed rule is deleted; the posts already made are kept."))
    return redirect("bulk:index", request.workspace.slug)


@require_POST
@workspace_view(Role.MEMBER)
def check(request: WorkspaceRequest, feedrule_id: int) -> HttpResponse:
    rule = get_scoped(FeedRule, request.workspace, pk=feedrule_id)
    feeds.read(rule)
    if rule.failed:
        messages.error(request, rule.explanation)
    else:
        messages.success(request, rule.explanation)
    return redirect("bulk:index", request.workspace.slug)
