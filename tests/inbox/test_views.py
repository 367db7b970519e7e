"""Text written by strangers is shown as text, and only to the workspace it was sent to."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from comptoir.inbox.ingestion import ingest_account, store_items
from comptoir.inbox.models import Conversation, Message
from comptoir.networks.base import Author, IncomingItem
from tests.factories import MessageFactory, WorkspaceFactory
from tests.inbox.conftest import customer_post
from tests.networks.sandbox.conftest import MORNING

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RTL = "Prix \u202eSTUOV ZEYAP\u202c fin"


def inbox(client, workspace):
    return client.get(reverse("inbox:index", args=[workspace.slug]))


def conversation_pages(client, workspace):
    """Every conversation page of the workspace, joined: where full texts and links show."""
    pages = [
        client.get(reverse("inbox:conversation", args=[workspace.slug, pk])).content.decode()
        for pk in Conversation.objects.filter(workspace=workspace).values_list("pk", flat=True)
    ]
    return "\n".join(pages)


def test_hostile_text_is_stored_raw_and_shown_escaped(account, bakery_post, bakery_client):
    long_text = "pain" * 25_000 + " @boulangerie-martin"
    customer_post(account.workspace, SCRIPT, parent=bakery_post)
    customer_post(account.workspace, RTL, parent=bakery_post)
    customer_post(
        account.workspace,
        "Merci",
        handle="mallory",
        name='<b onmouseover="alert(2)">Mallory</b>',
        parent=bakery_post,
    )
    customer_post(account.workspace, long_text)
    assert ingest_account(account) == 4

    texts = set(Message.objects.filter(account=account).values_list("text", flat=True))
    assert texts == {SCRIPT, RTL, "Merci", long_text}

    listed = inbox(bakery_client, account.workspace).content.decode()
    page = conversation_pages(bakery_client, account.workspace)
    for shown in (listed, page):
        assert "&lt;b onmouseover=&quot;alert(2)&quot;&gt;Mallory&lt;/b&gt;" in shown
        assert "<script>alert" not in shown
        assert "<img src=x" not in shown
        assert "<b onmouseover" not in shown
    assert f'<span dir="auto">{RTL}</span>' in listed  # the excerpt isolates its direction
    assert "pain" * 70 in listed and "pain" * 71 not in listed  # excerpts are cut
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;b onmouseover=&quot;alert(2)&quot;&gt;Mallory&lt;/b&gt;" in page
    assert "<b onmouseover" not in page
    assert RTL in page  # kept as written, inside an element that isolates its direction
    assert f'<p class="message-text" dir="auto">{RTL}</p>' in page
    assert long_text in page


def remote(remote_id, url):
    return IncomingItem(
        remote_id=remote_id,
        kind="mention",
        author=Author("a1", "lucie", "Lucie"),
        text=f"message {remote_id}",
        created_at=MORNING,
        url=url,
    )


def test_only_web_links_lead_to_the_network(account, bakery_client):
    items = [
        remote("web", "https://piaille.fr/@lucie/1"),
        remote("js", "javascript:alert(1)"),
        remote("js2", " JavaScript:alert(2)"),
        remote("data", "data:text/html,<script>alert(3)</script>"),
        remote("schemeless", "//evil.example/x"),
    ]
    with transaction.atomic():
        store_items(account, items)
    page = conversation_pages(bakery_client, account.workspace)
    assert page.count("Voir sur le réseau") == 1
    assert (
        '<a href="https://piaille.fr/@lucie/1" target="_blank" '
        'rel="noopener noreferrer nofollow">Voir sur le réseau</a>'
    ) in page
    assert "javascript:" not in page.lower()
    assert "data:text" not in page
    assert "evil.example" not in page


def test_sandbox_messages_link_to_the_sandbox_page(account, bakery_post, bakery_client):
    customer_post(account.workspace, "Miam", parent=bakery_post)
    ingest_account(account)
    message = Message.objects.get(account=account)
    assert message.url.startswith(f"/w/{account.workspace.slug}/sandbox/")
    page = conversation_pages(bakery_client, account.workspace)
    assert f'href="{message.url}"' in page


def test_another_workspace_s_messages_never_show(account, bakery_client):
    stranger = WorkspaceFactory()
    MessageFactory(workspace=stranger, text="Secret du voisin", remote_id="n1")
    MessageFactory(workspace=account.workspace, text="Chez nous")
    page = inbox(bakery_client, account.workspace).content.decode()
    assert "Chez nous" in page
    assert "Secret du voisin" not in page
    assert inbox(bakery_client, stranger).status_code == 404
