"""Settings > Team in the browser's terms: pages, forms and what each role sees and may do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comptoir.workspaces.models import Invitation, Membership, Role
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def team_url(workspace):
    return reverse("workspaces:team", args=[workspace.slug])


def edit_url(membership):
    return reverse("workspaces:member_edit", args=[membership.workspace.slug, membership.pk])


def test_team_page_lists_members_with_role_job_and_expertise(member_factory, workspace):
    baker, client = member_factory("member")
    baker.job_title = "Boulanger"
    baker.expertise = ["pain", "viennoiseries"]
    baker.save()
    page = client.get(team_url(workspace)).content.decode()
    assert str(baker.user) in page
    assert "Boulanger" in page
    assert '<span class="tag">pain</span>' in page
    assert "Membre" in page  # the role, in French
    # Members see the team but not the invitation tools.
    assert "Inviter un collègue" not in page
    assert "Invitations en attente" not in page


def test_owner_changes_role_job_title_and_expertise(owner_client, workspace):
    member = MembershipFactory(workspace=workspace, role=Role.MEMBER)
    response = owner_client.post(
        edit_url(member),
        {
            "role": "manager",
            "job_title": "Responsable des commandes",
            "expertise": "Commandes, livraison ,commandes",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.MANAGER
    assert member.job_title == "Responsable des commandes"
    assert member.expertise == ["commandes", "livraison"]
    page = owner_client.get(edit_url(member)).content.decode()
    assert 'value="commandes, livraison"' in page


def test_manager_cannot_offer_owner_and_cannot_edit_owners(member_factory, workspace, owner):
    _manager, client = member_factory("manager")
    member = MembershipFactory(workspace=workspace, role=Role.MEMBER)
    page = client.get(edit_url(member)).content.decode()
    assert 'value="owner"' not in page
    assert 'value="manager"' in page
    response = client.post(edit_url(member), {"role": "owner", "job_title": "", "expertise": ""})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.role == Role.MEMBER

    owner_membership = Membership.objects.get(user=owner, workspace=workspace)
    assert client.get(edit_url(owner_membership)).status_code == 403
    response = client.post(
        edit_url(owner_membership), {"role": "member", "job_title": "x", "expertise": ""}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("workspaces:member_remove", args=[workspace.slug, owner_membership.pk])
    )
    owner_membership.refresh_from_db()
    assert owner_membership.role == Role.OWNER


def test_member_edits_own_details_without_role(member_factory, workspace):
    member, client = member_factory("member")
    page = client.get(edit_url(member)).content.decode()
    assert 'name="role"' not in page
    response = client.post(
        edit_url(member), {"role": "owner", "job_title": "Pâtissier", "expertise": "gâteaux"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.role, member.job_title, member.expertise) == (
        Role.MEMBER,
        "Pâtissier",
        ["gâteaux"],
    )
    other = MembershipFactory(workspace=workspace, role=Role.MEMBER)
    assert client.get(edit_url(other)).status_code == 403


def test_read_only_sees_the_team_and_changes_nothing(member_factory, workspace):
    readonly, client = member_factory("readonly")
    assert client.get(team_url(workspace)).status_code == 200
    assert client.get(edit_url(readonly)).status_code == 403
    response = client.post(
        reverse("workspaces:invite", args=[workspace.slug]),
        {"email": "x@exemple.fr", "role": "member"},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_owner_removes_a_member(owner_client, workspace):
    member = MembershipFactory(workspace=workspace, role=Role.MEMBER)
    response = owner_client.post(
        reverse("workspaces:member_remove", args=[workspace.slug, member.pk]), follow=True
    )
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert "ne fait plus partie de" in response.content.decode()


def test_the_last_owner_cannot_be_demoted_or_leave(owner_client, workspace, owner):
    membership = Membership.objects.get(user=owner)
    response = owner_client.post(
        edit_url(membership), {"role": "manager", "job_title": "", "expertise": ""}
    )
    assert response.status_code == 200
    assert "au moins un propriétaire" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.OWNER

    leave_url = reverse("workspaces:leave", args=[workspace.slug])
    assert "seul propriétaire" in owner_client.get(leave_url).content.decode()
    response = owner_client.post(leave_url, follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "seul propriétaire" in response.content.decode()


def test_a_member_leaves_and_loses_access(member_factory, workspace):
    member, client = member_factory("member")
    response = client.get(reverse("workspaces:leave", args=[workspace.slug]))
    assert response.status_code == 200
    response = client.post(reverse("workspaces:leave", args=[workspace.slug]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert client.get(reverse("workspaces:dashboard", args=[workspace.slug])).status_code == 404
    # With no workspace left, home offers to create one.
    assert client.get(reverse("home"))["Location"] == reverse("workspaces:create")


def test_invite_records_a_hashed_token_and_shows_the_link_once_created(owner_client, workspace):
    response = owner_client.post(
        reverse("workspaces:invite", args=[workspace.slug]),
        {"email": "Lucie@Boulangerie.fr", "role": "member", "expertise": "livraison"},
        follow=True,
    )
    page = response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.email == "lucie@boulangerie.fr"
    assert invitation.expertise == ["livraison"]
    assert invitation.workspace == workspace
    link = response.context["invitations"][0]["link"]
    token = link.rsplit("/", 2)[-2]
    assert link == f"http://testserver/invitations/{token}/"
    assert link in page
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash


def test_invite_refuses_members_and_duplicates(owner_client, workspace, owner):
    url = reverse("workspaces:invite", args=[workspace.slug])
    response = owner_client.post(url, {"email": owner.email.upper(), "role": "member"})
    assert response.status_code == 200
    assert "fait déjà partie de" in response.content.decode()
    owner_client.post(url, {"email": "lucie@boulangerie.fr", "role": "member"})
    response = owner_client.post(url, {"email": "lucie@boulangerie.fr", "role": "manager"})
    assert "Une invitation attend déjà cette adresse" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_manager_cannot_invite_an_owner(member_factory, workspace):
    _manager, client = member_factory("manager")
    page = client.get(team_url(workspace)).content.decode()
    assert "Inviter un collègue" in page
    response = client.post(
        reverse("workspaces:invite", args=[workspace.slug]),
        {"email": "chef@exemple.fr", "role": "owner"},
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_resend_replaces_the_link_and_revoke_kills_it(owner_client, workspace, client):
    owner_client.post(
        reverse("workspaces:invite", args=[workspace.slug]),
        {"email": "lucie@boulangerie.fr", "role": "member"},
    )
    invitation = Invitation.objects.get()
    first_link = owner_client.session["invitation_links"][str(invitation.pk)]
    owner_client.post(reverse("workspaces:invitation_resend", args=[workspace.slug, invitation.pk]))
    second_link = owner_client.session["invitation_links"][str(invitation.pk)]
    assert first_link != second_link
    assert client.get(first_link).status_code == 404
    assert client.get(second_link).status_code == 200

    response = owner_client.post(
        reverse("workspaces:invitation_revoke", args=[workspace.slug, invitation.pk]),
        follow=True,
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "lucie@boulangerie.fr" not in str(response.context["invitations"])
    response = client.get(second_link)
    assert response.status_code == 410
    assert "a été annulée" in response.content.decode()


def test_pending_invitations_are_listed_with_their_state(owner_client, workspace):
    InvitationFactory(workspace=workspace, email="a@exemple.fr", expertise=["pain"])
    accepted = InvitationFactory(workspace=workspace, email="b@exemple.fr")
    accepted.accepted_at = accepted.sent_at
    accepted.save()
    page = owner_client.get(team_url(workspace)).content.decode()
    assert "a@exemple.fr" in page
    assert "b@exemple.fr" not in page


def test_outsiders_get_404_on_team_pages(workspace):
    from django.test import Client

    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(team_url(workspace)).status_code == 404


def test_copyable_links_are_kept_per_invitation_and_forgotten_once_spent(
    owner_client, workspace, owner
):
    other = MembershipFactory(user=owner, role=Role.OWNER).workspace
    for space in (workspace, other):
        owner_client.post(
            reverse("workspaces:invite", args=[space.slug]),
            {"email": f"lucie@{space.slug}.fr", "role": "member"},
        )
    here, there = (Invitation.objects.get(workspace=space) for space in (workspace, other))
    owner_client.post(reverse("workspaces:invitation_revoke", args=[workspace.slug, here.pk]))
    owner_client.get(team_url(workspace))
    assert set(owner_client.session["invitation_links"]) == {str(there.pk)}
    response = owner_client.get(team_url(other))
    assert response.context["invitations"][0]["link"].startswith("http://testserver/invitations/")
