"""Settings > Team: the members, their roles and expertise, and the pending invitations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.workspaces import actions, permissions
from comptoir.workspaces.access import WorkspaceRequest, get_scoped, workspace_view
from comptoir.workspaces.forms import InviteForm, MemberForm
from comptoir.workspaces.models import Invitation, Membership, Role

# The clear links of invitations sent from this browser session, by invitation id: a link
# exists in clear only when it is made, and is shown to the sender for copying (handy when
# the installation has no mail server).
SESSION_LINKS = "invitation_links"


def _remember_link(request: WorkspaceRequest, sent: actions.SentInvitation) -> None:
    links = dict(request.session.get(SESSION_LINKS, {}))
    links[str(sent.invitation.pk)] = sent.link
    request.session[SESSION_LINKS] = links
    if sent.delivered:
        messages.success(
            request,
            _("Invitation sent to %(email)s. You can also copy the link below and share it.")
            % {"email": sent.invitation.email},
        )
    else:
        messages.warning(
            request,
            _("The email to %(email)s could not be sent. Copy the link below and send it yourself.")
            % {"email": sent.invitation.email},
        )


def _fresh_links(request: WorkspaceRequest) -> dict[str, str]:
    """The remembered links, minus those of this workspace's accepted or cancelled invitations."""
    stored: dict[str, str] = request.session.get(SESSION_LINKS, {})
    spent = {
        str(pk)
        for pk in Invitation.objects.for_workspace(request.workspace)
        .filter(pk__in=[int(key) for key in stored if key.isdigit()])
        .exclude(accepted_at=None, revoked_at=None)
        .values_list("pk", flat=True)
    }
    if spent:
        stored = {key: link for key, link in stored.items() if key not in spent}
        request.session[SESSION_LINKS] = stored
    return stored


def _render_team(
    request: WorkspaceRequest, *, invite_form: InviteForm | None = None
) -> HttpResponse:
    actor = request.membership
    members = Membership.objects.for_workspace(request.workspace).select_related("user")
    can_manage = permissions.can_manage_team(actor)
    context: dict[str, Any] = {
        "rows": [
            {
                "member": member,
                "is_me": member.pk == actor.pk,
                "can_edit": permissions.can_edit_profile(actor, member),
                "can_remove": permissions.can_remove(actor, member),
            }
            for member in members
        ],
        "can_manage": can_manage,
        "can_leave": permissions.can_leave(actor),
    }
    if can_manage:
        invitations = list(
            Invitation.objects.for_workspace(request.workspace).filter(
                accepted_at=None, revoked_at=None
            )
        )
        links = _fresh_links(request)
        context["invitations"] = [
            {"invitation": invitation, "link": links.get(str(invitation.pk), "")}
            for invitation in invitations
        ]
        context["invite_form"] = invite_form or InviteForm(
            workspace=request.workspace, roles=permissions.assignable_roles(actor)
        )
    return render(request, "workspaces/team.html", context)


@workspace_view()
def team(request: WorkspaceRequest) -> HttpResponse:
    return _render_team(request)


@workspace_view(Role.MANAGER)
@require_POST
def invite(request: WorkspaceRequest) -> HttpResponse:
    actor = request.membership
    form = InviteForm(
        request.POST, workspace=request.workspace, roles=permissions.assignable_roles(actor)
    )
    if not form.is_valid():
        return _render_team(request, invite_form=form)
    sent = actions.invite(
        actor,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        expertise=form.cleaned_data["expertise"],
        base_url=request.build_absolute_uri("/"),
    )
    _remember_link(request, sent)
    return redirect("workspaces:team", request.workspace.slug)


@workspace_view(Role.MANAGER)
@require_POST
def invitation_resend(request: WorkspaceRequest, invitation_id: int) -> HttpResponse:
    invitation = get_scoped(Invitation, request.workspace, pk=invitation_id)
    try:
        sent = actions.resend(
            request.membership, invitation, base_url=request.build_absolute_uri("/")
        )
    except actions.TeamError as error:
        messages.error(request, str(error))
    else:
        _remember_link(request, sent)
    return redirect("workspaces:team", request.workspace.slug)


@workspace_view(Role.MANAGER)
@require_POST
def invitation_revoke(request: WorkspaceRequest, invitation_id: int) -> HttpResponse:
    invitation = get_scoped(Invitation, request.workspace, pk=invitation_id)
    try:
        actions.revoke(request.membership, invitation)
    except actions.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is cancelled; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("workspaces:team", request.workspace.slug)


@workspace_view()
def member_edit(request: WorkspaceRequest, membership_id: int) -> HttpResponse:
    actor = request.membership
    target = get_scoped(Membership, request.workspace, pk=membership_id)
    if not permissions.can_edit_profile(actor, target):
        raise PermissionDenied
    manages = permissions.can_manage_member(actor, target)
    roles = permissions.assignable_roles(actor) if manages else []
    form = MemberForm(request.POST or None, instance=target, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_member(
                actor,
                # The form has already copied its values onto ``target``: compare with the
                # stored row, not with it.
                Membership.objects.get(pk=target.pk),
                role=form.cleaned_data.get("role"),
                job_title=form.cleaned_data["job_title"],
                expertise=form.cleaned_data["expertise"],
            )
        except actions.TeamError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("workspaces:team", request.workspace.slug)
    context = {
        "form": form,
        "target": target,
        "is_me": target.pk == actor.pk,
        "can_remove": permissions.can_remove(actor, target),
    }
    return render(request, "workspaces/member_form.html", context)


@workspace_view(Role.MANAGER)
@require_POST
def member_remove(request: WorkspaceRequest, membership_id: int) -> HttpResponse:
    target = get_scoped(Membership, request.workspace, pk=membership_id)
    try:
        actions.remove_member(request.membership, target)
    except actions.TeamError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is no longer in the team.") % {"name": target.user})
    return redirect("workspaces:team", request.workspace.slug)


@workspace_view()
def leave(request: WorkspaceRequest) -> HttpResponse:
    membership = request.membership
    if request.method == "POST":
        try:
            actions.leave(membership)
        except actions.TeamError as error:
            messages.error(request, str(error))
            return redirect("workspaces:team", request.workspace.slug)
        request.session.pop("workspace", None)
        messages.success(
            request, _("You have left %(workspace)s.") % {"workspace": request.workspace.name}
        )
        return redirect("home")
    return render(
        request, "workspaces/leave.html", {"can_leave": permissions.can_leave(membership)}
    )
