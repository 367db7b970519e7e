"""Record-level work on one account's repository: creating posts with their facets,
images and reply references, finding them again by record key or by text.

``Posts`` is what the connector's publishing methods are made of; it shares the
connector's ``BlueskyApi`` and so its error and session rules.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import partial
from typing import Any

from atproto import models
from atproto_client.models.utils import get_response_model

from comptoir.networks.base import Media, OutgoingPost, PublishedPost
from comptoir.networks.bluesky.api import BlueskyApi
from comptoir.networks.bluesky.facets import build_facets
from comptoir.networks.bluesky.items import as_json, post_url, split_uri
from comptoir.networks.bluesky.paging import moment
from comptoir.networks.bluesky.records import (
    POST,
    images_embed,
    post_record,
    reply_ref,
    strong_ref,
    tid_for_key,
)
from comptoir.networks.errors import ErrorKind, NetworkError

PAGE = 100
MAX_PAGES = 10
# Errors after which a record may exist with the key we chose.
MAYBE_CREATED = {
    ErrorKind.SERVER,
    ErrorKind.NETWORK,
    ErrorKind.UNKNOWN,
    ErrorKind.DUPLICATE_CONTENT,
}


def comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class Posts:
    def __init__(self, api: BlueskyApi, did: str, handle: str) -> None:
        self.api = api
        self.client = api.client
        self.did = did
        self.handle = handle

    def create(
        self,
        post: OutgoingPost,
        reply: models.AppBskyFeedPost.ReplyRef | None,
        langs: list[str] | None,
    ) -> tuple[PublishedPost, Any]:
        rkey = tid_for_key(post.idempotency_key) if post.idempotency_key else None
        if rkey is not None and (earlier := self.own_post(rkey)) is not None:
            return earlier
        facets = build_facets(post.text, self.resolve)
        blobs = [self.upload(media) for media in post.media]
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
                found = self.own_post(rkey)
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

    def own_post(self, rkey: str) -> tuple[PublishedPost, Any] | None:
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

    def resolve(self, handle: str) -> str | None:
        """The DID of a handle, or None when it is nobody's."""
        params = models.ComAtprotoIdentityResolveHandle.Params(handle=handle)
        try:
            found = self.api.read(lambda: self.client.com.atproto.identity.resolve_handle(params))
        except NetworkError as error:
            if error.kind is ErrorKind.VALIDATION:  # 400 HandleNotFound
                return None
            raise
        return str(found.did)

    def upload(self, media: Media) -> Any:
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

    def lookup(self, uri: str) -> tuple[str, dict[str, Any]] | None:
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

    def reply_to(self, uri: str) -> models.AppBskyFeedPost.ReplyRef:
        """Parent and root references of an answer to ``uri``."""
        found = self.lookup(uri)
        if found is None:
            raise NetworkError(ErrorKind.VALIDATION, f"no post {uri} to answer")
        cid, record = found
        parent = strong_ref(uri, cid)
        root = (record.get("reply") or {}).get("root") or {}
        if root.get("uri") and root.get("cid"):
            return reply_ref(parent=parent, root=strong_ref(str(root["uri"]), str(root["cid"])))
        return reply_ref(parent=parent, root=parent)

    def find_recent(self, text: str, parent: str | None, floor: datetime) -> PublishedPost | None:
        """A post of the account written since ``floor`` with this text and parent.

        Records are listed by key, newest first; reading stops at the first page with
        nothing recent on it."""
        wanted = comparable(text)
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
                answered = ((value.get("reply") or {}).get("parent") or {}).get("uri")
                if comparable(str(value.get("text") or "")) == wanted and answered == parent:
                    return PublishedPost(
                        remote_id=entry.uri,
                        url=post_url(self.handle, entry.uri),
                        published_at=moment(value.get("createdAt")),
                    )
            cursor = page.cursor
            if not cursor or not recent:
                return None
        return None
