"""An owner writes a routing rule; the next customer message reaches the right colleague."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from comptoir.inbox.ingestion import store_items
from comptoir.inbox.models import Conversation
from comptoir.networks import actions
from comptoir.networks.base import Author, IncomingItem
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.workspaces.models import Role
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rule_written_in_settings_routes_the_next_message(open_page: OpenPage):
    shop = WorkspaceFactory(name="Pâtisserie Lucas")
    owner = MembershipFactory(workspace=shop, role=Role.OWNER, user__full_name="Odile Patron")
    camille = MembershipFactory(
        workspace=shop, role=Role.MEMBER, user__full_name="Camille Roux", expertise=["pain"]
    )
    MembershipFactory(workspace=shop, role=Role.MEMBER, user__full_name="Bruno Lenoir")
    account = actions.save_connection(
        shop, "sandbox", SandboxConnector.connect({"display_name": "Pâtisserie Lucas"}), None
    )

    page = open_page(user=owner.user)
    page.goto(reverse("workspaces:settings", args=[shop.slug]))
    page.get_by_role("link", name=tr("fr", "Routing"), exact=True).click()
    expect(
        page.get_by_text(
            tr(
                "fr",
                "No rule yet: conversations go to the colleagues whose areas of expertise "
                "they mention.",
            )
        )
    ).to_be_visible()
    page.get_by_role("link", name=tr("fr", "Add a rule")).click()

    page.get_by_label(tr("fr", "name").capitalize()).fill("Mariages")
    page.get_by_label(tr("fr", "Keywords")).fill("pièce montée, mariage")
    page.get_by_label(tr("fr", "Assign to one colleague"), exact=True).check()
    # Only the field the chosen action needs is shown.
    expertise = page.get_by_role("textbox", name=tr("fr", "area of expertise").capitalize())
    expect(expertise).to_be_hidden()
    page.get_by_role("combobox", name=tr("fr", "colleague").capitalize()).select_option(
        label="Camille Roux"
    )
    page.get_by_role("button", name=tr("fr", "Save the rule")).click()

    expect(page.get_by_text(tr("fr", "Rule saved."))).to_be_visible()
    rules = page.get_by_role("region", name=tr("fr", "Routing rules"))
    expect(rules).to_contain_text("Mariages")
    expect(rules).to_contain_text("Camille Roux")

    # A customer writes on the network; ingestion stores it as it does every minute.
    with transaction.atomic():
        store_items(
            account,
            [
                IncomingItem(
                    remote_id="wedding-1",
                    kind="direct",
                    author=Author("c1", "claire.dubois", "Claire Dubois"),
                    text="Bonjour, une PIÈCE MONTÉE pour notre mariage en juin ?",
                    created_at=timezone.now() - timedelta(minutes=2),
                )
            ],
        )
    chat = Conversation.objects.get(workspace=shop)
    assert chat.assignee == camille
    assert [m.to for m in mail.outbox] == [[camille.user.email]]

    colleague = open_page(user=camille.user, viewport=PHONE)
    colleague.goto(reverse("workspaces:dashboard", args=[shop.slug]))
    bell = colleague.get_by_test_id("notifications")
    expect(bell).to_contain_text("1")
    bell.click()
    notice = colleague.get_by_role("link", name=re.compile("Claire Dubois"))
    expect(notice).to_be_visible()
    expect(colleague.get_by_text(re.compile("Mariages"))).to_be_visible()
    notice.click()
    expect(colleague).to_have_url(
        re.compile(re.escape(reverse("inbox:conversation", args=[shop.slug, chat.pk])) + "$")
    )
    expect(colleague.get_by_text("une PIÈCE MONTÉE pour notre mariage")).to_be_visible()
