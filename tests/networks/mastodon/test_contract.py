"""Contract checks: the emulator and the replayed fixtures keep to the documented
Mastodon API (docs.joinmastodon.org, entities Status, Account, Notification,
Conversation, MediaAttachment, Instance), and each documented event maps to the right item.

The emulator is not Mastodon: if a new version drifts from the documented shapes, these
tests say where, before the connector tests mislead anyone.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from comptoir.networks.mastodon.items import notification_item, status_item
from comptoir.networks.registry import get_network
from tests.networks.mastodon.conftest import png

FIXTURES = Path(__file__).parent / "fixtures"
OWN_ID = "109000000000000001"  # the business's account in the fixtures

# Required attributes, as documented for Mastodon 4.x.
STATUS = {
    "id",
    "uri",
    "url",
    "created_at",
    "account",
    "content",
    "visibility",
    "sensitive",
    "spoiler_text",
    "media_attachments",
    "mentions",
    "tags",
    "emojis",
    "reblogs_count",
    "favourites_count",
    "replies_count",
    "in_reply_to_id",
    "in_reply_to_account_id",
    "reblog",
    "poll",
    "card",
    "language",
    "edited_at",
}
ACCOUNT = {
    "id",
    "username",
    "acct",
    "url",
    "display_name",
    "note",
    "avatar",
    "avatar_static",
    "header",
    "header_static",
    "locked",
    "fields",
    "emojis",
    "bot",
    "group",
    "discoverable",
    "created_at",
    "last_status_at",
    "statuses_count",
    "followers_count",
    "following_count",
}
NOTIFICATION = {"id", "type", "created_at", "account"}
CONVERSATION = {"id", "accounts", "unread", "last_status"}
MEDIA = {"id", "type", "url", "preview_url", "description", "blurhash", "meta"}
NOTIFICATION_TYPES = {
    "mention",
    "status",
    "reblog",
    "follow",
    "follow_request",
    "favourite",
    "poll",
    "update",
    "admin.sign_up",
    "admin.report",
    "severed_relationships",
    "moderation_warning",
    "quote",
    "quoted_update",
}


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def check_status(status: dict) -> None:
    assert set(status) >= STATUS, STATUS - set(status)
    assert isinstance(status["id"], str) and status["id"].isdigit()
    datetime.fromisoformat(status["created_at"].replace("Z", "+00:00"))
    assert status["visibility"] in {"public", "unlisted", "private", "direct"}
    check_account(status["account"])
    for media in status["media_attachments"]:
        assert set(media) >= MEDIA, MEDIA - set(media)


def check_account(account: dict) -> None:
    assert set(account) >= ACCOUNT, ACCOUNT - set(account)
    assert isinstance(account["id"], str)


def check_notification(notification: dict) -> None:
    assert set(notification) >= NOTIFICATION, NOTIFICATION - set(notification)
    assert notification["type"] in NOTIFICATION_TYPES
    check_account(notification["account"])
    if notification.get("status"):
        check_status(notification["status"])


# --- The replayed fixtures are faithful to the documentation --------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("notification_*.json")))
def test_each_notification_fixture_has_the_documented_shape(name):
    check_notification(load(name))


def test_the_conversation_fixture_has_the_documented_shape():
    for conversation in load("conversation.json"):
        assert set(conversation) >= CONVERSATION
        check_status(conversation["last_status"])


# --- Replaying each documented event ---------------------------------------------------


def test_a_mention_from_another_instance_becomes_readable_text():
    item = notification_item(load("notification_mention.json"), OWN_ID)
    assert item is not None
    assert item.kind == "mention"
    assert item.remote_id == "113500000000000010"
    assert item.author.handle == "@camille@mastodon.social"
    assert item.author.display_name == "Camille ☕"
    assert item.text == (
        "@boulangerie vos galettes sont-elles pur beurre ? Vu ici : "
        "https://www.example.com/blog/galette-des-rois-2027 #Orléans\n\n"
        "Merci & bonne journée !\nCamille"
    )
    assert item.url == "https://mastodon.social/@camille/113500000000000010"
    assert item.created_at.isoformat() == "2026-11-26T08:15:42+00:00"
    assert item.raw["status"]["content"].startswith('<p><span class="h-card"')


def test_an_answer_to_one_of_our_posts_is_a_reply():
    item = notification_item(load("notification_reply.json"), OWN_ID)
    assert item is not None
    assert item.kind == "reply"
    assert item.in_reply_to == "113400000000000001"


def test_a_direct_mention_is_left_to_the_conversations():
    assert notification_item(load("notification_direct.json"), OWN_ID) is None
    [conversation] = load("conversation.json")
    item = status_item(conversation["last_status"], "direct", thread_id="113500000000000012")
    assert item.text == "@boulangerie Pouvez-vous me réserver deux baguettes ?"


def test_a_content_warning_comes_before_the_text():
    item = notification_item(load("notification_content_warning.json"), OWN_ID)
    assert item is not None
    assert item.text == "Avis négatif\n\n@boulangerie Le pain d\u2019hier était rassis."


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("notification_favourite.json", "like"),
        ("notification_reblog.json", "repost"),
        ("notification_follow.json", "follow"),
    ],
)
def test_reactions_are_events_about_our_post(name, kind):
    payload = load(name)
    item = notification_item(payload, OWN_ID)
    assert item is not None
    assert item.kind == kind
    assert item.remote_id == f"notification:{payload['id']}"
    if payload.get("status"):
        assert item.in_reply_to == payload["status"]["id"]
        assert item.text == "Galette des rois disponible dès samedi !"


def test_a_quote_is_a_quote():
    item = notification_item(load("notification_quote.json"), OWN_ID)
    assert item is not None
    assert (item.kind, item.remote_id) == ("quote", "113500000000000014")


def test_notifications_the_inbox_does_not_show_are_skipped():
    assert notification_item(load("notification_poll.json"), OWN_ID) is None


# --- The emulator answers like Mastodon -------------------------------------------------


def api(server, token: str = "alice_token") -> httpx.Client:  # noqa: S107 (emulator seed)
    return httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {token}"})


def test_the_emulator_statuses_and_notifications_have_the_documented_shape(server):
    with api(server, "bob_token") as bob, api(server) as alice:
        media = bob.post(
            "/api/v2/media",
            files={"file": ("p.png", png(), "image/png")},
            data={"description": "Une photo"},
        ).json()
        status = bob.post(
            "/api/v1/statuses", data={"status": "@alice bonjour #pain", "media_ids[]": media["id"]}
        ).json()
        check_status(status)
        assert status["media_attachments"][0]["description"] == "Une photo"
        notifications = alice.get("/api/v1/notifications").json()
        assert len(notifications) == 1
        check_notification(notifications[0])
        assert notifications[0]["type"] == "mention"
        assert notifications[0]["status"]["id"] == status["id"]


def test_the_emulator_conversations_have_the_documented_shape(server):
    with api(server, "bob_token") as bob, api(server) as alice:
        bob.post("/api/v1/statuses", data={"status": "@alice privé", "visibility": "direct"})
        [conversation] = alice.get("/api/v1/conversations").json()
    assert set(conversation) >= CONVERSATION
    check_status(conversation["last_status"])
    assert [a["username"] for a in conversation["accounts"]] == ["bob"]


def test_the_emulator_paginates_with_link_headers(server):
    with api(server, "bob_token") as bob, api(server) as alice:
        for number in range(3):
            bob.post("/api/v1/statuses", data={"status": f"@alice {number}"})
        response = alice.get("/api/v1/notifications", params={"limit": 2})
    assert len(response.json()) == 2
    assert 'rel="next"' in response.headers["Link"]
    assert "max_id=" in response.headers["Link"]


def test_the_emulator_rate_limit_answer_has_the_documented_headers(server):
    with server.fault(path="/api/v1/notifications", type="ratelimit"), api(server) as alice:
        response = alice.get("/api/v1/notifications")
    assert response.status_code == 429
    for header in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        assert header in response.headers


def test_the_declared_limits_match_the_default_instance_configuration(server):
    configuration = httpx.get(f"{server.base_url}/api/v2/instance").json()["configuration"]
    limits = get_network("mastodon").limits
    assert configuration["statuses"]["max_characters"] == limits.max_text
    assert configuration["statuses"]["max_media_attachments"] == limits.max_media
    assert configuration["statuses"]["characters_reserved_per_url"] == limits.url_length
    assert set(limits.media_types) <= set(
        configuration["media_attachments"]["supported_mime_types"]
    )
