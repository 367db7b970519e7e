"""Bluesky connector: one account, through its PDS (which forwards reads to the AppView).

Publishing posts (text with mention, link and tag facets, images with alt text, replies,
threads), deleting them and reconciling unknown outcomes; notifications (mentions,
replies, quotes, likes, reposts, follows) and post search read incrementally; per-post
metrics. Live listening is in ``comptoir.networks.bluesky.listening``.

Publishing with an idempotency key is idempotent: the key decides the record key, so a
repeated attempt finds the post the first attempt created (see ``records``).
"""

from __future__ import annotations

import contextlib
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import httpx
from atproto import models
from atproto_client.models.utils import get_response_model

from comptoir.networks.base import (
    AccountInfo,
    Batch,
    Media,
    OutgoingPost,
    PostMetrics,
    PublishedPost,
)
from comptoir.networks.bluesky.api import (
    SDK_ERRORS,
    TIMEOUT,
    BlueskyApi,
    base_of,
    check_address,
    create_session,
    new_client,
)
from comptoir.networks.bluesky.errors import CredentialsRefusedError, MainPasswordError
from comptoir.networks.bluesky.facets import build_facets
from comptoir.networks.bluesky.forms import BlueskyConnectForm, normalise_service
from comptoir.networks.bluesky.items import (
    as_json,
    notification_item,
    post_item,
    post_url,
    split_uri,
)
from comptoir.networks.bluesky.paging import Entry, moment, read_newer
from comptoir.networks.bluesky.records import (
    POST,
    check_post,
    images_embed,
    languages,
    post_record,
    reply_ref,
    strong_ref,
    tid_for_key,
)
from comptoir.networks.errors import ErrorKind, NetworkError
from comptoir.networks.models import ConnectedAccount
from comptoir.networks.registry import get_network

PAGE = 100
MAX_PAGES = 10
SEARCH_PAGES = 5
GET_POSTS_MAX = 25
# Clocks differ: a post is looked for a little before the moment it was sent.
RECONCILE_SKEW = timedelta(minutes=5)
# The session scope of a login with the main password (an app password gives appPass).
FULL_ACCESS_SCOPE = "com.atproto.access"
# Errors after which a record may exist with the key we chose.
MAYBE_CREATED = {
    ErrorKind.SERVER,
    ErrorKind.NETWORK,
    ErrorKind.UNKNOWN,
    ErrorKind.DUPLICATE_CONTENT,
}


def comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


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
        try:
            service = normalise_service(str(data.get("server") or ""))
        except ValueError:
            raise NetworkError(ErrorKind.VALIDATION, f"bad server {data.get('server')!r}") from None
        check_address(service)
        client = new_client(service, timeout=timeout, transport=transport)
        password = str(data["app_password"])
        try:
            session = create_session(client, str(data["handle"]), password)
        except NetworkError as error:
            if error.kind is ErrorKind.AUTH_EXPIRED:
                raise CredentialsRefusedError(error.detail) from error
            raise
        if getattr(session.access_jwt_payload, "scope", None) == FULL_ACCESS_SCOPE:
            # Close the session at once (it would expire by itself); the password is not kept.
            with contextlib.suppress(*SDK_ERRORS):
                client.com.atproto.server.delete_session(
                    headers=client._get_refresh_auth_headers(), ignore_session_check=True
                )
            raise MainPasswordError()
        try:
            profile = client.app.bsky.actor.get_profile(
                models.AppBskyActorGetProfile.Params(actor=session.did)
            )
            display_name = str(profile.display_name or "")
        except SDK_ERRORS:
            display_name = ""  # a new account may not be known to the AppView yet
        return AccountInfo(
            remote_id=session.did,
            handle=session.handle,
            display_name=display_name,
            server_url=base_of(client),
            credentials={
                "identifier": session.did,
                "app_password": password,
                "service": service,
                "session": session.encode(),
            },
        )

    # --- Publisher ------------------------------------------------------------------

    def publish(self, post: OutgoingPost) -> PublishedPost:
        check_post(post, get_network("bluesky").limits)
        langs = languages(post.options)
        reply = self._reply_to(post.in_reply_to) if post.in_reply_to else None
        published, _ref = self._create(post, reply, langs)
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
        reply = self._reply_to(posts[0].in_reply_to) if posts[0].in_reply_to else None
        results = []
        for position, post in enumerate(posts):
            if post.idempotency_key is None and first_key and position:
                post = replace(post, idempotency_key=f"{first_key}#{position}")
            published, ref = self._create(post, reply, languages(post.options))
            results.append(published)
            reply = reply_ref(parent=ref, root=reply.root if reply else ref)
        return results

    def _create(
        self,
        post: OutgoingPost,
        reply: models.AppBskyFeedPost.ReplyRef | None,
        langs: list[str] | None,
    ) -> tuple[PublishedPost, Any]:
        rkey = tid_for_key(post.idempotency_key) if post.idempotency_key else None
        if rkey is not None and (earlier := self._own_post(rkey)) is not None:
            return earlier
        facets = build_facets(post.text, self._resolve)
        blobs = [self._upload(media) for media in post.media]
        embed = images_embed(blobs, post.media) if blobs else None
        record = post_record(post.text, facets=facets, langs=langs, reply=reply, embed=embed)
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=self.did, collection=POST, record=record, rkey=rkey
        )
        try:
            created = self.api.write(lambda: self.client.com.atproto.repo.create_record(data))
        except NetworkError as error:
            if rkey is None or error.kind not in MAYBE_CREATED:
                raise
            # The key names one record: if it exists now, this attempt or an earlier one
            # created it.
            try:
                found = self._own_post(rkey)
            except NetworkError:
                raise error from None
            if found is None:
                raise
            return found
        published = PublishedPost(
            remote_id=created.uri,
            url=post_url(self.handle, created.uri),
            published_at=moment(record.created_at),
        )
        return published, strong_ref(created.uri, created.cid)

    def _own_post(self, rkey: str) -> tuple[PublishedPost, Any] | None:
        params = models.ComAtprotoRepoGetRecord.Params(repo=self.did, collection=POST, rkey=rkey)
        try:
            found = self.api.read(lambda: self.client.com.atproto.repo.get_record(params))
        except NetworkError as error:
            if error.kind is ErrorKind.VALIDATION:  # 400 RecordNotFound
                return None
            raise
        value = as_json(found.value)
        published = PublishedPost(
            remote_id=found.uri,
            url=post_url(self.handle, found.uri),
            published_at=moment(value.get("createdAt")) if value.get("createdAt") else None,
        )
        return published, strong_ref(found.uri, str(found.cid))

    def _resolve(self, handle: str) -> str | None:
        """The DID of a handle, or None when it is nobody's."""
        params = models.ComAtprotoIdentityResolveHandle.Params(handle=handle)
        try:
            found = self.api.read(lambda: self.client.com.atproto.identity.resolve_handle(params))
        except NetworkError as error:
            if error.kind is ErrorKind.VALIDATION:  # 400 HandleNotFound
                return None
            raise
        return str(found.did)

    def _upload(self, media: Media) -> Any:
        try:
            # Sent as ``content`` with its own type: the SDK's upload_blob passes the bytes
            # to httpx as form ``data`` with a generic type.
            uploaded = self.api.write(
                lambda: get_response_model(
                    self.client.invoke_procedure(
                        "com.atproto.repo.uploadBlob",
                        content=media.content,
                        headers={"Content-Type": media.mime_type},
                    ),
                    models.ComAtprotoRepoUploadBlob.Response,
                ),
                media=True,
            )
        except NetworkError as error:
            # No post was sent: a blob nobody references is removed by the PDS itself.
            raise NetworkError(
                error.kind, error.detail, status=error.status, retry_after=error.retry_after
            ) from error
        return uploaded.blob

    def _lookup(self, uri: str) -> tuple[str, dict[str, Any]] | None:
        """(cid, record) of any post: from the AppView, else from the repository."""
        try:
            did, collection, rkey = split_uri(uri)
        except ValueError as exc:
            raise NetworkError(ErrorKind.VALIDATION, str(exc)) from exc
        posts = self.api.read(lambda: self.client.get_posts([uri])).posts
        if posts:
            return str(posts[0].cid), as_json(posts[0].record)
        params = models.ComAtprotoRepoGetRecord.Params(repo=did, collection=collection, rkey=rkey)
        try:
            found = self.api.read(lambda: self.client.com.atproto.repo.get_record(params))
        except NetworkError as error:
            if error.kind is ErrorKind.VALIDATION:
                return None
            raise
        return str(found.cid), as_json(found.value)

    def _reply_to(self, uri: str) -> models.AppBskyFeedPost.ReplyRef:
        """Parent and root references of an answer to ``uri``."""
        found = self._lookup(uri)
        if found is None:
            raise NetworkError(ErrorKind.VALIDATION, f"no post {uri} to answer")
        cid, record = found
        parent = strong_ref(uri, cid)
        root = (record.get("reply") or {}).get("root") or {}
        if root.get("uri") and root.get("cid"):
            return reply_ref(parent=parent, root=strong_ref(str(root["uri"]), str(root["cid"])))
        return reply_ref(parent=parent, root=parent)

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
            found = self._own_post(tid_for_key(post.idempotency_key))
            return found[0] if found else None
        wanted = comparable(post.text)
        floor = since - RECONCILE_SKEW
        cursor = None
        for _ in range(MAX_PAGES):
            params = models.ComAtprotoRepoListRecords.Params(
                repo=self.did, collection=POST, limit=PAGE, cursor=cursor
            )
            page = self.api.read(partial(self.client.com.atproto.repo.list_records, params))
            recent = False
            for entry in page.records:
                value = as_json(entry.value)
                if moment(value.get("createdAt")) < floor:
                    continue
                recent = True
                parent = ((value.get("reply") or {}).get("parent") or {}).get("uri")
                if comparable(str(value.get("text") or "")) == wanted and parent == (
                    post.in_reply_to or None
                ):
                    return PublishedPost(
                        remote_id=entry.uri,
                        url=post_url(self.handle, entry.uri),
                        published_at=moment(value.get("createdAt")),
                    )
            cursor = page.cursor
            if not cursor or not recent:
                return None
        return None

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
