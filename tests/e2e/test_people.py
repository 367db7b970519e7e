"""Merging two suggested duplicates in the browser gives one person with one timeline."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.contacts.models import Person
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, MessageFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merging_suggested_duplicates_shows_one_timeline(open_page: OpenPage):
    membership = MembershipFactory(role="member")
    workspace = membership.workspace
    bluesky = PersonFactory(
        workspace=workspace, display_name="Lucie Martin", handle="lucie.martin.bsky.social"
    )
    mastodon = PersonFactory(
        workspace=workspace,
        display_name="lucie martin",
        network="mastodon",
        handle="@luciemartin@piaille.fr",
    )
    MessageFactory(workspace=workspace, person=bluesky, text="Vous faites des galettes ?")
    MessageFactory(
        workspace=workspace, person=mastodon, network="mastodon", text="La galette était parfaite."
    )
    page = open_page(user=membership.user, viewport=PHONE)
    page.goto(reverse("contacts:index", args=[workspace.slug]))

    page.get_by_role("link", name=tr("fr", "Possible duplicates")).click()
    expect(page.get_by_text(tr("fr", "Same name on two networks"))).to_be_visible()
    merge = tr("fr", "Merge %(other)s into %(name)s") % {
        "other": "lucie martin",
        "name": "Lucie Martin",
    }
    page.get_by_role("button", name=merge).click()

    expect(page.get_by_role("heading", name="Lucie Martin", level=1)).to_be_visible()
    timeline = page.get_by_role("list").filter(has_text="galette")
    expect(timeline.get_by_text("Vous faites des galettes ?")).to_be_visible()
    expect(timeline.get_by_text("La galette était parfaite.")).to_be_visible()
    expect(page.get_by_text("@luciemartin@piaille.fr").first).to_be_visible()
    assert list(Person.objects.for_workspace(workspace)) == [bluesky]
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
