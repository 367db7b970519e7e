"""Feed rules: the first read only remembers, then each new entry becomes exactly one post."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptoir.bulk import feeds, results
from comptoir.bulk.models import FeedEntry, FeedMode, FeedRule
from comptoir.bulk.tasks import read_feed_rules
from comptoir.publishing.models import Post, PostStatus, PostTarget
from tests.networks.rss.conftest import FIXTURES, Route

pytestmark = pytest.mark.django_db


def item(number: int, summary: str = "", link: str | None = None) -> str:
    link = link if link is not None else f"https://blog.example.org/{number}"
    return (
        f"<item><title>Article {number}</title><link>{link}</link>"
        f"<guid>urn:article:{number}</guid>"
        f"<pubDate>Mon, 0{number} Jun 2026 08:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{summary or f'Résumé {number}'}</p>]]></description></item>"
    )


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Le blog de la boulangerie</title><link>https://blog.example.org/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def serve(server, *items: str, etag: str | None = None) -> None:
    server.routes["/feed.xml"] = Route(
        body=rss(*items), headers={"Content-Type": "application/rss+xml"}, etag=etag
    )


@pytest.fixture
def rule(workspace, owner, feed_server, allow_local, bluesky):
    made = FeedRule.objects.create(
        workspace=workspace,
        url=feed_server.url("/feed.xml"),
        template="{title}\n{summary}\n{link}",
        created_by=owner,
    )
    made.accounts.set([bluesky])
    return made


def test_first_read_only_marks_existing_entries_as_seen(rule, feed_server):
    serve(feed_server, item(2), item(1))
    feeds.read(rule)
    assert not Post.objects.exists()
    assert FeedEntry.objects.filter(rule=rule).count() == 2
    assert rule.primed and rule.result == results.PRIMED and rule.title.startswith("Le blog")
    assert "2" in rule.explanation


def test_a_new_entry_becomes_one_draft_with_its_text(rule, feed_server, bluesky):
    serve(feed_server, item(1))
    feeds.read(rule)
    serve(feed_server, item(2, "Nos galettes arrivent"), item(1))
    feeds.read(rule)
    post = Post.objects.get()
    assert post.status == PostStatus.DRAFT and post.workspace == rule.workspace
    text = post.draft_texts[str(bluesky.pk)]
    assert text == "Article 2\nNos galettes arrivent\nhttps://blog.example.org/2"
    assert rule.result == results.OK and "1" in rule.explanation
    assert FeedEntry.objects.get(entry_id="urn:article:2").post == post


def test_replay_and_reordering_never_post_twice(rule, feed_server):
    serve(feed_server, item(1))
    feeds.read(rule)
    serve(feed_server, item(1), item(2), item(3))
    feeds.read(rule)
    serve(feed_server, item(3), item(1), item(2))  # reordered
    feeds.read(rule)
    # Same link under a new id: still the same article.
    serve(
        feed_server,
        item(3),
        item(2),
        "<item><title>Article 2 bis</title>"
        "<link>https://blog.example.org/2</link><guid>urn:new:2</guid></item>",
    )
    feeds.read(rule)
    assert Post.objects.count() == 2


def test_two_reads_at_once_post_an_entry_once(rule, feed_server, settings):
    serve(feed_server, item(1))
    feeds.read(rule)
    serve(feed_server, item(2), item(1))
    entry = feeds.entries_of(feeds.fetch(rule).parsed)[-1]
    accounts = feeds.usable_accounts(rule)
    outcomes = [feeds.create_post(rule, entry, accounts), feeds.create_post(rule, entry, accounts)]
    assert outcomes == ["created", "known"]
    assert Post.objects.count() == 1


def test_queue_mode_schedules_at_the_next_round_hour(rule, feed_server):
    rule.mode = FeedMode.QUEUE
    rule.save()
    serve(feed_server, item(1))
    feeds.read(rule)
    serve(feed_server, item(2), item(1))
    before = timezone.now()
    feeds.read(rule)
    post = Post.objects.get()
    assert post.status == PostStatus.SCHEDULED
    assert post.scheduled_at.minute == 0 and post.scheduled_at.second == 0
    assert before < post.scheduled_at <= before + timedelta(hours=1)
    assert PostTarget.objects.get(post=post).text.endswith(
        "https://blog.example.org/2?utm_source=bluesky&utm_medium=social&utm_campaign=comptoir"
    )


def test_the_summary_is_shortened_to_fit_each_network(rule, feed_server, bluesky, mastodon):
    rule.accounts.add(mastodon)
    serve(feed_server, item(1))
    feeds.read(rule)
    long = "Une très longue histoire de pain. " * 40
    serve(feed_server, item(2, long), item(1))
    feeds.read(rule)
    post = Post.objects.get()
    on_bluesky = post.draft_texts[str(bluesky.pk)]
    on_mastodon = post.draft_texts[str(mastodon.pk)]
    assert "…" in on_bluesky and on_bluesky.endswith("https://blog.example.org/2")
    assert len(on_mastodon) > len(on_bluesky)  # Mastodon allows 500 and counts a link as 23
    from comptoir.publishing import composer

    assert not composer.problems_for(bluesky, on_bluesky)
    assert not composer.problems_for(mastodon, on_mastodon)
    assert composer.problems_for(bluesky, on_bluesky.replace("…", " plus long…"))


def test_a_read_creates_at_most_a_few_posts_and_keeps_the_rest(rule, feed_server):
    serve(feed_server, item(1), etag='"v1"')
    feeds.read(rule)
    serve(feed_server, *[item(n) for n in range(9, 1, -1)], etag='"v2"')
    feeds.read(rule)
    assert Post.objects.count() == feeds.MAX_POSTS_PER_READ
    assert rule.result_values["waiting"] == 3 and rule.etag == ""
    feeds.read(rule)
    assert Post.objects.count() == 8 and rule.etag == '"v2"'


def test_unchanged_feed_is_read_with_a_conditional_request(rule, feed_server):
    serve(feed_server, item(1), etag='"abc"')
    feeds.read(rule)
    feeds.read(rule)
    assert feed_server.requests[-1][1].get("If-None-Match") == '"abc"'
    assert rule.result == results.UNCHANGED


def test_a_private_address_is_refused_on_reading(rule, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    feeds.read(rule)
    assert rule.failed and rule.result == results.PRIVATE
    assert "private" in rule.explanation


def test_the_form_refuses_a_private_address(owner_client, workspace, bluesky, settings):
    settings.ALLOWED_PRIVATE_HOSTS = []
    response = owner_client.post(
        reverse("bulk:feed_create", args=[workspace.slug]),
        {
            "url": "http://127.0.0.1/feed.xml",
            "accounts": [bluesky.pk],
            "template": "{title} {link}",
            "mode": "draft",
            "active": "on",
        },
    )
    assert response.status_code == 200 and not FeedRule.objects.exists()
    assert "private network" in response.content.decode()


@pytest.mark.parametrize(
    ("route", "code", "words"),
    [
        (
            Route(body=b"<html><body>Bonjour</body></html>", headers={"Content-Type": "text/html"}),
            "no_feed",
            "No RSS",
        ),
        (
            Route(
                body=(FIXTURES / "garbage.xml").read_bytes(),
                headers={"Content-Type": "application/xml"},
            ),
            "malformed",
            "malformed",
        ),
        (Route(status=404), "refused", "404"),
    ],
)
def test_a_broken_feed_is_explained(rule, feed_server, route, code, words):
    feed_server.routes["/feed.xml"] = route
    feeds.read(rule)
    assert rule.result == code and rule.failed and words in rule.explanation
    assert rule.failures == 1


def test_no_usable_account_is_explained(rule, feed_server, bluesky):
    serve(feed_server, item(1))
    feeds.read(rule)
    bluesky.status = "broken"
    bluesky.save()
    serve(feed_server, item(2), item(1))
    feeds.read(rule)
    assert rule.result == results.NO_ACCOUNTS and not Post.objects.exists()


def test_the_periodic_task_reads_active_rules_only(rule, feed_server, workspace, owner):
    serve(feed_server, item(1))
    paused = FeedRule.objects.create(workspace=workspace, url=rule.url, active=False)
    read_feed_rules.call()
    rule.refresh_from_db()
    paused.refresh_from_db()
    assert rule.primed and not paused.primed


# --- Pages -----------------------------------------------------------------------------


def test_create_check_pause_and_delete_from_the_pages(
    owner_client, workspace, feed_server, allow_local, bluesky
):
    serve(feed_server, item(1))
    response = owner_client.post(
        reverse("bulk:feed_create", args=[workspace.slug]),
        {
            "url": feed_server.url("/feed.xml"),
            "accounts": [bluesky.pk],
            "template": "{title} {link}",
            "mode": "draft",
            "active": "on",
        },
        follow=True,
    )
    rule = FeedRule.objects.get()
    assert rule.primed and "First read" in response.content.decode()
    serve(feed_server, item(2), item(1))
    response = owner_client.post(
        reverse("bulk:feed_check", args=[workspace.slug, rule.pk]), follow=True
    )
    assert "1 new post was created." in response.content.decode()
    owner_client.post(reverse("bulk:feed_toggle", args=[workspace.slug, rule.pk]))
    rule.refresh_from_db()
    assert not rule.active
    owner_client.post(reverse("bulk:feed_delete", args=[workspace.slug, rule.pk]))
    assert not FeedRule.objects.exists() and Post.objects.count() == 1


def test_a_readonly_member_cannot_follow_a_feed(member_factory, workspace):
    _membership, client = member_factory("readonly")
    assert client.get(reverse("bulk:feed_create", args=[workspace.slug])).status_code == 403
    assert client.get(reverse("bulk:index", args=[workspace.slug])).status_code == 200


def test_queue_mode_takes_each_accounts_next_free_slot(rule, feed_server, bluesky):
    from datetime import time

    from comptoir.publishing.models import QueueSlot
    from comptoir.publishing.queue import next_free_slot

    QueueSlot.objects.create(workspace=rule.workspace, account=bluesky, weekday=2, time=time(9))
    rule.mode = FeedMode.QUEUE
    rule.save()
    expected = next_free_slot(bluesky, rule.workspace.tzinfo)
    serve(feed_server, item(1))
    feeds.read(rule)
    serve(feed_server, item(2), item(1))
    feeds.read(rule)
    assert PostTarget.objects.get().due_at == expected


def test_posts_of_a_member_whose_posts_need_approval_wait(rule, feed_server, workspace):
    from comptoir.workspaces.models import ApprovalMode, Membership

    workspace.approval_mode = ApprovalMode.REQUIRED
    workspace.save()
    Membership.objects.filter(user=rule.created_by).update(posts_need_approval=True)
    rule.mode = FeedMode.QUEUE
    rule.save()
    serve(feed_server, item(1))
    feeds.read(rule)
    serve(feed_server, item(2), item(1))
    feeds.read(rule)
    assert Post.objects.get().status == PostStatus.PENDING


def test_the_person_who_set_up_a_feed_is_told_once_when_it_breaks(rule, feed_server, owner):
    from comptoir.notifications.models import Notification

    feed_server.routes["/feed.xml"] = Route(status=404)
    feeds.read(rule)
    feeds.read(rule)
    (notification,) = Notification.objects.all()
    assert notification.recipient == owner
    assert "404" in notification.body
    # A site down for a moment is only reported after an hour of failed reads.
    serve(feed_server, item(1))
    feeds.read(rule)
    feed_server.routes["/feed.xml"] = Route(handler=lambda handler: handler.connection.close())
    for _ in range(feeds.UNREACHABLE_PATIENCE - 1):
        feeds.read(rule)
    assert Notification.objects.count() == 1
    feeds.read(rule)
    assert Notification.objects.count() == 2 and rule.result == results.UNREACHABLE
