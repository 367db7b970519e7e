"""On a 375 px phone every page fits the screen and the navigation stays within reach."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from comptoir.core.navigation import AREAS
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, MessageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 375 px screen"


def test_the_sign_in_page_fits_a_phone(open_page: OpenPage):
    page = open_page(viewport=PHONE)
    page.goto(reverse("accounts:login"))
    expect(page.get_by_role("button", name=tr("fr", "Sign in"))).to_be_in_viewport()
    assert_fits(page)


def test_every_area_is_usable_on_a_phone(open_page: OpenPage):
    membership = MembershipFactory(
        workspace__name="Boulangerie Pâtisserie Martin et Fils",
        user__full_name="Marie-Claire Dupont-Lefèvre",
        role="owner",
    )
    workspace = membership.workspace
    MessageFactory(workspace=workspace, text="Bonjour ! " + "très " * 60 + "bon pain.")
    page = open_page(viewport=PHONE, user=membership.user)
    page.goto(reverse("workspaces:dashboard", args=[workspace.slug]))
    navigation = page.get_by_role("navigation", name=tr("fr", "Main navigation"))
    expect(navigation).to_be_in_viewport()
    assert_fits(page)

    for area in (area for area in AREAS if area.on_phone):
        link = navigation.get_by_role("link", name=tr("fr", str(area.label)), exact=True)
        link.click()
        url = reverse(area.url_name, args=[workspace.slug])
        expect(page).to_have_url(re.compile(re.escape(url)))
        expect(link).to_have_attribute("aria-current", "page")
        expect(navigation).to_be_in_viewport()
        assert_fits(page)

    page.goto(reverse("workspaces:team", args=[workspace.slug]))
    assert_fits(page)


def test_the_switcher_opens_within_a_phone_screen(open_page: OpenPage):
    membership = MembershipFactory(workspace__name="Boulangerie Martin")
    MembershipFactory(workspace__name="Hôtel du Port", user=membership.user)
    page = open_page(viewport=PHONE, user=membership.user)
    page.goto(reverse("workspaces:dashboard", args=[membership.workspace.slug]))

    page.get_by_test_id("workspace-switcher").click()

    other = page.get_by_role("link", name="Hôtel du Port")
    expect(other).to_be_in_viewport()
    box = other.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_fits(page)
