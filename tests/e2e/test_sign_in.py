"""The sign-in page speaks the browser's language, and the real form leads to the work."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import OpenPage, tr
from tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("locale", "language"), [("fr-FR", "fr"), ("en-US", "en")])
def test_sign_in_page_follows_the_browser_language(open_page: OpenPage, locale, language):
    page = open_page(locale=locale)
    page.goto(reverse("accounts:login"))

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=tr(language, "Sign in"))).to_be_visible()
    expect(page.get_by_label(tr(language, "Email address"))).to_be_visible()
    expect(page.get_by_label(tr(language, "Password"))).to_be_visible()
    expect(page.get_by_role("button", name=tr(language, "Sign in"))).to_be_visible()
    if language == "fr":
        # The French page must really be French, not English with a French lang tag.
        assert tr("fr", "Sign in") != "Sign in"
        assert tr("fr", "Email address") != "Email address"


def sign_in(page, email: str, password: str) -> None:
    page.get_by_label(tr("fr", "Email address")).fill(email)
    page.get_by_label(tr("fr", "Password")).fill(password)
    page.get_by_role("button", name=tr("fr", "Sign in")).click()


def test_signing_in_lands_on_the_dashboard(open_page: OpenPage):
    membership = MembershipFactory(
        workspace__name="Boulangerie Martin", user__full_name="Claire Martin", role="owner"
    )
    page = open_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login"))))

    sign_in(page, membership.user.email.upper(), PASSWORD)

    dashboard = reverse("workspaces:dashboard", args=[membership.workspace.slug])
    expect(page).to_have_url(re.compile(re.escape(dashboard) + "$"))
    expect(page.get_by_test_id("workspace-switcher")).to_have_text("Boulangerie Martin")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claire")


def test_signing_in_from_a_link_returns_to_that_page(open_page: OpenPage):
    membership = MembershipFactory(role="member")
    inbox = reverse("inbox:index", args=[membership.workspace.slug])
    page = open_page()
    page.goto(inbox)

    sign_in(page, membership.user.email, PASSWORD)

    expect(page).to_have_url(re.compile(re.escape(inbox) + "$"))
    expect(page.get_by_role("heading", name=tr("fr", "Inbox"), level=1)).to_be_visible()


def test_a_wrong_password_keeps_the_visitor_out(open_page: OpenPage):
    membership = MembershipFactory()
    page = open_page()
    page.goto(reverse("accounts:login"))

    sign_in(page, membership.user.email, "not-the-password")

    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login"))))
    page.goto(reverse("workspaces:dashboard", args=[membership.workspace.slug]))
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login"))))
