"""Mastodon connector: one account on one instance.

Publishing, deleting and reconciling statuses; notifications (mentions, replies,
favourites, boosts, follows, quotes); direct conversations; hashtag and full-text search;
per-status metrics. Cursors are Mastodon ids (numeric strings, newest largest): a call
returns what is newer than its cursor, oldest first, and the cursor to pass next time.
A first read (no cursor) returns the latest page only, not the whole history.
Live notifications (``stream``) come from ``comptoir.networks.mastodon.streaming``.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from comptoir.networks.base import (
    Batch,
    IncomingItem,
    Media,
    OutgoingPost,
    PostMetrics,
    PublishedPost,
)
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.mastodon.client import TIMEOUT, MastodonApi
from comptoir.networks.mastodon.items import (
    moment,
    notification_item,
    published,
    status_item,
)
from comptoir.networks.mastodon.text import (
    comparable,
    html_to_text,
    id_order,
    is_newer,
    with_mentions,
)
from comptoir.networks.models import ConnectedAccount

VISIBILITIES = ("public", "unlisted", "private", "direct")
HASHTAG = re.compile(r"#(\w+)")
PAGE = 40
# Pages read in one call; what is left is read on the next call, from the cursor returned.
MAX_PAGES = 10
# Clocks differ: a status is looked for a little before the moment it was sent.
RECONCILE_SKEW = timedelta(minutes=5)
# The cursor of a stream that was empty on its first read: everything after it is new.
START = "0"
MEDIA_WAIT = 60.0


def by_id(entry: Any) -> tuple[int, str]:
    return id_order(str(entry["id"]))


def status_options(options: dict[str, Any]) -> dict[str, Any]:
    """The publishing options Mastodon understands, checked before anything is sent."""
    visibility = options.get("visibility")
    if visibility is not None and visibility not in VISIBILITIES:
        raise NetworkError(ErrorKind.VALIDATION, f"unknown visibility {visibility!r}")
    spoiler = options.get("spoiler_text") or options.get("content_warning") or None
    return {
        "visibility": visibility,
        "spoiler_text": spoiler,
        "sensitive": bool(options.get("sensitive", False)),
        "language": options.get("language"),
    }


class MastodonConnector:
    """Built for one ConnectedAccount; never writes to the database."""

    def __init__(
        self,
        account: ConnectedAccount,
        *,
        timeout: float = TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        try:
            credentials = account.credentials
        except ValueError as exc:
            raise NetworkError(ErrorKind.AUTH_EXPIRED, str(exc)) from exc
        self.own_id = str(credentials.get("account_id") or account.remote_id.split("@")[0])
        token = str(credentials.get("access_token") or "")
        self.api = MastodonApi(account.server_url, token, timeout=timeout, sleep=sleep)
        self.client = self.api.client

    # --- Publisher ------------------------------------------------------------------

    def publish(self, post: OutgoingPost) -> PublishedPost:
        options = status_options(post.options)
        media_ids = [self._upload(media) for media in post.media]
        # With an Idempotency-Key the instance answers a repeated request with the status it
        # created the first time, so publishing again with the same key after an unknown
        # outcome is safe (Mastodon keeps a key for an hour). It is not retried here, at once:
        # the first request may still be running on the instance, and Mastodon only records
        # the key when it has finished.
        status = self.api.write(
            lambda: self.client.status_post(
                post.text,
                in_reply_to_id=post.in_reply_to,
                media_ids=media_ids or None,
                idempotency_key=post.idempotency_key,
                **options,
            )
        )
        return published(status)

    def _upload(self, media: Media) -> Any:
        """Upload one attachment and wait until the instance has processed it."""
        try:
            attachment = self.api.write(
                lambda: self.client.media_post(
                    media.content,
                    mime_type=media.mime_type,
                    description=media.alt_text or None,
                    file_name=media.filename,
                ),
                media=True,
            )
        except NetworkError as error:
            # No status was sent, so publishing again is safe whatever happened to the upload
            # (an attachment left behind is removed by the instance itself).
            kind = ErrorKind.SERVER if error.kind is ErrorKind.UNKNOWN else error.kind
            raise NetworkError(
                kind, error.detail, status=error.status, retry_after=error.retry_after
            ) from error
        deadline = time.monotonic() + MEDIA_WAIT
        while not attachment.get("url"):
            if time.monotonic() > deadline:
                raise NetworkError(ErrorKind.MEDIA_PROCESSING, "media still processing")
            self.api.sleep(1.0)
            attachment = self.api.read(partial(self.client.media, attachment["id"]))
        return attachment["id"]

    def delete(self, remote_id: str) -> None:
        try:
            self.api.write(lambda: self.client.status_delete(remote_id))
        except NetworkError as error:
            if error.status != 404:  # already gone is what was asked
                raise

    def find_published(self, post: OutgoingPost, since: datetime) -> PublishedPost | None:
        """Look through the account's own recent statuses for this post."""
        wanted = comparable(post.text)
        warning = status_options(post.options)["spoiler_text"] or ""
        floor = since - RECONCILE_SKEW
        page = self.api.read(
            lambda: self.client.account_statuses(self.own_id, exclude_reblogs=True, limit=PAGE)
        )
        for _ in range(MAX_PAGES):
            if not page:
                return None
            for status in page:
                if moment(status.get("created_at")) < floor:
                    return None
                if (
                    comparable(html_to_text(str(status.get("content") or ""))) == wanted
                    and (
                        post.in_reply_to is None
                        or str(status.get("in_reply_to_id")) == post.in_reply_to
                    )
                    and str(status.get("spoiler_text") or "") == warning
                ):
                    return published(status)
            page = self.api.read(partial(self.client.fetch_next, page))
        return None

    # --- Engagement -----------------------------------------------------------------

    def fetch_since(self, cursor: str | None) -> Batch:
        """Notifications newer than ``cursor``; without one, the latest page."""
        notifications, newest = self._since(self.client.notifications, cursor)
        items = [notification_item(n, self.own_id) for n in notifications]
        return Batch([item for item in items if item is not None], newest)

    def reply(self, remote_id: str, post: OutgoingPost) -> PublishedPost:
        """Answer a status, mentioning its author and the people it mentions."""
        parent = self.api.read(lambda: self.client.status(remote_id))
        people = [parent["account"], *parent.get("mentions", [])]
        accts = [str(p["acct"]) for p in people if str(p["id"]) != self.own_id]
        options = {"visibility": parent.get("visibility"), **post.options}
        return self.publish(
            replace(
                post,
                text=with_mentions(post.text, list(dict.fromkeys(accts))),
                in_reply_to=remote_id,
                options=options,
            )
        )

    def _since(self, fetch: Callable[..., Any], cursor: str | None) -> tuple[list[Any], str | None]:
        """Entries newer than ``cursor`` from a min_id-paginated list, oldest first."""
        collected: list[Any] = []
        position = cursor
        for _ in range(MAX_PAGES):
            page = self.api.read(partial(fetch, min_id=position, limit=PAGE))
            fresh = sorted((e for e in page or [] if is_newer(str(e["id"]), position)), key=by_id)
            if not fresh:
                break
            collected.extend(fresh)
            position = str(fresh[-1]["id"])
            if cursor is None or len(page) < PAGE:
                break
        return collected, position or START

    # --- LiveStream -----------------------------------------------------------------

    def stream(
        self,
        on_item: Callable[[IncomingItem], None],
        stop_event: threading.Event,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        """The notifications stream: the same items as ``fetch_since``, as they happen."""
        from comptoir.networks.mastodon.streaming import stream_notifications

        stream_notifications(self, on_item, stop_event, on_open)

    # --- Messaging ------------------------------------------------------------------

    def fetch_messages(self, cursor: str | None) -> Batch:
        """Direct messages newer than ``cursor``, each with the id of its thread's first
        status as ``thread_id`` (stable, unlike conversation ids on some servers)."""
        conversations = self._new_conversations(cursor)
        items: list[IncomingItem] = []
        seen: set[str] = set()
        newest = cursor
        for conversation in conversations:
            last = conversation["last_status"]
            newest = str(last["id"])
            for status, root in self._thread(last, whole=cursor is not None):
                sid = str(status["id"])
                if (
                    sid not in seen
                    and status.get("visibility") == "direct"
                    and str(status["account"]["id"]) != self.own_id
                    and is_newer(sid, cursor)
                ):
                    seen.add(sid)
                    items.append(status_item(status, "direct", thread_id=root))
        items.sort(key=lambda item: id_order(item.remote_id))
        return Batch(items, newest or START)

    def _new_conversations(self, cursor: str | None) -> list[Any]:
        page = self.api.read(lambda: self.client.conversations(limit=PAGE))
        found: list[Any] = []
        for _ in range(MAX_PAGES):
            fresh = [
                c
                for c in page or []
                if c.get("last_status") and is_newer(str(c["last_status"]["id"]), cursor)
            ]
            found.extend(fresh)
            if cursor is None or not page or len(fresh) < len(page):
                break
            page = self.api.read(partial(self.client.fetch_next, page))
        return sorted(found, key=lambda c: by_id(c["last_status"]))

    def _thread(self, last: Any, *, whole: bool) -> list[tuple[Any, str]]:
        """(status, root id) for the statuses of ``last``'s thread worth looking at."""
        if last.get("in_reply_to_id") is None:
            return [(last, str(last["id"]))]
        ancestors = self.api.read(lambda: self.client.status_context(last["id"]))["ancestors"]
        root = ancestors[0] if ancestors else last
        if not whole:
            return [(last, str(root["id"]))]
        descendants = self.api.read(lambda: self.client.status_context(root["id"]))
        return [(s, str(root["id"])) for s in [root, *descendants["descendants"], last]]

    def send_message(
        self, thread_id: str, text: str, *, idempotency_key: str | None = None
    ) -> PublishedPost:
        """Answer a direct thread: a direct status replying to its latest message and
        mentioning every participant (on Mastodon, that is who receives it).

        With an ``idempotency_key`` a repeated request returns the first status, as for
        ``publish``.
        """
        root = self.api.read(lambda: self.client.status(thread_id))
        context = self.api.read(lambda: self.client.status_context(thread_id))
        thread = [s for s in [root, *context["descendants"]] if s.get("visibility") == "direct"]
        if not thread:
            raise NetworkError(ErrorKind.VALIDATION, f"{thread_id} is not a direct thread")
        accts: dict[str, str] = {}
        for status in thread:
            for person in [status["account"], *status.get("mentions", [])]:
                if str(person["id"]) != self.own_id:
                    accts.setdefault(str(person["id"]), str(person["acct"]))
        if not accts:
            raise NetworkError(ErrorKind.VALIDATION, f"nobody else in thread {thread_id}")
        last = max(thread, key=by_id)
        status = self.api.write(
            lambda: self.client.status_post(
                with_mentions(text, list(accts.values())),
                in_reply_to_id=last["id"],
                visibility="direct",
                idempotency_key=idempotency_key,
            )
        )
        return published(status)

    # --- Listener -------------------------------------------------------------------

    def search(self, query: str, cursor: str | None) -> Batch:
        """Public statuses of other accounts: a hashtag timeline for ``#tag``, otherwise
        the instance's search (full text only where the instance offers it)."""
        query = query.strip()
        tag = HASHTAG.fullmatch(query)
        if tag:
            name = tag.group(1)
            statuses, newest = self._since(
                lambda **page: self.client.timeline_hashtag(name, **page), cursor
            )
        else:
            result = self.api.read(
                lambda: self.client.search_v2(
                    query, resolve=False, result_type="statuses", min_id=cursor, limit=PAGE
                )
            )
            statuses = sorted(
                (s for s in result["statuses"] if is_newer(str(s["id"]), cursor)), key=by_id
            )
            newest = str(statuses[-1]["id"]) if statuses else cursor or START
        items = [
            status_item(s, "mention") for s in statuses if str(s["account"]["id"]) != self.own_id
        ]
        return Batch(items, newest)

    # --- Metrics --------------------------------------------------------------------

    def post_metrics(self, remote_ids: list[str]) -> list[PostMetrics]:
        """Counters of each status; a status deleted since is left out."""
        metrics = []
        for remote_id in remote_ids:
            try:
                status = self.api.read(partial(self.client.status, remote_id))
            except NetworkError as error:
                if error.status == 404:
                    continue
                raise
            metrics.append(
                PostMetrics(
                    remote_id=remote_id,
                    likes=int(status.get("favourites_count") or 0),
                    reposts=int(status.get("reblogs_count") or 0),
                    replies=int(status.get("replies_count") or 0),
                    quotes=int(status.get("quotes_count") or 0),
                )
            )
        return metrics
