"""The owner's "Reset the demo" page: only on the demo, only for its owners."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.accounts.models import User
from comptoir.demo import business
from comptoir.demo.loader import ensure_demo
from comptoir.inbox.models import Message
from comptoir.workspaces.models import Membership, Workspace
from tests.demo.conftest import NOW
from tests.factories import MembershipFactory, MessageFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def demo() -> Workspace:
    return ensure_demo(seed=1, now=NOW)


def reset_url(workspace: Workspace) -> str:
    return reverse("demo:reset", args=[workspace.slug])


def staff(key: str) -> User:
    return User.objects.get(email=f"{key}@{business.EMAIL_DOMAIN}")


def test_owner_sees_a_confirmation_first(demo):
    response = client_for(staff("claire.martin")).get(reset_url(demo))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Réinitialiser la démo" in page
    assert 'method="post"' in page
    assert Workspace.objects.filter(pk=demo.pk).exists(), "looking does not reset"


def test_owner_resets_the_demo(demo):
    before = set(Message.objects.for_workspace(demo).values_list("pk", flat=True))
    response = client_for(staff("claire.martin")).post(reset_url(demo), follow=True)
    fresh = Workspace.objects.get(slug=business.SLUG)
    assert response.redirect_chain[-1][0] == reverse("workspaces:dashboard", args=[fresh.slug])
    assert "La démo est réinitialisée" in response.content.decode()
    after = set(Message.objects.for_workspace(fresh).values_list("pk", flat=True))
    assert after and not before & after
    assert Membership.objects.for_workspace(fresh).count() == 6


@pytest.mark.parametrize("key", ["antoine.lefevre", "julie.bernard", "lea.girard"])
def test_other_colleagues_may_not_reset(demo, key):
    client = client_for(staff(key))
    assert client.get(reset_url(demo)).status_code == 403
    assert client.post(reset_url(demo)).status_code == 403
    assert Workspace.objects.filter(pk=demo.pk).exists()


def test_outsiders_do_not_even_see_the_page(demo):
    client = client_for(UserFactory())
    assert client.get(reset_url(demo)).status_code == 404
    assert client.post(reset_url(demo)).status_code == 404
    assert Workspace.objects.filter(pk=demo.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(demo):
    response = Client().post(reset_url(demo))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert Workspace.objects.filter(pk=demo.pk).exists()


def test_a_real_business_cannot_be_reset_here(demo):
    business_ws = WorkspaceFactory(name="Plomberie Dupont")
    owner = MembershipFactory(workspace=business_ws, role="owner").user
    MessageFactory(workspace=business_ws)
    client = client_for(owner)
    assert client.get(reset_url(business_ws)).status_code == 404
    assert client.post(reset_url(business_ws)).status_code == 404
    assert Message.objects.for_workspace(business_ws).count() == 1


def test_only_the_demo_workspace_itself(demo):
    lookalike = WorkspaceFactory(name="Autre démo", is_demo=True)
    owner = MembershipFactory(workspace=lookalike, role="owner").user
    assert client_for(owner).post(reset_url(lookalike)).status_code == 404
    assert Workspace.objects.filter(pk=demo.pk).exists()


def test_an_invited_owner_keeps_their_seat_after_a_reset(demo):
    guest = MembershipFactory(workspace=demo, role="owner").user
    response = client_for(guest).post(reset_url(demo))
    fresh = Workspace.objects.get(slug=business.SLUG)
    assert response.status_code == 302
    assert Membership.objects.get(workspace=fresh, user=guest).role == "owner"
    assert Membership.objects.for_workspace(fresh).count() == 7


def test_reset_link_is_offered_to_the_owner_only(demo, rf):
    from django.template.loader import render_to_string

    owner = Membership.objects.get(workspace=demo, role="owner")
    member = Membership.objects.filter(workspace=demo, role="member").first()
    url = reset_url(demo)
    context = {"current_workspace": demo}
    assert url in render_to_string("demo/reset_link.html", {**context, "current_membership": owner})
    assert url not in render_to_string(
        "demo/reset_link.html", {**context, "current_membership": member}
    )
