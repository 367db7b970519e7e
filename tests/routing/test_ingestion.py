"""Messages stored from a network reach the right colleague, who is told at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from comptoir.inbox.ingestion import store_items
from comptoir.inbox.models import Conversation
from comptoir.networks import actions
from comptoir.networks.base import Author, IncomingItem
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.notifications.models import Notification
from comptoir.routing.models import RoutingRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(shop):
    info = SandboxConnector.connect({"display_name": "Pâtisserie Lucas"})
    return actions.save_connection(shop, "sandbox", info, None)


def item(remote_id, text, handle="lucie", thread=None, minutes=0):
    return IncomingItem(
        remote_id=remote_id,
        kind="comment",
        author=Author(f"id-{handle}", handle, handle.title()),
        text=text,
        created_at=timezone.now() - timedelta(hours=1) + timedelta(minutes=minutes),
        thread_id=thread,
    )


def store(account, items, capture):
    with capture(execute=True), transaction.atomic():
        return store_items(account, items)


def test_new_conversations_are_routed_and_the_assignee_emailed(
    shop, team, account, django_capture_on_commit_callbacks
):
    RoutingRule.objects.create(
        workspace=shop, name="Mariages", keywords=["mariage"], assignee=team["owner"]
    )
    store(
        account,
        [
            item("m1", "Un devis pour un mariage en juin ?", handle="lucie"),
            item("m2", "Vos gâteaux sont-ils faits maison ?", handle="paul"),
            item("m3", "Il fait beau aujourd'hui", handle="zoe"),
        ],
        django_capture_on_commit_callbacks,
    )
    by_author = {
        c.person.display_name: c.assignee for c in Conversation.objects.for_workspace(shop)
    }
    assert by_author == {"Lucie": team["owner"], "Paul": team["cakes"], "Zoe": None}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [team["owner"].user.email, team["cakes"].user.email]
    )
    assert Notification.objects.filter(recipient=team["cakes"].user).count() == 1


def test_a_new_message_in_an_assigned_conversation_is_not_routed_again(
    shop, team, account, django_capture_on_commit_callbacks
):
    store(account, [item("m1", "Un gâteau ?", thread="t1")], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    store(
        account,
        [item("m2", "Et du pain aussi ?", thread="t1", minutes=5)],
        django_capture_on_commit_callbacks,
    )
    assert Conversation.objects.get().assignee == team["cakes"]
    assert mail.outbox == []


def test_routing_failures_never_lose_messages(
    shop, team, account, monkeypatch, django_capture_on_commit_callbacks
):
    from comptoir.routing import engine

    def broken(conversation, now=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "route", broken)
    assert store(account, [item("m1", "Un gâteau ?")], django_capture_on_commit_callbacks) == 1
    assert Conversation.objects.get().assignee is None
