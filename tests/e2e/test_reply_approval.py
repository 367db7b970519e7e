"""Approval of replies on a phone: a member's reply waits, a manager approves it in one click.

Julie's replies need approval. She answers a sandbox comment; Paul, the manager, is told
by the bell, opens the conversation from it and approves; the reply is then on the sandbox,
signed by Julie. A second reply is sent back with a comment, which Julie reads and rewrites.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.urls import reverse
from playwright.sync_api import Page, expect

from comptoir.inbox.ingestion import store_items
from comptoir.inbox.models import Conversation
from comptoir.networks import actions
from comptoir.networks.base import Author, IncomingItem, OutgoingPost
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.replies.models import Reply, ReplyState
from comptoir.workspaces.models import Role
from tests.e2e.conftest import PHONE, OpenPage, tr
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(page: Page, text: str) -> None:
    box = page.locator("#reply")
    box.get_by_label(tr("fr", "Your reply")).fill(text)
    box.get_by_role("button", name=tr("fr", "Submit for approval")).click()
    expect(page.get_by_text(tr("fr", "Your reply waits for a manager's approval."))).to_be_visible()


def test_a_manager_approves_or_sends_back_a_reply_from_the_conversation(
    open_page: OpenPage, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    shop = WorkspaceFactory(name="Boulangerie Martin")
    paul = MembershipFactory(workspace=shop, role=Role.MANAGER, user__full_name="Paul Bernard")
    julie = MembershipFactory(
        workspace=shop, role=Role.MEMBER, user__full_name="Julie Martin", replies_need_approval=True
    )
    account = actions.save_connection(
        shop, "sandbox", SandboxConnector.connect({"display_name": "Boulangerie"}), None
    )
    post = SandboxConnector(account).publish(OutgoingPost("Galettes à la frangipane !"))
    comment = SandboxPost.objects.create(
        workspace=shop,
        author_handle="claire.dubois",
        author_name="Claire Dubois",
        text="Il en reste pour ce soir ?",
        in_reply_to=post.remote_id,
        root_id=post.remote_id,
    )
    with transaction.atomic():
        store_items(
            account,
            [
                IncomingItem(
                    remote_id=comment.remote_id,
                    kind="comment",
                    author=Author("claire.dubois", "claire.dubois", "Claire Dubois"),
                    text=comment.text,
                    created_at=comment.created_at,
                    in_reply_to=post.remote_id,
                    thread_id=post.remote_id,
                )
            ],
        )
    chat = Conversation.objects.get(workspace=shop)
    url = reverse("inbox:conversation", args=[shop.slug, chat.pk])

    author = open_page(user=julie.user, viewport=PHONE)
    author.goto(url)
    write(author, "Oui, trois.")
    expect(author.locator("#reply").get_by_text(tr("fr", "Awaiting approval"))).to_be_visible()
    assert not SandboxPost.objects.filter(in_reply_to=comment.remote_id).exists()

    manager = open_page(user=paul.user, viewport=PHONE)
    manager.goto(reverse("workspaces:dashboard", args=[shop.slug]))
    manager.get_by_test_id("notifications").click()
    manager.get_by_role("link", name=re.compile("Julie Martin")).first.click()
    expect(manager).to_have_url(re.compile(re.escape(url) + "$"))
    manager.get_by_role("button", name=tr("fr", "Approve and send")).click()
    expect(manager.get_by_text(tr("fr", "Approved: the reply is on its way."))).to_be_visible()
    sent = SandboxPost.objects.get(in_reply_to=comment.remote_id)
    assert sent.text == "Oui, trois.\n\n— Julie, Boulangerie Martin"

    # A second reply is sent back with a comment; Julie reads it and rewrites.
    author.goto(url)
    write(author, "ouais")
    manager.goto(url)
    pending = manager.get_by_test_id("pending-reply")
    pending.get_by_label(tr("fr", "What should change?")).fill("Un peu plus poli, merci.")
    pending.get_by_role("button", name=tr("fr", "Send back")).click()
    expect(manager.get_by_text(tr("fr", "The reply was sent back to its author."))).to_be_visible()

    author.goto(url)
    returned = author.get_by_test_id("pending-reply")
    expect(returned).to_contain_text("Un peu plus poli, merci.")
    returned.get_by_role("link", name=tr("fr", "Rewrite")).click()
    field = author.locator("#reply").get_by_label(tr("fr", "Your reply"))
    expect(field).to_have_value("ouais")
    field.fill("Avec plaisir, Claire !")
    author.locator("#reply").get_by_role("button", name=tr("fr", "Submit for approval")).click()
    expect(
        author.get_by_text(tr("fr", "Your reply waits for a manager's approval."))
    ).to_be_visible()
    assert list(Reply.objects.exclude(state=ReplyState.SENT).values_list("body", "state")) == [
        ("Avec plaisir, Claire !", ReplyState.APPROVAL)
    ]
