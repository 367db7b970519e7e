"""Which of the network's posts concern the account, on posts recorded from the local network.

Each recorded notification carries the post that caused it: the stream, seeing the same
post go by, must find the same reason and make the same item as polling.
"""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.networks.bluesky.items import notification_item, split_uri
from comptoir.networks.bluesky.listening import stream_post
from comptoir.networks.bluesky.live import EMBED_RECORD_WITH_MEDIA, concern, live_item
from tests.networks.bluesky.conftest import DID, fixture

POSTS = [
    n
    for n in fixture("notifications")["notifications"]
    if n["reason"] in {"mention", "reply", "quote"}
]


def as_streamed(notification: dict[str, Any]) -> Any:
    did, _collection, rkey = split_uri(notification["uri"])
    return stream_post(did, rkey, notification["record"], cursor=1)


@pytest.mark.parametrize("notification", POSTS, ids=[n["reason"] for n in POSTS])
def test_the_stream_finds_what_the_notification_says(notification: dict[str, Any]) -> None:
    post = as_streamed(notification)
    kind = concern(post, DID)
    assert kind == notification["reason"]

    live = live_item(post, kind, notification["author"])
    polled = notification_item(notification)
    assert polled is not None
    assert (live.remote_id, live.kind, live.text, live.url) == (
        polled.remote_id,
        polled.kind,
        polled.text,
        polled.url,
    )
    assert live.author == polled.author
    assert (live.in_reply_to, live.thread_id, live.created_at) == (
        polled.in_reply_to,
        polled.thread_id,
        polled.created_at,
    )


def test_every_kind_of_post_is_recorded() -> None:
    assert {n["reason"] for n in POSTS} == {"mention", "reply", "quote"}


def test_a_quote_with_a_photo_is_a_quote() -> None:
    [quote] = [n for n in POSTS if n["reason"] == "quote"]
    record = dict(quote["record"])
    record["embed"] = {
        "$type": EMBED_RECORD_WITH_MEDIA,
        "record": {"$type": "app.bsky.embed.record", "record": record["embed"]["record"]},
        "media": {"$type": "app.bsky.embed.images", "images": []},
    }
    did, _collection, rkey = split_uri(quote["uri"])
    assert concern(stream_post(did, rkey, record, cursor=1), DID) == "quote"


def test_the_accounts_own_posts_and_posts_about_others_are_left_out() -> None:
    [mention] = [n for n in POSTS if n["reason"] == "mention"]
    post = as_streamed(mention)
    assert concern(post, "did:plc:someoneelse") is None
    _did, _collection, rkey = split_uri(mention["uri"])
    own = stream_post(DID, rkey, mention["record"], cursor=1)  # mentioning itself
    assert concern(own, DID) is None
