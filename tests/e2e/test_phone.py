"""On a 375 px phone every page fits the screen and the navigation stays within reach.

No word of the interface is cut short with an ellipsis: the account links become icons named
by their words, and the bottom bar's labels fit whole.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from comptoir.core.models import PeriodicJob, WorkerHeartbeat
from comptoir.core.navigation import AREAS
from comptoir.inbox.conversations import refresh
from comptoir.workspaces.models import Role
from tests.e2e.conftest import DESKTOP, PHONE, OpenPage, tr
from tests.factories import MembershipFactory, MessageFactory

# Text an element shows but cannot fit (cut with an ellipsis or hidden past its edge); text
# hidden on purpose for screen readers (a 1 px box) does not count.
CUT_TEXT = """(selector) => [...document.querySelectorAll(selector)]
    .filter((e) => e.offsetParent !== null && e.clientWidth > 1 && e.scrollWidth > e.clientWidth)
    .map((e) => e.textContent.trim())"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a 375 px screen"


def test_the_sign_in_page_fits_a_phone(open_page: OpenPage):
    page = open_page(viewport=PHONE)
    page.goto(reverse("accounts:login"))
    expect(page.get_by_role("button", name=tr("fr", "Sign in"))).to_be_in_viewport()
    assert_fits(page)


def test_the_404_page_fits_a_phone_signed_out(open_page: OpenPage):
    page = open_page(viewport=PHONE)
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_test_id("error-page")).to_be_in_viewport()
    assert page.evaluate(CUT_TEXT, ".usermenu a, .error-page a") == []
    assert_fits(page)


def test_every_area_is_usable_on_a_phone(open_page: OpenPage):
    membership = MembershipFactory(
        workspace__name="Boulangerie Pâtisserie Martin et Fils",
        user__full_name="Marie-Claire Dupont-Lefèvre",
        role="owner",
    )
    workspace = membership.workspace
    long_message = MessageFactory(
        workspace=workspace, text="Bonjour ! " + "très " * 60 + "bon pain."
    )
    refresh([long_message.conversation])  # waiting for an answer, as ingestion leaves it
    page = open_page(viewport=PHONE, user=membership.user)
    page.goto(reverse("workspaces:dashboard", args=[workspace.slug]))
    # The long message is on the dashboard's waiting list, and the page still fits.
    expect(page.get_by_text("Bonjour ! très très", exact=False)).to_be_visible()
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


def test_the_top_bar_names_its_links_without_cutting_them(open_page: OpenPage):
    membership = MembershipFactory(
        workspace__name="Boulangerie Martin", user__full_name="Claire Martin", role=Role.OWNER
    )
    page = open_page(viewport=PHONE, user=membership.user)
    page.goto(reverse("inbox:index", args=[membership.workspace.slug]))

    account = page.get_by_role("navigation", name=tr("fr", "Your account"))
    links = [
        account.get_by_role("link", name="0 nouvelle notification"),
        account.get_by_role("link", name="Claire Martin"),
        account.get_by_role("button", name=tr("fr", "Sign out")),
    ]
    for link in links:
        expect(link).to_be_in_viewport()
        box = link.bounding_box()
        assert box is not None and box["width"] >= 36, "an icon as large as a fingertip"
    assert page.evaluate(CUT_TEXT, ".usermenu a, .usermenu button, .usermenu span") == []
    switcher = page.get_by_test_id("workspace-switcher")
    expect(switcher).to_have_attribute("title", "Boulangerie Martin")
    # The bottom bar's labels fit whole, the current area's (Messages, the longest) too.
    assert page.evaluate(CUT_TEXT, ".mainnav .label") == []
    assert_fits(page)


def test_the_status_page_fits_a_phone(open_page: OpenPage):
    membership = MembershipFactory()
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="serveur-de-la-boulangerie-martin-orleans.example",
        pid=12345,
        backend="db",
        started_at=now - timedelta(hours=3),
        last_seen_at=now,
    )
    PeriodicJob.objects.create(
        name="listening_search", interval_seconds=300, next_run_at=now + timedelta(minutes=5)
    )
    page = open_page(viewport=PHONE, user=membership.user)
    page.goto(reverse("status"))
    expect(page.get_by_test_id("status-summary")).to_be_visible()
    assert page.evaluate(CUT_TEXT, "dt, dd, td") == []
    assert_fits(page)


def test_a_long_workspace_name_gives_way_to_the_account_links(open_page: OpenPage):
    name = "Boulangerie Pâtisserie Chocolaterie Martin et Fils " * 3
    membership = MembershipFactory(
        workspace__name=name[:120].strip(), user__full_name="Claire Martin"
    )
    page = open_page(viewport=DESKTOP, user=membership.user)
    page.goto(reverse("workspaces:dashboard", args=[membership.workspace.slug]))

    expect(page.get_by_role("link", name="0 nouvelle notification")).to_be_visible()
    assert page.evaluate(CUT_TEXT, ".usermenu a, .usermenu button") == []
    switcher = page.get_by_test_id("workspace-switcher")
    expect(switcher).to_have_attribute("title", name[:120].strip())
    assert page.evaluate(CUT_TEXT, ".switcher summary") != [], "the name ends with an ellipsis"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= DESKTOP["width"]
