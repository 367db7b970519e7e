"""Bluesky connector: one account, through its PDS (which forwards reads to the AppView).

Publishing posts (text with mention, link and tag facets, images with alt text, replies,
threads), deleting them and reconciling unknown outcomes; notifications (mentions,
replies, quotes, likes, reposts, follows) and post search read incrementally; per-post
metrics. Live listening is in ``comptoir.networks.bluesky.listening``; the live stream of
what concerns the account, in ``comptoir.networks.bluesky.live``.

Publishing with an idempotency key is idempotent: the key decides the record key, so a
repeated attempt finds the post the first attempt created (see ``records``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import httpx
from atproto import models

from comptoir.networks.base import (
    AccountInfo,
    Batch,
    IncomingItem,
    OutgoingPost,
    PostMetrics,
    PublishedPost,
)
from comptoir.networks.bluesky.account import connect_account
from comptoir.networks.bluesky.api import TIMEOUT, BlueskyApi
from comptoir.networks.bluesky.forms import BlueskyConnectForm
from comptoir.networks.bluesky.items import as_json, notification_item, post_item, split_uri
from comptoir.networks.bluesky.paging import Entry, moment, read_newer
from comptoir.networks.bluesky.posts import Posts
from comptoir.networks.bluesky.records import check_post, languages, reply_ref, tid_for_key
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import get_network

PAGE = 100
MAX_PAGES = 10
SEARCH_PAGES = 5
GET_POSTS_MAX = 25
# Clocks differ: a post is looked for a little before the moment it was sent.
RECONCILE_SKEW = timedelta(minutes=5)


class BlueskyConnector:
    """Built for one ConnectedAccount; never writes to the database.

    A refreshed or recreated session is offered in ``updated_credentials`` for the
    caller to store.
    """

    connect_form = BlueskyConnectForm

    def __init__(
        self,
        account: ConnectedAccount,
        *,
        timeout: float = TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        try:
            credentials = account.credentials
        except ValueError as exc:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, str(exc)) from exc
        self.did = account.remote_id
        self.handle = account.handle
        self.api = BlueskyApi(
            did=self.did,
            pds_url=account.server_url,
            credentials=credentials,
            timeout=timeout,
            transport=transport,
            sleep=sleep,
        )
        self.client = self.api.client
        self.posts = Posts(self.api, self.did, self.handle)

    @property
    def updated_credentials(self) -> dict[str, Any] | None:
        return self.api.updated_credentials

    # --- Connecting -----------------------------------------------------------------

    @classmethod
    def connect(
        cls,
        data: dict[str, Any],
        *,
        timeout: float = TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> AccountInfo:
        """Log in with the handle and app password; refuse the account's main password."""
        return connect_account(data, timeout=timeout, transport=transport)

    # --- Publisher ------------------------------------------------------------------

    def publish(self, post: OutgoingPost) -> PublishedPost:
        check_post(post, get_network("bluesky").limits)
        langs = languages(post.options)
        reply = self.posts.reply_to(post.in_reply_to) if post.in_reply_to else None
        published, _ref = self.posts.create(post, reply, langs)
        return published

    def publish_thread(self, posts: Sequence[OutgoingPost]) -> list[PublishedPost]:
        """Publish posts as a thread, each answering the previous one.

        Without their own idempotency keys, later posts get the first post's key with
        their position, so publishing the same thread again completes it without
        repeating the posts already out.
        """
        if not posts:
            return []
        limits = get_network("bluesky").limits
        for post in posts:
            check_post(post, limits)
        first_key = posts[0].idempotency_key
        reply = self.posts.reply_to(posts[0].in_reply_to) if posts[0].in_reply_to else None
        results = []
        for position, post in enumerate(posts):
            if post.idempotency_key is None and first_key and position:
                post = replace(post, idempotency_key=f"{first_key}#{position}")
            published, ref = self.posts.create(post, reply, languages(post.options))
            results.append(published)
            reply = reply_ref(parent=ref, root=reply.root if reply else ref)
        return results

    def delete(self, remote_id: str) -> None:
        try:
            did, collection, rkey = split_uri(remote_id)
        except ValueError as exc:
            raise NetworkError(ErrorKind.VALIDATION, str(exc)) from exc
        if did != self.did:
            raise NetworkError(ErrorKind.VALIDATION, f"{remote_id} is not this account's")
        data = models.ComAtprotoRepoDeleteRecord.Data(repo=did, collection=collection, rkey=rkey)
        # Deleting a record that is already gone succeeds: the wanted outcome.
        self.api.write(lambda: self.client.com.atproto.repo.delete_record(data))

    def find_published(self, post: OutgoingPost, since: datetime) -> PublishedPost | None:
        """The post if it is on the network: by its record key when it has an idempotency
        key, otherwise among the account's recent posts, by text and parent."""
        if post.idempotency_key:
            found = self.posts.own_post(tid_for_key(post.idempotency_key))
            return found[0] if found else None
        return self.posts.find_recent(post.text, post.in_reply_to, since - RECONCILE_SKEW)

    # --- Engagement -----------------------------------------------------------------

    def fetch_since(self, cursor: str | None) -> Batch:
        """Notifications newer than ``cursor``, oldest first; without one, the latest page."""

        def page(api_cursor: str | None) -> tuple[list[Entry], str | None]:
            params = models.AppBskyNotificationListNotifications.Params(
                limit=PAGE, cursor=api_cursor
            )
            response = self.api.read(
                lambda: self.client.app.bsky.notification.list_notifications(params)
            )
            entries = [
                Entry(str(n.uri), moment(n.indexed_at), as_json(n)) for n in response.notifications
            ]
            return entries, response.cursor

        entries, new_cursor = read_newer(page, cursor, max_pages=MAX_PAGES)
        items = [notification_item(entry.value) for entry in entries]
        return Batch([item for item in items if item is not None], new_cursor)

    def reply(self, remote_id: str, post: OutgoingPost) -> PublishedPost:
        return self.publish(replace(post, in_reply_to=remote_id))

    # --- LiveStream -----------------------------------------------------------------

    @staticmethod
    def live_stream_available() -> bool:
        """The stream needs a source of the network's posts (``BLUESKY_STREAM_URL``)."""
        from comptoir.networks.bluesky.live import stream_available

        return stream_available()

    def stream(
        self,
        on_item: Callable[[IncomingItem], None],
        stop_event: threading.Event,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        """Replies, quotes and mentions as they are posted: the posts of ``fetch_since``."""
        from comptoir.networks.bluesky.live import stream_account

        stream_account(self, on_item, stop_event, on_open)

    # --- Listener -------------------------------------------------------------------

    def search(self, query: str, cursor: str | None) -> Batch:
        """Other accounts' posts matching ``query`` (newest indexed first by Bluesky),
        new since ``cursor``, oldest first."""
        query = query.strip()
        if not query:
            raise NetworkError(ErrorKind.VALIDATION, "empty search")

        def page(api_cursor: str | None) -> tuple[list[Entry], str | None]:
            params = models.AppBskyFeedSearchPosts.Params(
                q=query, sort="latest", limit=PAGE, cursor=api_cursor
            )
            response = self.api.read(lambda: self.client.app.bsky.feed.search_posts(params))
            entries = [Entry(str(p.uri), moment(p.indexed_at), as_json(p)) for p in response.posts]
            return entries, response.cursor

        entries, new_cursor = read_newer(page, cursor, max_pages=SEARCH_PAGES)
        items = [
            post_item(entry.value, "mention")
            for entry in entries
            if (entry.value.get("author") or {}).get("did") != self.did
        ]
        return Batch(items, new_cursor)

    # --- Metrics --------------------------------------------------------------------

    def post_metrics(self, remote_ids: list[str]) -> list[PostMetrics]:
        """Likes, reposts, replies and quotes of each post; deleted posts are left out."""
        valid = []
        for remote_id in remote_ids:
            try:
                split_uri(remote_id)
            except ValueError:
                continue
            valid.append(remote_id)
        counted: dict[str, PostMetrics] = {}
        for start in range(0, len(valid), GET_POSTS_MAX):
            chunk = valid[start : start + GET_POSTS_MAX]
            posts = self.api.read(partial(self.client.get_posts, chunk)).posts
            for view in posts:
                counted[str(view.uri)] = PostMetrics(
                    remote_id=str(view.uri),
                    likes=int(view.like_count or 0),
                    reposts=int(view.repost_count or 0),
                    replies=int(view.reply_count or 0),
                    quotes=int(view.quote_count or 0),
                )
        return [counted[remote_id] for remote_id in valid if remote_id in counted]
