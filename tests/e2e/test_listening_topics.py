"""On a phone, the owner says what to listen to and finds the mentions under the topic."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.listening.models import Topic
from comptoir.listening.search import search_workspace
from comptoir.networks.models_sandbox import SandboxPost
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.e2e.test_phone import assert_fits
from tests.factories import MembershipFactory
from tests.networks.sandbox.conftest import connect_sandbox

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMPTY = (
    "Nothing to listen to yet: add your business name, your town, your best-known products "
    "or a competitor, and Comptoir will look for what people say about them."
)


def test_a_topic_added_on_a_phone_finds_its_mentions(open_page: OpenPage, tmp_path):
    membership = MembershipFactory(workspace__name="Boulangerie Martin", role="owner")
    workspace = membership.workspace
    connect_sandbox(workspace)
    page = open_page(viewport=PHONE, user=membership.user)
    page.goto(reverse("listening:index", args=[workspace.slug]))
    page.get_by_role("link", name=tr("fr", "What to listen to")).first.click()
    expect(page.get_by_text(tr("fr", EMPTY))).to_be_visible()
    assert_fits(page)

    page.get_by_label(tr("fr", "name").capitalize()).fill("Boulangerie Martin")
    kind = page.get_by_label(tr("fr", "kind").capitalize())
    expect(kind).to_have_value("brand")  # the usual first topic, and no empty choice
    kind.select_option("competitor")
    page.get_by_label(tr("fr", "words to look for").capitalize()).fill(
        '"Boulangerie Martin"\n#BoulangerieMartinOrleansCentreVille'
    )
    page.get_by_label(tr("fr", "words to leave out").capitalize()).fill("recrute")
    page.get_by_role("button", name=tr("fr", "Add the topic")).click()
    expect(page.get_by_test_id("topic")).to_contain_text("Boulangerie Martin")
    expect(page.get_by_test_id("topic")).to_contain_text(tr("fr", "A competitor"))
    assert_fits(page)
    page.screenshot(path=str(tmp_path / "topics.png"), full_page=True)

    SandboxPost.objects.create(
        workspace=workspace,
        author_handle="claire.dubois",
        author_name="Claire Dubois",
        text="Le flan de la Boulangerie Martin, un délice !",
    )
    search_workspace(workspace)
    topic = Topic.objects.get(workspace=workspace)
    page.goto(reverse("listening:index", args=[workspace.slug]) + f"?topic={topic.pk}")
    expect(page.get_by_text("Le flan de la Boulangerie Martin, un délice !")).to_be_visible()
    expect(page.get_by_role("link", name=tr("fr", "View on the network"))).to_be_visible()
    assert_fits(page)
    page.screenshot(path=str(tmp_path / "listening.png"), full_page=True)
