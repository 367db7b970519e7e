"""The team settings page shows who works in the workspace, with role and expertise."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.workspaces.models import Role
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_settings_list_the_members(open_page: OpenPage):
    workspace = WorkspaceFactory(name="Boulangerie Martin")
    owner = MembershipFactory(
        workspace=workspace,
        role=Role.OWNER,
        user__full_name="Claire Martin",
        job_title="Gérante",
    )
    MembershipFactory(
        workspace=workspace,
        role=Role.MEMBER,
        user__full_name="Karim Benali",
        job_title="Boulanger",
        expertise=["pain", "commandes"],
    )
    MembershipFactory(workspace=workspace, role=Role.READONLY, user__full_name="Léa Petit")
    MembershipFactory(user__full_name="Paul Étranger")  # another business
    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:settings", args=[workspace.slug]))

    page.get_by_role("link", name=tr("fr", "Team"), exact=True).click()

    team_url = reverse("workspaces:team", args=[workspace.slug])
    expect(page).to_have_url(re.compile(re.escape(team_url) + "$"))
    for name, role in (
        ("Claire Martin", Role.OWNER),
        ("Karim Benali", Role.MEMBER),
        ("Léa Petit", Role.READONLY),
    ):
        member = page.get_by_test_id("member").filter(has_text=name)
        expect(member).to_have_count(1)
        expect(member).to_contain_text(tr("fr", str(role.label)))
    expect(page.get_by_test_id("member")).to_have_count(3)
    karim = page.get_by_test_id("member").filter(has_text="Karim Benali")
    expect(karim).to_contain_text("Boulanger")
    expect(karim).to_contain_text("pain")
    expect(karim).to_contain_text("commandes")
    expect(page.get_by_text("Paul Étranger")).to_have_count(0)
