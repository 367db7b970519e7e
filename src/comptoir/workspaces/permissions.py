"""Who may change what in a team, in one place so views, templates and tests agree.

The rules, as a small business expects them:

- owners and managers run the team: they invite, change roles, job titles and expertise,
  and remove people;
- a manager cannot make anyone an owner and cannot touch an owner;
- a workspace always keeps at least one owner;
- members edit their own job title and expertise; everyone may leave, except the last owner;
- read-only members see everything and change nothing (they may still leave).
"""

from __future__ import annotations

from comptoir.workspaces.models import ROLE_RANK, Membership, Role


def can_manage_team(actor: Membership) -> bool:
    return actor.has_role(Role.MANAGER)


def can_edit_business(actor: Membership) -> bool:
    return actor.has_role(Role.MANAGER)


def assignable_roles(actor: Membership) -> list[Role]:
    """The roles ``actor`` may give, highest first; empty when they may give none."""
    if not can_manage_team(actor):
        return []
    ceiling = ROLE_RANK[Role(actor.role)]
    return sorted(
        (role for role in Role if ROLE_RANK[role] <= ceiling),
        key=lambda role: -ROLE_RANK[role],
    )


def owner_count(membership: Membership) -> int:
    return Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.OWNER).count()


def is_last_owner(membership: Membership) -> bool:
    return membership.role == Role.OWNER and owner_count(membership) <= 1


def can_manage_member(actor: Membership, target: Membership) -> bool:
    """Whether ``actor`` may change ``target``'s role or remove them."""
    if not can_manage_team(actor):
        return False
    return not (target.role == Role.OWNER and actor.role != Role.OWNER)


def can_edit_profile(actor: Membership, target: Membership) -> bool:
    """Job title and expertise: one's own, or anyone's one may manage."""
    if actor.role == Role.READONLY:
        return False
    return actor.pk == target.pk or can_manage_member(actor, target)


def can_remove(actor: Membership, target: Membership) -> bool:
    return actor.pk != target.pk and can_manage_member(actor, target) and not is_last_owner(target)


def can_leave(membership: Membership) -> bool:
    return not is_last_owner(membership)
