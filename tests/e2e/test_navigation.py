"""Moving around: every area from the main navigation, and from one workspace to another."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from comptoir.core.navigation import AREAS
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_navigation(page: Page):
    return page.get_by_role("navigation", name=tr("fr", "Main navigation"))


def ends_with(path: str) -> re.Pattern[str]:
    return re.compile(re.escape(path) + "$")


def test_every_area_opens_from_the_main_navigation(open_page: OpenPage):
    membership = MembershipFactory(role="owner")
    slug = membership.workspace.slug
    page = open_page(user=membership.user)
    page.goto(reverse("workspaces:dashboard", args=[slug]))

    for area in AREAS:
        link = main_navigation(page).get_by_role("link", name=tr("fr", str(area.label)), exact=True)
        link.click()
        expect(page).to_have_url(ends_with(reverse(area.url_name, args=[slug])))
        expect(link).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_switcher_moves_between_workspaces(open_page: OpenPage):
    bakery = MembershipFactory(workspace__name="Boulangerie Martin", role="owner")
    hotel = MembershipFactory(workspace__name="Hôtel du Port", user=bakery.user, role="member")
    page = open_page(user=bakery.user)
    page.goto(reverse("workspaces:dashboard", args=[bakery.workspace.slug]))
    switcher = page.get_by_test_id("workspace-switcher")
    expect(switcher).to_have_text("Boulangerie Martin")

    switcher.click()
    page.get_by_role("link", name="Hôtel du Port").click()

    expect(page).to_have_url(
        ends_with(reverse("workspaces:dashboard", args=[hotel.workspace.slug]))
    )
    expect(switcher).to_have_text("Hôtel du Port")
    # The front door reopens the workspace used last.
    page.goto(reverse("home"))
    expect(page).to_have_url(
        ends_with(reverse("workspaces:dashboard", args=[hotel.workspace.slug]))
    )

    switcher.click()
    page.get_by_role("link", name="Boulangerie Martin").click()
    expect(switcher).to_have_text("Boulangerie Martin")


def test_the_switcher_lists_only_the_users_workspaces(open_page: OpenPage):
    mine = MembershipFactory(workspace__name="Boulangerie Martin")
    MembershipFactory(workspace__name="Plomberie Leroy")
    page = open_page(user=mine.user)
    page.goto(reverse("workspaces:dashboard", args=[mine.workspace.slug]))

    page.get_by_test_id("workspace-switcher").click()

    expect(page.get_by_role("link", name="Boulangerie Martin")).to_be_visible()
    expect(page.get_by_role("link", name="Plomberie Leroy")).to_have_count(0)
