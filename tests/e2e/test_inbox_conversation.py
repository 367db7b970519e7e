"""Handling a conversation on a phone: take it in one click, close it, label it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from comptoir.inbox.models import Conversation
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import ConversationFactory, MembershipFactory, MessageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_take_close_and_label_a_conversation_on_a_phone(open_page: OpenPage):
    membership = MembershipFactory(role="member", user__full_name="Camille Roux")
    workspace = membership.workspace
    conversation = ConversationFactory(workspace=workspace, person__display_name="Lucie")
    MessageFactory(
        workspace=workspace,
        conversation=conversation,
        person=conversation.person,
        text="Vous livrez le dimanche ?",
    )
    page = open_page(user=membership.user, viewport=PHONE)
    page.goto(reverse("inbox:index", args=[workspace.slug]))
    page.get_by_role("link", name="Vous livrez le dimanche ?").click()

    panel = page.locator("#conversation-panel")
    panel.get_by_role("button", name=tr("fr", "Assign to me")).click()
    expect(panel.get_by_role("paragraph").filter(has_text="Camille Roux")).to_be_visible()
    expect(panel.get_by_label(tr("fr", "Reassign to"))).to_have_value(str(membership.pk))
    expect(panel.get_by_role("button", name=tr("fr", "Assign to me"))).to_have_count(0)

    panel.get_by_role("button", name=tr("fr", "Done")).click()
    expect(panel.locator(".badge.ok")).to_have_text(tr("fr", "Done"))

    panel.get_by_label(tr("fr", "New label")).fill("livraison")
    panel.get_by_role("button", name=tr("fr", "Create and add")).click()
    expect(panel.locator(".tag")).to_have_text("livraison")

    conversation = Conversation.objects.get(pk=conversation.pk)
    assert conversation.assignee == membership
    assert conversation.status == "done" and conversation.resolved_at is not None
    assert [label.name for label in conversation.labels.all()] == ["livraison"]
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
