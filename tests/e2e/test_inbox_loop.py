"""The whole loop: a customer asks on a network, the right colleague answers from Comptoir.

A customer comments under the bakery's post on the sandbox, on the local Bluesky network
and on the Mastodon emulator. Ingestion (what the worker runs every minute) brings the
three questions into the inbox, and routing gives them to Julie, whose expertise is
"gâteaux". In Chromium, Julie finds each question in the inbox, opens it and answers (once
with a saved reply); the task queue sends at once. Each network is then read back as its
users see it: the answer is in the customer's thread, signed "— Julie, Boulangerie Martin".
"""

from __future__ import annotations

from typing import Any

import pytest
from atproto import models
from django.urls import reverse
from playwright.sync_api import Page, expect

from comptoir.inbox.ingestion import ingest_account
from comptoir.inbox.models import Conversation, Message
from comptoir.networks import actions
from comptoir.networks.base import OutgoingPost
from comptoir.networks.bluesky.connector import BlueskyConnector
from comptoir.networks.mastodon.connector import MastodonConnector
from comptoir.networks.mastodon.text import html_to_text
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.models_sandbox import SandboxPost
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.replies.models import Reply, ReplyState
from comptoir.workspaces.models import Role
from tests.e2e.conftest import OpenPage, tr
from tests.factories import MembershipFactory, SavedReplyFactory
from tests.peer_fixtures import (
    BlueskyBusiness,
    MastodonBusiness,
    bluesky_business,
    bluesky_login,
    bluesky_network,
    mastodon_business,
    mastodon_server,
    peers_allowed,
)
from tests.peers.bluesky_network import BlueskyNetwork, wait_for

__all__ = [
    "bluesky_business",
    "bluesky_network",
    "mastodon_business",
    "mastodon_server",
    "peers_allowed",
]

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SIGNATURE = "— Julie, Boulangerie Martin"


def ingested(account: ConnectedAccount, text: str) -> Message:
    """Run ingestion until the customer's message is in the inbox (networks index late)."""

    def attempt() -> Message | None:
        ingest_account(account)
        return Message.objects.filter(account=account, text__contains=text).first()

    return wait_for(attempt, what=f"{text!r} in the inbox")


def sandbox_question(account: ConnectedAccount) -> str:
    post = SandboxConnector(account).publish(OutgoingPost("Nos gâteaux du week-end !"))
    text = "Vous faites des gâteaux d'anniversaire pour samedi ?"
    SandboxPost.objects.create(
        workspace_id=account.workspace_id,
        author_handle="claire.dubois",
        author_name="Claire Dubois",
        text=text,
        in_reply_to=post.remote_id,
        root_id=post.remote_id,
    )
    return text


def bluesky_question(network: BlueskyNetwork, business: BlueskyBusiness) -> tuple[str, Any]:
    """A Bluesky user answers the bakery's post; returns the text and the customer's client."""
    published = BlueskyConnector(business.account).publish(
        OutgoingPost("Les gâteaux de la semaine sont en vitrine.")
    )
    _handle, _did, _password, customer = bluesky_login(network, "marc")
    parent = wait_for(
        lambda: (customer.get_posts([published.remote_id]).posts or [None])[0],
        what="the bakery's post in the AppView",
    )
    ref = models.create_strong_ref(parent)
    text = "Des gâteaux sans gluten, c'est possible ?"
    customer.send_post(text, reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref))
    return text, customer


def mastodon_question(business: MastodonBusiness) -> tuple[str, str]:
    published = MastodonConnector(business.account).publish(
        OutgoingPost("Commandez vos gâteaux pour les fêtes !")
    )
    text = "Combien coûtent les gâteaux pour 12 personnes ?"
    status = business.reader.status_post(f"@alice {text}", in_reply_to_id=published.remote_id)
    return text, str(status["id"])


def answer(page: Page, workspace: Any, question: str, reply: str | None) -> None:
    """Julie finds the question in the inbox, opens it and answers (or inserts a saved reply)."""
    page.goto(reverse("inbox:index", args=[workspace.slug]))
    page.get_by_role("link", name=question).click()
    box = page.locator("#reply")
    expect(box.get_by_role("heading", name=tr("fr", "Reply"))).to_be_visible()
    field = box.get_by_label(tr("fr", "Your reply"))
    if reply is None:
        box.get_by_label(tr("fr", "Insert a saved reply")).select_option(label="Gâteaux")
        expect(field).to_have_value("Bonjour Claire, oui, sur commande 48 h avant !")
    else:
        field.fill(reply)
    # The live counter measures the text with the signature, as the network will.
    expect(box.get_by_test_id("reply-length")).to_be_visible()
    box.get_by_role("button", name=tr("fr", "Send the reply")).click()
    expect(page.get_by_text(tr("fr", "Your reply is on its way."))).to_be_visible()
    thread = page.locator("ol.thread")
    expect(thread.get_by_text(SIGNATURE)).to_be_visible()
    expect(thread.get_by_text(tr("fr", "Sent"), exact=True)).to_be_visible()


def test_a_customer_question_is_routed_answered_and_read_back_on_each_network(
    open_page: OpenPage,
    settings: Any,
    workspace: Any,
    bluesky_network: BlueskyNetwork,
    bluesky_business: BlueskyBusiness,
    mastodon_business: MastodonBusiness,
) -> None:
    # The worker would send each reply a moment later; here the queue sends at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    workspace.name = "Boulangerie Martin"
    workspace.save()
    MembershipFactory(workspace=workspace, role=Role.OWNER, user__full_name="Paul Bernard")
    julie = MembershipFactory(
        workspace=workspace,
        role=Role.MEMBER,
        user__full_name="Julie Martin",
        expertise=["gâteaux"],
    )
    SavedReplyFactory(
        workspace=workspace,
        title="Gâteaux",
        text="Bonjour {first_name}, oui, sur commande 48 h avant !",
    )
    sandbox = actions.save_connection(
        workspace, "sandbox", SandboxConnector.connect({"display_name": "Boulangerie"}), None
    )

    sandbox_text = sandbox_question(sandbox)
    bluesky_text, customer = bluesky_question(bluesky_network, bluesky_business)
    mastodon_text, mastodon_status = mastodon_question(mastodon_business)

    questions = {
        "sandbox": ingested(sandbox, sandbox_text),
        "bluesky": ingested(bluesky_business.account, bluesky_text),
        "mastodon": ingested(mastodon_business.account, mastodon_text),
    }
    for message in questions.values():
        conversation = Conversation.objects.get(pk=message.conversation_id)
        assert conversation.assignee_id == julie.pk, message.network

    page = open_page(user=julie.user)
    page.goto(reverse("inbox:index", args=[workspace.slug]))
    assigned = tr("fr", "Assigned to %(name)s") % {"name": "Julie Martin"}
    expect(page.get_by_text(assigned)).to_have_count(3)

    answer(page, workspace, sandbox_text, None)
    answer(page, workspace, bluesky_text, "Oui, avec une farine de riz.")
    answer(page, workspace, mastodon_text, "45 € pour 12 personnes.")

    assert set(Reply.objects.values_list("state", flat=True)) == {ReplyState.SENT}
    for message in questions.values():
        message.refresh_from_db()
        assert message.replied_at is not None
        assert message.conversation.status == "waiting"

    # Sandbox: the answer is under Claire's comment, on the network's own storage.
    sandbox_answer = SandboxPost.objects.get(in_reply_to=questions["sandbox"].remote_id)
    assert sandbox_answer.text == f"Bonjour Claire, oui, sur commande 48 h avant !\n\n{SIGNATURE}"

    # Bluesky: the customer sees the answer in the thread under their post.
    def bluesky_reply() -> Any:
        thread = customer.get_post_thread(questions["bluesky"].remote_id).thread
        texts = [reply.post.record.text for reply in thread.replies or []]
        return [text for text in texts if SIGNATURE in text]

    found = wait_for(bluesky_reply, what="the answer in the Bluesky thread")
    assert found == [f"Oui, avec une farine de riz.\n\n{SIGNATURE}"]

    # Mastodon: bob reads the answer in his status's context, mentioning him.
    descendants = mastodon_business.reader.status_context(mastodon_status)["descendants"]
    texts = [html_to_text(str(status["content"])) for status in descendants]
    assert len(texts) == 1
    assert "@bob" in texts[0]
    assert "45 € pour 12 personnes." in texts[0] and texts[0].rstrip().endswith(SIGNATURE)
