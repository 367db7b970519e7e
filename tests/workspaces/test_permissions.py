"""Team rules: who may give which role, touch whom, remove whom, and leave."""

from __future__ import annotations

import pytest

from comptoir.workspaces import actions, permissions
from comptoir.workspaces.models import Membership, Role
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    """One workspace with one member of each role."""
    workspace = WorkspaceFactory()
    return {role: MembershipFactory(workspace=workspace, role=role) for role in Role}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.OWNER, [Role.OWNER, Role.MANAGER, Role.MEMBER, Role.READONLY]),
        (Role.MANAGER, [Role.MANAGER, Role.MEMBER, Role.READONLY]),
        (Role.MEMBER, []),
        (Role.READONLY, []),
    ],
)
def test_assignable_roles(team, role, expected):
    assert permissions.assignable_roles(team[role]) == expected


@pytest.mark.parametrize(
    ("actor", "target", "manage", "edit_profile", "remove"),
    [
        (Role.OWNER, Role.MANAGER, True, True, True),
        (Role.OWNER, Role.MEMBER, True, True, True),
        (Role.MANAGER, Role.OWNER, False, False, False),
        (Role.MANAGER, Role.MEMBER, True, True, True),
        (Role.MANAGER, Role.READONLY, True, True, True),
        (Role.MEMBER, Role.READONLY, False, False, False),
        (Role.MEMBER, Role.MEMBER, False, True, False),  # oneself
        (Role.READONLY, Role.READONLY, False, False, False),  # oneself
        (Role.READONLY, Role.MEMBER, False, False, False),
    ],
)
def test_who_may_touch_whom(team, actor, target, manage, edit_profile, remove):
    actor_membership = team[actor]
    target_membership = team[target]
    assert permissions.can_manage_member(actor_membership, target_membership) is manage
    assert permissions.can_edit_profile(actor_membership, target_membership) is edit_profile
    assert permissions.can_remove(actor_membership, target_membership) is remove


def test_the_last_owner_is_protected(team):
    owner = team[Role.OWNER]
    assert permissions.is_last_owner(owner)
    assert not permissions.can_leave(owner)
    with pytest.raises(actions.TeamError):
        actions.leave(owner)
    with pytest.raises(actions.TeamError):
        actions.update_member(owner, owner, role=Role.MANAGER, job_title="", expertise=[])
    second = MembershipFactory(workspace=owner.workspace, role=Role.OWNER)
    assert not permissions.is_last_owner(owner)
    actions.update_member(owner, owner, role=Role.MANAGER, job_title="", expertise=[])
    owner.refresh_from_db()
    assert owner.role == Role.MANAGER
    with pytest.raises(actions.TeamError):
        actions.remove_member(second, second)
    assert permissions.can_remove(second, owner)


def test_owners_cannot_remove_the_last_owner_even_through_the_action(team):
    owner = team[Role.OWNER]
    other_owner = MembershipFactory(workspace=owner.workspace, role=Role.OWNER)
    actions.remove_member(owner, other_owner)
    assert not Membership.objects.filter(pk=other_owner.pk).exists()
    assert permissions.is_last_owner(owner)


def test_a_manager_cannot_promote_to_owner_or_touch_an_owner(team):
    manager, member, owner = team[Role.MANAGER], team[Role.MEMBER], team[Role.OWNER]
    with pytest.raises(actions.TeamError):
        actions.update_member(manager, member, role=Role.OWNER, job_title="", expertise=[])
    with pytest.raises(actions.TeamError):
        actions.update_member(manager, owner, job_title="Patronne", expertise=[])
    with pytest.raises(actions.TeamError):
        actions.remove_member(manager, owner)
    with pytest.raises(actions.TeamError):
        actions.invite(manager, email="x@exemple.fr", role=Role.OWNER, expertise=[], base_url="/")
    actions.update_member(manager, member, role=Role.MANAGER, job_title="Vendeur", expertise=[])
    member.refresh_from_db()
    assert (member.role, member.job_title) == (Role.MANAGER, "Vendeur")


def test_members_edit_their_own_details_but_not_their_role(team):
    member = team[Role.MEMBER]
    actions.update_member(member, member, job_title="Boulanger", expertise=["pain"])
    member.refresh_from_db()
    assert (member.job_title, member.expertise) == ("Boulanger", ["pain"])
    with pytest.raises(actions.TeamError):
        actions.update_member(member, member, role=Role.MANAGER, job_title="", expertise=[])
    with pytest.raises(actions.TeamError):
        actions.update_member(member, team[Role.READONLY], job_title="x", expertise=[])


def test_members_and_read_only_cannot_invite(team):
    for role in (Role.MEMBER, Role.READONLY):
        with pytest.raises(actions.TeamError):
            actions.invite(
                team[role], email="x@exemple.fr", role=Role.MEMBER, expertise=[], base_url="/"
            )
