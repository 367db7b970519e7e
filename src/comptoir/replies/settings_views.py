"""Settings > Replies: the signature, whose replies need approval, and saved replies.

Owners and managers set the signature and the approvals; everyone but read-only members
keeps the saved replies, since they are the ones who answer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.replies.forms import SavedReplyForm, SignatureForm
from comptoir.replies.models import SavedReply
from comptoir.replies.text import signature
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.models import Membership, Role


def _page(
    request: WorkspaceRequest,
    *,
    signature_form: SignatureForm | None = None,
    saved_form: SavedReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = request.workspace
    context: dict[str, Any] = {
        "section": "replies",
        "can_edit": request.membership.has_role(Role.MANAGER),
        "can_write": request.membership.has_role(Role.MEMBER),
        "signature_form": signature_form or SignatureForm(instance=workspace),
        "example": signature(workspace, request.membership),
        "members": Membership.objects.for_workspace(workspace)
        .select_related("user")
        .order_by("joined_at", "pk"),
        "saved_replies": SavedReply.objects.for_workspace(workspace),
        "saved_form": saved_form or SavedReplyForm(workspace=workspace),
    }
    return render(request, "replies/settings.html", context, status=status)


@workspace_view()
def settings_page(request: WorkspaceRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    if not request.membership.has_role(Role.MANAGER):
        messages.error(request, _("Only owners and managers can change these settings."))
        return redirect("reply_settings:index", request.workspace.slug)
    form = SignatureForm(request.POST, instance=request.workspace)
    if not form.is_valid():
        return _page(request, signature_form=form, status=400)
    form.save()
    messages.success(request, _("The signature is saved."))
    return redirect("reply_settings:index", request.workspace.slug)


@require_POST
@workspace_view(Role.MANAGER)
def approvals(request: WorkspaceRequest) -> HttpResponse:
    """Whose replies wait for a manager: the members ticked, everyone else answers freely."""
    ticked = {value for value in request.POST.getlist("need_approval") if value.isdigit()}
    members = Membership.objects.for_workspace(request.workspace).filter(role=Role.MEMBER)
    members.filter(pk__in=ticked).update(replies_need_approval=True)
    members.exclude(pk__in=ticked).update(replies_need_approval=False)
    messages.success(request, _("Approvals are saved."))
    return redirect("reply_settings:index", request.workspace.slug)


@require_POST
@workspace_view(Role.MEMBER)
def saved_create(request: WorkspaceRequest) -> HttpResponse:
    form = SavedReplyForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        return _page(request, saved_form=form, status=400)
    item = form.save(commit=False)
    item.workspace = request.workspace
    item.created_by = request.membership
    item.save()
    messages.success(request, _("The saved reply is added."))
    return redirect("reply_settings:index", request.workspace.slug)


@workspace_view()
def saved_edit(request: WorkspaceRequest, savedreply_id: int) -> HttpResponse:
    item = get_scoped(SavedReply, request.workspace, pk=savedreply_id)
    can_write = request.membership.has_role(Role.MEMBER)
    form = SavedReplyForm(
        request.POST if request.method == "POST" and can_write else None,
        instance=item,
        workspace=request.workspace,
    )
    if request.method == "POST" and can_write and form.is_valid():
        form.save()
        messages.success(request, _("The saved reply is updated."))
        return redirect("reply_settings:index", request.workspace.slug)
    status = 400 if form.is_bound else 200
    context = {"form": form, "item": item, "can_write": can_write, "section": "replies"}
    return render(request, "replies/saved_form.html", context, status=status)


@require_POST
@workspace_view(Role.MEMBER)
def saved_delete(request: WorkspaceRequest, savedreply_id: int) -> HttpResponse:
    item = get_scoped(SavedReply, request.workspace, pk=savedreply_id)
    item.delete()
    messages.success(request, _("The saved reply is deleted."))
    return redirect("reply_settings:index", request.workspace.slug)
