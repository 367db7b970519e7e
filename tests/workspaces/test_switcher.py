"""Several workspaces per person: the switcher, remembering the last one, creating one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comptoir.workspaces.models import Membership, Role, Workspace, default_business_hours
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_workspaces():
    user = UserFactory()
    bakery = MembershipFactory(user=user, workspace=WorkspaceFactory(name="Boulangerie Martin"))
    hotel = MembershipFactory(
        user=user, workspace=WorkspaceFactory(name="Hôtel du Loiret"), role=Role.MEMBER
    )
    client = Client()
    client.force_login(user)
    return client, bakery.workspace, hotel.workspace


def test_switcher_lists_every_workspace_of_the_user_and_only_those(two_workspaces):
    client, bakery, hotel = two_workspaces
    stranger = WorkspaceFactory(name="Garage Dupuis")
    page = client.get(reverse("workspaces:dashboard", args=[bakery.slug])).content.decode()
    switcher = page.split('data-testid="workspace-switcher"')[1].split("</details>")[0]
    assert reverse("workspaces:dashboard", args=[hotel.slug]) in switcher
    assert 'aria-current="true">Boulangerie Martin' in switcher
    assert stranger.name not in page
    assert reverse("workspaces:create") in switcher


def test_switching_opens_the_other_workspace_and_home_remembers_it(two_workspaces):
    client, bakery, hotel = two_workspaces
    assert client.get(reverse("home"))["Location"] == reverse(
        "workspaces:dashboard", args=[bakery.slug]
    )
    response = client.get(reverse("workspaces:dashboard", args=[hotel.slug]))
    assert response.status_code == 200
    assert response.context["current_workspace"] == hotel
    assert client.get(reverse("home"))["Location"] == reverse(
        "workspaces:dashboard", args=[hotel.slug]
    )


def test_roles_are_per_workspace(two_workspaces):
    client, bakery, hotel = two_workspaces
    assert client.post(reverse("workspaces:settings", args=[hotel.slug]), {}).status_code == 403
    assert client.post(reverse("workspaces:settings", args=[bakery.slug]), {}).status_code == 200


def test_creating_a_workspace_makes_its_creator_owner(two_workspaces):
    client, _bakery, _hotel = two_workspaces
    assert client.get(reverse("workspaces:create")).status_code == 200
    response = client.post(
        reverse("workspaces:create"),
        {
            "name": "Boulangerie Martin",
            "sector": "food",
            "address": "3 rue Jeanne d'Arc, Orléans",
            "radius_km": "10",
            "timezone": "Europe/Paris",
            "language": "fr",
        },
        follow=True,
    )
    created = Workspace.objects.exclude(pk__in=[_bakery.pk, _hotel.pk]).get()
    assert created.slug == "boulangerie-martin-2"  # the name is taken: the slug is not
    assert response.redirect_chain[-1][0] == reverse("workspaces:dashboard", args=[created.slug])
    assert "Votre espace est prêt" in response.content.decode()
    assert Membership.objects.get(workspace=created).role == Role.OWNER
    assert created.business_hours == default_business_hours()
    assert client.get(reverse("home"))["Location"] == reverse(
        "workspaces:dashboard", args=[created.slug]
    )


def test_creating_requires_a_name_and_a_valid_area(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("workspaces:create"),
        {
            "name": "",
            "sector": "food",
            "radius_km": "0",
            "timezone": "Europe/Paris",
            "language": "fr",
        },
    )
    assert response.status_code == 200
    assert not Workspace.objects.exists()


def test_a_new_user_without_workspace_is_sent_to_create_one(client):
    client.force_login(UserFactory())
    assert client.get(reverse("home"))["Location"] == reverse("workspaces:create")
