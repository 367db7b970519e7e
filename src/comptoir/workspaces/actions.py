"""What changes a workspace's team: creating it, inviting, joining, changing and leaving.

Views stay thin and call these functions; each one checks the team rules itself (see
``permissions``), so a rule holds whatever page or command calls it. A broken rule raises
``TeamError`` with a message meant for the person who tried.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from comptoir.accounts.models import User
from comptoir.workspaces import permissions
from comptoir.workspaces.models import (
    ROLE_RANK,
    Invitation,
    Membership,
    Role,
    Workspace,
    default_business_hours,
)

logger = logging.getLogger(__name__)


class TeamError(Exception):
    """A team rule would be broken; ``str(error)`` says which, in the user's language."""


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    link: str
    delivered: bool


def create_workspace(user: User, form_data: dict[str, Any]) -> Workspace:
    """A new workspace whose creator is its first owner."""
    with transaction.atomic():
        workspace = Workspace.objects.create(business_hours=default_business_hours(), **form_data)
        Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
    return workspace


def invitation_link(token: str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("workspaces:invitation", args=[token])


def invite(
    actor: Membership, *, email: str, role: str, expertise: list[str], base_url: str
) -> SentInvitation:
    """Record an invitation and email its link; the link is returned to be shown once."""
    if not permissions.can_manage_team(actor):
        raise TeamError(_("Only owners and managers can invite people."))
    if Role(role) not in permissions.assignable_roles(actor):
        raise TeamError(_("You cannot give this role."))
    invitation = Invitation(
        workspace=actor.workspace,
        email=email.strip().lower(),
        role=role,
        expertise=expertise,
        invited_by=actor.user,
    )
    token = invitation.new_token()
    invitation.save()
    return _deliver(invitation, token, base_url)


def resend(actor: Membership, invitation: Invitation, *, base_url: str) -> SentInvitation:
    """A new link (the old one stops working) and a fresh validity period."""
    _check_can_handle_invitation(actor, invitation)
    if invitation.accepted_at is not None:
        raise TeamError(_("This invitation was already accepted."))
    token = invitation.new_token()
    invitation.sent_at = timezone.now()
    invitation.revoked_at = None
    invitation.save(update_fields=["token_hash", "sent_at", "revoked_at"])
    return _deliver(invitation, token, base_url)


def revoke(actor: Membership, invitation: Invitation) -> None:
    _check_can_handle_invitation(actor, invitation)
    if invitation.accepted_at is not None:
        raise TeamError(_("This invitation was already accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


def _check_can_handle_invitation(actor: Membership, invitation: Invitation) -> None:
    if invitation.workspace_id != actor.workspace_id or not permissions.can_manage_team(actor):
        raise TeamError(_("Only owners and managers can handle invitations."))
    if ROLE_RANK[Role(invitation.role)] > ROLE_RANK[Role(actor.role)]:
        raise TeamError(_("Only an owner can handle an invitation to become an owner."))


def _deliver(invitation: Invitation, token: str, base_url: str) -> SentInvitation:
    link = invitation_link(token, base_url)
    return SentInvitation(invitation, link, send_invitation_email(invitation, link))


def send_invitation_email(invitation: Invitation, link: str) -> bool:
    """Email the link in the workspace's language; False when the mail server refused it."""
    workspace = invitation.workspace
    inviter = invitation.invited_by
    with translation.override(workspace.language):
        context = {
            "workspace": workspace,
            "inviter": inviter,
            "role": Role(invitation.role).label,
            "expertise": invitation.expertise,
            "link": link,
            "expires_at": invitation.expires_at,
            "valid_days": Invitation.VALID_FOR.days,
        }
        subject = render_to_string("workspaces/email/invitation_subject.txt", context)
        body = render_to_string("workspaces/email/invitation.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
        reply_to=[inviter.email] if inviter else None,
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.warning("Could not email the invitation %s", invitation.pk, exc_info=True)
        return False
    return True


def accept(invitation: Invitation, user: User) -> Membership:
    """Join the workspace with the role and expertise the invitation carries."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.state != "pending":
            raise TeamError(_("This invitation can no longer be used."))
        if user.email.lower() != locked.email.lower():
            raise TeamError(_("This invitation was sent to another email address."))
        membership, _created = Membership.objects.get_or_create(
            workspace_id=locked.workspace_id,
            user=user,
            defaults={"role": locked.role, "expertise": locked.expertise},
        )
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
    invitation.accepted_at = locked.accepted_at
    return membership


def accept_as_new_user(invitation: Invitation, *, full_name: str, password: str) -> User:
    """Create the invited person's account and join in one go."""
    with transaction.atomic():
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise TeamError(_("An account already uses this address: sign in instead."))
        user = User.objects.create_user(invitation.email, password, full_name=full_name)
        accept(invitation, user)
    return user


def update_member(
    actor: Membership,
    target: Membership,
    *,
    job_title: str,
    expertise: list[str],
    role: str | None = None,
) -> Membership:
    if not permissions.can_edit_profile(actor, target):
        raise TeamError(_("You cannot change this person's details."))
    with transaction.atomic():
        _lock_owners(target.workspace_id)
        if role is not None and role != target.role:
            _check_role_change(actor, target, Role(role))
            target.role = role
        target.job_title = job_title
        target.expertise = expertise
        target.save(update_fields=["role", "job_title", "expertise"])
    return target


def _lock_owners(workspace_id: int) -> None:
    """Hold the owners' rows so two simultaneous changes cannot remove the last owner."""
    list(
        Membership.objects.select_for_update()
        .filter(workspace_id=workspace_id, role=Role.OWNER)
        .values_list("pk", flat=True)
    )


def _check_role_change(actor: Membership, target: Membership, role: Role) -> None:
    if not permissions.can_manage_member(actor, target):
        raise TeamError(_("Only an owner can change an owner's role."))
    if role not in permissions.assignable_roles(actor):
        raise TeamError(_("You cannot give this role."))
    if permissions.is_last_owner(target):
        raise TeamError(_("The workspace needs at least one owner: make someone else owner first."))


def remove_member(actor: Membership, target: Membership) -> None:
    if actor.pk == target.pk:
        raise TeamError(_("To leave the workspace yourself, use “Leave this workspace”."))
    if not permissions.can_manage_member(actor, target):
        raise TeamError(_("You cannot remove this person."))
    with transaction.atomic():
        _lock_owners(target.workspace_id)
        if permissions.is_last_owner(target):
            raise TeamError(_("The workspace needs at least one owner."))
        target.delete()


def leave(membership: Membership) -> None:
    with transaction.atomic():
        _lock_owners(membership.workspace_id)
        if not permissions.can_leave(membership):
            raise TeamError(
                _("You are the only owner: make someone else owner before leaving the workspace.")
            )
        membership.delete()
