"""Recorded notifications and posts become the inbox's items, one kind each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comptoir.networks.bluesky.items import (
    author_of,
    notification_item,
    post_item,
    post_url,
    split_uri,
)
from tests.networks.bluesky.conftest import DID, fixture

CAMILLE = "did:plc:dvfxf6xtq4b2ca757wocuv2b"
OUR_POST = f"at://{DID}/app.bsky.feed.post/3n36scldkzc2b"


def by_reason() -> dict[str, dict]:
    return {n["reason"]: n for n in fixture("notifications")["notifications"]}


def test_mention() -> None:
    item = notification_item(by_reason()["mention"])
    assert item is not None
    assert item.kind == "mention"
    assert item.remote_id == f"at://{CAMILLE}/app.bsky.feed.post/3n36sclosfc2b"
    assert item.text == "Merci @boulangerie.test pour le pain 🥖 !"
    assert item.author.remote_id == CAMILLE
    assert item.author.handle == "@camille.test"
    assert item.author.url == "https://bsky.app/profile/camille.test"
    assert item.url == "https://bsky.app/profile/camille.test/post/3n36sclosfc2b"
    assert item.created_at == datetime(2026, 11, 26, 4, 6, 23, 854138, tzinfo=UTC)
    assert item.in_reply_to is None
    assert item.thread_id == item.remote_id  # a post that starts its own thread
    assert item.raw["reason"] == "mention"


def test_reply_points_to_its_parent_and_thread() -> None:
    item = notification_item(by_reason()["reply"])
    assert item is not None and item.kind == "reply"
    assert item.text == "Il est délicieux."
    assert item.in_reply_to == OUR_POST
    assert item.thread_id == OUR_POST


def test_quote_is_the_quoting_post() -> None:
    item = notification_item(by_reason()["quote"])
    assert item is not None and item.kind == "quote"
    assert item.remote_id == f"at://{CAMILLE}/app.bsky.feed.post/3n36sclrdh22b"
    assert item.text == "À essayer !"


@pytest.mark.parametrize("reason", ["like", "repost"])
def test_likes_and_reposts_point_at_our_post(reason: str) -> None:
    item = notification_item(by_reason()[reason])
    assert item is not None and item.kind == reason
    assert item.remote_id.startswith(f"at://{CAMILLE}/app.bsky.feed.{reason}/")
    assert item.text == ""
    assert item.in_reply_to == OUR_POST
    assert item.url == f"https://bsky.app/profile/{DID}/post/3n36scldkzc2b"


def test_follow_links_to_the_follower() -> None:
    item = notification_item(by_reason()["follow"])
    assert item is not None and item.kind == "follow"
    assert item.url == "https://bsky.app/profile/camille.test"
    assert item.in_reply_to is None


def test_other_reasons_are_left_out() -> None:
    notification = {**by_reason()["follow"], "reason": "starterpack-joined"}
    assert notification_item(notification) is None


def test_search_result_as_item() -> None:
    [post] = fixture("search_posts")["posts"]
    item = post_item(post, "mention")
    assert item.kind == "mention"
    assert item.text == "Le meilleur kouignamann de la ville"
    assert item.url.startswith("https://bsky.app/profile/camille.test/post/")


def test_invalid_handles_fall_back_to_the_did() -> None:
    author = author_of({"did": CAMILLE, "handle": "handle.invalid", "displayName": "Camille"})
    assert author.handle == f"@{CAMILLE}"
    assert author.display_name == "Camille"


def test_uris() -> None:
    assert split_uri(OUR_POST) == (DID, "app.bsky.feed.post", "3n36scldkzc2b")
    assert post_url("boulangerie.test", OUR_POST) == (
        "https://bsky.app/profile/boulangerie.test/post/3n36scldkzc2b"
    )
    assert post_url("x", "https://not-at-uri") == ""
    for bad in ["at://did:plc:x", "https://x/y/z", "at://a//c"]:
        with pytest.raises(ValueError):
            split_uri(bad)
