"""The live stream of one Bluesky account: the network's new posts, kept when they concern it.

Bluesky has no stream of one account's notifications: its live sources carry every new
post of the network. We read the one the operator chose (``BLUESKY_STREAM_URL``: a
Jetstream service, or the AT Protocol firehose of a relay or PDS; none by default) and
keep the posts that reply to the account's posts, quote one, or mention its DID: what its
notifications call ``reply``, ``quote`` and ``mention``. Each becomes the IncomingItem
polling would make of the notification (the post's URI as id, the author's handle from
the AppView), so a post seen by both paths is stored once. Likes, reposts and follows
are left to polling.

The whole network's posts are read for each streamed account (tens a second on Bluesky
today, gigabytes a day), all of them dropped but the few that concern it: that cost is
why the stream is off unless configured.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from atproto import models
from django.conf import settings

from comptoir.networks.base import IncomingItem
from comptoir.networks.bluesky.items import (
    as_json,
    author_of,
    created_at,
    handle_of,
    post_url,
    reply_refs,
)
from comptoir.networks.bluesky.listening import StreamPost, consume_firehose, consume_jetstream
from comptoir.networks.errors import ErrorKind, NetworkError

logger = logging.getLogger(__name__)

MENTION = "app.bsky.richtext.facet#mention"
EMBED_RECORD = "app.bsky.embed.record"
EMBED_RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia"


def stream_available() -> bool:
    return bool(settings.BLUESKY_STREAM_URL)


def is_firehose(url: str) -> bool:
    """A firehose is addressed by its XRPC base (``wss://host/xrpc``); anything else is
    a Jetstream ``/subscribe`` address."""
    return url.rstrip("/").endswith("/xrpc")


def _of(uri: Any, did: str) -> bool:
    return isinstance(uri, str) and uri.startswith(f"at://{did}/")


def quoted_uri(record: dict[str, Any]) -> Any:
    embed = record.get("embed")
    if not isinstance(embed, dict):
        return None
    inner = embed.get("record")
    if embed.get("$type") == EMBED_RECORD_WITH_MEDIA and isinstance(inner, dict):
        inner = inner.get("record")
    if embed.get("$type") in (EMBED_RECORD, EMBED_RECORD_WITH_MEDIA) and isinstance(inner, dict):
        return inner.get("uri")
    return None


def mentions(record: dict[str, Any], did: str) -> bool:
    features = [
        feature
        for facet in record.get("facets") or []
        if isinstance(facet, dict)
        for feature in facet.get("features") or []
        if isinstance(feature, dict)
    ]
    return any(f.get("$type") == MENTION and f.get("did") == did for f in features)


def concern(post: StreamPost, did: str) -> str | None:
    """Which notification the post would give the account (``did``), if any.

    The order is Bluesky's: a reply that also mentions the account notifies a reply.
    """
    if post.did == did:
        return None  # the account's own posts
    parent, root = reply_refs(post.record)
    if _of(parent, did) or _of(root, did):
        return "reply"
    if _of(quoted_uri(post.record), did):
        return "quote"
    if mentions(post.record, did):
        return "mention"
    return None


def live_item(post: StreamPost, kind: str, profile: dict[str, Any]) -> IncomingItem:
    """The item polling would make of the same post's notification."""
    parent, root = reply_refs(post.record)
    return IncomingItem(
        remote_id=post.uri,
        kind=kind,
        author=author_of(profile),
        text=post.text,
        created_at=created_at(post.record, post.created_at.isoformat()),
        url=post_url(handle_of(profile), post.uri),
        in_reply_to=parent,
        thread_id=root or post.uri,
        raw={"uri": post.uri, "reason": kind, "record": post.record},
    )


class AccountFilter:
    """Turns the network's posts into the account's items; authors are looked up once."""

    def __init__(self, connector: Any, on_item: Callable[[IncomingItem], None]) -> None:
        self.connector = connector
        self.on_item = on_item
        self.authors: dict[str, dict[str, Any]] = {}

    def __call__(self, post: StreamPost) -> None:
        kind = concern(post, self.connector.did)
        if kind is None:
            return
        try:
            profile = self.profile(post.did)
        except NetworkError as error:
            # Without the author's handle the message could not be told apart from the one
            # polling stores: it is left to polling.
            logger.info(
                "Bluesky author %s could not be read (%s): left to polling", post.did, error
            )
            return
        self.on_item(live_item(post, kind, profile))

    def profile(self, did: str) -> dict[str, Any]:
        if did not in self.authors:
            client = self.connector.client
            params = models.AppBskyActorGetProfile.Params(actor=did)
            found = self.connector.api.read(lambda: client.app.bsky.actor.get_profile(params))
            self.authors[did] = as_json(found)
        return self.authors[did]


def stream_account(
    connector: Any,
    on_item: Callable[[IncomingItem], None],
    stop_event: threading.Event,
    on_open: Callable[[], None] | None = None,
) -> None:
    """``BlueskyConnector.stream``: blocks until ``stop_event``; raises when the source is
    lost for good (the firehose client gave up), so the caller reconnects and polls."""
    url = str(settings.BLUESKY_STREAM_URL)
    if not url:
        raise NetworkError(ErrorKind.UNSUPPORTED, "no Bluesky stream is configured")
    posts = AccountFilter(connector, on_item)
    if is_firehose(url):
        consume_firehose(url, posts, stop_event, on_open=on_open)
    else:
        consume_jetstream(posts, stop_event, url=url, on_open=on_open)
    if not stop_event.is_set():
        raise NetworkError(ErrorKind.NETWORK, "the Bluesky stream ended")
