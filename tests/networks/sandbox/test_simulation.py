"""Simulated customers: deterministic for a seed, varied over time, and visible to the rest
of Comptoir only through the connector."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from comptoir.networks.base import OutgoingPost
from comptoir.networks.models_sandbox import SandboxMessage, SandboxPost, SandboxReaction
from comptoir.networks.sandbox.connector import SandboxConnector
from comptoir.networks.sandbox.scenario import CUSTOMERS, town_of
from comptoir.networks.sandbox.simulation import step
from tests.factories import WorkspaceFactory
from tests.networks.sandbox.conftest import MORNING, connect_sandbox

pytestmark = pytest.mark.django_db


def publish_at(connector, text, when):
    published = connector.publish(OutgoingPost(text))
    SandboxPost.objects.filter(remote_id=published.remote_id).update(created_at=when)
    return published


def story_of(workspace):
    """Everything the customers did, without the random ids."""
    posts = [
        ("post", p.author_handle, p.text, p.created_at, bool(p.in_reply_to))
        for p in SandboxPost.objects.for_workspace(workspace).order_by("id")
    ]
    reactions = [
        ("reaction", r.author_handle, r.kind, r.created_at)
        for r in SandboxReaction.objects.for_workspace(workspace).order_by("id")
    ]
    messages = [
        ("message", m.sender_handle, m.text, m.thread_id, m.created_at)
        for m in SandboxMessage.objects.for_workspace(workspace).order_by("id")
    ]
    return posts + reactions + messages


def bakery_with_a_post(name="Boulangerie Martin"):
    workspace = WorkspaceFactory(sector="food", address="42 rue de Bourgogne, 45000 Orléans")
    account = connect_sandbox(workspace, name)
    publish_at(
        SandboxConnector(account), "Les croissants sont chauds !", MORNING - timedelta(hours=1)
    )
    return workspace, account


def run(account, seed, steps=1, start=MORNING):
    rng = random.Random(seed)
    reports = []
    for n in range(steps):
        reports.append(step(account, rng, start + timedelta(minutes=10 * n)))
    return reports


def test_the_same_seed_tells_the_same_story():
    first, first_account = bakery_with_a_post()
    second, second_account = bakery_with_a_post()
    run(first_account, seed=7, steps=12)
    run(second_account, seed=7, steps=12)
    story = story_of(first)
    assert len(story) > 12
    assert story == story_of(second)


def test_another_seed_tells_another_story():
    first, first_account = bakery_with_a_post()
    second, second_account = bakery_with_a_post()
    run(first_account, seed=1, steps=6)
    run(second_account, seed=2, steps=6)
    assert story_of(first) != story_of(second)


def test_customers_react_ask_complain_praise_and_write(account, bakery, connector):
    publish_at(connector, "Les croissants sont chauds !", MORNING - timedelta(hours=2))
    reports = run(account, seed=2026, steps=40)
    assert sum(r.likes for r in reports) > 0
    assert sum(r.comments for r in reports) > 0
    assert sum(r.mentions for r in reports) > 0
    assert sum(r.messages for r in reports) > 0
    texts = " ".join(SandboxPost.objects.for_workspace(bakery).values_list("text", flat=True))
    assert "@boulangerie-martin" in texts
    assert "{" not in texts and "}" not in texts  # every placeholder was filled
    handles = {c.handle for c in CUSTOMERS}
    customers = SandboxPost.objects.for_workspace(bakery).exclude(author_handle=account.remote_id)
    assert set(customers.values_list("author_handle", flat=True)) <= handles
    # Reactions are never doubled, and new activity is dated before the step's time.
    assert SandboxReaction.objects.for_workspace(bakery).count() == len(
        set(
            SandboxReaction.objects.for_workspace(bakery).values_list(
                "post", "author_handle", "kind"
            )
        )
    )
    last = MORNING + timedelta(minutes=10 * 39)
    assert all(p.created_at <= last for p in customers)


def test_the_connector_sees_the_activity_incrementally(account, connector):
    publish_at(connector, "Fraisiers disponibles ce week-end", MORNING - timedelta(hours=1))
    rng = random.Random(99)
    cursor, seen = None, []
    for n in range(20):
        step(account, rng, MORNING + timedelta(minutes=10 * n))
        batch = connector.fetch_since(cursor)
        seen += [item.remote_id for item in batch.items]
        cursor = batch.cursor
    assert seen
    assert len(seen) == len(set(seen))
    assert connector.fetch_since(cursor).items == []
    kinds = {item.kind for item in connector.fetch_since(None).items}
    assert kinds <= {"comment", "reply", "mention"}
    assert {"comment", "mention"} <= kinds


def test_customers_answer_back_when_the_business_answers(account, connector):
    publish_at(connector, "Nouveau : pain au sarrasin", MORNING - timedelta(hours=1))
    rng = random.Random(5)
    now, posts_cursor, messages_cursor = MORNING, None, None
    replies, threads = [], set()
    for _ in range(30):
        step(account, rng, now)
        now += timedelta(minutes=10)
        batch = connector.fetch_since(posts_cursor)
        posts_cursor = batch.cursor
        for item in batch.items:
            if item.kind == "reply":
                replies.append(item)
            else:
                connector.reply(item.remote_id, OutgoingPost("Merci beaucoup !"))
        messages = connector.fetch_messages(messages_cursor)
        messages_cursor = messages.cursor
        for item in messages.items:
            threads.add(item.thread_id)
            connector.send_message(item.thread_id, "Bonjour, oui bien sûr.")
        # The business answered "just now" in the simulated time.
        ours = {"created_at": now - timedelta(minutes=1)}
        SandboxPost.objects.filter(author_handle=account.remote_id, in_reply_to__gt="").update(
            **ours
        )
        SandboxMessage.objects.filter(sender_handle=account.remote_id).update(**ours)
    assert replies
    assert all(item.in_reply_to for item in replies)
    incoming = SandboxMessage.objects.filter(thread_id__in=threads).exclude(
        sender_handle=account.remote_id
    )
    assert incoming.count() > len(threads)  # some customers wrote back in their thread


def test_customers_are_quieter_at_night(account, connector):
    publish_at(connector, "Bonne nuit !", MORNING - timedelta(hours=1))
    night = MORNING.replace(hour=1)  # 3:00 in Orléans
    publish_at(connector, "Bonne nuit !", night - timedelta(hours=1))
    day_total = sum(r.total for r in run(account, seed=3, steps=20, start=MORNING))
    night_total = sum(r.total for r in run(account, seed=3, steps=20, start=night))
    assert night_total < day_total / 2


def test_other_sectors_hear_about_their_trade():
    workspace = WorkspaceFactory(sector="trades", address="3 rue des Carmes, 45000 Orléans")
    account = connect_sandbox(workspace, "Plomberie Durand")
    run(account, seed=11, steps=40)
    texts = " ".join(SandboxPost.objects.for_workspace(workspace).values_list("text", flat=True))
    texts += " ".join(
        SandboxMessage.objects.for_workspace(workspace).values_list("text", flat=True)
    )
    assert texts
    for bakery_word in ("baguette", "gâteau", "croissant", "viennoiserie"):
        assert bakery_word not in texts


def test_the_town_comes_from_the_address():
    assert town_of("42 rue de Bourgogne, 45000 Orléans") == "Orléans"
    assert town_of("1 place du Marché 37000 Tours") == "Tours"
    assert town_of("") == "la ville"
